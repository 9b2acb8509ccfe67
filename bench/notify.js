// notify.js: the measuring half of bench/notify.sh (see there). BENCH_BASE is a demo server started
// with --test-clock. Prints a markdown report.
'use strict';

const http = require('http');
const os = require('os');

const BASE = process.env.BENCH_BASE;
const MESSAGES = Number(process.env.BENCH_MESSAGES || 2000);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 400);
const PILOT = '学道苑·东南里7号';

async function api(method, p, token, body) {
  const res = await fetch(BASE + p, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}
async function login(u) {
  const r = await api('POST', '/api/login', null, { username: u, password: 'demo' });
  if (!r.json || !r.json.token) throw new Error('login ' + u + ': ' + r.text);
  return r.json.token;
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

async function main() {
  const staff = await login('staff');
  const resident = await login('resident');
  const admin = await login('admin');
  const compounds = (await api('GET', '/api/compounds?per_page=200', staff)).json;
  const list = compounds.items || compounds;
  const c = list.find((x) => x.name === PILOT);
  const node = (await api('GET', `/api/nodes/${c.id}`, staff)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');

  // a fake WeCom bot on loopback: 502 while `down`, else errcode 0 at once
  let down = false;
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  const bot = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (down) { res.writeHead(502); res.end('{}'); return; }
      received++;
      lastAt = performance.now();
      if (!firstAt) firstAt = lastAt;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise((ok) => bot.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${bot.address().port}/cgi-bin/webhook/send?key=bench`;

  const report = async (i) => {
    const t = performance.now();
    const r = await api('POST', '/api/workorders', resident, { category: 'streetlight', node_id: building.id, description: `压测 ${i}` });
    if (r.status !== 201) throw new Error('report: ' + r.status + ' ' + r.text);
    return performance.now() - t;
  };

  // 1. latency, sender idle (no bot: the fan-out finds nobody to post to)
  for (let i = 0; i < 20; i++) await report(i); // warm-up
  const idle = [];
  for (let i = 0; i < REQUESTS; i++) idle.push(await report(i));

  // 2. latency with the sender busy: every report is posted to the bot while the next is made
  const ch = await api('POST', '/api/channels', staff, { platform: 'wecom', node_id: c.id, name: '压测群', url, types: 'workorder.reported', per_minute: 100000 });
  if (ch.status !== 201) throw new Error('channel: ' + ch.text);
  const busy = [];
  for (let i = 0; i < REQUESTS; i++) busy.push(await report(i));

  // 3. throughput: a backlog of MESSAGES deliveries (the bot down: each failed once, due in 30 s),
  // then the clock moved past the backoff and the bot up: the time to drain them all
  await new Promise((ok) => setTimeout(ok, 2000));
  down = true;
  const base = received;
  let next = 0;
  async function writer() { while (next < MESSAGES) { next++; await report(next); } }
  await Promise.all(Array.from({ length: 8 }, writer));
  for (;;) { // every delivery tried once
    const page = (await api('GET', '/api/outbox?state=pending', staff)).json;
    if (page.items.length && page.items.every((d) => d.attempts >= 1)) break;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  await new Promise((ok) => setTimeout(ok, 1000));
  down = false;
  firstAt = 0;
  const t0 = performance.now();
  const shift = await api('POST', '/api/debug/clock', admin, { shift_seconds: 31 });
  if (shift.status !== 200) throw new Error('clock: ' + shift.text);
  const deadline = Date.now() + 300000;
  while (received - base < MESSAGES && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
  const drained = received - base;
  const seconds = (lastAt - t0) / 1000;
  bot.close();

  const f = (x, d = 2) => Number(x).toFixed(d);
  const added50 = pct(busy, 0.5) - pct(idle, 0.5);
  const added99 = pct(busy, 0.99) - pct(idle, 0.99);
  console.log([
    '# gongzhi notify benchmark', '',
    `${new Date().toISOString()} · ${os.cpus().length} cores · SQLite · fake WeCom bot on loopback`, '',
    `Sender throughput: ${drained} of ${MESSAGES} due deliveries drained in ${f(seconds, 2)} s after the clock made them due: **${f(drained / seconds, 0)} messages/s** (one sender thread, one POST and one recorded attempt each).`, '',
    `Latency of POST /api/workorders (writes the order and its notify_event in one transaction), ${REQUESTS} sequential requests each:`, '',
    '| sender | p50 ms | p99 ms |', '|---|---:|---:|',
    `| idle (no bot) | ${f(pct(idle, 0.5), 3)} | ${f(pct(idle, 0.99), 3)} |`,
    `| busy (each report posted to the bot meanwhile) | ${f(pct(busy, 0.5), 3)} | ${f(pct(busy, 0.99), 3)} |`,
    `| added by the sender | ${f(added50, 3)} | ${f(added99, 3)} |`, '',
    `Goal: under 1 ms added at p50: ${added50 < 1 ? 'met' : 'NOT met'}. The request itself only inserts one notify_event row; it never waits for a bot.`,
  ].join('\n'));
}

main().catch((e) => { console.error(e); process.exit(1); });
