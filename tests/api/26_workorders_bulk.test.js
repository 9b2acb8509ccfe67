// 26_workorders_bulk.test.js: bulk actions on work orders (POST /api/workorders/bulk and the list
// page's confirmation form): each order goes through the model as if done one by one, in one
// request, and the answer says per order what happened; an order refused halfway is left exactly as
// it was. Also the list page's filters: counts as the API's, and a text search that cannot match a
// masked number.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

const PILOT = '学道苑·东南里7号';

async function building(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const b = (node.children || node.items || []).find((k) => k.kind === 'building');
  assert.ok(b, 'the pilot compound has a building');
  return b;
}

async function report(s, user, body) {
  const res = await call(s, user, 'POST', '/api/workorders', body);
  L.expectStatus(res, 201, `report as ${user}`);
  return res.json;
}

async function contractor(s, orderId) {
  const list = (await L.get(s, 'grid8', `/api/workorders/orgs?order=${orderId}`)).json.items;
  const o = list.find((x) => /蓉城建设/.test(x.name));
  assert.ok(o, 'the contractor is offered');
  return o;
}

test('bulk assign: new reports are accepted and dispatched, each order answered on its own', async () => {
  const s = await srv();
  const b = await building(s);
  const a1 = await report(s, 'resident', { category: 'leak', node_id: b.id, description: '批量一' });
  const a2 = await report(s, 'resident', { category: 'drain', node_id: b.id, description: '批量二' });
  const other = (await L.compounds(s, 'resident_other'))[0];
  const far = await report(s, 'resident_other', { category: 'leak', node_id: other.id, description: '别的网格' });
  const con = await contractor(s, a1.id);
  const res = await call(s, 'grid8', 'POST', '/api/workorders/bulk', { action: 'assign', ids: [a1.id, a2.id, far.id], org_id: con.id });
  L.expectStatus(res, 200, 'bulk assign');
  assert.equal(res.json.done, 2);
  assert.equal(res.json.failed, 1);
  assert.deepEqual(res.json.items.map((x) => [x.id, x.ok]), [[a1.id, true], [a2.id, true], [far.id, false]]);
  assert.equal(res.json.items[0].state, 'dispatched');
  assert.equal(res.json.items[2].error.code, 'not_found', 'an order of another grid is answered as one that does not exist');
  for (const id of [a1.id, a2.id]) {
    const o = (await L.get(s, 'grid8', `/api/workorders/${id}`)).json;
    assert.equal(o.state, 'dispatched');
    assert.deepEqual(o.timeline.map((e) => e.kind), ['report', 'accept', 'dispatch'], 'accepted, then dispatched, as one by one');
  }
  assert.equal((await L.get(s, 'resident_other', `/api/workorders/${far.id}`)).json.state, 'reported', 'the other grid\'s order is untouched');
});

test('bulk: an order refused halfway is rolled back to what it was, the others go on', async () => {
  const s = await srv();
  const b = await building(s);
  const o1 = await report(s, 'resident', { category: 'leak', node_id: b.id, description: '半途一' });
  const o2 = await report(s, 'resident', { category: 'leak', node_id: b.id, description: '半途二' });
  // an org nobody may dispatch to: the accept of each new report succeeds, then the dispatch is refused
  const res = await call(s, 'grid8', 'POST', '/api/workorders/bulk', { action: 'assign', ids: [o1.id, o2.id], org_id: 99999999 });
  L.expectStatus(res, 200, 'bulk assign to an unknown org');
  assert.equal(res.json.done, 0);
  assert.deepEqual(res.json.items.map((x) => x.error.code), ['not_found', 'not_found']);
  for (const id of [o1.id, o2.id]) {
    const o = (await L.get(s, 'grid8', `/api/workorders/${id}`)).json;
    assert.equal(o.state, 'reported', 'the accept of a refused order is undone too');
    assert.deepEqual(o.timeline.map((e) => e.kind), ['report']);
  }
});

test('bulk close needs a reason and closes only what may be closed; merge joins the others into the target', async () => {
  const s = await srv();
  const b = await building(s);
  const t = await report(s, 'resident', { category: 'noise', node_id: b.id, description: '合并目标' });
  const d1 = await report(s, 'resident', { category: 'noise', node_id: b.id, description: '重复一' });
  const d2 = await report(s, 'resident', { category: 'noise', node_id: b.id, description: '重复二' });
  L.expectError(await call(s, 'grid8', 'POST', '/api/workorders/bulk', { action: 'close', ids: [d1.id] }), 400, 'missing_field', 'note');
  const closed = await call(s, 'grid8', 'POST', '/api/workorders/bulk', { action: 'close', ids: [d1.id], note: '重复报事' });
  L.expectStatus(closed, 200, 'bulk close');
  assert.equal(closed.json.items[0].ok, false, 'a new report is not closed by staff');
  assert.equal(closed.json.items[0].error.code, 'bad_transition');
  const merged = await call(s, 'grid8', 'POST', '/api/workorders/bulk', { action: 'merge', ids: [t.id, d1.id, d2.id], merge_into: t.id });
  L.expectStatus(merged, 200, 'bulk merge');
  assert.equal(merged.json.done, 3);
  assert.equal(merged.json.items[0].target, true);
  assert.deepEqual(merged.json.items.slice(1).map((x) => x.state), ['merged', 'merged']);
  assert.equal((await L.get(s, 'grid8', `/api/workorders/${d2.id}`)).json.state, 'merged');
  assert.equal((await L.get(s, 'grid8', `/api/workorders/${t.id}`)).json.state, 'reported', 'the target stays as it was');
});

test('bulk: bad input is a 400 with a stable code, a resident is refused, nothing is written', async () => {
  const s = await srv();
  const b = await building(s);
  const o = await report(s, 'resident', { category: 'leak', node_id: b.id, description: '输入检查' });
  const con = await contractor(s, o.id);
  const bulk = (body, user = 'grid8') => call(s, user, 'POST', '/api/workorders/bulk', body);
  L.expectError(await bulk({ action: 'assign', org_id: con.id }), 400, 'missing_field', 'ids');
  L.expectError(await bulk({ action: 'assign', ids: 'x', org_id: con.id }), 400, 'bad_type', 'ids');
  L.expectError(await bulk({ action: 'assign', ids: [], org_id: con.id }), 400, 'bad_type', 'ids');
  L.expectError(await bulk({ action: 'assign', ids: [o.id, 'y'], org_id: con.id }), 400, 'bad_type', 'ids');
  L.expectError(await bulk({ action: 'assign', ids: [o.id, o.id], org_id: con.id }), 400, 'bad_value', 'ids');
  L.expectError(await bulk({ action: 'assign', ids: Array.from({ length: 101 }, (_, i) => i + 1), org_id: con.id }), 400, 'bad_type', 'ids');
  L.expectError(await bulk({ action: 'fly', ids: [o.id] }), 400, 'bad_value', 'action');
  L.expectError(await bulk({ action: 'assign', ids: [o.id] }), 400, 'missing_field', 'org');
  L.expectError(await bulk({ action: 'merge', ids: [o.id] }), 400, 'missing_field', 'merge_into');
  L.expectError(await bulk({ action: 'assign', ids: [o.id], org_id: con.id, colour: 'red' }), 400, 'unknown_field', 'colour');
  L.expectError(await bulk({ action: 'assign', ids: [o.id], org_id: con.id }, 'resident'), 403, 'forbidden');
  assert.equal((await L.get(s, 'grid8', `/api/workorders/${o.id}`)).json.state, 'reported');
});

test('the list page: its count is the API\'s for the same filters, the next page keeps them, digits are not searchable', async () => {
  const s = await srv();
  const page = async (user, p) => L.api(s, 'GET', p, { token: await L.token(s, user) });
  const grid = (await L.get(s, 'grid8', '/api/workorders?per_page=1')).json.items[0].grid_id;
  const api = (await L.get(s, 'grid8', `/api/workorders?grid=${grid}&status=all`)).json;
  let res = await page('grid8', `/workorders?grid=${grid}&status=all`);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes(`共 <strong>${api.total}</strong> 张`), 'the page counts what the API counts: ' + api.total);
  const next = res.text.match(/rel="next" href="([^"]+)"/);
  assert.ok(next, 'a next page link');
  assert.equal(next[1].replace(/&amp;/g, '&'), `/workorders?status=all&grid=${grid}&after=${api.items[19].id}`, 'the filters and the cursor');
  const open = (await L.get(s, 'grid8', `/api/workorders?grid=${grid}&overdue=1&status=open`)).json.total;
  res = await page('grid8', `/workorders?grid=${grid}&overdue=1`);
  assert.ok(res.text.includes(`共 <strong>${open}</strong> 张`), 'overdue and open: ' + open);
  res = await page('grid8', '/workorders?q=%231380000');
  assert.equal(res.status, 303, 'an order number opens the order');
  assert.equal(res.headers.get('location'), '/workorders/1380000');
  assert.equal((await page('grid8', '/workorders?q=%E7%94%B5%E8%AF%9D138')).status, 400, 'a text with digits is refused');
  assert.equal((await page('grid8', '/workorders?status=later')).status, 400);
  assert.equal((await page('grid8', '/workorders?from=2026-13-01')).status, 400);
  assert.equal((await page('grid8', '/workorders?grid=999999')).status, 404, 'a grid out of sight is not found');
});

test('the list page\'s bulk form asks first (nothing written), then does it and reports per order', async () => {
  const s = await srv();
  const b = await building(s);
  const o = await report(s, 'resident', { category: 'leak', node_id: b.id, description: '页面批量' });
  const con = await contractor(s, o.id);
  const tok = await L.token(s, 'grid8');
  const post = (form) => L.api(s, 'POST', '/workorders/bulk', {
    token: tok, rawBody: new URLSearchParams(form).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  let res = await post([['id', String(o.id)], ['bulk', 'assign'], ['org', String(con.id)], ['back', 'overdue=1']]);
  assert.equal(res.status, 200);
  assert.match(res.text, /确认批量处理/);
  assert.match(res.text, /name="confirm" value="1"/);
  assert.equal((await L.get(s, 'grid8', `/api/workorders/${o.id}`)).json.state, 'reported', 'the confirmation writes nothing');
  res = await post([['id', String(o.id)], ['bulk', 'assign'], ['org', String(con.id)], ['back', 'overdue=1'], ['confirm', '1']]);
  assert.equal(res.status, 200);
  assert.match(res.text, new RegExp(`<tr data-order="${o.id}" data-ok="1">`));
  assert.match(res.text, /href="\/workorders\?overdue=1"/, 'back to the same filtered list');
  assert.equal((await L.get(s, 'grid8', `/api/workorders/${o.id}`)).json.state, 'dispatched');
  assert.equal((await post([['bulk', 'assign'], ['org', String(con.id)]])).status, 400, 'nothing ticked');
});

/* The files of a zip (an XLSX) by name, inflated, read through its central directory. */
function unzip(buf) {
  const zlib = require('node:zlib');
  const files = {};
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  const n = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    p += 46 + nameLen + extra + comment;
  }
  return files;
}

test('the list exports its filtered rows to XLSX: as many as the list counts, for staff only', async () => {
  const s = await srv();
  const grid = (await L.get(s, 'grid8', '/api/workorders?per_page=1')).json.items[0].grid_id;
  const total = (await L.get(s, 'grid8', `/api/workorders?grid=${grid}&status=all&category=leak`)).json.total;
  const res = await L.api(s, 'GET', `/workorders/export.xlsx?grid=${grid}&status=all&category=leak`, { token: await L.token(s, 'grid8') });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition'), /attachment; filename="workorders\.xlsx"/);
  const sheet = unzip(res.buf)['xl/worksheets/sheet1.xml'];
  assert.equal((sheet.match(/<row /g) || []).length, total + 1, `a header and ${total} rows`);
  assert.equal((await L.api(s, 'GET', '/workorders/export.xlsx', { token: await L.token(s, 'resident') })).status, 403);
  assert.equal((await L.api(s, 'GET', '/workorders/export.xlsx?q=138', { token: await L.token(s, 'grid8') })).status, 400,
    'digits are never searched, in the export either');
});

test('dispatching offers the usual organisation first and ticked, the rest grouped by type', async () => {
  const s = await srv();
  const b = await building(s);
  const o = await report(s, 'resident', { category: 'leak', node_id: b.id, description: '派单顺序' });
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'accept' }), 200, 'accept');
  const con = await contractor(s, o.id);
  const res = await L.api(s, 'GET', `/workorders/${o.id}`, { token: await L.token(s, 'grid8') });
  assert.equal(res.status, 200);
  const first = res.text.match(/<input type="checkbox" name="org" value="(\d+)"( checked)?>/);
  assert.equal(Number(first[1]), con.id, 'the contractor, which led the most leaks in this grid, comes first');
  assert.equal(first[2], ' checked', 'and is ticked');
  assert.match(res.text, /<details class="org-kind" data-kind="department"/, 'the departments are grouped');
  const offered = (await L.get(s, 'grid8', `/api/workorders/orgs?order=${o.id}`)).json.items.length;
  assert.equal((res.text.match(/name="org" value=/g) || []).length, offered, 'every org offered once');
});
