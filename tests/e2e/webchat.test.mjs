// A person's view of the bot outside Teams: the official Web Chat in headless Chromium, talking through a local
// Direct Line to the real bot host with its demo data. Steps run in order and share one browser page.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  artifacts, Cleanup, launchChromium, startBot, startDirectLine, startPageServer,
} from './harness.mjs';
import { button, typed, user, welcome } from './scenario.mjs';

const totalBudgetMs = 115_000;
const stepTimeoutMs = 20_000;
const screenshot = path.join(artifacts, 'webchat.png');

const cleanup = new Cleanup();
let page;
let directLine;
let screenshotTaken = false;

async function takeScreenshot() {
  await page.screenshot({ path: screenshot });
  screenshotTaken = true;
  console.log(`screenshot: ${screenshot}`);
}

// The runner's own timeouts stop a step but not the children; this one stops everything, whatever hangs.
const watchdog = setTimeout(async () => {
  console.error(`browser test exceeded ${totalBudgetMs} ms; stopping`);
  await cleanup.run();
  process.exit(1);
}, totalBudgetMs);
watchdog.unref();

/** Text of every rendered Adaptive Card, in transcript order, with whitespace collapsed. */
const cardTexts = () => page.$$eval('.ac-adaptiveCard', cards =>
  cards.map(card => card.innerText.replace(/\s+/g, ' ').trim()));

/** Waits for a card after the first `known` ones that contains every expected string, and returns its text. */
async function waitForCard(known, expected) {
  try {
    await page.waitForFunction((known, expected) => {
      const cards = [...document.querySelectorAll('.ac-adaptiveCard')].slice(known);
      return cards.some(card => {
        const text = card.innerText.replace(/\s+/g, ' ');
        return expected.every(s => text.includes(s));
      });
    }, { timeout: stepTimeoutMs, polling: 100 }, known, expected);
  } catch (err) {
    const seen = (await cardTexts()).slice(known);
    assert.fail(`no new card with ${JSON.stringify(expected)} (${err.message}); new cards: ${JSON.stringify(seen)}`);
  }
  const fresh = (await cardTexts()).slice(known);
  return fresh.find(text => expected.every(s => text.includes(s)));
}

describe('Web Chat → local Direct Line → bot host', { timeout: totalBudgetMs }, () => {
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    const bot = await startBot(cleanup, { timeoutMs: 60_000 });
    directLine = await startDirectLine(cleanup, bot.messagesUrl);
    const pageUrl = await startPageServer(cleanup);
    const browser = await launchChromium(cleanup);
    page = await browser.newPage();
    page.on('pageerror', err => console.error('page error:', err.message));

    const query = new URLSearchParams({ directline: directLine.domain, user: user.id, name: user.name, join: '1' });
    await page.goto(`${pageUrl}?${query}`, { waitUntil: 'load', timeout: stepTimeoutMs });
  }, { timeout: 90_000 });

  after(async () => {
    clearTimeout(watchdog);
    // A failed run still leaves a picture of what the page showed.
    if (page && !screenshotTaken) await takeScreenshot().catch(err => console.error('screenshot failed:', err.message));
    await cleanup.run();
  });

  it('greets the user with the welcome card when the conversation starts', { timeout: stepTimeoutMs + 5_000 }, async () => {
    const card = await waitForCard(0, welcome.expect);
    assert.ok(card);
  });

  it(`answers «${typed.text}» typed into the send box with a card`, { timeout: stepTimeoutMs + 5_000 }, async () => {
    const known = (await cardTexts()).length;
    const sendBox = await page.waitForSelector('[data-id="webchat-sendbox-input"]', { timeout: stepTimeoutMs });
    await sendBox.type(typed.text);
    await page.keyboard.press('Enter');

    const card = await waitForCard(known, typed.expect);
    for (const expected of typed.expect) assert.ok(card.includes(expected), `card lacks «${expected}»: ${card}`);

    const bubbles = await page.$$eval('.webchat__bubble--from-user', els => els.map(el => el.innerText.trim()));
    assert.ok(bubbles.includes(typed.text), `the user's own message is not shown: ${JSON.stringify(bubbles)}`);
    // The bot answered through the connector API of the local Direct Line, as it would through Azure Bot Service.
    assert.ok(directLine.botCalls.some(call => /^POST \/v3\/conversations\/[^/]+\/activities/.test(call)),
      `the bot made no connector call: ${JSON.stringify(directLine.botCalls)}`);
  });

  it(`answers the card button «${button.title}»`, { timeout: stepTimeoutMs + 5_000 }, async () => {
    const known = (await cardTexts()).length;
    // Card buttons only: in ru-RU the send box's button is also labelled «Отправить».
    const buttons = await page.$$('.ac-pushButton');
    const titles = await Promise.all(buttons.map(b => b.evaluate(el => el.innerText.trim())));
    const index = titles.lastIndexOf(button.title);
    assert.notEqual(index, -1, `no card button «${button.title}» among ${JSON.stringify(titles)}`);
    // A DOM click: Web Chat keeps scrolling to the newest activity, so a click at screen coordinates can land on
    // whatever button has moved under the pointer by then.
    await buttons[index].evaluate(el => el.click());

    const card = await waitForCard(known, button.expect);
    for (const expected of button.expect) assert.ok(card.includes(expected), `card lacks «${expected}»: ${card}`);

    await takeScreenshot();
  });
});
