// 14_stats.test.js: the numbers behind the charts, as JSON, checked against
// another source on the demo with the test clock, and who may read them:
// work orders by week and status and per grid (GET /api/workorders/stats),
// recomputed from the orders themselves (the list and each order's times);
// a vote's progress (/api/votes/{id}/progress) from its /result; a fund's
// months (/api/funds/{id}/monthly) moving by exactly what is posted and with
// the clock, and its arrears by building (/arrears) from its levies'.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const DAY = 86400;
const WEEK = 7 * DAY;
const BUCKET = {
  reported: 0, accepted: 1, dispatched: 1, in_progress: 1, reopened: 1, done: 2, confirmed_by_reporter: 2, closed: 3,
};
const secs = (iso) => Math.floor(Date.parse(iso) / 1000);

/* 00:00 Asia/Shanghai of the Monday of the week holding t (1970-01-01 was a Thursday). */
function weekStart(t) {
  const day = Math.floor((t + 8 * 3600) / DAY);
  const monday = day - ((day + 3) % 7);
  return monday * DAY - 8 * 3600;
}

/* Every order the user's list shows under node, all pages. */
async function allOrders(s, user, node) {
  const out = [];
  let after = 0;
  for (;;) {
    const q = `/api/workorders?node=${node}&per_page=200${after ? `&after=${after}` : ''}`;
    const j = (await L.get(s, user, q)).json;
    out.push(...j.items);
    if (!j.next || j.items.length === 0) break;
    after = j.next;
  }
  return out;
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : Math.floor((v[n / 2 - 1] + v[n / 2]) / 2);
};

test('work-order stats: twelve weeks by status and each grid\'s on-time rate and median equal the orders themselves', async () => {
  const s = await L.sharedServer();
  const now = await L.serverNow(s);
  const st = (await L.get(s, 'staff', '/api/workorders/stats')).json;
  const to = weekStart(now) + WEEK;
  assert.equal(st.to, to, 'the range ends with the week holding the clock');
  assert.equal(st.from, to - 12 * WEEK);
  assert.deepEqual(st.buckets, ['待受理', '处理中', '已办结', '已关闭']);
  assert.deepEqual(st.weeks.map((w) => w.start), Array.from({ length: 12 }, (_, i) => st.from + i * WEEK));

  const orders = (await allOrders(s, 'staff', st.node_id)).filter((o) => {
    const t = secs(o.created_at);
    return t >= st.from && t < st.to && o.state in BUCKET;
  });
  assert.ok(orders.length > 300, 'the demo reports orders every week: ' + orders.length);
  const weeks = Array.from({ length: 12 }, () => [0, 0, 0, 0]);
  for (const o of orders) weeks[Math.floor((secs(o.created_at) - st.from) / WEEK)][BUCKET[o.state]]++;
  assert.deepEqual(st.weeks.map((w) => w.counts), weeks);
  assert.deepEqual(st.weeks.map((w) => w.total), weeks.map((c) => c.reduce((a, b) => a + b, 0)));

  // per grid, from each order's own times
  const grids = new Map();
  for (const o of orders) {
    const d = (await L.get(s, 'staff', `/api/workorders/${o.id}`)).json;
    const g = grids.get(d.grid_id) || { orders: 0, resolved: 0, on_time: 0, minutes: [] };
    g.orders++;
    if (d.done_at) {
      g.resolved++;
      if (secs(d.done_at) <= secs(d.resolve_due)) g.on_time++;
      g.minutes.push(Math.floor((secs(d.done_at) - secs(d.created_at)) / 60));
    }
    grids.set(d.grid_id, g);
  }
  assert.deepEqual(st.grids.map((g) => g.grid_id), [...grids.keys()].sort((a, b) => a - b));
  for (const g of st.grids) {
    const e = grids.get(g.grid_id);
    assert.equal(g.orders, e.orders, g.name);
    assert.equal(g.resolved, e.resolved, g.name);
    assert.equal(g.on_time, e.on_time, g.name);
    assert.equal(g.on_time_permille, Math.floor((e.on_time * 1000 + Math.floor(e.resolved / 2)) / e.resolved), g.name);
    assert.equal(g.median_resolve_minutes, median(e.minutes), g.name);
    assert.match(g.name, /^第\d+网格$/);
  }
});

test('work-order stats: staff of the work-order capability only, each in their own place', async () => {
  const s = await L.sharedServer();
  L.expectError(await L.api(s, 'GET', '/api/workorders/stats', { token: await L.token(s, 'resident') }), 403, 'forbidden');
  L.expectError(await L.api(s, 'GET', '/api/workorders/stats?week=1', { token: await L.token(s, 'staff') }), 400, 'unknown_param', 'week');
  L.expectError(await L.api(s, 'GET', '/api/workorders/stats?node=x', { token: await L.token(s, 'staff') }), 400, 'bad_param', 'node');
  const g8 = (await L.get(s, 'grid8', '/api/workorders/stats')).json;
  assert.equal(g8.grids.length, 1, 'a grid worker sees their grid');
  assert.equal(g8.grids[0].grid_id, g8.node_id);
  const all = (await L.get(s, 'staff', '/api/workorders/stats')).json;
  assert.deepEqual(g8.grids[0], all.grids.find((g) => g.grid_id === g8.node_id), 'the same numbers at either scope');
  const other = all.grids.find((g) => g.grid_id !== g8.node_id);
  const res = await L.api(s, 'GET', `/api/workorders/stats?node=${other.grid_id}`, { token: await L.token(s, 'grid8') });
  assert.equal(res.status, 403, 'another grid is not theirs');
});

/* What /progress must say of a vote, from the figures of its /result. */
function progressFromResult(res) {
  const frac = (num, den) => ({ num, den, permille: den > 0 ? Math.floor((num * 1000) / den) : 0 });
  const three = res.threshold === 'three_quarters';
  return {
    vote_id: res.vote_id,
    matter: res.matter,
    final: res.final,
    threshold: res.threshold,
    participation_area: frac(res.area_participating, res.area_total),
    participation_owners: frac(res.owners_participating, res.owners_total),
    yes_area: frac(res.area_yes, res.area_participating),
    yes_owners: frac(res.owners_yes, res.owners_participating),
    quorum_line: { num: 2, den: 3, permille: 666 },
    pass_line: three ? { num: 3, den: 4, permille: 750, strict: false } : { num: 1, den: 2, permille: 500, strict: true },
    quorum_area: 3 * res.area_participating >= 2 * res.area_total,
    quorum_owners: 3 * res.owners_participating >= 2 * res.owners_total,
    pass_area: three ? 4 * res.area_yes >= 3 * res.area_participating : 2 * res.area_yes > res.area_participating,
    pass_owners: three ? 4 * res.owners_yes >= 3 * res.owners_participating : 2 * res.owners_yes > res.owners_participating,
    passed: res.passed,
  };
}

test('vote progress: an owners\' vote\'s two thresholds by area and by owners, the same figures as its result', async () => {
  const s = await L.sharedServer();
  const votes = (await L.get(s, 'staff', '/api/votes?per_page=100')).json.items;
  const owners = votes.filter((v) => v.kind === 'art278');
  const closed = owners.find((v) => v.status === 'closed');
  const open = owners.find((v) => v.status === 'open');
  for (const v of [closed, open]) {
    const res = (await L.get(s, 'staff', `/api/votes/${v.id}/result`)).json;
    const p = (await L.get(s, 'staff', `/api/votes/${v.id}/progress`)).json;
    assert.deepEqual(p, progressFromResult(res), `vote ${v.id}`);
    assert.equal(p.quorum_area && p.quorum_owners, res.quorum, `vote ${v.id}`);
  }
  assert.equal((await L.get(s, 'staff', `/api/votes/${closed.id}/progress`)).json.passed, true, 'the demo\'s closed owners\' vote passed');
  assert.equal((await L.get(s, 'staff', `/api/votes/${open.id}/progress`)).json.final, false);
});

test('vote progress: a closed vote for every reader, an open one for its organisers only, none for a simple vote', async () => {
  const s = await L.sharedServer();
  const votes = (await L.get(s, 'staff', '/api/votes?per_page=100')).json.items;
  const closed = votes.find((v) => v.kind === 'art278' && v.status === 'closed');
  const open = votes.find((v) => v.kind === 'art278' && v.status === 'open');
  const simple = votes.find((v) => v.kind === 'simple');
  const resident = await L.token(s, 'resident');
  const mine = await L.api(s, 'GET', `/api/votes/${closed.id}/progress`, { token: resident });
  L.expectStatus(mine, 200, 'a resident reads a closed vote\'s progress');
  assert.deepEqual(mine.json, (await L.get(s, 'staff', `/api/votes/${closed.id}/progress`)).json);
  // as /result answers: no early count for voters
  L.expectError(await L.api(s, 'GET', `/api/votes/${open.id}/progress`, { token: resident }), 409, 'vote_open');
  L.expectError(await L.api(s, 'GET', `/api/votes/${simple.id}/progress`, { token: await L.token(s, 'staff') }), 404, 'not_found');
  L.expectError(await L.api(s, 'GET', '/api/votes/999999/progress', { token: await L.token(s, 'staff') }), 404, 'not_found');
});

/* "YYYY-MM" of the Shanghai month holding t, and of the months before it. */
const monthText = (t) => L.shanghaiText(t).slice(0, 7);
function monthsEnding(t, n) {
  let [y, m] = monthText(t).split('-').map(Number);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) { m = 12; y--; }
  }
  return out;
}

test('fund charts: money in and out by month moves by exactly what is posted, and the months follow the clock', async () => {
  const s = await L.startServer();
  const F = require('./funds_lib');
  const keys = await L.apiTokens(s, 'finance', 'resident', 'admin');
  const get = async (user, p) => { const r = await L.api(s, 'GET', p, { token: keys[user] }); L.expectStatus(r, 200, p); return r.json; };
  const f = await F.pilotFunds(s);
  const id = f.renovation.id;
  const m0 = await get('resident', `/api/funds/${id}/monthly`);
  const now = await L.serverNow(s);
  assert.deepEqual(m0.months.map((m) => m.month), monthsEnding(now, 12));
  assert.deepEqual(m0.months.map((m) => m.start), m0.months.map((m) => secs(`${m.month}-01T00:00:00+08:00`)));
  const res = await L.api(s, 'POST', `/api/funds/${id}/income`, { token: keys.finance, body: { kind: 'partner', counterparty: '图表测试公司',
    amount: 123456, purpose: '充电桩投资', facility: '充电桩 4 个', revenue_share_bp: 500, term_years: 3 } });
  L.expectStatus(res, 201, 'income');
  const m1 = await get('resident', `/api/funds/${id}/monthly`);
  assert.deepEqual(m1.months.slice(0, 11), m0.months.slice(0, 11), 'earlier months unchanged');
  assert.equal(m1.months[11].in, m0.months[11].in + 123456);
  assert.equal(m1.months[11].out, m0.months[11].out);
  L.expectStatus(await L.api(s, 'POST', '/api/debug/clock', { token: keys.admin, body: { shift_seconds: 31 * DAY } }), 200, 'clock');
  const m2 = await get('resident', `/api/funds/${id}/monthly`);
  assert.deepEqual(m2.months.map((m) => m.month), monthsEnding(now + 31 * DAY, 12));
  assert.deepEqual(m2.months.slice(0, 11), m1.months.slice(1), 'a month on, the months move along by one');
  await F.ledgerOk(s, 'fund charts');
  await L.stopServer(s);
});

test('fund charts: arrears by building are the levies\' arrears summed, for those who may read the levies', async () => {
  const s = await L.startServer();
  const F = require('./funds_lib');
  const keys = await L.apiTokens(s, 'finance', 'resident');
  const get = async (p) => { const r = await L.api(s, 'GET', p, { token: keys.finance }); L.expectStatus(r, 200, p); return r.json; };
  const f = await F.pilotFunds(s);
  const id = f.maintenance.id;
  const expected = new Map();
  for (const lv of (await get(`/api/levies?fund=${id}`)).items) {
    for (const b of (await get(`/api/levies/${lv.id}`)).buildings) {
      if (!b.in_arrears) continue;
      const e = expected.get(b.building_id) || { building_id: b.building_id, name: b.name, households: 0, outstanding: 0 };
      e.households += b.in_arrears;
      e.outstanding += b.outstanding;
      expected.set(b.building_id, e);
    }
  }
  const a0 = await get(`/api/funds/${id}/arrears`);
  assert.ok(a0.buildings.length > 0, 'the demo levy has arrears');
  assert.deepEqual(a0.buildings, [...expected.values()].sort((x, y) => x.building_id - y.building_id));
  // a part payment lowers its building's figure by exactly that much
  const levy = (await get(`/api/levies?fund=${id}`)).items[0];
  const owed = (await get(`/api/levies/${levy.id}`)).arrears[0];
  L.expectStatus(await L.api(s, 'POST', `/api/levies/${levy.id}/payments`, { token: keys.finance,
    body: { household_id: owed.household_id, amount: 100, method: 'cash' } }), 201, 'part payment');
  const a1 = await get(`/api/funds/${id}/arrears`);
  const changed = a1.buildings.filter((b, i) => b.outstanding !== a0.buildings[i].outstanding);
  assert.equal(changed.length, 1);
  assert.equal(changed[0].outstanding, a0.buildings.find((b) => b.building_id === changed[0].building_id).outstanding - 100);
  assert.deepEqual(a1.buildings.map((b) => b.households), a0.buildings.map((b) => b.households));
  L.expectError(await L.api(s, 'GET', `/api/funds/${id}/arrears`, { token: keys.resident }), 403, 'forbidden');
  await F.ledgerOk(s, 'arrears');
  await L.stopServer(s);
});
