// The page around the official Web Chat: asks the host who is signed in, offers the demo people or the sign-in, then
// connects Web Chat to the host's own Direct Line with a token bound to that person on the server.
(function () {
  'use strict';

  const $ = id => document.getElementById(id);

  function notice(html) {
    const box = $('notice');
    box.innerHTML = html;
    box.hidden = false;
  }

  async function json(url, init) {
    const res = await fetch(url, Object.assign({ credentials: 'same-origin' }, init));
    if (!res.ok) throw new Error(url + ' answered ' + res.status);
    return res.status === 204 ? null : res.json();
  }

  function showPeople(people) {
    const list = $('people-list');
    list.textContent = '';
    for (const p of people) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'person';
      b.dataset.person = p.key;
      b.setAttribute('aria-pressed', p.current ? 'true' : 'false');
      const role = document.createElement('span');
      role.className = 'role';
      role.textContent = p.role;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = ' · ' + p.name;
      b.title = p.name;
      b.append(role, name);
      b.addEventListener('click', async () => {
        if (p.current) return;
        await json('/webchat/demo/' + encodeURIComponent(p.key), { method: 'POST' });
        location.reload();
      });
      list.append(b);
    }
    $('people').hidden = false;
  }

  async function start() {
    const session = await json('/webchat/session');
    if (session.mode === 'demo') showPeople(session.people || []);

    if (!session.signedIn) {
      if (session.mode === 'demo') {
        notice('Выберите выше, от чьего имени писать боту: это демонстрационные участники проекта с готовыми данными.');
      } else {
        const failed = new URLSearchParams(location.search).get('signin') === 'failed';
        notice((failed ? '<p>Войти не удалось. Попробуйте ещё раз или обратитесь к координатору проекта.</p>' : '') +
          '<p>Чтобы писать боту, войдите под своей рабочей учётной записью.</p>' +
          '<a class="action" href="/webchat/sign-in">Войти</a>');
      }
      return;
    }

    $('who-name').textContent = session.name || session.email;
    $('who').hidden = false;
    $('sign-out').addEventListener('click', async () => {
      await json('/webchat/sign-out', { method: 'POST' });
      location.reload();
    });

    const grant = await json('/v3/directline/tokens/generate', { method: 'POST' });
    const directLine = window.WebChat.createDirectLine({
      token: grant.token,
      domain: location.origin + '/v3/directline',
    });
    const el = $('webchat');
    el.hidden = false;
    window.WebChat.renderWebChat({
      directLine,
      userID: grant.userId,
      username: grant.userName || session.name,
      locale: 'ru-RU',
      styleOptions: {
        bubbleMaxWidth: 560,
        adaptiveCardsParserMaxVersion: '1.5',
        sendBoxTextWrap: true,
        hideUploadButton: false,
      },
    }, el);
    window.schoolSupportDirectLine = directLine;
  }

  start().catch(err => {
    console.error(err);
    notice('Не удалось подключиться к боту. Обновите страницу чуть позже.');
  });
})();
