// What the browser test says and expects to see. The demo director (channel id 29:demo-director) is Иванова Марина
// Викторовна, director of МОУ «СОШ № 3» г. Луги in the seeded demo region.
export const user = { id: '29:demo-director', name: 'Иванова Марина Викторовна' };

// Shown once the conversation starts (cards/welcome.json); its buttons arrive as Action.Submit outside Teams.
export const welcome = { expect: ['Здравствуйте! Я помощник проекта «500+»', 'Что я умею:'] };

const whoami = { text: 'кто я', expect: ['Иванова Марина Викторовна', 'Руководитель', 'МОУ «СОШ № 3» г. Луги'] };
const status = { text: 'статус', expect: ['Дорожная карта: МОУ «СОШ № 3» г. Луги', 'По разделам'] };

// The command typed into the send box; every string in `expect` must appear in one new card.
export const typed = status;

// A card button pressed afterwards (the last rendered button with this title) and what its answer card shows.
export const button = { title: 'Помощь', expect: ['Что я умею', 'Иванова Марина Викторовна, вы —'] };
