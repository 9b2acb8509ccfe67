// 23_workorders_privacy.test.js: what a work-order request names is checked as a read (an order, a place
// or an organisation out of the caller's scope is answered exactly as one that does not exist), and phone
// and ID numbers typed into an order's text are masked for everyone outside the order's grid: in the API,
// the lists, the pages and the public Open311 feed, which names the compound, never the door.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';

let server = null;
/* One server for this file: the tests add orders. */
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

async function report(s, user, body) {
  const res = await call(s, user, 'POST', '/api/workorders', body);
  L.expectStatus(res, 201, `report as ${user}`);
  return res.json;
}

async function pilotBuilding(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const b = (node.children || []).find((k) => k.kind === 'building');
  assert.ok(b, 'the pilot compound has buildings');
  return { compound: c, building: b };
}

/* A compound of another grid (resident_other's), outside grid8's scope. */
async function otherCompound(s) {
  const c = (await L.compounds(s, 'resident_other'))[0];
  const mine = new Set((await L.compounds(s, 'grid8')).map((x) => x.id));
  assert.ok(!mine.has(c.id), 'resident_other lives outside grid 8');
  return c;
}

/* One SQL query's first column on the test database (both backends). */
function sqlValues(db, sql) {
  const out = db.sqlitePath ? L.mustRun('sqlite3', [db.sqlitePath, sql]).stdout
    : L.mustRun('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', db.url, '-c', sql]).stdout;
  return out.split('\n').map((x) => x.trim()).filter(Boolean);
}

/* The error of a 404 without what differs by design (the field named). */
function errorBody(res) {
  const e = res.json.error;
  return { status: res.status, code: e.code, message: e.message, message_zh: e.message_zh };
}

test('a grid worker merging into another grid\'s order gets the 404 of reading it, and nothing changes', async () => {
  const s = await srv();
  const { building } = await pilotBuilding(s);
  const other = await otherCompound(s);
  const mine = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '楼道渗水（合并测试）' });
  const theirs = await report(s, 'resident_other', { category: 'leak', node_id: other.id, description: '别的网格的渗水' });
  const merge = await call(s, 'grid8', 'POST', `/api/workorders/${mine.id}/transition`, { action: 'merge', merge_into: theirs.id });
  L.expectError(merge, 404, 'not_found', 'merge_into');
  const read = await call(s, 'grid8', 'GET', `/api/workorders/${theirs.id}`);
  L.expectError(read, 404, 'not_found');
  assert.deepEqual(errorBody(merge), errorBody(read), 'merging into it answers exactly as reading it');
  const missing = await call(s, 'grid8', 'GET', '/api/workorders/99999999');
  assert.deepEqual(errorBody(read), errorBody(missing), 'an unreadable order reads as one that does not exist');
  const ghost = await call(s, 'grid8', 'POST', `/api/workorders/${mine.id}/transition`, { action: 'merge', merge_into: 99999999 });
  assert.deepEqual(merge.json, ghost.json, 'the same answer as for an order that does not exist');

  assert.equal((await L.get(s, 'grid8', `/api/workorders/${mine.id}`)).json.state, 'reported', 'the order was not merged');
  const t = (await L.get(s, 'staff', `/api/workorders/${theirs.id}`)).json;
  assert.ok(!t.timeline.some((e) => e.kind === 'merged_from'), 'the other order\'s timeline is untouched');

  // within the grid worker's own grid the merge works
  const dup = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '同一处渗水' });
  const ok = await call(s, 'grid8', 'POST', `/api/workorders/${dup.id}/transition`, { action: 'merge', merge_into: mine.id });
  L.expectStatus(ok, 200, 'merge inside the grid');
  assert.equal(ok.json.state, 'merged');
  assert.equal(ok.json.merged_into, mine.id);
});

test('a place out of the reporter\'s sight and an organisation not offered are answered as ones that do not exist', async () => {
  const s = await srv();
  const { building } = await pilotBuilding(s);
  const other = await otherCompound(s);
  const far = await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: other.id, description: '别的院落' });
  L.expectError(far, 404, 'not_found', 'node_id');
  const none = await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: 99999999, description: '没有的地点' });
  assert.deepEqual(far.json, none.json, 'the same answer as for a place that does not exist');

  const o = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '派单测试' });
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'accept' }), 200, 'accept');
  const offered = (await L.get(s, 'grid8', `/api/workorders/orgs?order=${o.id}`)).json.items.map((x) => x.id);
  assert.ok(offered.length > 0, 'some organisations are offered');
  const notOffered = sqlValues(s.db, `SELECT id FROM org WHERE id NOT IN (${offered.join(',')}) ORDER BY id`).map(Number);
  assert.ok(notOffered.length > 0, 'the demo has organisations this order is not offered to');
  const refused = await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'dispatch', org_ids: [notOffered[0]] });
  L.expectError(refused, 404, 'not_found', 'org_ids');
  const ghost = await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'dispatch', org_ids: [99999999] });
  assert.deepEqual(refused.json, ghost.json, 'the same answer as for an organisation that does not exist');
  assert.equal((await L.get(s, 'grid8', `/api/workorders/${o.id}`)).json.state, 'accepted', 'nothing was dispatched');
});

test('phone and ID numbers typed into an order are masked for the street office and the auditor, as typed inside the grid', async () => {
  const s = await srv();
  const { compound, building } = await pilotBuilding(s);
  const o = await report(s, 'resident', {
    category: 'leak', node_id: building.id,
    description: '水管爆裂，请打13812341234，身份证11010519491231002X', place_text: '3单元 13900001111',
  });
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/comments`, { text: '已电话联系 137 0000 2222' }), 201, 'comment');

  for (const who of ['street', 'auditor']) {
    const j = (await L.get(s, who, `/api/workorders/${o.id}`)).json;
    assert.equal(j.description, '水管爆裂，请打138****1234，身份证110105********002X', `${who}: the description`);
    assert.equal(j.place.text, '3单元 139****1111', `${who}: the place`);
    assert.equal(j.timeline.find((e) => e.kind === 'comment').note, '已电话联系 137 **** 2222', `${who}: the comment`);
    assert.ok(!L.strings(j).some((x) => L.FULL_PHONE.test(x) || L.FULL_ID.test(x)), `${who}: no full number anywhere`);
  }
  const list = (await L.get(s, 'street', `/api/workorders?compound=${compound.id}&per_page=100`)).json.items;
  assert.equal(list.find((x) => x.id === o.id).description, '水管爆裂，请打138****1234，身份证110105********002X', 'the list too');
  const page = await call(s, 'auditor', 'GET', `/workorders/${o.id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('138****1234') && page.text.includes('137 **** 2222'), 'the page shows the masked numbers');
  assert.ok(!page.text.includes('13812341234') && !page.text.includes('11010519491231002X') && !page.text.includes('0000 2222'),
    'the page shows no full number');

  for (const who of ['grid8', 'staff', 'resident']) {
    const j = (await L.get(s, who, `/api/workorders/${o.id}`)).json;
    assert.equal(j.description, '水管爆裂，请打13812341234，身份证11010519491231002X', `${who} sees the text as typed`);
    assert.equal(j.timeline.find((e) => e.kind === 'comment').note, '已电话联系 137 0000 2222', `${who}: the comment`);
  }
});

test('the public Open311 feed names the compound, never the building or door, with coordinates rounded to about 100 m', async () => {
  const s = await srv();
  const { compound, building } = await pilotBuilding(s);
  const o = await report(s, 'resident', {
    category: 'leak', node_id: building.id, description: '漏水，电话 138-1234-5678', lat_e6: 30657123, lon_e6: 104080456,
  });
  const r = JSON.parse((await L.api(s, 'GET', `/open311/v2/requests/${o.id}.json`)).text)[0];
  assert.equal(r.address, compound.name, 'the compound only');
  assert.ok(!r.address.includes(building.name), 'no building');
  assert.equal(r.lat, 30.657);
  assert.equal(r.long, 104.08);
  assert.equal(r.description, '漏水，电话 138-****-5678');
});
