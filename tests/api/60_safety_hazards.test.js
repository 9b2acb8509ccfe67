// 60_safety_hazards.test.js: the hazard register (/api/hazards): the matrix grades, the grade sets owner and
// deadline, every grade change keeps its reason, the overdue escalate once (the clock moved), closing needs a
// note and for red evidence, a hazard raises one work order; residents see the public ones with advice and
// nothing private; bad input changes nothing.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

async function pilot(s) {
  return (await L.compoundByName(s, 'staff', F.PILOT)).id;
}

async function report(s, user, body) {
  const res = await call(s, user, 'POST', '/api/hazards', { source: 'patrol', ...body });
  L.expectStatus(res, 201, 'report a hazard');
  return res.json;
}

async function registerIds(s, compound) {
  const res = await L.get(s, 'grid8', `/api/hazards?compound=${compound}`);
  return res.json.items.map((h) => h.id);
}

test('hazards: the matrix grades, and the grade sets the owner and the deadline', async () => {
  const s = await srv();
  const c = await pilot(s);
  const now = await L.serverNow(s);
  const red = await report(s, 'microgrid8', { compound_id: c, title: '楼道电动车飞线充电', likelihood: 5, consequence: 5 });
  assert.equal(red.grade, 'red');
  assert.equal(red.owner_role, 'community_staff');
  assert.ok(Math.abs(red.deadline - (now + 86400)) <= 5, `red: due in a day, ${red.deadline - now}`);
  const yellow = await report(s, 'grid8', { compound_id: c, title: '围墙局部开裂', likelihood: 4, consequence: 3 });
  assert.equal(yellow.grade, 'yellow');
  assert.equal(yellow.owner_role, 'grid_worker');
  assert.ok(Math.abs(yellow.deadline - (now + 7 * 86400)) <= 5, 'yellow: due in a week');
  const blue = await report(s, 'grid8', { compound_id: c, title: '花台砖块松动', likelihood: 1, consequence: 2 });
  assert.equal(blue.grade, 'blue');
  assert.equal(blue.owner_role, 'micro_grid_worker');
  const h = (await L.get(s, 'grid8', `/api/hazards/${red.id}`)).json;
  assert.deepEqual(h.history.map((e) => [e.kind, e.to_grade]), [['created', 'red']]);
});

test('hazards: bad input is refused with its field and writes nothing', async () => {
  const s = await srv();
  const c = await pilot(s);
  const before = await registerIds(s, c);
  const base = { compound_id: c, title: '井盖缺失', source: 'patrol', likelihood: 3, consequence: 3 };
  L.expectError(await call(s, 'grid8', 'POST', '/api/hazards', { ...base, likelihood: 6 }), 400, 'bad_value', 'likelihood');
  L.expectError(await call(s, 'grid8', 'POST', '/api/hazards', { ...base, consequence: 0 }), 400, 'bad_value', 'consequence');
  L.expectError(await call(s, 'grid8', 'POST', '/api/hazards', { ...base, source: 'rumour' }), 400, 'bad_value', 'source');
  L.expectError(await call(s, 'grid8', 'POST', '/api/hazards', { ...base, public: true }), 400, 'missing_field', 'advice');
  L.expectError(await call(s, 'grid8', 'POST', '/api/hazards', { ...base, title: '长'.repeat(61) }), 400, 'too_long', 'title');
  const node = (await L.get(s, 'staff', `/api/nodes/${c}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  L.expectError(await call(s, 'grid8', 'POST', '/api/hazards', { ...base, compound_id: building.id }), 404, 'not_found', 'compound');
  L.expectError(await call(s, 'resident', 'POST', '/api/hazards', base), 403, 'forbidden');
  assert.deepEqual(await registerIds(s, c), before, 'nothing was written');
});

test('hazards: residents see the public ones with advice and nothing private; others of the place see nothing', async () => {
  const s = await srv();
  const c = await pilot(s);
  const pub = await report(s, 'grid8', {
    compound_id: c, title: '3栋外墙瓷砖空鼓', detail: '王某家阳台下方，业主电话已登记', place_text: '3栋2单元东侧',
    advice: '请绕行3栋东侧，勿在墙下停留', public: true, likelihood: 4, consequence: 4,
  });
  const priv = await report(s, 'grid8', { compound_id: c, title: '某户私拉电线', detail: '5栋1单元301', likelihood: 3, consequence: 3 });
  const list = (await L.get(s, 'resident', `/api/hazards?compound=${c}`)).json;
  assert.equal(list.register, false);
  const seen = list.items.find((h) => h.id === pub.id);
  assert.equal(seen.advice, '请绕行3栋东侧，勿在墙下停留');
  assert.equal(seen.grade, 'red');
  for (const k of ['detail', 'place_text', 'created_by', 'likelihood']) assert.equal(k in seen, false, `no ${k} for residents`);
  assert.equal(list.items.some((h) => h.id === priv.id), false, 'a private hazard is not listed');
  assert.ok(list.items.every((h) => h.public === true), 'only public hazards');
  const one = (await L.get(s, 'resident', `/api/hazards/${pub.id}`)).json;
  assert.equal('detail' in one, false);
  assert.ok(one.history.every((e) => !('actor_id' in e)), 'no actors in the history residents see');
  L.expectError(await L.get(s, 'resident', `/api/hazards/${priv.id}`, { ok: false }), 404, 'not_found');
  L.expectError(await L.get(s, 'resident_other', `/api/hazards?compound=${c}`, { ok: false }), 403, 'forbidden');
  L.expectError(await L.get(s, 'resident_other', `/api/hazards/${pub.id}`, { ok: false }), 404, 'not_found');
  const page = await L.get(s, 'resident', `/hazards?compound=${c}`);
  assert.match(page.text, /请绕行3栋东侧，勿在墙下停留/, 'the page shows the advice');
  assert.ok(!page.text.includes('某户私拉电线') && !page.text.includes('王某家'), 'and nothing private');
  const staffView = (await L.get(s, 'grid8', `/api/hazards/${pub.id}`)).json;
  assert.equal(staffView.detail, '王某家阳台下方，业主电话已登记');
});

test('hazards: a grade change needs a reason and is kept in the history; a patroller cannot re-grade', async () => {
  const s = await srv();
  const c = await pilot(s);
  const h = await report(s, 'microgrid8', { compound_id: c, title: '消防通道堆放杂物', likelihood: 2, consequence: 3 });
  assert.equal(h.grade, 'yellow');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/grade`, { likelihood: 5, consequence: 5 }), 400, 'missing_field', 'reason');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/grade`, { likelihood: 9, consequence: 5, reason: '复核' }), 400, 'bad_value', 'likelihood');
  L.expectError(await call(s, 'microgrid8', 'POST', `/api/hazards/${h.id}/grade`, { likelihood: 5, consequence: 5, reason: '复核' }), 403, 'forbidden');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/grade`, { likelihood: 2, consequence: 3, reason: '复核' }), 409, 'unchanged');
  assert.equal((await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.grade, 'yellow', 'unchanged after the refusals');
  const res = await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/grade`, { likelihood: 5, consequence: 5, reason: '杂物增多，完全堵塞通道' });
  L.expectStatus(res, 200, 'regrade');
  assert.equal(res.json.grade, 'red');
  assert.equal(res.json.owner_role, 'community_staff');
  const hist = (await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.history;
  const g = hist.filter((e) => e.kind === 'graded');
  assert.equal(g.length, 1);
  assert.deepEqual([g[0].from_grade, g[0].to_grade, g[0].reason], ['yellow', 'red', '杂物增多，完全堵塞通道']);
});

test('hazards: an overdue hazard escalates once when its deadline has passed', async () => {
  // a server of its own: moving the clock a day ends the other tests' sessions
  const s = await L.startServer();
  const c = await pilot(s);
  const h = await report(s, 'grid8', { compound_id: c, title: '配电箱门损坏', likelihood: 5, consequence: 4 });
  assert.equal(h.grade, 'red');
  L.expectStatus(await call(s, 'grid8', 'POST', '/api/hazards/sweep'), 200, 'sweep');
  assert.equal((await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.escalated, false, 'not before its deadline');
  L.expectError(await call(s, 'microgrid8', 'POST', '/api/hazards/sweep'), 403, 'forbidden');
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock');
  L.rememberToken(s, 'grid8', (await L.login(s, 'grid8')).token); // the day ended the session
  const sw = await call(s, 'grid8', 'POST', '/api/hazards/sweep');
  L.expectStatus(sw, 200, 'sweep');
  assert.ok(sw.json.escalated >= 1, 'the sweep counts it');
  await call(s, 'grid8', 'POST', '/api/hazards/sweep');
  const after = (await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json;
  assert.equal(after.escalated, true);
  assert.equal(after.overdue, true);
  assert.equal(after.history.filter((e) => e.kind === 'escalated').length, 1, 'escalated once');
});

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0 hazard fix photo')]);

async function photo(s, user, id, kind, body = JPEG, type = 'image/jpeg') {
  return L.api(s, 'POST', `/api/hazards/${id}/photos?kind=${kind}`, { token: await L.token(s, user), rawBody: body, headers: { 'Content-Type': type } });
}

async function photoRows(s, id) {
  return (await L.get(s, 'grid8', `/api/hazards/${id}`)).json.photos;
}

test('hazards: closing needs a note, a red one a photo of the fix; the residual risk is re-graded; a closed one stays closed', async () => {
  const s = await srv();
  const c = await pilot(s);
  const h = await report(s, 'grid8', { compound_id: c, title: '燃气管道锈蚀', likelihood: 4, consequence: 5 });
  assert.equal(h.grade, 'red');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { evidence: '照片' }), 400, 'missing_field', 'note');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: '已更换', evidence: '更换前后照片已存档' }), 400, 'evidence_required', 'photo');
  L.expectStatus(await photo(s, 'microgrid8', h.id, 'found'), 201, 'a photo of the finding');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: '已更换' }), 400, 'evidence_required', 'photo');
  assert.equal((await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.is_open, true, 'still open: a photo of the finding is no evidence of the fix');
  const up = await photo(s, 'grid8', h.id, 'fixed');
  L.expectStatus(up, 201, 'a photo of the fix');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: '已更换', residual_grade: 'pink' }), 400, 'bad_value', 'residual_grade');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: '已更换', residual_likelihood: 6, residual_consequence: 1 }), 400, 'bad_value', 'residual_likelihood');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: '已更换', residual_likelihood: 2 }), 400, 'bad_value', 'residual_consequence');
  L.expectError(await call(s, 'microgrid8', 'POST', `/api/hazards/${h.id}/close`, { note: '已更换' }), 403, 'forbidden');
  assert.equal((await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.is_open, true, 'still open after the refusals');
  const res = await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: '燃气公司已更换管段', residual_likelihood: 1, residual_consequence: 3 });
  L.expectStatus(res, 200, 'close');
  assert.equal(res.json.is_open, false);
  assert.equal(res.json.residual_grade, 'blue');
  assert.equal(res.json.residual_likelihood, 1);
  assert.equal(res.json.close_note, '燃气公司已更换管段');
  assert.equal(res.json.residual_accepted, false);
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: 'x', evidence: 'y' }), 409, 'closed');
  const blue = await report(s, 'grid8', { compound_id: c, title: '路面小坑', likelihood: 1, consequence: 1 });
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/hazards/${blue.id}/close`, { note: '已填平' }), 200, 'a blue one closes with a note');
});

test('hazards: photos are images kept in the file store, read by the register\'s people only', async () => {
  const s = await srv();
  const c = await pilot(s);
  const h = await report(s, 'grid8', { compound_id: c, title: '消防通道堆放杂物', likelihood: 5, consequence: 5, public: true, advice: '请勿在消防通道堆物' });
  L.expectError(await photo(s, 'grid8', h.id, 'fixed', Buffer.from('not an image at all'), 'image/jpeg'), 400, 'bad_value', 'photo');
  L.expectError(await photo(s, 'grid8', h.id, 'later'), 400, 'bad_value', 'kind');
  L.expectError(await photo(s, 'resident', h.id, 'fixed'), 403, 'forbidden');
  assert.deepEqual(await photoRows(s, h.id), [], 'no photo after the refusals');
  const up = await photo(s, 'grid8', h.id, 'fixed');
  L.expectStatus(up, 201, 'upload');
  const rows = await photoRows(s, h.id);
  assert.deepEqual(rows.map((p) => p.kind), ['fixed']);
  const got = await L.api(s, 'GET', up.json.url, { token: await L.token(s, 'grid8') });
  assert.equal(got.status, 200);
  assert.deepEqual(got.buf, JPEG, 'the same bytes back');
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  const pub = (await L.get(s, 'resident', `/api/hazards/${h.id}`)).json;
  assert.equal(pub.photos, undefined, 'residents see no photos of a public hazard');
  L.expectError(await L.api(s, 'GET', up.json.url, { token: await L.token(s, 'resident') }), 403, 'forbidden');
});

test('hazards: the committee accepts the residual risk once, after the closing, with a note', async () => {
  const s = await srv();
  const c = await pilot(s);
  const h = await report(s, 'grid8', { compound_id: c, title: '电梯井道渗水', likelihood: 3, consequence: 3 });
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/accept`, { note: '可接受' }), 409, 'conflict');
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/close`, { note: '已封堵', residual_likelihood: 2, residual_consequence: 2 }), 200, 'close');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/accept`, {}), 400, 'missing_field', 'note');
  L.expectError(await call(s, 'microgrid8', 'POST', `/api/hazards/${h.id}/accept`, { note: '可接受' }), 403, 'forbidden');
  assert.equal((await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.residual_accepted, false, 'nothing accepted by the refusals');
  const res = await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/accept`, { note: '季度研判会确认：剩余风险纳入日常巡查' });
  L.expectStatus(res, 200, 'accept');
  assert.equal(res.json.residual_accepted, true);
  assert.equal(res.json.accept_note, '季度研判会确认：剩余风险纳入日常巡查');
  const hist = (await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.history.map((e) => e.kind);
  assert.deepEqual(hist, ['created', 'closed', 'accepted']);
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${h.id}/accept`, { note: '再次' }), 409, 'conflict');
  const none = await report(s, 'grid8', { compound_id: c, title: '井盖松动', likelihood: 1, consequence: 1 });
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/hazards/${none.id}/close`, { note: '已固定' }), 200, 'closed with no residual');
  L.expectError(await call(s, 'grid8', 'POST', `/api/hazards/${none.id}/accept`, { note: '可接受' }), 409, 'conflict');
});

test('hazards: a finding raises one work order whose source is the hazard', async () => {
  const s = await srv();
  const c = await pilot(s);
  const h = await report(s, 'microgrid8', { compound_id: c, title: '楼道灭火器过期', likelihood: 3, consequence: 4 });
  L.expectError(await call(s, 'microgrid8', 'POST', `/api/hazards/${h.id}/workorder`, { category: 'no_such' }), 400, 'bad_value', 'category');
  const res = await call(s, 'microgrid8', 'POST', `/api/hazards/${h.id}/workorder`, { category: 'fire_safety' });
  L.expectStatus(res, 201, 'raise');
  const wo = (await L.get(s, 'grid8', `/api/workorders/${res.json.work_order_id}`)).json;
  assert.equal(wo.description, '楼道灭火器过期');
  L.expectError(await call(s, 'microgrid8', 'POST', `/api/hazards/${h.id}/workorder`, { category: 'fire_safety' }), 409, 'conflict');
  L.expectError(await call(s, 'resident', 'POST', `/api/hazards/${h.id}/workorder`, { category: 'fire_safety' }), 403, 'forbidden');
});

test('hazards: the register pages by cursor', async () => {
  const s = await srv();
  const c = await pilot(s);
  for (let i = 0; i < 3; i++) await report(s, 'grid8', { compound_id: c, title: `分页隐患${i}`, likelihood: 1, consequence: 1 });
  const all = await registerIds(s, c);
  assert.ok(all.length >= 3);
  const sorted = [...all].sort((a, b) => b - a);
  assert.deepEqual(all, sorted, 'newest first');
  const page = (await L.get(s, 'grid8', `/api/hazards?compound=${c}&after=${all[1]}`)).json;
  assert.deepEqual(page.items.map((h) => h.id), all.slice(2));
  L.expectError(await L.get(s, 'grid8', '/api/hazards', { ok: false }), 400, 'missing_param', 'compound');
});
