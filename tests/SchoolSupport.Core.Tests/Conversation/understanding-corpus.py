# role \t text \t command \t slots
W="2026-03-16..2026-03-22"; NW="2026-03-23..2026-03-29"; MAR="2026-03-01..2026-03-31"; APR="2026-04-01..2026-04-30"
EOM="2026-03-18..2026-03-31"; FRI="2026-03-18..2026-03-20"; TOM="2026-03-19..2026-03-19"; TOD="2026-03-18..2026-03-18"
MAY="2026-05-01..2026-05-31"
rows=[]
def add(role,text,cmd,slots=""): rows.append((role,text,cmd,slots))
R=["director","curator","municipal","regional","consultant"]
# status
for r in R:
    for t in ["статус","Статус","статус!","покажи статус","покажи прогресс","какой процент выполнения","как у нас дела","как дела","сводка","прогресс","статсу","статус пожалуйста","дорожная карта","выполнение дорожной карты","сколько выполнено","какая статистика"]:
        add(r,t,"status")
for t,n in [("статус 277","277"),("статус школы 277","277"),("статус школа № 3","3"),("покажи статус 5","5"),("прогресс школы 277","277"),("статус по школе 12","12")]:
    add("municipal",t,"status","school="+n); add("regional",t,"status","school="+n); add("curator",t,"status","school="+n)
add("director","статус моей школы","status","mine"); add("director","как дела в нашей школе","status","mine")
# due window
periods=[("на этой неделе",W),("на следующей неделе",NW),("в марте",MAR),("в апреле",APR),("до конца месяца",EOM),("до пятницы",FRI),("на неделю",W),("завтра",TOM),("сегодня",TOD),("в мае",MAY)]
for r in ["director","curator","regional"]:
    for p,v in periods:
        for tpl in ["что {p}","какие сроки {p}","что нужно сдать {p}","события {p}","мероприятия {p}"]:
            add(r,tpl.format(p=p),"due","period="+v)
for r in R:
    for t in ["что на этой неделе?","Что на этой неделе","ближайшие события","сроки","дедлайны","какие дедлайны","что сдать","что предстоит","что запланировано","расписание","сроки в марте","что сдать до конца месяца","а что в апреле","срки на неделе","мероприятя в марте","покажи события","какие мероприятия","календарь","план на неделю"]:
        slot = "period="+W if "недел" in t else "period="+MAR if "март" in t else "period="+EOM if "конца месяца" in t else "period="+APR if "апрел" in t else ""
        add(r,t,"due",slot)
# overdue
for r in R:
    for t in ["что просрочено","что проссрочено","просрочка","просроченные","хвосты","какие хвосты","долги","задолженности","что не сделано","что горит","покажи просрочку","просрочено","есть ли просроченные пункты"]:
        add(r,t,"due.overdue")
for t,n in [("что просрочено у школы 277","277"),("просрочка 277","277"),("хвосты школы 5","5")]:
    add("municipal",t,"due.overdue","school="+n)
# curators
for r in ["curator","director","municipal"]:
    for t in ["мероприятия для кураторов","события для кураторов","сроки кураторов","что у кураторов"]:
        add(r,t,"due.curators")
    add(r,"мероприятия для кураторов в апреле","due.curators","period="+APR)
# consultations
for r in ["curator","consultant","municipal","regional"]:
    for t in ["записать консультацию","новая консультация","добавить консультацию","зафиксировать консультацию","запиши консультацию","провела консультацию","консультация","консультация 277 вчера: тема самодиагностика; решения провести педсовет"]:
        add(r,t,"consultation.new")
    for t in ["мои консультации","консультации","список консультаций","журнал консультаций","история консультаций","покажи мои консультации"]:
        add(r,t,"consultation.list")
    add(r,"консультации школы 277","consultation.list","school=277"); add(r,"консультации за март","consultation.list","period="+MAR)
    add(r,"консультации за неделю","consultation.list","period="+W)
for r in ["municipal","regional"]:
    for t in ["выгрузить консультации за март","выгрузи консультации","экспорт консультаций","скачать консультации","консультации в excel","выгрузка консультаций csv"]:
        add(r,t,"consultation.export", "period="+MAR if "март" in t else "")
    for t in ["объявление","новое объявление","разослать объявление","создать объявление","сделать объявление","рассылка","написать всем"]:
        add(r,t,"announcement.new")
    for t in ["мои объявления","статус объявлений","мои рассылки","кто прочитал объявление","кто ознакомился"]:
        add(r,t,"announcement.list")
    for t in ["новый опрос","создать опрос","провести опрос","запустить опрос","создать анкету"]:
        add(r,t,"survey.new")
    for t,e in [("код привязки ivanova@school.ru","ivanova@school.ru"),("выдать код petrov@lenobl.ru","petrov@lenobl.ru")]:
        add(r,t,"invite.issue","email="+e)
    add(r,"закрепить куратора petrova@school.ru за школой ЛО-002","roster.assign","email=petrova@school.ru")
    add(r,"открепить куратора petrova@school.ru от школы ЛО-002","roster.unassign","email=petrova@school.ru")
    add(r,"отключить ivanova@school.ru","roster.deactivate","email=ivanova@school.ru")
# surveys, reminders, help, whoami
for r in R:
    for t in ["мои опросы","опросы","анкеты","список опросов","итоги опроса","покажи опросы"]:
        add(r,t,"survey.list")
    for t in ["продолжить опрос","пройти опрос","ответить на опрос","заполнить анкету","заполнить опрос"]:
        add(r,t,"survey.continue")
    for t in ["отписаться от напоминаний","отписаться","не присылай напоминания","не присылай","выключи уведомления","отключить напоминания","хватит напоминать","не надо напоминаний","не напоминай","отключи уведомления","без напоминаний"]:
        add(r,t,"reminders.mute")
    for t in ["подписаться на напоминания","включить напоминания","включи уведомления","присылай напоминания","верни напоминания"]:
        add(r,t,"reminders.unmute")
    for t in ["помощь","help","/help","справка","что ты умеешь","что умеешь?","помоги","привет","здравствуйте","меню","список команд","помощ"]:
        add(r,t,"help")
    for t in ["кто я","кто я?","мой профиль","профиль","моя роль"]:
        add(r,t,"whoami")
    add(r,"привязать 123456","link")

# week of use: districts, schools without consultations, pending acknowledgements
for r in ["municipal","regional"]:
    for t in ["статус по районам","сводка по районам","статус районов","покажи статус по районам"]:
        add(r,t,"status.districts")
    for t in ["кто не подтвердил","кто не ознакомился","кто не прочитал объявление","не подтвердили","кто не ознакомился с объявлением"]:
        add(r,t,"announcement.pending")
for r in ["curator","municipal","regional"]:
    for t in ["школы без консультаций","без консультаций","школы без консультаций за 60 дней","где давно не было консультаций"]:
        add(r,t,"status.unconsulted")

# item commands in text
for r in ["director","curator","municipal"]:
    for t,n in [("1.18 выполнено","1.18"),("отметь 2.3.1 в работе","2.3.1"),("пункт 1.4","1.4"),("отметь пункт 1.18","1.18"),("1.18 сделано","1.18"),
                ("пункт 1.18 не требуется","1.18"),("2.3.1 не начато","2.3.1"),("п. 1.22 готово","1.22"),("открой пункт 2.1","2.1")]:
        add(r,t,"item","item="+n)
# should be asked back or not understood (label "-")
for r in R:
    for t in ["статус консультаций","абракадабра","ну","погода в москве","сколько времени"]:
        add(r,t,"-")
with open(__import__("os").path.join(__import__("os").path.dirname(__file__), "understanding-corpus.tsv"),"w") as f:
    f.write("# role\ttext\tcommand (- = must be asked back)\tslots\n")
    for row in rows: f.write("\t".join(row)+"\n")
print(len(rows))
