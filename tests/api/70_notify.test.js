// 70_notify.test.js: group bots and the in-app inbox. A local fake bot (WeCom, DingTalk and Feishu
// answers) receives what the sender posts after a work order changes; signing is checked by the fake
// with the secret; a rate-limit answer (HTTP 200 with errcode 45009) is recorded as such and retried;
// an unreachable bot is retried with backoff until failed, shown to admins and re-sent; bot URLs must
// be https (loopback only on test servers); secrets are never shown back; the inbox lists the reader's
// own events, counts the unread, marks them read, and leaves muted non-urgent types out.
'use strict';

const http = require('http');
const crypto = require('crypto');
const L = require('./lib');
const { test, assert } = L;

let server = null;
const keys = {};
async function srv() {
  if (!server) {
    server = await L.startServer();
    for (const u of ['resident', 'resident_other', 'grid8', 'staff', 'admin']) {
      const t = await L.api(server, 'POST', '/api/tokens', { token: await L.token(server, u), body: { label: 'notify test' } });
      L.expectStatus(t, 201, 'token for ' + u);
      keys[u] = t.json.token;
    }
  }
  return server;
}
function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: keys[user], body });
}

/* A fake bot on loopback: records each POST (path, query, body, delivery id) and answers with
 * reply(req) -> {status, json}. */
async function fakeBot(reply) {
  const got = [];
  const srvr = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => {
      const u = new URL(req.url, 'http://x');
      const rec = { path: u.pathname, query: Object.fromEntries(u.searchParams), body: JSON.parse(data), id: req.headers['x-gz-delivery-id'] };
      got.push(rec);
      const r = reply(rec);
      res.writeHead(r.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(r.json));
    });
  });
  await new Promise((ok) => srvr.listen(0, '127.0.0.1', ok));
  return { got, url: `http://127.0.0.1:${srvr.address().port}`, close: () => new Promise((ok) => srvr.close(ok)) };
}

async function waitFor(what, fn, ms = 15000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting for ' + what);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const PILOT = '学道苑·东南里7号';
async function pilot(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  return { compound: c, building };
}

async function report(s, building, description) {
  const res = await call(s, 'resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description });
  L.expectStatus(res, 201, 'report');
  return res.json;
}

async function deliveryOf(s, orderTitle, state) {
  const page = (await call(s, 'staff', 'GET', `/api/outbox?state=${state}`)).json;
  return page.items.find((d) => d.title === orderTitle);
}

test('notify: a bot needs https (loopback on test servers), a known platform and a place the admin manages; its secret is never shown', async () => {
  const s = await srv();
  const { compound } = await pilot(s);
  const base = { platform: 'dingtalk', node_id: compound.id, name: '院落群', url: 'http://example.cn/robot/send?access_token=abc', secret: 'SECxyz' };
  L.expectError(await call(s, 'resident', 'POST', '/api/channels', base), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'POST', '/api/channels', base), 400, 'bad_value', 'url');
  L.expectError(await call(s, 'staff', 'POST', '/api/channels', { ...base, url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', platform: 'qq' }), 400, 'bad_value', 'platform');
  L.expectError(await call(s, 'staff', 'POST', '/api/channels', { ...base, url: 'https://x.cn/a', types: 'Work Orders' }), 400, 'bad_value', 'types');
  const before = (await call(s, 'staff', 'GET', '/api/channels')).json.items.length;
  const ok = await call(s, 'staff', 'POST', '/api/channels', { ...base, url: 'https://oapi.dingtalk.com/robot/send?access_token=SECRETTOKEN', types: 'nothing.' });
  L.expectStatus(ok, 201, 'created');
  assert.equal(ok.json.host, 'https://oapi.dingtalk.com');
  assert.equal(ok.json.signed, true);
  assert.ok(!ok.text.includes('SECxyz') && !ok.text.includes('SECRETTOKEN'), 'neither the secret nor the URL key is shown back');
  const list = await call(s, 'staff', 'GET', '/api/channels');
  assert.equal(list.json.items.length, before + 1);
  assert.ok(!list.text.includes('SECxyz') && !list.text.includes('SECRETTOKEN'));
  L.expectStatus(await call(s, 'staff', 'POST', `/api/channels/${ok.json.id}/disable`), 200, 'disabled');
});

test('notify: a work order event reaches the compound\'s WeCom bot once, in Chinese, with a link and no name', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  const bot = await fakeBot(() => ({ status: 200, json: { errcode: 0, errmsg: 'ok' } }));
  try {
    const ch = await call(s, 'staff', 'POST', '/api/channels', { platform: 'wecom', node_id: compound.id, name: '企业微信群', url: bot.url + '/cgi-bin/webhook/send?key=K1', types: 'workorder.' });
    L.expectStatus(ch, 201, 'channel');
    const o = await report(s, building, '路灯不亮了，麻烦看看');
    const title = `工单 #${o.id}：新报事`;
    const msg = await waitFor('the bot message', () => bot.got.find((g) => g.body.text && g.body.text.content.startsWith(title)));
    assert.equal(msg.body.msgtype, 'text');
    assert.match(msg.body.text.content, new RegExp(`/workorders/${o.id}$`));
    assert.equal(msg.query.key, 'K1');
    const d = await waitFor('sent in the outbox', () => deliveryOf(s, title, 'sent'));
    assert.equal(d.attempts, 1);
    assert.equal(String(d.id), msg.id, 'the delivery id travels with the message');
    const detail = (await call(s, 'staff', 'GET', `/api/outbox/${d.id}`)).json;
    assert.equal(detail.attempts.length, 1);
    assert.equal(detail.attempts[0].outcome, 'delivered');
    assert.equal(bot.got.filter((g) => g.id === msg.id).length, 1, 'once');
    L.expectError(await call(s, 'grid8', 'GET', '/api/outbox'), 403, 'forbidden');
    L.expectStatus(await call(s, 'staff', 'POST', `/api/channels/${ch.json.id}/disable`), 200, 'disabled');
  } finally {
    await bot.close();
  }
});

test('notify: DingTalk is signed (timestamp+HMAC-SHA256) and its rate-limit answer 130101 is retried, not logged as sent', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  const secret = 'SEC' + crypto.randomBytes(8).toString('hex');
  let limited = 0;
  const bot = await fakeBot((g) => {
    const want = crypto.createHmac('sha256', secret).update(`${g.query.timestamp}\n${secret}`).digest('base64');
    if (g.query.sign !== want) return { status: 200, json: { errcode: 310000, errmsg: 'sign not match' } };
    if (limited++ === 0) return { status: 200, json: { errcode: 130101, errmsg: 'send too fast' } };
    return { status: 200, json: { errcode: 0, errmsg: 'ok' } };
  });
  try {
    const ch = await call(s, 'staff', 'POST', '/api/channels', { platform: 'dingtalk', node_id: compound.id, name: '钉钉群', url: bot.url + '/robot/send?access_token=T', secret, types: 'workorder.reported' });
    L.expectStatus(ch, 201, 'channel');
    const o = await report(s, building, '楼道灯坏了');
    const title = `工单 #${o.id}：新报事`;
    const first = await waitFor('a rate-limited attempt', () => deliveryOf(s, title, 'pending').then((d) => d && d.last_outcome === 'rate_limited' && d));
    assert.equal(first.attempts, 0, 'a rate limit does not use up the attempts');
    // DingTalk blocks a bot 10 minutes: move the clock past it
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 660 }), 200, 'clock');
    const d = await waitFor('sent after the block', () => deliveryOf(s, title, 'sent'));
    const detail = (await call(s, 'staff', 'GET', `/api/outbox/${d.id}`)).json;
    assert.deepEqual(detail.attempts.map((a) => a.outcome), ['rate_limited', 'delivered']);
    assert.ok(bot.got.every((g) => g.query.sign && g.query.timestamp), 'every post signed');
    L.expectStatus(await call(s, 'staff', 'POST', `/api/channels/${ch.json.id}/disable`), 200, 'disabled');
  } finally {
    await bot.close();
  }
});

test('notify: an unreachable bot is retried with backoff until failed; an admin sees it and re-sends it', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  let up = false;
  const bot = await fakeBot(() => (up ? { status: 200, json: { code: 0, msg: 'success' } } : { status: 502, json: {} }));
  try {
    const ch = await call(s, 'staff', 'POST', '/api/channels', { platform: 'feishu', node_id: compound.id, name: '飞书群', url: bot.url + '/open-apis/bot/v2/hook/x', types: 'workorder.reported' });
    L.expectStatus(ch, 201, 'channel');
    const o = await report(s, building, '门禁坏了');
    const title = `工单 #${o.id}：新报事`;
    for (let i = 1; i < 8; i++) {
      await waitFor(`attempt ${i}`, () => deliveryOf(s, title, 'pending').then((d) => d && d.attempts === i));
      L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 3601 }), 200, 'clock');
    }
    const failed = await waitFor('failed', () => deliveryOf(s, title, 'failed'));
    assert.equal(failed.attempts, 8);
    assert.equal(failed.last_outcome, 'temporary');
    // the admins' page: the failed message, its eight attempts, a re-send form
    const page = await call(s, 'staff', 'GET', '/notify/admin');
    L.expectStatus(page, 200, 'admin page');
    const item = page.text.slice(page.text.indexOf(title));
    assert.ok(page.text.includes(title), 'listed');
    assert.equal((item.slice(0, item.indexOf('</li>\n')).match(/HTTP 502/g) || []).length, 8, 'every attempt shown');
    assert.ok(page.text.includes(`action="/notify/admin/deliveries/${failed.id}/resend"`), 'a re-send form');
    up = true;
    const again = await call(s, 'staff', 'POST', `/api/outbox/${failed.id}/resend`, {});
    L.expectStatus(again, 200, 're-sent');
    assert.equal(again.json.state, 'pending');
    const sent = await waitFor('sent after the re-send', () => deliveryOf(s, title, 'sent'));
    assert.equal(sent.id, failed.id);
    L.expectError(await call(s, 'staff', 'POST', `/api/outbox/${failed.id}/resend`, {}), 409, 'not_failed');
    const detail = (await call(s, 'staff', 'GET', `/api/outbox/${failed.id}`)).json;
    assert.equal(detail.attempts.length, 9, 'every attempt recorded');
    assert.equal(detail.attempts.at(-1).outcome, 'delivered');
    L.expectStatus(await call(s, 'staff', 'POST', `/api/channels/${ch.json.id}/disable`), 200, 'disabled');
  } finally {
    await bot.close();
  }
});

test('notify: the inbox lists my own events, counts the unread, marks read when opened, and leaves muted types out', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  L.expectStatus(await call(s, 'resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0 }), 200, 'unmuted');
  const o = await report(s, building, '垃圾桶满了');
  const title = `工单 #${o.id}：新报事`;
  let inbox = (await call(s, 'resident', 'GET', '/api/me/notifications')).json;
  const item = inbox.items.find((i) => i.title === title);
  assert.ok(item, 'my report is in my inbox');
  assert.equal(item.read, false);
  assert.equal(item.link, `/workorders/${o.id}`);
  const unread = inbox.unread;
  assert.ok(unread >= 1);
  const other = (await call(s, 'resident_other', 'GET', '/api/me/notifications')).json;
  assert.ok(!other.items.some((i) => i.id === item.id), 'not in someone else\'s inbox');
  L.expectError(await call(s, 'resident_other', 'POST', `/api/me/notifications/${item.id}/read`, {}), 404, 'not_found');
  const read = await call(s, 'resident', 'POST', `/api/me/notifications/${item.id}/read`, {});
  L.expectStatus(read, 200, 'read');
  assert.equal(read.json.unread, unread - 1);
  L.expectStatus(await call(s, 'resident', 'POST', `/api/me/notifications/${item.id}/read`, {}), 200, 'read twice');
  inbox = (await call(s, 'resident', 'GET', '/api/me/notifications')).json;
  assert.equal(inbox.unread, unread - 1, 'reading twice counts once');
  assert.equal(inbox.items.find((i) => i.id === item.id).read, true);
  // mute work orders: non-urgent work-order events leave the list
  L.expectError(await call(s, 'resident', 'POST', '/api/subscriptions', { muted: 'Work', quiet_start: 0, quiet_end: 0 }), 400, 'bad_value', 'muted');
  L.expectError(await call(s, 'resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 1440, quiet_end: 0 }), 400, 'bad_value', 'quiet_start');
  L.expectStatus(await call(s, 'resident', 'POST', '/api/subscriptions', { muted: 'workorder.', quiet_start: 1320, quiet_end: 420 }), 200, 'muted');
  assert.deepEqual((await call(s, 'resident', 'GET', '/api/subscriptions')).json, { muted: 'workorder.', quiet_start: 1320, quiet_end: 420, email: '', email_mode: 'off', email_types: '' });
  inbox = (await call(s, 'resident', 'GET', '/api/me/notifications')).json;
  assert.ok(!inbox.items.some((i) => i.title === title), 'muted');
  L.expectStatus(await call(s, 'resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0 }), 200, 'unmuted');
});

test('notify: unread notices are in the to-do inbox (and its count); opening one marks it read and goes to its page', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, building, '井盖松了');
  const title = `工单 #${o.id}：新报事`;
  let todo = (await call(s, 'resident', 'GET', '/api/me/todo')).json;
  const item = todo.items.find((i) => i.kind === 'notice' && i.title === title);
  assert.ok(item, 'the notice is in the to-do list');
  const notices = todo.counts.notice;
  const id = Number(item.link.split('/').pop());
  L.expectStatus(await call(s, 'resident_other', 'GET', item.link), 404, 'not someone else\'s');
  const open = await call(s, 'resident', 'GET', item.link);
  L.expectStatus(open, 303, 'opened');
  assert.equal(open.headers.get('location'), `/workorders/${o.id}`);
  todo = (await call(s, 'resident', 'GET', '/api/me/todo')).json;
  assert.equal(todo.counts.notice, notices - 1);
  const inbox = (await call(s, 'resident', 'GET', '/api/me/notifications')).json;
  assert.equal(inbox.items.find((i) => i.id === id).read, true);
});
