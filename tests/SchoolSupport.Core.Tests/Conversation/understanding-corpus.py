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
# written one by one as people type them: colloquial forms, typos, word orders, with and without school and period
# (role|text|command|slots); today is Wednesday 18 March 2026
WRITTEN = """
# status, with and without a school
director|как там наша школа по дорожной карте|status|mine
director|статус нашей школы|status|mine
director|какой у нас процент выполнения|status|
director|покажи как продвигается дорожная карта|status|
director|сколько пунктов у нас уже выполнено|status|
director|статус по моей школе|status|mine
director|прогресс нашей школы|status|mine
director|сводку дай|status|
director|статус пж|status|
director|сатус|status|
director|прогрес|status|
director|дорожня карта|status|
director|что сделано по дорожной карте|status|
director|как продвигается работа по карте|status|
curator|как дела в моих школах|status|
curator|статус 14|status|school=14
curator|как дела у школы 277|status|school=277
curator|статус гимназии 3|status|school=3
curator|статус лицей 5|status|school=5
curator|статистика школы 45|status|school=45
curator|положение дел в школе 8|status|school=8
curator|общая картина по моим школам|status|
curator|мои школы|status|
curator|сводка по школе 12|status|school=12
municipal|статус сош 2|status|school=2
municipal|дай сводку по 277|status|school=277
municipal|прогресс по школе № 12|status|school=12
municipal|как дела у 31 школы|status|school=31
municipal|общая картина|status|
municipal|итоги по дорожной карте|status|
municipal|статистика по школам|status|
regional|положение дел|status|
regional|какой процент выполнения дорожной карты|status|
regional|сводка 277|status|school=277
regional|статус школа 7|status|school=7
regional|выполнение карты по школе 9|status|school=9
consultant|как дела у школы 15|status|school=15
consultant|статус по школе 40|status|school=40
# districts
municipal|сводка по всем районам|status.districts|
regional|прогресс по районам|status.districts|
regional|статистика по районам|status.districts|
regional|как дела по районам|status.districts|
regional|районы статус|status.districts|
regional|статус по районам пожалуйста|status.districts|
# due with periods
director|что у нас до пятницы|due|period=2026-03-18..2026-03-20
director|какие сроки до конца месяца|due|period=2026-03-18..2026-03-31
director|что нужно сдать к концу четверти|due|period=2026-03-18..2026-03-31
director|что надо сдать к пятнице|due|period=2026-03-18..2026-03-20
director|дедлайны на неделю|due|period=2026-03-16..2026-03-22
director|ближайшие дедлайны|due|period=2026-03-18..2026-04-01
director|что запланировано на апрель|due|period=2026-04-01..2026-04-30
director|какие события завтра|due|period=2026-03-19..2026-03-19
director|сроки сдачи в мае|due|period=2026-05-01..2026-05-31
director|что на завтра|due|period=2026-03-19..2026-03-19
director|а на следующей неделе?|due|period=2026-03-23..2026-03-29
director|в апреле что?|due|period=2026-04-01..2026-04-30
director|что до 25 марта|due|period=2026-03-18..2026-03-25
director|сроки до 31.03|due|period=2026-03-18..2026-03-31
director|что к четвергу|due|period=2026-03-18..2026-03-19
director|сроки для моей школы в марте|due|mine;period=2026-03-01..2026-03-31
director|план на следующую неделю|due|period=2026-03-23..2026-03-29
director|что сегодня|due|period=2026-03-18..2026-03-18
director|до конца недели что сдать|due|period=2026-03-18..2026-03-22
director|какие задачи на этой неделе|due|period=2026-03-16..2026-03-22
director|что по срокам в апреле|due|period=2026-04-01..2026-04-30
director|что нас ждет в мае|due|period=2026-05-01..2026-05-31
curator|что у школы 277 на этой неделе|due|school=277;period=2026-03-16..2026-03-22
curator|календарь на апрель|due|period=2026-04-01..2026-04-30
curator|сроки за четверть|due|period=2026-03-18..2026-03-31
curator|события сегодня|due|period=2026-03-18..2026-03-18
curator|какие мероприятия на следующей неделе|due|period=2026-03-23..2026-03-29
curator|график на март|due|period=2026-03-01..2026-03-31
curator|сроки школы 12 до конца месяца|due|school=12;period=2026-03-18..2026-03-31
curator|что предстоит до понедельника|due|period=2026-03-18..2026-03-23
curator|что было в феврале|due|period=2026-02-01..2026-02-28
curator|на этой неделе что|due|period=2026-03-16..2026-03-22
curator|дедлайны|due|
curator|дедлаины на неделе|due|period=2026-03-16..2026-03-22
municipal|мероприятия в апреле|due|period=2026-04-01..2026-04-30
municipal|расписание на следующую неделю|due|period=2026-03-23..2026-03-29
municipal|что в следующем месяце|due|period=2026-04-01..2026-04-30
municipal|сроки в этом месяце|due|period=2026-03-01..2026-03-31
municipal|что сдавать до 1 апреля|due|period=2026-03-18..2026-04-01
municipal|сроки по школе 5 в апреле|due|school=5;period=2026-04-01..2026-04-30
regional|какие события до конца четверти|due|period=2026-03-18..2026-03-31
regional|сроки на май|due|period=2026-05-01..2026-05-31
regional|что в ближайшие дни|due|period=2026-03-18..2026-04-01
regional|что запланировано на этой неделе|due|period=2026-03-16..2026-03-22
consultant|что у школ на этой неделе|due|period=2026-03-16..2026-03-22
consultant|ближайшие сроки|due|period=2026-03-18..2026-04-01
consultant|события в марте|due|period=2026-03-01..2026-03-31
# overdue
director|что мы просрочили|due.overdue|
director|какие пункты просрочены|due.overdue|
director|есть у нас долги по карте?|due.overdue|
director|хвосты по моей школе|due.overdue|mine
director|что не сдано|due.overdue|
director|что мы пропустили|due.overdue|
director|проссроченые|due.overdue|
curator|просроченные пункты школы 277|due.overdue|school=277
curator|где просрочка|due.overdue|
curator|у кого хвосты|due.overdue|
curator|задолженность школы 5|due.overdue|school=5
curator|просрочено у лицея 3|due.overdue|school=3
municipal|просрочки по школам|due.overdue|
municipal|что горит у школы 12|due.overdue|school=12
municipal|покажи долги|due.overdue|
regional|какие задолженности|due.overdue|
regional|просрочка по школе 277|due.overdue|school=277
consultant|что не сделано|due.overdue|
# curators' events
curator|что у кураторов на этой неделе|due.curators|period=2026-03-16..2026-03-22
curator|планы кураторов на апрель|due.curators|period=2026-04-01..2026-04-30
curator|мероприятия кураторов|due.curators|
curator|сроки для кураторов до конца месяца|due.curators|period=2026-03-18..2026-03-31
municipal|события кураторов в мае|due.curators|period=2026-05-01..2026-05-31
regional|планы кураторов|due.curators|
# consultations
curator|хочу записать консультацию|consultation.new|
curator|записать консультацию по школе 277|consultation.new|school=277
curator|консультация 14 сегодня: тема ВСОКО; решения доработать положение|consultation.new|school=14
curator|провел консультацию в школе 5|consultation.new|school=5
curator|внести консультацию|consultation.new|
curator|оформить консультацию|consultation.new|
curator|запиши консультацию пожалуйста|consultation.new|
curator|новую консультацию|consultation.new|
consultant|добавь консультацию|consultation.new|
consultant|провела консультацию со школой 31|consultation.new|school=31
consultant|зафиксируй консультацию|consultation.new|
municipal|записать консультацию|consultation.new|
curator|консультации за февраль|consultation.list|period=2026-02-01..2026-02-28
curator|мои консультации за неделю|consultation.list|period=2026-03-16..2026-03-22
curator|какие консультации были в марте|consultation.list|period=2026-03-01..2026-03-31
curator|список консультаций по школе 12|consultation.list|school=12
curator|журнал консультаций за март|consultation.list|period=2026-03-01..2026-03-31
director|консультации нашей школы|consultation.list|mine
director|какие у нас были консультации|consultation.list|
consultant|история консультаций школы 277|consultation.list|school=277
consultant|прошедшие консультации|consultation.list|
consultant|консультации по 277 за март|consultation.list|school=277;period=2026-03-01..2026-03-31
regional|консультации за апрель|consultation.list|period=2026-04-01..2026-04-30
municipal|выгрузи консультации за неделю|consultation.export|period=2026-03-16..2026-03-22
municipal|экспорт консультаций за апрель|consultation.export|period=2026-04-01..2026-04-30
municipal|скачать консультации в excel|consultation.export|
regional|выгрузить консультации за февраль|consultation.export|period=2026-02-01..2026-02-28
regional|выгрузка консультаций за месяц|consultation.export|period=2026-03-01..2026-03-31
regional|отчет по консультациям за март|consultation.export|period=2026-03-01..2026-03-31
regional|консультации файлом|consultation.export|
municipal|консультации в эксель|consultation.export|
# announcements
municipal|хочу сделать объявление|announcement.new|
municipal|разослать объявление директорам|announcement.new|
municipal|написать всем директорам|announcement.new|
municipal|создай объявление|announcement.new|
municipal|объявление для кураторов|announcement.new|
regional|оповестить школы|announcement.new|
regional|сообщить всем|announcement.new|
regional|нужно разослать объявление|announcement.new|
regional|новое объявлние|announcement.new|
municipal|кто прочитал мое объявление|announcement.list|
municipal|статус рассылки|announcement.list|
municipal|покажи мои объявления|announcement.list|
regional|статус объявления|announcement.list|
regional|мои рассылки|announcement.list|
regional|кто уже ознакомился|announcement.list|
municipal|кто ещё не прочитал|announcement.pending|
municipal|кто не подтвердил объявление|announcement.pending|
municipal|не ознакомились|announcement.pending|
regional|кто не ознакомился с объявлением?|announcement.pending|
regional|кто до сих пор не прочитал объявление|announcement.pending|
regional|кто не подтвердил|announcement.pending|
# surveys
director|какие опросы есть|survey.list|
director|есть ли опросы для меня?|survey.list|
director|мои анкеты|survey.list|
curator|опросы для меня|survey.list|
municipal|результаты опроса|survey.list|
municipal|покажи результаты опроса|survey.list|
municipal|итоги анкетирования|survey.list|
municipal|напомнить не ответившим|survey.list|
regional|напомни тем кто не ответил на опрос|survey.list|
regional|кто не ответил на опрос|survey.list|
regional|анкетирование|survey.list|
consultant|список опросов|survey.list|
director|продолжить опрос|survey.continue|
director|продолжить анкету|survey.continue|
director|пройти анкету|survey.continue|
director|хочу пройти опрос|survey.continue|
curator|ответить на опрос|survey.continue|
curator|заполнить анкету|survey.continue|
curator|дозаполнить опрос|survey.continue|
consultant|продолжить опрос пожалуйста|survey.continue|
municipal|новый опрос|survey.new|
municipal|сделать опрос|survey.new|
municipal|новая анкета|survey.new|
municipal|хочу создать опрос для директоров|survey.new|
regional|запустить опрос|survey.new|
regional|провести опрос среди школ|survey.new|
regional|создай опрос|survey.new|
# reminders
director|перестань напоминать|reminders.mute|
director|стоп напоминания|reminders.mute|
director|не беспокоить|reminders.mute|
director|убери напоминания|reminders.mute|
curator|отписка|reminders.mute|
curator|отключить рассылку|reminders.mute|
curator|не присылай мне напоминания|reminders.mute|
municipal|отписаться от объявлений|reminders.mute|
consultant|выключить напоминания|reminders.mute|
director|напоминай|reminders.unmute|
director|возобновить напоминания|reminders.unmute|
curator|включи напоминания снова|reminders.unmute|
curator|подписаться|reminders.unmute|
municipal|присылать напоминания|reminders.unmute|
consultant|верни уведомления|reminders.unmute|
# items
director|1.18 выполнено|item|item=1.18
director|пункт 1.4|item|item=1.4
director|отметь 2.3.1 в работе|item|item=2.3.1
director|1.5 готово|item|item=1.5
director|пункт 3.2 выполнили|item|item=3.2
director|3.1 в процессе|item|item=3.1
director|2.4 не начали|item|item=2.4
director|по пункту 1.7 не требуется|item|item=1.7
director|отметить пункт 2.2 выполненным|item|item=2.2
director|показать пункт 4.1|item|item=4.1
curator|пункт 1.18 школы 277|item|item=1.18;school=277
curator|1.12 завершено|item|item=1.12
curator|отметь 1.3|item|item=1.3
municipal|пункт 2.5.1|item|item=2.5.1
municipal|1.9 не выполнено|item|item=1.9
regional|открой пункт 1.1|item|item=1.1
consultant|пункт 3.4|item|item=3.4
# people
director|кто я такой|whoami|
director|мои данные|whoami|
curator|какая у меня роль|whoami|
municipal|whoami|whoami|
consultant|мой профиль пожалуйста|whoami|
director|привязать 654321|link|
curator|код 112233|link|
consultant|привязка 998877|link|
municipal|выдай код привязки sidorova@school.ru|invite.issue|email=sidorova@school.ru
regional|код привязки kuznetsov@lenobl.ru|invite.issue|email=kuznetsov@lenobl.ru
regional|сгенерировать код привязки new.director@school.ru|invite.issue|email=new.director@school.ru
municipal|закрепить куратора smirnova@school.ru за школой 277|roster.assign|email=smirnova@school.ru
regional|открепить куратора smirnova@school.ru от школы 277|roster.unassign|email=smirnova@school.ru
municipal|деактивировать petrov@school.ru|roster.deactivate|email=petrov@school.ru
regional|заблокировать участника old@school.ru|roster.deactivate|email=old@school.ru
# help
director|что ты умеешь делать|help|
director|добрый день|help|
director|доброе утро|help|
curator|какие команды есть|help|
curator|справка пожалуйста|help|
municipal|помогите|help|
regional|меню пожалуйста|help|
consultant|start|help|
# asked back or not understood
municipal|импорт участников|-|
regional|как загрузить список школ|-|
curator|ок|-|
municipal|статус объявлений и консультаций|-|
regional|сводка и опросы|-|
director|позвони мне|-|
"""
for line in WRITTEN.strip().splitlines():
    if line and not line.startswith("#"):
        add(*line.split("|"))
with open(__import__("os").path.join(__import__("os").path.dirname(__file__), "understanding-corpus.tsv"),"w") as f:
    f.write("# role\ttext\tcommand (- = must be asked back)\tslots\n")
    for row in rows: f.write("\t".join(row)+"\n")
print(len(rows))
