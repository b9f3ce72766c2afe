// What the browser test does and expects to see, in the seeded demo region (Ленинградская область, 2026).
export const people = {
  director: { key: 'director', name: 'Иванова Марина Викторовна', school: 'МОУ «СОШ № 3» г. Луги' },
  curator: { key: 'curator', name: 'Петрова Анна Николаевна' },
  coordinator: { key: 'coordinator', name: 'Ковалёва Ирина Сергеевна' },
};

// Shown once a person's conversation starts (cards/welcome.json).
export const welcome = { expect: ['Здравствуйте! Я помощник проекта «500+»', 'Что я умею:'] };

// The director asks for the status of the school.
export const status = { text: 'статус', expect: ['Дорожная карта: МОУ «СОШ № 3» г. Луги', 'По разделам'] };

// «Отметить» on the status card opens the mark form; «Выполнено» and «Сохранить» mark the item.
export const mark = { formExpect: ['Статус'], choice: 'Выполнено', savedExpect: ['Отмечено: п.', '— выполнено.'] };

// The curator opens the consultation form for the director's school and saves it.
export const consultation = {
  text: 'записать консультацию',
  formExpect: ['Школа', 'Тема'],
  fields: {
    Школа: 'МОУ «СОШ № 3» г. Луги',
    Дата: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), // yesterday
    'Длительность, мин': '40',
    Формат: 'дистанционно',
    Тема: 'Проверка плана по читательской грамотности',
    'Принятые решения': 'Обновить план работы с отстающими до конца месяца',
    'Намеченные мероприятия': 'Директору — представить обновлённый план куратору',
  },
  savedExpect: ['Консультация сохранена', 'Проверка плана по читательской грамотности'],
};

// The regional coordinator announces to school directors; the director's open page shows it.
export const announcement = {
  text: 'объявление',
  fields: {
    Заголовок: 'Совещание директоров в пятницу',
    'Текст объявления': 'Просим подключиться к ВКС в 15:00.',
  },
  role: 'Руководителям школ',
  previewExpect: ['Совещание директоров в пятницу'],
  arrivedExpect: ['Совещание директоров в пятницу', 'Просим подключиться к ВКС в 15:00.'],
};

// The regional coordinator builds a one-question survey for directors and curators (the default audience) in the «новый опрос» card and confirms it; it
// opens at once (it starts today). The director finds it under «мои опросы» (whatever the hour: invitations wait out
// quiet hours, the list does not) and answers it.
export const survey = {
  text: 'новый опрос',
  formExpect: ['Новый опрос', 'Вопрос 1'],
  fields: {
    Название: 'Удобно ли время совещаний',
    Начало: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), // yesterday
    'Вопрос 1': 'Какое время совещаний вам удобнее?',
    'Варианты ответа, каждый с новой строки': 'Утро\nПосле обеда',
  },
  previewExpect: ['Предпросмотр опроса', 'Удобно ли время совещаний'],
  confirmedExpect: ['Опрос подтверждён'],
  listText: 'мои опросы',
  listExpect: ['Удобно ли время совещаний', 'Не начат'],
  pageExpect: ['Какое время совещаний вам удобнее?', 'Утро', 'После обеда'],
  choice: 'После обеда',
  doneExpect: ['Удобно ли время совещаний', 'Спасибо! Ваши ответы сохранены.'],
};

// The regional coordinator at phone width (400 px): the roll-up, a school opened from it, the week's items, the
// consultation form and the status of the announcement sent above, each checked for broken words and cut texts.
export const phone = {
  rollupText: 'статус',
  rollupExpect: ['Школ: 14'],
  schoolExpect: ['Дорожная карта:', 'Директор:'],
  dueText: 'что на этой неделе',
  dueExpect: ['на этой неделе'],
  announcementsText: 'мои объявления',
  announcementsExpect: ['Мои объявления', 'Совещание директоров в пятницу'],
  announcementStatusExpect: ['Совещание директоров в пятницу', 'Получателей'],
};
