// 70_notify_crash.test.js: the server is killed with SIGKILL while the sender posts 1,000 messages to a
// local fake bot; after a restart every message arrives, each recorded delivered exactly once. Delivery is
// at-least-once: a message posted but not yet recorded when the process died is posted again with the
// same X-Gz-Delivery-Id, which the fake counts as a duplicate; at most one is in flight (one sender).
'use strict';

const http = require('http');
const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';
const N = 1000;

test('notify crash: kill -9 mid-delivery of 1,000 messages; after restart each arrives, none recorded twice', async () => {
  const counts = new Map(); // delivery id -> posts received
  const orders = new Set(); // order ids named in the messages
  const bot = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => {
      const id = req.headers['x-gz-delivery-id'];
      counts.set(id, (counts.get(id) || 0) + 1);
      const m = /工单 #(\d+)/.exec(JSON.parse(data).text.content);
      if (m) orders.add(Number(m[1]));
      // a slow bot, so the kill lands while messages are still pending
      setTimeout(() => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"errcode":0,"errmsg":"ok"}'); }, 8);
    });
  });
  await new Promise((ok) => bot.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${bot.address().port}/cgi-bin/webhook/send?key=crash`;
  const db = L.pristineDb();
  let s = await L.startServer({ db });
  try {
    const staff = await L.token(s, 'staff');
    const resident = await L.token(s, 'resident');
    const c = await L.compoundByName(s, 'staff', PILOT);
    const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
    const building = (node.children || node.items || []).find((k) => k.kind === 'building');
    const ch = await L.api(s, 'POST', '/api/channels', {
      token: staff, body: { platform: 'wecom', node_id: c.id, name: '压测群', url, types: 'workorder.reported', per_minute: 100000 },
    });
    L.expectStatus(ch, 201, 'channel');
    const acked = [];
    let next = 0;
    async function writer() {
      while (next < N) {
        next++;
        const res = await L.api(s, 'POST', '/api/workorders', { token: resident, body: { category: 'leak', node_id: building.id, description: `崩溃测试 ${next}` } });
        L.expectStatus(res, 201, 'report');
        acked.push(res.json.id);
      }
    }
    await Promise.all(Array.from({ length: 8 }, writer));
    assert.equal(acked.length, N);
    const before = counts.size;
    await L.killServer(s);
    assert.ok(before < N, `killed mid-delivery (${before} of ${N} had arrived)`);

    s = await L.startServer({ db });
    const deadline = Date.now() + 120000;
    while (counts.size < N && Date.now() < deadline) await L.sleep(100);
    assert.equal(counts.size, N, 'every message arrived after the restart');
    const dups = [...counts.values()].filter((n) => n > 1).length;
    assert.ok(dups <= 1, `at most the one in flight at the kill was posted twice (got ${dups})`);
    assert.deepEqual([...orders].sort((a, b) => a - b), [...acked].sort((a, b) => a - b), 'one message for each order');
    // the outbox: every delivery sent, each with exactly one delivered attempt
    const sent = [];
    const tok = await L.token(s, 'staff');
    for (let before = 0; ;) {
      const page = (await L.api(s, 'GET', `/api/outbox?state=sent${before ? `&before=${before}` : ''}`, { token: tok })).json;
      sent.push(...page.items.filter((d) => d.channel_id === ch.json.id));
      if (page.next === null) break;
      before = page.next;
    }
    assert.equal(sent.length, N);
    assert.ok(sent.every((d) => d.attempts === 1));
    const pending = (await L.api(s, 'GET', '/api/outbox?state=pending', { token: tok })).json.items.filter((d) => d.channel_id === ch.json.id);
    assert.equal(pending.length, 0);
  } finally {
    await L.stopServer(s);
    await new Promise((ok) => bot.close(ok));
  }
});
