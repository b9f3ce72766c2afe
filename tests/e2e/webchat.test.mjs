// A person's view of the bot outside Teams: the official Web Chat page served by the bot host at /, in headless
// Chromium, talking to the host's built-in Direct Line with the demo data. Steps run in order: context A switches
// person with the demo picker; context B keeps the director's page open to receive the announcement.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { artifacts, Cleanup, launchChromium, startBot } from './harness.mjs';
import { announcement, consultation, mark, people, phone, status, survey, welcome } from './scenario.mjs';

const totalBudgetMs = 260_000;
const stepTimeoutMs = 25_000;

const cleanup = new Cleanup();
let bot;
let browser;
let page; // context A
let directorPage; // context B

// The runner's own timeouts stop a step but not the children; this one stops everything, whatever hangs.
const watchdog = setTimeout(async () => {
  console.error(`browser test exceeded ${totalBudgetMs} ms; stopping`);
  await cleanup.run();
  process.exit(1);
}, totalBudgetMs);
watchdog.unref();

async function shot(target, name, cardIndex) {
  if (cardIndex !== undefined) {
    // Web Chat scrolls to the newest activity with an animation; show the card the step is about.
    await target.evaluate(i => document.querySelectorAll('.ac-adaptiveCard')[i]?.scrollIntoView({ block: 'end' }), cardIndex);
    await new Promise(resolve => setTimeout(resolve, 400));
  }
  const file = path.join(artifacts, name);
  await target.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
}

/** Text of every rendered Adaptive Card, in transcript order, with whitespace collapsed. */
const cardTexts = target => target.$$eval('.ac-adaptiveCard', cards =>
  cards.map(card => card.innerText.replace(/\s+/g, ' ').trim()));

/** Waits for a card after the first `known` ones that contains every expected string; returns its index. */
async function waitForCard(target, known, expected) {
  try {
    const handle = await target.waitForFunction((known, expected) => {
      const cards = [...document.querySelectorAll('.ac-adaptiveCard')];
      for (let i = cards.length - 1; i >= known; i--) {
        const text = cards[i].innerText.replace(/\s+/g, ' ');
        if (expected.every(s => text.includes(s))) return i + 1;
      }
      return 0;
    }, { timeout: stepTimeoutMs, polling: 100 }, known, expected);
    return (await handle.jsonValue()) - 1;
  } catch (err) {
    const seen = (await cardTexts(target)).slice(known);
    assert.fail(`no new card with ${JSON.stringify(expected)} (${err.message}); new cards: ${JSON.stringify(seen)}`);
  }
}

async function openAs(target, key) {
  await target.goto(bot.baseUrl + '/', { waitUntil: 'load', timeout: stepTimeoutMs });
  const button = await target.waitForSelector(`[data-person="${key}"]`, { timeout: stepTimeoutMs });
  if ((await button.evaluate(el => el.getAttribute('aria-pressed'))) !== 'true') {
    await Promise.all([
      target.waitForNavigation({ waitUntil: 'load', timeout: stepTimeoutMs }),
      button.evaluate(el => el.click()),
    ]);
  }
  await target.waitForSelector('[data-id="webchat-sendbox-input"]', { timeout: stepTimeoutMs });
}

async function say(target, text) {
  const known = (await cardTexts(target)).length;
  const sendBox = await target.waitForSelector('[data-id="webchat-sendbox-input"]', { timeout: stepTimeoutMs });
  await sendBox.type(text);
  await target.keyboard.press('Enter');
  return known;
}

/** Presses the button with this title in card `index`; a DOM click, since Web Chat scrolls under the pointer. */
async function press(target, index, title) {
  const known = (await cardTexts(target)).length;
  const pressed = await target.evaluate((index, title) => {
    const card = document.querySelectorAll('.ac-adaptiveCard')[index];
    const button = [...card.querySelectorAll('.ac-pushButton')].reverse().find(b => b.innerText.trim() === title);
    if (!button) return [...card.querySelectorAll('.ac-pushButton')].map(b => b.innerText.trim());
    button.click();
    return true;
  }, index, title);
  assert.equal(pressed, true, `no button «${title}» in card ${index}: ${JSON.stringify(pressed)}`);
  return known;
}

/**
 * Fills the inputs of card `index` by their labels (or placeholders): text, number, date and multi-line inputs are typed into, compact
 * choice sets pick the option with that title, expanded ones click the radio button or checkbox with that title.
 */
async function fill(target, index, fields) {
  const missing = await target.evaluate((index, fields) => {
    const card = document.querySelectorAll('.ac-adaptiveCard')[index];
    const clean = s => s.replace(/\s+/g, ' ').replace(/\*$/, '').trim();
    const setValue = (el, value) => {
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
        : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const problems = [];
    for (const [label, value] of Object.entries(fields)) {
      const option = [...card.querySelectorAll('input[type=radio], input[type=checkbox]')]
        .find(i => [...(i.labels || [])].some(l => clean(l.innerText) === value));
      const labelEl = [...card.querySelectorAll('label')].find(l => clean(l.innerText).startsWith(label));
      // An input with no label (a second line under a labelled one) is found by its placeholder.
      const target = labelEl?.htmlFor ? document.getElementById(labelEl.htmlFor)
        : [...card.querySelectorAll('input, textarea')].find(i => clean(i.placeholder || '').startsWith(label)) ?? null;
      if (target instanceof HTMLSelectElement) {
        const choice = [...target.options].find(o => o.text.trim() === value);
        if (!choice) { problems.push(`${label}: no option ${value}`); continue; }
        setValue(target, choice.value);
      } else if (target && (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['radio', 'checkbox'].includes(target.type)))) {
        target.focus();
        setValue(target, value);
      } else if (option) {
        if (!option.checked) option.click();
      } else {
        problems.push(`${label}: not found (${target ? target.tagName + ' ' + target.className : 'no labelled input'})`);
      }
    }
    return problems;
  }, index, fields);
  assert.deepEqual(missing, [], `could not fill ${JSON.stringify(missing)}`);
}

/** Words the rendered card `index` breaks across two lines («Толмачёвска/я»), and its texts cut short with «…». */
const layoutProblems = (target, index) => target.evaluate(index => {
  const root = document.querySelectorAll('.ac-adaptiveCard')[index];
  const letter = /[\p{L}\p{N}]/u;
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue;
    let previousTop = null;
    for (let i = 0; i < text.length; i++) {
      if (!letter.test(text[i])) { previousTop = null; continue; }
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (previousTop !== null && rect.top > previousTop + 2) broken.push(text.slice(Math.max(0, i - 8), i) + '/' + text.slice(i, i + 8));
      previousTop = rect.top;
    }
  }
  const cut = [...root.querySelectorAll('*')]
    .filter(el => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth && el.textContent.trim())
    .map(el => el.textContent.trim());
  return { broken, cut };
}, index);

/** A screenshot of card `index` alone (the whole card, however tall), after checking that it reads well. */
async function cardShot(target, index, name) {
  const problems = await layoutProblems(target, index);
  const card = (await target.$$('.ac-adaptiveCard'))[index];
  await card.evaluate(el => el.scrollIntoView({ block: 'start' }));
  await new Promise(resolve => setTimeout(resolve, 300));
  const file = path.join(artifacts, name);
  await card.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
  assert.deepEqual(problems, { broken: [], cut: [] }, `${name}: the card does not read well at this width`);
}

async function choose(target, index, title) {
  await fill(target, index, { [title]: title });
}

describe('Web Chat page → built-in Direct Line → bot host', { timeout: totalBudgetMs }, () => {
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    bot = await startBot(cleanup, { timeoutMs: 60_000 });
    browser = await launchChromium(cleanup);
    const contextA = await browser.createBrowserContext();
    const contextB = await browser.createBrowserContext();
    page = await contextA.newPage();
    directorPage = await contextB.newPage();
    for (const p of [page, directorPage]) p.on('pageerror', err => console.error('page error:', err.message));
  }, { timeout: 90_000 });

  after(async () => {
    clearTimeout(watchdog);
    if (page) await shot(page, 'webchat-last.png').catch(err => console.error('screenshot failed:', err.message));
    await cleanup.run();
  });

  it('opens / with the product name, the demo people and no CDN', { timeout: stepTimeoutMs + 5_000 }, async () => {
    const requests = [];
    page.on('request', r => requests.push(r.url()));
    await page.goto(bot.baseUrl + '/', { waitUntil: 'load', timeout: stepTimeoutMs });
    await page.waitForSelector('[data-person]', { timeout: stepTimeoutMs });
    const header = await page.$eval('header', el => el.innerText);
    assert.match(header, /SchoolSupport/);
    assert.match(header, /«статус»/);
    const picker = await page.$$eval('[data-person]', els => els.map(el => el.dataset.person));
    assert.deepEqual(picker, ['director', 'curator', 'consultant', 'municipal', 'coordinator']);
    const foreign = requests.filter(u => !u.startsWith(bot.baseUrl) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'the page loaded something from elsewhere');
    await shot(page, 'webchat-1-picker.png');
  });

  it('picks the director, who is greeted, and answers «статус» with the status card', { timeout: stepTimeoutMs * 2 }, async () => {
    await openAs(page, people.director.key);
    await waitForCard(page, 0, welcome.expect);
    const known = await say(page, status.text);
    const card = await waitForCard(page, known, status.expect);
    const bubbles = await page.$$eval('.webchat__bubble--from-user', els => els.map(el => el.innerText.trim()));
    assert.ok(bubbles.includes(status.text), `the user's own message is not shown: ${JSON.stringify(bubbles)}`);
    await shot(page, 'webchat-2-status.png', card);
  });

  it('marks an item done through the card', { timeout: stepTimeoutMs * 2 }, async () => {
    const statusCard = (await cardTexts(page)).length - 1;
    let known = await press(page, statusCard, 'Отметить');
    const form = await waitForCard(page, known, mark.formExpect);
    await choose(page, form, mark.choice);
    known = await press(page, form, 'Сохранить');
    const saved = await waitForCard(page, known, mark.savedExpect);
    await shot(page, 'webchat-3-marked.png', saved);
  });

  it('switches to the curator, who fills and saves the consultation form', { timeout: stepTimeoutMs * 3 }, async () => {
    await openAs(page, people.curator.key);
    await waitForCard(page, 0, welcome.expect);
    let known = await say(page, consultation.text);
    const form = await waitForCard(page, known, consultation.formExpect);
    await fill(page, form, consultation.fields);
    await shot(page, 'webchat-4-consultation-form.png');
    known = await press(page, form, 'Сохранить');
    const saved = await waitForCard(page, known, consultation.savedExpect);
    await shot(page, 'webchat-4-consultation.png', saved);
  });

  it('as the coordinator, announces to directors; the director\'s open page shows it', { timeout: stepTimeoutMs * 4 }, async () => {
    await openAs(directorPage, people.director.key);
    const directorKnown = (await cardTexts(directorPage)).length;

    await openAs(page, people.coordinator.key);
    await waitForCard(page, 0, welcome.expect);
    let known = await say(page, announcement.text);
    const form = await waitForCard(page, known, ['Новое объявление']);
    await fill(page, form, announcement.fields);
    await choose(page, form, announcement.role);
    known = await press(page, form, 'Предпросмотр и число получателей');
    const preview = await waitForCard(page, known, announcement.previewExpect);
    known = await press(page, preview, 'Отправить');
    const sent = await waitForCard(page, known, ['Совещание директоров в пятницу']);
    await shot(page, 'webchat-5-announced.png', sent);

    // Live: the outbox stores it in the director's web conversation and the open stream pushes it.
    const arrived = await waitForCard(directorPage, directorKnown, announcement.arrivedExpect);
    await shot(directorPage, 'webchat-6-director-received.png', arrived);
  });

  it('as the coordinator, builds and confirms a survey; the director answers its question', { timeout: stepTimeoutMs * 6 }, async () => {
    let known = await say(page, survey.text);
    const form = await waitForCard(page, known, survey.formExpect);
    await fill(page, form, survey.fields);
    known = await press(page, form, 'Предпросмотр');
    const preview = await waitForCard(page, known, survey.previewExpect);
    known = await press(page, preview, 'Подтвердить и запланировать');
    const confirmed = await waitForCard(page, known, survey.confirmedExpect);
    await shot(page, 'webchat-7-survey-confirmed.png', confirmed);

    known = await say(directorPage, survey.listText);
    const list = await waitForCard(directorPage, known, survey.listExpect);
    known = await press(directorPage, list, 'Ответить');
    const question = await waitForCard(directorPage, known, survey.pageExpect);
    await choose(directorPage, question, survey.choice);
    known = await press(directorPage, question, 'Отправить ответы');
    const done = await waitForCard(directorPage, known, survey.doneExpect);
    await shot(directorPage, 'webchat-8-survey-answered.png', done);
  });

  it('at 400 px, the roll-up, a school, the due list, the consultation form and the announcement status read well', { timeout: stepTimeoutMs * 8 }, async () => {
    // Tall enough that every card fits whole in the transcript, so its screenshot shows all of it.
    await page.setViewport({ width: 400, height: 2600 });
    let known = await say(page, phone.rollupText);
    const rollup = await waitForCard(page, known, phone.rollupExpect);
    await cardShot(page, rollup, 'phone-400-rollup.png');

    known = (await cardTexts(page)).length;
    await page.evaluate(i => document.querySelectorAll('.ac-adaptiveCard')[i].querySelector('.ac-selectable').click(), rollup);
    const school = await waitForCard(page, known, phone.schoolExpect);
    await cardShot(page, school, 'phone-400-school.png');

    known = await say(page, phone.dueText);
    const due = await waitForCard(page, known, phone.dueExpect);
    await cardShot(page, due, 'phone-400-due.png');

    known = await say(page, consultation.text);
    const form = await waitForCard(page, known, consultation.formExpect);
    await cardShot(page, form, 'phone-400-consultation-form.png');

    known = await say(page, phone.announcementsText);
    const list = await waitForCard(page, known, phone.announcementsExpect);
    known = await press(page, list, 'Статус');
    const statusCard = await waitForCard(page, known, phone.announcementStatusExpect);
    await cardShot(page, statusCard, 'phone-400-announcement-status.png');
  });
});
