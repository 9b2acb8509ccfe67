// 27_pg_round_trips.test.js: what the hot requests cost in database round trips, read from the test
// server's X-Gz-Db-Round-Trips header. On PostgreSQL each round trip is a wait on the network, and
// their number, not the queries' work, bounded the PostgreSQL rows of bench/pg.sh: each bound here is
// what the request costs now, so a change that adds a query per row (a name looked up per event, a
// place's ancestors one by one) fails here. On SQLite the header counts statements run.
// One worker thread, so every request meets the same warm connection (statements prepared once).
'use strict';

const L = require('./lib');
const { test, assert } = L;

/* The most round trips each request may take once its statements are prepared, per backend.
 * PostgreSQL before the round-trip work: 6, 26, 7 and 52; SQLite's statements: 5, 17, 7 and 44. A create
 * costs one more after merging main (a statement main added to creating an order). An order's page
 * lost two more when the principal's org came with the session and the reporter was named in the
 * timeline's batch (11 -> 9 on PostgreSQL, 13 -> 11 on SQLite). */
const BUDGET = {
  pg: { households: 3, order: 9, list: 5, create: 21 },
  sqlite: { households: 5, order: 11, list: 7, create: 20 },
}[L.DB_KIND];

function trips(res, what) {
  L.expectStatus(res, what === 'create' ? 201 : 200, what);
  const h = res.headers.get('x-gz-db-round-trips');
  assert.match(String(h), /^\d+$/, `${what}: the test server reports X-Gz-Db-Round-Trips`);
  return Number(h);
}

test('hot requests stay within their database round-trip budget', async () => {
  const s = await L.startServer({ extraArgs: ['--threads', '1'] });
  const grid = await L.token(s, 'grid8');
  const staff = await L.token(s, 'staff');
  const resident = await L.token(s, 'resident');
  const compound = (await L.compounds(s, 'grid8'))[0].id;
  const order = (await L.get(s, 'staff', '/api/workorders?per_page=1')).json.items[0].id;
  const me = (await L.get(s, 'resident', '/api/me')).json;
  const home = me.roles.find((r) => r.role === 'resident').node_id;
  const requests = {
    households: () => L.api(s, 'GET', `/api/households?compound=${compound}&per_page=20`, { token: grid }),
    order: () => L.api(s, 'GET', `/api/workorders/${order}`, { token: staff }),
    list: () => L.api(s, 'GET', '/api/workorders?per_page=20', { token: staff }),
    create: () => L.api(s, 'POST', '/api/workorders', {
      token: resident,
      body: { category: 'leak', node_id: home, description: '楼道顶上渗水，下雨天更明显' },
    }),
  };
  const seen = {};
  for (const [what, send] of Object.entries(requests)) {
    trips(await send(), what); // the first prepares its statements on the connection
    seen[what] = trips(await send(), what);
  }
  for (const what of Object.keys(requests)) {
    assert.ok(seen[what] > 0, `${what}: counted some round trips (${JSON.stringify(seen)})`);
    assert.ok(seen[what] <= BUDGET[what],
      `${what}: ${seen[what]} round trips on ${L.DB_KIND}, budget ${BUDGET[what]} (all: ${JSON.stringify(seen)})`);
  }
});

test('a server not under test does not report its round trips', async () => {
  const s = await L.startServer({ testClock: false });
  const res = await L.api(s, 'GET', '/api/me');
  assert.equal(res.headers.get('x-gz-db-round-trips'), null);
});
