// 20_workorders.test.js: work orders through the native API: the closed loop from a resident's report
// to a confirmed fix, every transition by its role and refused for the others, bad input changing
// nothing, photos checked by content, SLA policies with a working calendar, escalation after a clock
// jump, metrics from the demo year, and the compound's public page without personal data.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
/* One server for this file, with a test clock so deadlines can pass. */
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

const PILOT = '学道苑·东南里7号';

async function pilot(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const kids = node.children || node.items || [];
  const building = kids.find((k) => k.kind === 'building');
  assert.ok(building, 'the pilot compound has buildings: ' + JSON.stringify(node).slice(0, 300));
  return { compound: c, building };
}

async function report(s, user, body) {
  const res = await call(s, user, 'POST', '/api/workorders', body);
  L.expectStatus(res, 201, `report as ${user}`);
  return res.json;
}

async function act(s, user, id, body, status = 200) {
  const res = await call(s, user, 'POST', `/api/workorders/${id}/transition`, body);
  L.expectStatus(res, status, `${body.action} as ${user}`);
  return res;
}

async function orgByName(s, orderId, re) {
  const list = (await L.get(s, 'grid8', `/api/workorders/orgs?order=${orderId}`)).json.items;
  const o = list.find((x) => re.test(x.name));
  assert.ok(o, `an org matching ${re} among ${list.map((x) => x.name).join(', ')}`);
  return o;
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0 a tiny test photo')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really')]);

test('a resident reports a leak in their compound with the SLA deadlines stored, and sees it in their own list', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '楼道顶上渗水', place_text: '3单元二楼' });
  assert.equal(o.state, 'reported');
  assert.equal(o.category.code, 'leak');
  assert.equal(o.compound.id, compound.id);
  assert.equal(o.place.node_id, building.id);
  assert.equal(o.timeline.length, 1);
  assert.equal(o.timeline[0].kind, 'report');
  const created = Date.parse(o.created_at);
  assert.equal(Date.parse(o.response_due) - created, 24 * 3600 * 1000, 'response within 24 h by default');
  assert.equal(Date.parse(o.resolve_due) - created, 7 * 24 * 3600 * 1000, 'resolution within 7 days by default');
  assert.match(o.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.match(o.reporter.name_masked, /^.\*\*$/, 'the reporter is shown masked: ' + o.reporter.name_masked);
  const mine = (await L.get(s, 'resident', '/api/workorders?mine=1')).json;
  assert.equal(mine.scope, 'mine');
  assert.ok(mine.items.some((x) => x.id === o.id), 'the new order is in my list');
  const again = (await L.get(s, 'resident', `/api/workorders/${o.id}`)).json;
  assert.equal(again.response_due, o.response_due, 'the deadline is stored, not recomputed');
});

test('the closed loop: the grid worker accepts and dispatches, the contractor finishes, the resident confirms with 5 stars', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'streetlight', node_id: building.id, description: '楼道灯不亮' });
  // the contractor sees nothing before the dispatch
  L.expectError(await call(s, 'contractor', 'GET', `/api/workorders/${o.id}`), 404, 'not_found');
  let res = await act(s, 'grid8', o.id, { action: 'accept', class: 'routine' });
  assert.equal(res.json.state, 'accepted');
  assert.ok(res.json.accepted_at);
  const contractor = await orgByName(s, o.id, /蓉城建设/);
  const committee = await orgByName(s, o.id, /东南里7号院委会/);
  res = await act(s, 'grid8', o.id, { action: 'dispatch', org_ids: [contractor.id, committee.id], lead_org_id: contractor.id });
  assert.equal(res.json.state, 'dispatched');
  assert.equal(res.json.assignments.length, 2);
  assert.equal(res.json.assignments.find((a) => a.lead).org_id, contractor.id, 'one lead');
  assert.ok(res.json.onsite_due, 'a contracted repair gets an on-site deadline');
  assert.equal(Date.parse(res.json.onsite_due) - Date.parse(res.json.dispatched_at), 48 * 3600 * 1000, 'on site within 48 h');
  const assigned = (await L.get(s, 'contractor', '/api/workorders?assigned=1&status=open')).json;
  assert.ok(assigned.items.some((x) => x.id === o.id), 'the contractor sees it among its orders');
  res = await act(s, 'contractor', o.id, { action: 'progress', note: '已到现场，正在更换灯具' });
  assert.equal(res.json.state, 'in_progress');
  assert.ok(res.json.onsite_at, 'the first progress marks the arrival on site');
  res = await act(s, 'contractor', o.id, { action: 'done', note: '已更换' });
  assert.equal(res.json.state, 'done');
  res = await act(s, 'resident', o.id, { action: 'confirm', rating: 5, note: '很快，谢谢' });
  assert.equal(res.json.state, 'closed');
  assert.equal(res.json.rating, 5);
  const kinds = res.json.timeline.map((e) => e.kind);
  assert.deepEqual(kinds, ['report', 'accept', 'dispatch', 'progress', 'done', 'confirm']);
  for (const e of res.json.timeline.slice(1)) assert.ok(e.from && e.to, 'each step records from and to: ' + JSON.stringify(e));
  // a second confirmation is refused and changes nothing
  const second = await call(s, 'resident', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm', rating: 1 });
  L.expectError(second, 409, 'bad_transition', 'action');
  assert.match(second.json.error.message_zh, /已经结单/);
  assert.equal((await L.get(s, 'resident', `/api/workorders/${o.id}`)).json.rating, 5);
  const verify = (await L.get(s, 'auditor', '/api/audit/verify')).json;
  assert.equal(verify.ok, true, 'the audit chain holds: ' + JSON.stringify(verify));
  assert.equal(verify.first_bad, null);
});

test('a transition by the wrong role is refused and nothing changes', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'garbage', node_id: building.id, description: '垃圾没人清运' });
  L.expectError(await call(s, 'resident', 'POST', `/api/workorders/${o.id}/transition`, { action: 'accept' }), 403, 'forbidden', 'action');
  L.expectError(await call(s, 'resident', 'POST', `/api/workorders/${o.id}/transition`, { action: 'hide', note: 'x' }), 403, 'forbidden');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'done' }), 403, 'forbidden', 'action');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'dispatch', org_ids: [1] }), 409, 'bad_transition', 'action');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm', rating: 5 }), 403, 'forbidden');
  L.expectError(await call(s, 'resident_other', 'GET', `/api/workorders/${o.id}`), 404, 'not_found');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'fly' }), 400, 'bad_value', 'action');
  const after = (await L.get(s, 'resident', `/api/workorders/${o.id}`)).json;
  assert.equal(after.state, 'reported');
  assert.equal(after.timeline.length, 1, 'no refused step reached the timeline');
  // a comment is not a transition: the reporter and the grid may write one, strangers may not
  const c = await call(s, 'resident', 'POST', `/api/workorders/${o.id}/comments`, { text: '今天更臭了' });
  L.expectStatus(c, 201, 'comment');
  assert.equal(c.json.timeline.at(-1).kind, 'comment');
  assert.equal(c.json.state, 'reported');
  L.expectError(await call(s, 'resident_other', 'POST', `/api/workorders/${o.id}/comments`, { text: '路过' }), 404, 'not_found');
  L.expectError(await call(s, 'resident', 'POST', `/api/workorders/${o.id}/comments`, { text: '' }), 400, 'missing_field', 'text');
});

test('bad input is refused with a clear error and nothing is saved', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const before = (await L.get(s, 'resident', '/api/workorders?mine=1')).json.total;
  L.expectError(await call(s, 'resident', 'POST', '/api/workorders', { category: 'ufo', node_id: building.id, description: 'x' }), 400, 'unknown_category', 'category');
  L.expectError(await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id }), 400, 'missing_field', 'description');
  L.expectError(await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: 'x', colour: 'red' }), 400, 'unknown_field', 'colour');
  L.expectError(await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: 'x', lat_e6: 30000000 }), 400, 'bad_value');
  const other = (await L.compounds(s, 'resident_other'))[0];
  L.expectError(await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: other.id, description: '别人的院落' }), 404, 'not_found', 'node_id');
  L.expectError(await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: 'x', on_behalf_name: '王' }), 403, 'forbidden', 'on_behalf_name');
  L.expectError(await call(s, 'contractor', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: 'x' }), 403, 'forbidden');
  assert.equal((await L.get(s, 'resident', '/api/workorders?mine=1')).json.total, before, 'no order was created');

  // a rating outside 1-5 is refused, the order stays done
  const o = await report(s, 'resident', { category: 'drain', node_id: building.id, description: '下水道堵了' });
  await act(s, 'grid8', o.id, { action: 'accept' });
  const con = await orgByName(s, o.id, /蓉城建设/);
  await act(s, 'grid8', o.id, { action: 'dispatch', org_ids: [con.id] });
  L.expectError(await call(s, 'contractor', 'POST', `/api/workorders/${o.id}/transition`, { action: 'progress' }), 400, 'missing_field', 'note');
  await act(s, 'contractor', o.id, { action: 'done', note: '疏通了' });
  for (const rating of [0, 6, -1]) {
    L.expectError(await call(s, 'resident', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm', rating }), 400, 'bad_value', 'rating');
  }
  L.expectError(await call(s, 'resident', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm' }), 400, 'missing_field', 'rating');
  const after = (await L.get(s, 'resident', `/api/workorders/${o.id}`)).json;
  assert.equal(after.state, 'done');
  assert.equal(after.rating, null);
  // a dispatch to an org outside the community, or a lead that is not among the orgs
  const o2 = await report(s, 'resident', { category: 'noise', node_id: building.id, description: '装修噪音' });
  await act(s, 'grid8', o2.id, { action: 'accept' });
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o2.id}/transition`, { action: 'dispatch', org_ids: [] }), 400, 'missing_field', 'org_ids');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o2.id}/transition`, { action: 'dispatch', org_ids: [999999] }), 404, 'not_found', 'org_ids');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o2.id}/transition`, { action: 'dispatch', org_ids: [con.id], lead_org_id: con.id + 1 }), 400, 'bad_value', 'lead_org_id');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o2.id}/transition`, { action: 'dispatch', org_ids: 'all' }), 400, 'bad_type', 'org_ids');
  assert.equal((await L.get(s, 'resident', `/api/workorders/${o2.id}`)).json.state, 'accepted');
});

test('a grid worker reports on a neighbour\'s behalf by phone; only the surname is kept', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'grid8', { category: 'elevator', node_id: building.id, description: '老人打电话说电梯停了', on_behalf_name: '王小明', channel: 'phone' });
  assert.equal(o.reporter.on_behalf_of, '王**');
  assert.equal(o.channel, 'phone');
  assert.equal(o.class, 'emergency', 'a lift failure is an emergency by its category');
  assert.equal(Date.parse(o.response_due) - Date.parse(o.created_at), 3600 * 1000, 'emergencies are answered within the hour');
  assert.ok(!JSON.stringify(o).includes('王小明'), 'the full name is not stored');
  L.expectError(await call(s, 'grid8', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: 'x', channel: 'pigeon' }), 400, 'bad_value', 'channel');
});

test('a rejection reopens the order, the handler fixes it again, and the reopen is counted', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '厨房水管漏水' });
  await act(s, 'grid8', o.id, { action: 'accept' });
  const con = await orgByName(s, o.id, /蓉城建设/);
  await act(s, 'grid8', o.id, { action: 'dispatch', org_ids: [con.id] });
  await act(s, 'contractor', o.id, { action: 'done', note: '换了接头' });
  L.expectError(await call(s, 'resident', 'POST', `/api/workorders/${o.id}/transition`, { action: 'reject' }), 400, 'missing_field', 'note');
  let res = await act(s, 'resident', o.id, { action: 'reject', note: '还在滴水' });
  assert.equal(res.json.state, 'reopened');
  assert.equal(res.json.reopen_count, 1);
  assert.equal(res.json.done_at, null);
  res = await act(s, 'contractor', o.id, { action: 'progress', note: '返工' });
  assert.equal(res.json.state, 'in_progress');
  await act(s, 'contractor', o.id, { action: 'done', note: '整段更换' });
  res = await act(s, 'resident', o.id, { action: 'confirm', rating: 3 });
  assert.equal(res.json.state, 'closed');
  assert.equal(res.json.reopen_count, 1);
});

test('where the community switches it on, the compound committee confirms after the reporter (自治结单)', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'bldghead', { category: 'streetlight', node_id: building.id, description: '替不用手机的邻居报：路灯坏了', on_behalf_name: '陈' });
  await act(s, 'grid8', o.id, { action: 'accept' });
  const con = await orgByName(s, o.id, /蓉城建设/);
  await act(s, 'grid8', o.id, { action: 'dispatch', org_ids: [con.id] });
  await act(s, 'contractor', o.id, { action: 'done', note: '换了灯泡' });
  L.expectError(await call(s, 'committee', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm', rating: 4 }), 403, 'forbidden', 'action');
  const community = o.community_id;
  L.expectError(await call(s, 'grid8', 'POST', '/api/workorders/settings', { community_id: community, committee_confirms: true }), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/settings', { community_id: community, committee_confirms: 'yes' }), 400, 'bad_type', 'committee_confirms');
  L.expectStatus(await call(s, 'staff', 'POST', '/api/workorders/settings', { community_id: community, committee_confirms: true }), 200, 'setting');
  try {
    // the committee never confirms in the reporter's place; it confirms after them
    L.expectError(await call(s, 'committee', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm', rating: 4 }), 403, 'forbidden', 'action');
    let res = await act(s, 'bldghead', o.id, { action: 'confirm', rating: 4 });
    assert.equal(res.json.state, 'confirmed_by_reporter');
    res = await act(s, 'committee', o.id, { action: 'committee_confirm', note: '院委会现场查看，已修好' });
    assert.equal(res.json.state, 'closed');
    assert.equal(res.json.rating, 4);
    assert.equal(res.json.timeline.at(-1).actor, '刘主任（院委会）');
  } finally {
    L.expectStatus(await call(s, 'staff', 'POST', '/api/workorders/settings', { community_id: community, committee_confirms: false }), 200, 'setting off');
  }
});

test('duplicates are merged, spam is hidden with the reason the reporter is shown, and both leave the open list', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const a = await report(s, 'resident', { category: 'parking', node_id: building.id, description: '电动车堵门' });
  const b = await report(s, 'resident', { category: 'parking', node_id: building.id, description: '电动车又堵门了' });
  const spam = await report(s, 'resident', { category: 'other', node_id: building.id, description: '广告' });
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${b.id}/transition`, { action: 'merge', merge_into: b.id }), 400, 'bad_value', 'merge_into');
  let res = await act(s, 'grid8', b.id, { action: 'merge', merge_into: a.id });
  assert.equal(res.json.state, 'merged');
  assert.equal(res.json.merged_into, a.id);
  const target = (await L.get(s, 'grid8', `/api/workorders/${a.id}`)).json;
  assert.ok(target.timeline.some((e) => e.kind === 'merged_from' && e.note === `#${b.id}`), 'the target records the duplicate');
  L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${spam.id}/transition`, { action: 'hide' }), 400, 'missing_field', 'note');
  res = await act(s, 'grid8', spam.id, { action: 'hide', note: '与报事无关的广告' });
  assert.equal(res.json.state, 'hidden');
  const seen = (await L.get(s, 'resident', `/api/workorders/${spam.id}`)).json;
  assert.equal(seen.hidden_reason, '与报事无关的广告', 'the reporter is told why');
  const open = (await L.get(s, 'grid8', `/api/workorders?compound=${a.compound.id}&status=open&per_page=200`)).json;
  assert.ok(open.items.some((x) => x.id === a.id));
  assert.ok(!open.items.some((x) => x.id === b.id || x.id === spam.id), 'merged and hidden orders are not open');
});

test('photos are checked by their bytes, stored, and served with the right type to those who may read the order', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'facade', node_id: building.id, description: '外墙瓷砖脱落' });
  const tok = await L.token(s, 'resident');
  let res = await L.api(s, 'POST', `/api/workorders/${o.id}/photos`, { token: tok, rawBody: JPEG, headers: { 'Content-Type': 'image/jpeg' } });
  L.expectStatus(res, 201, 'raw JPEG upload');
  const photoId = res.json.photos[0].id;
  // multipart, with a PNG named .jpg: the type comes from the bytes
  const boundary = 'gzboundary42';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="x.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  res = await L.api(s, 'POST', `/api/workorders/${o.id}/photos`, { token: tok, rawBody: body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
  L.expectStatus(res, 201, 'multipart PNG upload');
  const pngId = res.json.photos[0].id;
  let got = await L.api(s, 'GET', `/api/workorders/photos/${photoId}`, { token: tok });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  assert.ok(got.buf.equals(JPEG), 'the same bytes come back');
  got = await L.api(s, 'GET', `/api/workorders/photos/${pngId}`, { token: tok });
  assert.equal(got.headers.get('content-type'), 'image/png');
  // not an image: refused, nothing stored
  const text = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  res = await L.api(s, 'POST', `/api/workorders/${o.id}/photos`, { token: tok, rawBody: text, headers: { 'Content-Type': 'image/jpeg' } });
  L.expectError(res, 415, 'not_an_image', 'photo');
  const after = (await L.get(s, 'resident', `/api/workorders/${o.id}`)).json;
  assert.equal(after.photos.length, 2);
  assert.equal(after.timeline.filter((e) => e.kind === 'photo').length, 2, 'the refused upload left no trace');
  // others cannot see the photo
  L.expectError(await call(s, 'resident_other', 'GET', `/api/workorders/photos/${photoId}`), 404, 'not_found');
  assert.equal((await L.api(s, 'GET', `/api/workorders/photos/${photoId}`)).status, 401);
});

test('a photo above the configured size limit is answered 413 too_large', async () => {
  const s = await L.startServer({ extraArgs: ['--max-upload', '2048'] });
  try {
    const { building } = await pilot(s);
    const o = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '漏水' });
    const big = Buffer.concat([JPEG, Buffer.alloc(4096, 7)]);
    const res = await L.api(s, 'POST', `/api/workorders/${o.id}/photos`, { token: await L.token(s, 'resident'), rawBody: big, headers: { 'Content-Type': 'image/jpeg' } });
    L.expectError(res, 413, 'too_large');
    assert.equal((await L.get(s, 'resident', `/api/workorders/${o.id}`)).json.photos.length, 0);
  } finally {
    await L.stopServer(s);
  }
});

test('overdue orders are escalated grid -> community -> street after the clock moves, each step on the timeline', async () => {
  const s = await L.startServer();
  try {
    // web sessions expire after 12 h of (shifted) time: act with API tokens, valid a year
    const keys = {};
    for (const u of ['resident', 'grid8', 'staff', 'admin']) {
      const t = await L.api(s, 'POST', '/api/tokens', { token: await L.token(s, u), body: { label: 'clock test' } });
      keys[u] = t.json.token;
    }
    const call = (s2, user, method, p, body) => L.api(s2, method, p, { token: keys[user], body });
    const get = async (s2, user, p) => call(s2, user, 'GET', p);
    const report = async (s2, user, body) => {
      const res = await call(s2, user, 'POST', '/api/workorders', body);
      L.expectStatus(res, 201, 'report');
      return res.json;
    };
    const act = async (s2, user, id, body) => {
      const res = await call(s2, user, 'POST', `/api/workorders/${id}/transition`, body);
      L.expectStatus(res, 200, body.action);
      return res;
    };
    const { building } = await pilot(s);
    const o = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '没人管的漏水' });
    L.expectError(await call(s, 'resident', 'POST', '/api/workorders/sweep'), 403, 'forbidden');
    let sw = await call(s, 'grid8', 'POST', '/api/workorders/sweep');
    L.expectStatus(sw, 200, 'sweep');
    assert.equal((await get(s, 'grid8', `/api/workorders/${o.id}`)).json.overdue, false, 'not overdue before the deadline');
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock');
    sw = await call(s, 'grid8', 'POST', '/api/workorders/sweep');
    // (the server's own minute job may have swept first, so the count is not checked: the order is)
    assert.ok(Number.isInteger(sw.json.escalated), 'the sweep answers its count: ' + sw.text);
    let got = (await get(s, 'grid8', `/api/workorders/${o.id}`)).json;
    assert.equal(got.overdue, true);
    assert.equal(got.escalation_level, 1, 'the grid leader first');
    assert.ok(got.timeline.some((e) => e.kind === 'overdue'));
    assert.equal(got.timeline.filter((e) => e.kind === 'escalate').length, 1);
    // the same sweep again does nothing new
    await call(s, 'grid8', 'POST', '/api/workorders/sweep');
    got = (await get(s, 'grid8', `/api/workorders/${o.id}`)).json;
    assert.equal(got.timeline.filter((e) => e.kind === 'escalate').length, 1, 'no double escalation');
    await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 24 * 3600 });
    await call(s, 'staff', 'POST', '/api/workorders/sweep');
    got = (await get(s, 'grid8', `/api/workorders/${o.id}`)).json;
    assert.equal(got.escalation_level, 2, 'then the community');
    await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 3 * 24 * 3600 });
    await call(s, 'admin', 'POST', '/api/workorders/sweep'); // admin holds WO_CONFIG
    got = (await get(s, 'grid8', `/api/workorders/${o.id}`)).json;
    assert.equal(got.escalation_level, 3, 'then the street office');
    const steps = got.timeline.filter((e) => e.kind === 'escalate').map((e) => e.note);
    assert.equal(steps.length, 3);
    assert.match(steps[0], /网格长/);
    assert.match(steps[1], /社区/);
    assert.match(steps[2], /街道/);
    // an accepted order stops escalating: accepting ends the response wait
    const o2 = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '按时受理' });
    await act(s, 'grid8', o2.id, { action: 'accept' });
    await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 2 * 24 * 3600 });
    await call(s, 'grid8', 'POST', '/api/workorders/sweep');
    assert.equal((await get(s, 'grid8', `/api/workorders/${o2.id}`)).json.overdue, false, 'resolution due in 7 days is not missed after 2');
  } finally {
    await L.stopServer(s);
  }
});

test('a community SLA policy with a working calendar counts office hours, skips holidays and keeps a make-up Saturday', async () => {
  // A server of its own: its clock moves to a Wednesday afternoon ahead, and
  // the holidays and the make-up working day are the days after it.
  const s = await L.startServer();
  try {
    await calendarCase(s);
  } finally {
    await L.stopServer(s);
  }
});

async function calendarCase(s) {
  const { compound, building } = await pilot(s);
  // API tokens outlive the clock's jump (web sessions end after 12 h)
  const keys = await L.apiTokens(s, 'staff', 'resident', 'grid8', 'admin');
  const call = (s2, user, method, p, body) => L.api(s2, method, p, { token: keys[user], body });
  const report = async (s2, user, body) => {
    const res = await call(s2, user, 'POST', '/api/workorders', body);
    L.expectStatus(res, 201, `report as ${user}`);
    return res.json;
  };
  const DAY = 86400;
  const shanghaiDay = (t) => Math.floor((t + 8 * 3600) / DAY); // days since 1970-01-01 in Shanghai
  const weekday = (d) => (d + 4) % 7; // 0 = Sunday; 1970-01-01 was a Thursday
  const dayText = (d) => L.shanghaiText(d * DAY - 8 * 3600).slice(0, 10);
  const at = (d, h, m) => d * DAY - 8 * 3600 + h * 3600 + m * 60;
  const serverNow = async () => (await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 0 })).json.now;
  let wed = shanghaiDay(await serverNow()) + 7;
  while (weekday(wed) !== 3) wed++;
  const cal = await call(s, 'staff', 'POST', '/api/workorders/calendars', {
    name: '测试办公时间', week: '09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;;',
    holidays: [dayText(wed + 1), dayText(wed + 2)], workdays: [dayText(wed + 3)],
  });
  L.expectStatus(cal, 201, 'calendar');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/calendars', { name: 'x', week: '9-5' }), 400, 'bad_value', 'week');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/calendars', { name: 'x', week: ';;;;;;', holidays: ['2026-13-01'] }), 400, 'bad_value', 'holidays');
  L.expectError(await call(s, 'grid8', 'POST', '/api/workorders/calendars', { name: 'x', week: ';;;;;;' }), 403, 'forbidden');
  const communityId = (await call(s, 'staff', 'GET', `/api/workorders/${(await report(s, 'resident', { category: 'noise', node_id: building.id, description: '先看社区编号' })).id}`)).json.community_id;
  const pol = await call(s, 'staff', 'POST', '/api/workorders/sla-policies', {
    community_id: communityId, category: 'noise', class: 'routine', response_minutes: 60, resolve_minutes: 420, calendar_id: cal.json.id,
  });
  L.expectStatus(pol, 200, 'policy');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/sla-policies', { community_id: compound.id, class: 'routine', response_minutes: 60, resolve_minutes: 60 }), 400, 'bad_value', 'community_id');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/sla-policies', { community_id: communityId, class: 'urgent', response_minutes: 60, resolve_minutes: 60 }), 400, 'bad_value', 'class');
  const list = (await call(s, 'staff', 'GET', '/api/workorders/sla-policies')).json.items;
  assert.ok(list.some((p) => p.category === 'noise' && p.response_minutes === 60 && p.calendar_id === cal.json.id));
  // Reported on the Wednesday at 16:50: 40 minutes of office time left that
  // day, Thursday and Friday are holidays, Saturday is a make-up working day.
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: at(wed, 16, 50) - await serverNow() }), 200, 'clock');
  const o = await report(s, 'resident', { category: 'noise', node_id: building.id, description: '夜间噪音' });
  // (the seconds the requests took carry over to the deadlines)
  const late = Date.parse(o.created_at) / 1000 - at(wed, 16, 50);
  assert.ok(late >= 0 && late < 60, 'reported on the Wednesday at 16:50: ' + o.created_at);
  const iso = (t) => L.shanghaiText(t) + '+08:00';
  // the response hour: 40 minutes on Wednesday, 20 on Saturday morning
  assert.equal(o.response_due, iso(at(wed + 3, 9, 20) + late), 'response due');
  // seven hours: 40 minutes on Wednesday, 3 h on Saturday morning, 3 h 20 in the afternoon
  assert.equal(o.resolve_due, iso(at(wed + 3, 16, 50) + late), 'resolve due');
  // the other categories keep the defaults
  const leak = await report(s, 'resident', { category: 'leak', node_id: building.id, description: '默认时限' });
  assert.equal(Date.parse(leak.response_due) - Date.parse(leak.created_at), 24 * 3600 * 1000);
  const ladder = await call(s, 'staff', 'POST', '/api/workorders/escalation', { community_id: communityId, grid_after_minutes: 0, community_after_minutes: 60, street_after_minutes: 120 });
  L.expectStatus(ladder, 200, 'ladder');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/escalation', { community_id: communityId, grid_after_minutes: 100, community_after_minutes: 60, street_after_minutes: 120 }), 400, 'bad_value');
}

test('lists are scoped: a grid worker sees the grid, a contractor its dispatched orders, a resident their own', async () => {
  const s = await srv();
  const { compound } = await pilot(s);
  const g = (await L.get(s, 'grid8', '/api/workorders?status=open&per_page=50')).json;
  assert.equal(g.scope, 'grid');
  assert.ok(g.total > 0, 'the demo year leaves open orders in grid 8');
  for (const x of g.items) assert.equal(x.grid_id, compound.grid_id);
  const c = (await L.get(s, 'contractor', '/api/workorders')).json;
  assert.equal(c.scope, 'assigned');
  const r = (await L.get(s, 'resident', '/api/workorders')).json;
  assert.equal(r.scope, 'mine');
  L.expectError(await call(s, 'resident', 'GET', `/api/workorders?compound=${compound.id}`), 403, 'forbidden');
  L.expectError(await call(s, 'grid8', 'GET', '/api/workorders?status=sideways'), 400, 'bad_param', 'status');
  L.expectError(await call(s, 'grid8', 'GET', '/api/workorders?category=ufo'), 400, 'unknown_category', 'category');
  const p2 = (await L.get(s, 'staff', '/api/workorders?per_page=5&page=2')).json;
  assert.equal(p2.page, 2);
  assert.equal(p2.items.length, 5);
  assert.ok(p2.total > 1000, 'the demo holds a year of orders: ' + p2.total);
  const overdue = (await L.get(s, 'staff', '/api/workorders?overdue=1&per_page=200')).json;
  assert.ok(overdue.items.length > 0, 'the demo year leaves overdue orders');
  for (const x of overdue.items) assert.equal(x.overdue, true);
});

/* The month (YYYYMM, Asia/Shanghai) of a Unix time, and the month before one. */
const monthOf = (t) => Number(L.shanghaiText(t).slice(0, 7).replace('-', ''));
const monthBefore = (m) => (m % 100 === 1 ? m - 100 + 11 : m - 1);

test('metrics by grid, compound, category and month come from the demo year', async () => {
  const s = await srv();
  // The months before the demo was built hold the demo's orders only (every
  // test reports later), each long resolved: a real median, never 0.
  const demoOnly = `to=${monthBefore(monthOf(L.TEST_NOW))}`;
  for (const by of ['grid', 'compound', 'category', 'month']) {
    const m = (await L.get(s, 'staff', `/api/workorders/metrics?by=${by}&${demoOnly}`)).json;
    assert.equal(m.by, by);
    assert.ok(m.groups.length > 3, `${by}: several groups`);
    for (const gr of m.groups) {
      const what = `${by} ${JSON.stringify(gr)}`;
      assert.ok(gr.orders > 0 && typeof gr.name === 'string', what);
      assert.ok(gr.on_time_response_pct >= 0 && gr.on_time_response_pct <= 100, what);
      assert.ok(gr.resolved > 0 && gr.resolved <= gr.orders, what);
      assert.ok(gr.median_resolve_seconds > 3600, 'a year-old repair took more than an hour: ' + what);
      assert.ok(gr.p90_resolve_seconds >= gr.median_resolve_seconds, what);
    }
    const rated = m.groups.filter((gr) => gr.ratings > 0);
    assert.ok(rated.length > 3, `${by}: residents rated orders in several groups`);
    for (const gr of rated) assert.ok(gr.mean_rating >= 1 && gr.mean_rating <= 5, `${by} ${JSON.stringify(gr)}`);
    for (const gr of m.groups.filter((g) => g.ratings === 0)) assert.equal(gr.mean_rating, null, `${by} ${JSON.stringify(gr)}`);
  }
  const cat = (await L.get(s, 'staff', '/api/workorders/metrics?by=category')).json;
  assert.ok(cat.groups.some((gr) => gr.name === '漏水'));
  // the demo's year ends in the month it was built
  const month = (await L.get(s, 'staff', `/api/workorders/metrics?by=month&to=${monthOf(L.TEST_NOW)}`)).json;
  assert.ok(month.groups.length >= 12 && month.groups.length <= 13, 'a year of months: ' + month.groups.length);
  assert.ok(month.groups.every((gr) => /^\d{4}-\d\d$/.test(gr.name)));
  L.expectError(await call(s, 'staff', 'GET', '/api/workorders/metrics?by=colour'), 400, 'bad_param', 'by');
  L.expectError(await call(s, 'resident', 'GET', '/api/workorders/metrics'), 403, 'forbidden');
  const g8 = (await L.get(s, 'grid8', '/api/workorders/metrics?by=compound')).json;
  assert.ok(g8.groups.some((gr) => gr.name === PILOT), 'grid 8 sees its compounds');
});

test('a month with orders but none resolved has no median (null, not 0); a done order counts as resolved before it is confirmed', async () => {
  const s = await L.startServer();
  try {
    // API tokens outlive the clock's jumps (web sessions end after 12 h)
    const keys = await L.apiTokens(s, 'resident', 'grid8', 'contractor', 'staff', 'admin');
    const call2 = (user, method, p, body) => L.api(s, method, p, { token: keys[user], body });
    const step = async (user, id, body) => L.expectStatus(await call2(user, 'POST', `/api/workorders/${id}/transition`, body), 200, body.action);
    const shift = async (seconds) => L.expectStatus(await call2('admin', 'POST', '/api/debug/clock', { shift_seconds: seconds }), 200, 'clock');
    const { building } = await pilot(s);
    // two months on: a month nobody has reported anything in yet
    await shift(62 * 86400);
    const m = monthOf((await call2('admin', 'POST', '/api/debug/clock', { shift_seconds: 0 })).json.now);
    const res = await call2('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description: '路灯不亮' });
    L.expectStatus(res, 201, 'report');
    const id = res.json.id;
    const metrics = async () => {
      const j = (await call2('staff', 'GET', `/api/workorders/metrics?by=month&from=${m}&to=${m}`)).json;
      assert.equal(j.groups.length, 1, 'one month: ' + JSON.stringify(j));
      return j.groups[0];
    };
    let g = await metrics();
    assert.equal(g.orders, 1);
    assert.equal(g.resolved, 0);
    assert.equal(g.median_resolve_seconds, null, 'nothing resolved: no median');
    assert.equal(g.p90_resolve_seconds, null, 'nothing resolved: no p90');
    // the work takes two hours; the resident has not confirmed yet
    await step('grid8', id, { action: 'accept', class: 'routine' });
    const orgs = (await call2('grid8', 'GET', `/api/workorders/orgs?order=${id}`)).json.items;
    const lead = orgs.find((x) => /蓉城建设/.test(x.name));
    await step('grid8', id, { action: 'dispatch', org_ids: [lead.id], lead_org_id: lead.id });
    await step('contractor', id, { action: 'progress', note: '已到现场' });
    await shift(2 * 3600);
    await step('contractor', id, { action: 'done', note: '已更换' });
    g = await metrics();
    assert.equal(g.resolved, 1, 'done is resolved: ' + JSON.stringify(g));
    assert.ok(g.median_resolve_seconds >= 7200 && g.median_resolve_seconds < 7200 + 60, JSON.stringify(g));
    assert.equal(g.p90_resolve_seconds, g.median_resolve_seconds);
    // the resident confirms: still one resolved order, with the same time
    await step('resident', id, { action: 'confirm', rating: 4 });
    const after = await metrics();
    assert.equal(after.resolved, 1);
    assert.equal(after.median_resolve_seconds, g.median_resolve_seconds);
  } finally {
    await L.stopServer(s);
  }
});

test('the compound\'s public page shows open and recently closed orders without personal data', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'greenery', node_id: building.id, description: '谢家门口的树枝挡窗户，电话13800001111' });
  const res = await L.api(s, 'GET', `/compounds/${compound.id}/workorders`);
  assert.equal(res.status, 200, 'public: no sign-in needed');
  assert.match(res.text, /正在办理/);
  assert.match(res.text, new RegExp(`data-order="${o.id}"`));
  const me = (await L.get(s, 'resident', '/api/me')).json;
  const name = me.display_name.replace(/（.*$/, '');
  assert.ok(!res.text.includes(name), 'no reporter name on the public page');
  assert.ok(!res.text.includes('13800001111'), 'no description text (it may hold personal data)');
  assert.doesNotMatch(res.text, L.FULL_PHONE);
  assert.equal((await L.api(s, 'GET', '/compounds/999999/workorders')).status, 404);
});

test('the pages answer in Chinese: the lists, the report form, one order, and the metrics table', async () => {
  const s = await srv();
  const page = async (user, p) => L.api(s, 'GET', p, { token: await L.token(s, user) });
  let res = await page('grid8', '/workorders');
  assert.equal(res.status, 200);
  assert.match(res.text, /报事工单/);
  assert.match(res.text, /未办结的工单/);
  res = await page('resident', '/workorders/new');
  assert.equal(res.status, 200);
  assert.match(res.text, /<select id="category" name="category"/);
  assert.match(res.text, /enctype="multipart\/form-data"/);
  assert.match(res.text, /<form class="wo-report" method="post" action="\/workorders"/);
  // signed in by cookie, the form carries the session's CSRF token
  const sess = await L.login(s, 'resident');
  const withCookie = await L.api(s, 'GET', '/workorders/new', { cookie: sess.cookie });
  assert.ok(withCookie.text.includes(`<input type="hidden" name="csrf" value="${sess.csrf}">`), 'the form carries the CSRF token');
  res = await page('staff', '/workorders/metrics?by=category');
  assert.equal(res.status, 200);
  assert.match(res.text, /按时响应率/);
  assert.match(res.text, /漏水/);
  assert.equal((await page('resident', '/workorders/metrics')).status, 403);
  const mine = (await L.get(s, 'grid8', '/api/workorders?status=open&per_page=1')).json.items[0];
  res = await page('grid8', `/workorders/${mine.id}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /办理记录/);
  assert.equal((await page('resident_other', `/workorders/${mine.id}`)).status, 404);
});
