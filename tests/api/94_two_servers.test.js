// 94_two_servers.test.js: a district on one installation: two `gongzhi serve` on one PostgreSQL database
// under a load through both; the timers' leader is killed (SIGKILL) while work orders are due to escalate,
// votes are due to close and bot messages are pending; the other server takes over and afterwards each
// escalation, each vote closing and each message happened exactly once, as the timelines, the published
// notices and the outbox's attempt rows say through the API. PostgreSQL only: on SQLite one server owns
// its database file, so the test is reported as skipped there.
'use strict';

const http = require('node:http');
const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';
const ORDERS = 30;
const VOTES = 4;
const ANSWER_MS = 200; // a slow bot, so reports are still pending when the leader dies

/* A local fake WeCom bot: counts posts per X-Gz-Delivery-Id and remembers each one's text. Once armed it
 * holds the next post unanswered (the sender waits on it, well within its 10 s timeout) until released;
 * the held request dies with the server that sent it. */
async function fakeBot() {
  const bot = { posts: new Map(), texts: new Map(), armed: false, stalled: false };
  bot.server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => {
      const id = Number(req.headers['x-gz-delivery-id']);
      bot.posts.set(id, (bot.posts.get(id) || 0) + 1);
      bot.texts.set(id, JSON.parse(data).text.content);
      if (bot.armed) {
        bot.stalled = true;
        return;
      }
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"errcode":0,"errmsg":"ok"}');
      }, ANSWER_MS);
    });
  });
  await new Promise((ok) => bot.server.listen(0, '127.0.0.1', ok));
  bot.url = `http://127.0.0.1:${bot.server.address().port}/cgi-bin/webhook/send?key=district`;
  bot.close = () => { bot.server.closeAllConnections(); return new Promise((ok) => bot.server.close(ok)); };
  return bot;
}

async function waitFor(what, fn, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await L.sleep(100);
  }
}

async function health(srv) {
  const res = await L.api(srv, 'GET', '/api/health');
  L.expectStatus(res, 200, 'health');
  return res.json;
}

/* Every outbox row in one state, all pages. */
async function outbox(srv, tok, state) {
  const rows = [];
  for (let before = 0; ;) {
    const res = await L.api(srv, 'GET', `/api/outbox?state=${state}${before ? `&before=${before}` : ''}`, { token: tok });
    L.expectStatus(res, 200, 'outbox');
    rows.push(...res.json.items);
    if (res.json.next === null) return rows;
    before = res.json.next;
  }
}

/* Requests through a server in a loop until stop(): [{path, status}] of every answer that was not 200. */
function load(srv, tok, paths) {
  const bad = [];
  let stopped = false;
  let count = 0;
  const loops = [0, 1].map(async (k) => {
    for (let i = k; !stopped; i++) {
      const p = paths[i % paths.length];
      const res = await L.api(srv, 'GET', p, { token: tok });
      count++;
      if (res.status !== 200) bad.push({ path: p, status: res.status, body: res.text.slice(0, 200) });
    }
  });
  return { bad, count: () => count, stop: async () => { stopped = true; await Promise.all(loops); } };
}

if (L.DB_KIND === 'pg') {
  test('two servers, one PostgreSQL: the leader killed with work due; each escalation, vote closing and message happens once', async () => {
    const bot = await fakeBot();
    const db = L.pristineDb();
    // The first leader's timers run once at start-up (taking the lock) and then not for ten minutes, so the
    // kill is known to land while the escalations and vote closings are due; its sender runs all along.
    const a = await L.startServer({ db, extraArgs: ['--jobs-period', '600'] });
    let b = null;
    let failure = null;
    try {
      await waitFor('server A to lead', async () => (await health(a)).leader === true, 15000);
      b = await L.startServer({ db, extraArgs: ['--jobs-period', '1'] });
      // sessions live in the database: tokens made on A work on B
      const keys = await L.apiTokens(a, 'resident', 'staff', 'admin', 'grid8');
      const on = (srv, user, method, p, body) => L.api(srv, method, p, { token: keys[user], body });
      assert.equal((await on(b, 'staff', 'GET', '/api/me')).status, 200, 'a token made on A is valid on B');
      await L.sleep(1500); // a round of B's timers: the lock is A's
      assert.equal((await health(b)).leader, false);

      const c = await L.compoundByName(b, 'staff', PILOT);
      const node = (await on(b, 'staff', 'GET', `/api/nodes/${c.id}`)).json;
      const building = (node.children || node.items || []).find((k) => k.kind === 'building');
      const ch = await on(a, 'staff', 'POST', '/api/channels', {
        platform: 'wecom', node_id: c.id, name: '区级双机群', url: bot.url, types: 'workorder.', per_minute: 100000,
      });
      L.expectStatus(ch, 201, 'channel');

      const loadA = load(a, keys.staff, ['/api/workorders?per_page=20', '/api/votes', '/api/health', '/api/compounds?per_page=50']);
      const loadB = load(b, keys.staff, ['/api/workorders?per_page=20', '/api/votes', '/api/health', '/api/compounds?per_page=50']);

      // work orders reported through both servers; votes opened through B, closing in an hour
      const orders = [];
      for (let i = 0; i < ORDERS; i++) {
        const res = await on(i % 2 ? b : a, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: `双机测试 ${i}` });
        L.expectStatus(res, 201, 'report');
        orders.push(res.json.id);
      }
      const t0 = (await on(b, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 0 })).json.now;
      const votes = [];
      for (let i = 0; i < VOTES; i++) {
        const v = await on(b, 'staff', 'POST', '/api/votes', { node_id: c.grid_id, title: `双机表决 ${i}`, kind: 'simple', electorate: 'households' });
        L.expectStatus(v, 201, 'vote');
        L.expectStatus(await on(b, 'staff', 'POST', `/api/votes/${v.json.id}/open`, { closes_at: t0 + 3600 }), 200, 'open');
        L.expectStatus(await on(i % 2 ? a : b, 'resident', 'POST', `/api/votes/${v.json.id}/ballots`, { choice: 'yes' }), 201, 'ballot');
        votes.push(v.json.id);
      }
      bot.armed = true;
      await waitFor('the bot to hold a post', async () => bot.stalled, 10000);

      // a day and an hour later on both clocks: every order overdue, every vote past its closing time
      L.expectStatus(await on(b, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock B');
      L.expectStatus(await on(a, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock A');
      // due, not done, as the kill lands
      const pendingAtKill = (await outbox(b, keys.staff, 'pending')).filter((d) => d.channel_id === ch.json.id).length;
      assert.ok(pendingAtKill > 0, 'messages are pending when the leader dies');
      const levelsAtKill = [];
      for (const id of orders) levelsAtKill.push((await on(b, 'staff', 'GET', `/api/workorders/${id}`)).json.escalation_level);
      assert.deepEqual(levelsAtKill, orders.map(() => 0), 'no order escalated before the kill');
      for (const id of votes) assert.equal((await on(b, 'staff', 'GET', `/api/votes/${id}`)).json.status, 'open', 'vote still open at the kill');

      await loadA.stop();
      assert.deepEqual(loadA.bad, [], 'every request through A before the kill succeeded');
      await L.killServer(a);
      bot.armed = false;

      await waitFor('server B to lead', async () => (await health(b)).leader === true, 20000);
      await waitFor('every order escalated', async () => {
        for (const id of orders) if ((await on(b, 'staff', 'GET', `/api/workorders/${id}`)).json.escalation_level < 1) return false;
        return true;
      }, 20000);
      await waitFor('every vote closed', async () => {
        for (const id of votes) if ((await on(b, 'staff', 'GET', `/api/votes/${id}`)).json.status !== 'closed') return false;
        return true;
      }, 20000);
      await waitFor('the outbox to empty', async () => (await outbox(b, keys.staff, 'pending')).every((d) => d.channel_id !== ch.json.id), 30000);
      // an escalation's event may still wait for fan-out when no delivery is pending: wait until each
      // order's escalation reached the bot (counted exactly below)
      await waitFor('every escalation message delivered', async () => {
        const seen = new Set();
        for (const d of await outbox(b, keys.staff, 'sent')) {
          const m = d.channel_id === ch.json.id && d.type === 'workorder.escalated' && /工单 #(\d+)/.exec(bot.texts.get(d.id) || '');
          if (m) seen.add(Number(m[1]));
        }
        return orders.every((id) => seen.has(id));
      }, 30000);
      await L.sleep(1500); // a further round of B's timers and sender, which must find nothing left to do
      await loadB.stop();
      assert.deepEqual(loadB.bad, [], 'every request through B succeeded, before and after the kill');
      assert.ok(loadB.count() > 50, `a load ran through B (${loadB.count()} requests)`);

      // each escalation once: one escalate step on each order's timeline, level 1 (the grid leader)
      for (const id of orders) {
        const o = (await on(b, 'staff', 'GET', `/api/workorders/${id}`)).json;
        assert.equal(o.escalation_level, 1, `order ${id} escalated one step`);
        assert.equal(o.timeline.filter((e) => e.kind === 'escalate').length, 1, `order ${id}: one escalate entry`);
      }
      // each vote closed once: closed, and exactly one result notice published from it
      for (const id of votes) {
        const v = (await on(b, 'staff', 'GET', `/api/votes/${id}`)).json;
        assert.equal(v.status, 'closed');
        const notices = (await on(b, 'staff', 'GET', `/api/notices?source_entity=vote&source_id=${id}&per_page=50`)).json.items;
        assert.equal(notices.length, 1, `vote ${id}: one result notice`);
      }
      // each message once: every delivery of the channel sent with one attempt, none failed
      const sent = (await outbox(b, keys.staff, 'sent')).filter((d) => d.channel_id === ch.json.id);
      assert.deepEqual((await outbox(b, keys.staff, 'failed')).filter((d) => d.channel_id === ch.json.id), []);
      assert.deepEqual(sent.filter((d) => d.attempts !== 1).map((d) => d.id), [], 'every delivery recorded with one attempt');
      for (const d of sent.slice(0, 8)) {
        const one = (await on(b, 'staff', 'GET', `/api/outbox/${d.id}`)).json;
        assert.deepEqual(one.attempts.map((x) => x.outcome), ['delivered'], `delivery ${d.id}: one attempt row`);
      }
      // one delivery per (order, event type): the report and the escalation of each order
      const perOrder = new Map();
      for (const d of sent) {
        const m = /工单 #(\d+)/.exec(bot.texts.get(d.id) || '');
        assert.ok(m, `delivery ${d.id} (${d.type}) reached the bot`);
        const k = `${m[1]} ${d.type}`;
        perOrder.set(k, (perOrder.get(k) || 0) + 1);
      }
      for (const id of orders) {
        assert.equal(perOrder.get(`${id} workorder.reported`), 1, `order ${id}: one report message`);
        assert.equal(perOrder.get(`${id} workorder.escalated`), 1, `order ${id}: one escalation message`);
      }
      assert.deepEqual([...perOrder.values()].filter((n) => n !== 1), [], 'no message recorded twice');
      // the bot: every post carried a delivery the outbox knows; at-least-once delivery may post again the one
      // request in flight when the leader died (the same X-Gz-Delivery-Id, so the group can drop it)
      const known = new Set(sent.map((d) => d.id));
      assert.deepEqual([...bot.posts.keys()].filter((id) => !known.has(id)), [], 'no post outside the outbox');
      const twice = [...bot.posts.values()].filter((n) => n > 1).length;
      assert.ok(twice <= 1, `at most the message in flight at the kill was posted twice (got ${twice})`);
      assert.equal((await L.get(b, 'auditor', '/api/audit/verify')).json.ok, true, 'the audit chain verifies');
    } catch (e) {
      failure = e;
    }
    // a failure above is the one reported, not a later one while cleaning up
    try {
      if (b) await L.stopServer(b);
    } catch (e) {
      failure = failure || e;
    }
    await L.killServer(a);
    await bot.close();
    if (failure) throw failure;
  });

  test('two servers, one PostgreSQL: a photo uploaded through one is served by the other; sign-in failures at an address count across both', async () => {
    const db = L.pristineDb();
    const shared = require('node:path').join(L.tmpDir(), `shared-files-${Date.now()}`); // the deployment's shared directory (NFS, a volume)
    const args = ['--data-dir', shared, '--trust-proxy'];
    const a = await L.startServer({ db, extraArgs: args });
    const b = await L.startServer({ db, extraArgs: args });
    try {
      const tok = await L.token(a, 'resident');
      const c = await L.compoundByName(a, 'staff', PILOT);
      const node = (await L.get(a, 'staff', `/api/nodes/${c.id}`)).json;
      const building = (node.children || node.items || []).find((k) => k.kind === 'building');
      const o = await L.api(a, 'POST', '/api/workorders', { token: tok, body: { category: 'facade', node_id: building.id, description: '双机照片' } });
      L.expectStatus(o, 201, 'report');
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0 two servers one photo')]);
      const up = await L.api(a, 'POST', `/api/workorders/${o.json.id}/photos`, { token: tok, rawBody: jpeg, headers: { 'Content-Type': 'image/jpeg' } });
      L.expectStatus(up, 201, 'upload through A');
      const got = await L.api(b, 'GET', `/api/workorders/photos/${up.json.photos[0].id}`, { token: tok });
      L.expectStatus(got, 200, 'the photo through B');
      assert.equal(got.headers.get('content-type'), 'image/jpeg');
      assert.ok(got.buf.equals(jpeg), 'B serves the bytes A stored');

      // five free failures from one address, alternating servers; the sixth is throttled on either
      const from = (srv, password) => L.api(srv, 'POST', '/api/login', { body: { username: 'party', password }, headers: { 'X-Forwarded-For': '203.0.113.94' } });
      for (let i = 0; i < 5; i++) L.expectError(await from(i % 2 ? b : a, 'wrong' + i), 401, 'bad_credentials');
      L.expectError(await from(a, 'wrong-again'), 429, 'rate_limited');
      L.expectError(await from(b, 'demo'), 429, 'rate_limited');
      // another address is not slowed
      const other = await L.api(b, 'POST', '/api/login', { body: { username: 'staff', password: 'demo' }, headers: { 'X-Forwarded-For': '203.0.113.95' } });
      L.expectStatus(other, 200, 'another address signs in');
    } finally {
      await L.stopServer(a);
      await L.stopServer(b);
    }
  });
} else {
  const why = 'PostgreSQL only: on SQLite one server owns its database file';
  L.skip('two servers, one PostgreSQL: the leader killed with work due; each escalation, vote closing and message happens once', why);
  L.skip('two servers, one PostgreSQL: a photo uploaded through one is served by the other; sign-in failures at an address count across both', why);
}
