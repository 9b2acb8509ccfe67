// 23_workorders_privacy.test.js: phone and ID numbers typed into an order's text are masked for everyone
// outside the order's grid: in the API, the lists, the pages and the public Open311 feed, which names the
// compound, never the door.
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
