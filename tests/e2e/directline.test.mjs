// The built-in Direct Line as the official client library sees it: botframework-directlinejs 0.15.8 in Node (its
// WebSocket from `ws`, its XMLHttpRequest from `xhr2`) against the real bot host. The host's token key is set here,
// so the test can mint expired and forged tokens the way an attacker could not.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import XMLHttpRequest from 'xhr2';
import { Cleanup, startBot } from './harness.mjs';

globalThis.XMLHttpRequest = XMLHttpRequest;
globalThis.WebSocket = WebSocket;
const { DirectLine, ConnectionStatus } = await import('botframework-directlinejs');

const signingKey = 'e2e-direct-line-signing-key-0123456789abcdef';
const pageSize = 3;
const cleanup = new Cleanup();
let bot;

const b64url = buf => Buffer.from(buf).toString('base64url');
function mint({ conversationId, userId, expiresAt, purpose = 0, key = signingKey }) {
  const payload = b64url(`${purpose}|${conversationId}|${userId}|${Math.floor(expiresAt / 1000)}|${b64url(randomBytes(9))}`);
  return `dl1.${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

/** Signs in as a demo person (the page's picker) and asks for a Direct Line token with that session. */
async function grantFor(person) {
  const pick = await fetch(`${bot.baseUrl}/webchat/demo/${person}`, { method: 'POST' });
  assert.equal(pick.status, 204);
  const cookie = pick.headers.get('set-cookie').split(';')[0];
  const res = await fetch(`${bot.baseUrl}/v3/directline/tokens/generate`, { method: 'POST', headers: { cookie } });
  assert.equal(res.status, 200);
  return { ...(await res.json()), cookie };
}

const api = (path, token, init = {}) => fetch(`${bot.baseUrl}/v3/directline${path}`, {
  ...init,
  headers: { ...(init.headers || {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
});

function connect(options) {
  const directLine = new DirectLine({ domain: `${bot.baseUrl}/v3/directline`, ...options });
  const activities = [];
  const statuses = [];
  const errors = [];
  directLine.activity$.subscribe({ next: a => activities.push(a), error: e => errors.push(e) });
  directLine.connectionStatus$.subscribe({ next: s => statuses.push(s), error: e => errors.push(e) });
  cleanup.add(() => directLine.end());
  return { directLine, activities, statuses, errors };
}

async function until(predicate, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = predicate();
    if (value) return value;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Every activity of a conversation, page by page. */
async function allActivities(conversationId, token) {
  const all = [];
  let watermark = '0';
  for (let i = 0; i < 50; i++) {
    const page = await (await api(`/conversations/${conversationId}/activities?watermark=${watermark}`, token)).json();
    if (page.activities.length === 0) return all;
    all.push(...page.activities);
    watermark = page.watermark;
  }
  return all;
}

const cardText = a => JSON.stringify(a.attachments?.[0]?.content ?? {});
const post = (directLine, activity) => new Promise((resolve, reject) =>
  directLine.postActivity(activity).subscribe({ next: resolve, error: reject }));

describe('botframework-directlinejs → built-in Direct Line', { timeout: 150_000 }, () => {
  before(async () => {
    bot = await startBot(cleanup, {
      timeoutMs: 60_000,
      logName: 'bot-directline.log',
      env: { WebChat__TokenSigningKey: signingKey, WebChat__PageSize: String(pageSize) },
    });
  }, { timeout: 90_000 });

  after(() => cleanup.run());

  it('gives a token only to a signed-in session', async () => {
    const res = await fetch(`${bot.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
    assert.equal(res.status, 401);
    const grant = await grantFor('director');
    assert.match(grant.token, /^dl1\./);
    assert.ok(grant.conversationId);
    assert.match(grant.userId, /^web_/);
    assert.equal(grant.userName, 'Иванова Марина Викторовна');
  });

  it('starts the conversation over the WebSocket stream, greets, answers a post, echoes it with the server\'s user', async () => {
    const grant = await grantFor('director');
    const { directLine, activities, statuses } = connect({ token: grant.token, webSocket: true });
    await until(() => statuses.includes(ConnectionStatus.Online), 'Online');
    await until(() => activities.some(a => cardText(a).includes('Здравствуйте! Я помощник проекта')), 'the welcome card');

    // A client that claims to be someone else: from.id and aadObjectId are the server's business.
    const id = await post(directLine, {
      type: 'message', text: 'кто я', from: { id: '29:demo-coordinator', name: 'x', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    });
    assert.match(id, new RegExp(`^${grant.conversationId}\\|\\d{7}$`));
    const echo = await until(() => activities.find(a => a.id === id), 'the echo of the post');
    assert.equal(echo.from.id, grant.userId);
    assert.equal(echo.from.aadObjectId, undefined);
    const reply = await until(() => activities.find(a => a.replyToId === id && a.from.role === 'bot'), 'the reply');
    assert.match(cardText(reply), /Иванова Марина Викторовна/);
    assert.doesNotMatch(cardText(reply), /Ковалёва/);
  });

  it('pages by watermark and reconnects from a watermark without repeats', async () => {
    const grant = await grantFor('curator');
    const { directLine, activities } = connect({ token: grant.token, webSocket: false, pollingInterval: 200 });
    await until(() => activities.some(a => a.type === 'message' && a.from.role === 'bot'), 'the welcome');
    for (const text of ['помощь', 'кто я', 'статус']) await post(directLine, { type: 'message', text, from: { id: grant.userId } });
    await until(() => activities.filter(a => a.from?.role === 'bot').length >= 4, 'four bot messages');
    directLine.end();

    // REST paging: at most pageSize per answer, in order, every activity once.
    const seen = [];
    let watermark = '0';
    for (let i = 0; i < 20; i++) {
      const res = await api(`/conversations/${grant.conversationId}/activities?watermark=${watermark}`, grant.token);
      assert.equal(res.status, 200);
      const page = await res.json();
      assert.ok(page.activities.length <= pageSize, `page of ${page.activities.length}`);
      if (page.activities.length === 0) break;
      seen.push(...page.activities.map(a => a.id));
      watermark = page.watermark;
    }
    assert.ok(seen.length >= 8, `only ${seen.length} activities`);
    assert.deepEqual(seen, [...seen].sort(), 'out of order');
    assert.equal(new Set(seen).size, seen.length, 'an activity came twice');

    // Reconnect (GET conversations/{id}?watermark) with the WebSocket: only what came after the watermark.
    const middle = String(Number(watermark) - 2);
    const again = connect({ token: grant.token, conversationId: grant.conversationId, watermark: middle, webSocket: true });
    await until(() => again.statuses.includes(ConnectionStatus.Online), 'Online after reconnect');
    await until(() => again.activities.length >= 2, 'the two newest activities');
    await new Promise(resolve => setTimeout(resolve, 500));
    assert.deepEqual(again.activities.map(a => a.id), seen.slice(-2));

    const refreshed = await api('/tokens/refresh', grant.token, { method: 'POST' });
    assert.equal(refreshed.status, 200);
    const { token } = await refreshed.json();
    assert.notEqual(token, grant.token);
    assert.equal((await api(`/conversations/${grant.conversationId}/activities?watermark=${watermark}`, token)).status, 200);
  });

  it('stores an attached file and gives it back only to its conversation', async () => {
    const grant = await grantFor('consultant');
    assert.equal((await api('/conversations', grant.token, { method: 'POST' })).status, 201);
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', from: { id: 'someone-else' }, attachments: [{ name: 'список.csv', contentType: 'text/csv' }] })], { type: 'application/vnd.microsoft.activity' }), 'blob');
    form.append('file', new Blob(['школа;директор\n277;Иванов\n'], { type: 'text/csv' }), 'список.csv');
    const res = await api(`/conversations/${grant.conversationId}/upload?userId=someone-else`, grant.token, { method: 'POST', body: form });
    assert.equal(res.status, 200);
    const { id } = await res.json();
    const activities = await allActivities(grant.conversationId, grant.token);
    const sent = activities.find(a => a.id === id);
    assert.equal(sent.from.id, grant.userId);
    assert.equal(sent.attachments[0].name, 'список.csv');
    const reply = activities.find(a => a.replyToId === id);
    // A consultant is not a coordinator: the file reaches the import flow, which declines it in Russian.
    assert.match(reply.text, /принимаются от региональных и муниципальных координаторов/);

    const file = await api(sent.attachments[0].contentUrl.replace('/v3/directline', ''), grant.token);
    assert.equal(file.status, 200);
    assert.equal(await file.text(), 'школа;директор\n277;Иванов\n');
    const other = await grantFor('director');
    assert.equal((await api(sent.attachments[0].contentUrl.replace('/v3/directline', ''), other.token)).status, 403);
  });

  it('refuses expired, forged and other people\'s tokens', async () => {
    const director = await grantFor('director');
    const curator = await grantFor('curator');
    const path = `/conversations/${director.conversationId}/activities`;

    const expired = mint({ conversationId: director.conversationId, userId: director.userId, expiresAt: Date.now() - 1000 });
    assert.equal((await api(path, expired)).status, 403);
    assert.equal((await api('/tokens/refresh', expired, { method: 'POST' })).status, 403);

    const forged = mint({ conversationId: director.conversationId, userId: director.userId, expiresAt: Date.now() + 600_000, key: 'not-the-key-0123456789abcdef0123456789' });
    assert.equal((await api(path, forged)).status, 401);
    const [, payload, signature] = director.token.split('.');
    const swapped = b64url(Buffer.from(payload, 'base64url').toString().replace(director.conversationId, curator.conversationId));
    assert.equal((await api(`/conversations/${curator.conversationId}/activities`, `dl1.${swapped}.${signature}`)).status, 401);
    assert.equal((await api(path)).status, 401);

    // The curator's valid token names the curator's conversation: the director's stays closed, to reads and posts.
    assert.equal((await api(path, curator.token)).status, 403);
    const write = await api(path, curator.token, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'статус' }) });
    assert.equal(write.status, 403);
    // A stream ticket is not a REST token, and the stream refuses a REST token.
    const start = await (await api('/conversations', director.token, { method: 'POST' })).json();
    const ticket = new URL(start.streamUrl).searchParams.get('t');
    assert.equal((await api(path, ticket)).status, 401);

    // The client library gives up on an expired token as Direct Line clients should.
    const { statuses } = connect({ token: expired, webSocket: true });
    await until(() => statuses.includes(ConnectionStatus.FailedToConnect), 'FailedToConnect');
  });
});
