// 90_ops.test.js: what an operator sees: the health check, the Prometheus metrics behind their token, and
// one leader for the timers among several servers on one PostgreSQL database, handed over when it dies.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const TOKEN = 'metrics-0123456789abcdef';

async function health(srv) {
  const res = await L.api(srv, 'GET', '/api/health');
  L.expectStatus(res, 200, 'health');
  return res.json;
}

/* Waits until the server's health reports leader === want (the timers' thread decides at each round). */
async function leaderBecomes(srv, want, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const h = await health(srv);
    if (h.leader === want) return h;
    if (Date.now() > deadline) throw new Error(`leader stayed ${h.leader} for ${ms} ms on port ${srv.port}`);
    await L.sleep(100);
  }
}

test('the health check proves the database answers and names the schema and the leader', async () => {
  const srv = await L.sharedServer();
  const h = await leaderBecomes(srv, true);
  assert.strictEqual(h.ok, true);
  assert.strictEqual(h.schema, h.schema_latest);
  assert.match(h.version, /^\d+\.\d+\.\d+$/);
});

test('metrics are off (404) until a token is configured', async () => {
  const srv = await L.sharedServer();
  const res = await L.api(srv, 'GET', '/metrics', { token: TOKEN });
  L.expectStatus(res, 404);
});

test('metrics need their bearer token and count requests and latencies per route; the token is never logged', async () => {
  const srv = await L.startServer({ extraArgs: ['--metrics-token', TOKEN] });
  L.expectError(await L.api(srv, 'GET', '/metrics'), 401, 'login_required');
  L.expectError(await L.api(srv, 'GET', '/metrics', { token: TOKEN.replace(/f$/, 'e') }), 401, 'login_required');
  L.expectError(await L.api(srv, 'GET', '/metrics', { token: TOKEN + 'f' }), 401, 'login_required');
  for (let i = 0; i < 7; i++) await health(srv);
  L.expectStatus(await L.api(srv, 'GET', '/api/no/such/route'), 404);
  await leaderBecomes(srv, true);
  const before = await L.api(srv, 'GET', '/metrics', { token: TOKEN });
  L.expectStatus(before, 200);
  assert.match(before.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = before.text;
  const healthCount = Number((text.match(/^gz_http_requests_total\{method="GET",route="\/api\/health",status="2xx"\} (\d+)$/m) || [])[1]);
  assert.ok(healthCount >= 8, `health counted ${healthCount} times: ${text.slice(0, 400)}`);
  const inf = Number((text.match(/^gz_http_request_seconds_bucket\{method="GET",route="\/api\/health",le="\+Inf"\} (\d+)$/m) || [])[1]);
  assert.strictEqual(inf, healthCount);
  assert.match(text, /^gz_http_requests_total\{method="",route="\(none\)",status="4xx"\} 1$/m);
  assert.match(text, /^gz_leader 1$/m);
  assert.match(text, /^gz_schema_version \d+$/m);
  await L.stopServer(srv);
  assert.ok(!L.readLog(srv).includes(TOKEN), 'the token appears in the server log');
});

/* A gauge's value in a Prometheus text page (NaN when missing). */
function gauge(text, name) {
  const re = new RegExp('^' + name.replace(/[{}"=]/g, (c) => '\\' + c) + ' (\\d+)$', 'm');
  const m = re.exec(text);
  return m ? Number(m[1]) : NaN;
}

test('metrics: the outbox backlog and the overdue work orders, hazards and defects are gauges that follow the data', async () => {
  const srv = await L.startServer({ extraArgs: ['--metrics-token', TOKEN, '--jobs-period', '1'] });
  const scrape = async () => {
    const res = await L.api(srv, 'GET', '/metrics', { token: TOKEN });
    L.expectStatus(res, 200, 'metrics');
    return res.text;
  };
  const keys = await L.apiTokens(srv, 'admin', 'staff', 'resident', 'street');
  const call = (user, method, p, body) => L.api(srv, method, p, { token: keys[user], body });
  const first = await scrape();
  for (const g of ['gz_notify_events_queued', 'gz_outbox_messages{state="pending"}', 'gz_outbox_messages{state="failed"}',
    'gz_overdue{kind="workorder"}', 'gz_overdue{kind="hazard"}', 'gz_overdue{kind="project_defect"}']) {
    assert.ok(Number.isInteger(gauge(first, g)), `${g} is in the page: ${first.slice(-900)}`);
  }
  assert.match(first, /^# TYPE gz_overdue gauge$/m);
  // overdue work orders: the gauge is the count of the street office's overdue list (the whole installation)
  const overdueTotal = async () => (await call('street', 'GET', '/api/workorders?overdue=1&status=open&per_page=1')).json.total;
  assert.equal(gauge(first, 'gz_overdue{kind="workorder"}'), await overdueTotal(), 'the overdue gauge is the list\'s count');
  const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const node = (await call('staff', 'GET', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  // a bot nobody answers (a closed port): its messages wait in the outbox, retried
  const dead = await L.freePort();
  L.expectStatus(await call('staff', 'POST', '/api/channels', { platform: 'wecom', node_id: c.id, name: '无人应答群',
    url: `http://127.0.0.1:${dead}/cgi-bin/webhook/send?key=x`, types: 'workorder.reported' }), 201, 'channel');
  const o = await call('resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: '监控测试的漏水' });
  L.expectStatus(o, 201, 'report');
  let text = '';
  const deadline = Date.now() + 15000;
  do {
    await L.sleep(200);
    text = await scrape();
  } while (gauge(text, 'gz_outbox_messages{state="pending"}') < 1 && Date.now() < deadline);
  const pendingApi = (await call('admin', 'GET', '/api/outbox?state=pending')).json.items.length;
  assert.equal(gauge(text, 'gz_outbox_messages{state="pending"}'), pendingApi, 'the pending gauge counts the outbox');
  assert.equal(gauge(text, 'gz_notify_events_queued'), 0, 'every event fanned out: ' + text.slice(-700));
  L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock');
  L.expectStatus(await call('staff', 'POST', '/api/workorders/sweep'), 200, 'sweep');
  const after = await scrape();
  const total = await overdueTotal();
  assert.ok(total > gauge(first, 'gz_overdue{kind="workorder"}'), 'a day later more orders are overdue');
  assert.equal(gauge(after, 'gz_overdue{kind="workorder"}'), total);
  await L.stopServer(srv);
});

test('a metrics token shorter than 16 characters is refused at start-up, naming the key', async () => {
  const db = L.pristineDb();
  const port = await L.freePort();
  const res = L.run(L.GZ_BIN, ['serve', '--db', db.url, '--key-file', db.key, '--listen', `127.0.0.1:${port}`,
    '--metrics-token', 'short'], { timeout: 15000 });
  assert.notStrictEqual(res.status, 0);
  assert.match(res.stderr + res.stdout, /metrics_token/);
});

if (L.DB_KIND === 'pg') {
  test('two servers on one PostgreSQL database: exactly one leads the timers; when it dies the other takes over', async () => {
    const db = L.pristineDb();
    const a = await L.startServer({ db, extraArgs: ['--jobs-period', '1'] });
    await leaderBecomes(a, true);
    const b = await L.startServer({ db, extraArgs: ['--jobs-period', '1'] });
    await L.sleep(2500); // two rounds of b's timers
    assert.strictEqual((await health(b)).leader, false);
    assert.strictEqual((await health(a)).leader, true);
    await L.killServer(a); // as a power cut: PostgreSQL ends its session and frees the lock
    await leaderBecomes(b, true, 20000);
    const c = await L.startServer({ db, extraArgs: ['--jobs-period', '1'] });
    await L.sleep(2500);
    assert.strictEqual((await health(c)).leader, false);
    await L.stopServer(c);
    await L.stopServer(b);
  });
} else {
  test('SQLite: the one server on its database file leads the timers from its first round', async () => {
    const srv = await L.startServer({ extraArgs: ['--jobs-period', '1'] });
    await leaderBecomes(srv, true, 5000);
    await L.stopServer(srv);
  });
}
