// 64_safety_assessments.test.js: the quarterly assessment: the prepared review counts the register (open by grade
// and age, found and closed in the quarter, where most were found) and the meeting is recorded once per quarter
// with its attendees, minutes and decisions, the review frozen beside them; bad input writes nothing.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { test, assert } = L;

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

function quarterOf(t) {
  const d = new Date((t + 8 * 3600) * 1000);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

test('assessments: the prepared review counts the register and the meeting is recorded once with its decisions', async () => {
  const s = await L.startServer();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const now = await L.serverNow(s);
  const q = quarterOf(now);
  const prep = async () => (await L.get(s, 'microgrid8', `/api/assessments/prepare?compound=${c}&quarter=${q}`)).json.review;
  const before = await prep();
  const h = await call(s, 'grid8', 'POST', '/api/hazards', { compound_id: c, title: '评估测试隐患', place_text: '评估测试角落', source: 'patrol', likelihood: 5, consequence: 5 });
  L.expectStatus(h, 201, 'hazard');
  const blue = (await call(s, 'grid8', 'POST', '/api/hazards', { compound_id: c, title: '评估测试小坑', place_text: '评估测试角落', source: 'patrol', likelihood: 1, consequence: 1 })).json;
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/hazards/${blue.id}/close`, { note: '已填平' }), 200, 'close');
  const after = await prep();
  assert.equal(after.opened.red, before.opened.red + 1);
  assert.equal(after.opened.blue, before.opened.blue + 1);
  assert.equal(after.open.red[0], before.open.red[0] + 1, 'open red, under 7 days old');
  assert.equal(after.closed.blue, before.closed.blue + 1);
  assert.deepEqual(after.places.find((p) => p.place === '评估测试角落'), { place: '评估测试角落', count: 2 });
  L.expectError(await L.get(s, 'microgrid8', `/api/assessments/prepare?compound=${c}&quarter=2026-Q5`, { ok: false }), 400, 'bad_value', 'quarter');
  L.expectError(await L.get(s, 'resident', `/api/assessments/prepare?compound=${c}&quarter=${q}`, { ok: false }), 403, 'forbidden');

  const body = { compound_id: c, quarter: q, held_at: now - 3600, attendees: '社区党委、院委会、消防专业人员',
    minutes: '逐项研判本季度隐患', decisions: [{ hazard_id: h.json.id, text: '限期一周整改，逾期由社区督办' }, { text: '下季度夜间加巡一次' }] };
  L.expectError(await call(s, 'party', 'POST', '/api/assessments', { ...body, minutes: '' }), 400, 'missing_field', 'minutes');
  L.expectError(await call(s, 'party', 'POST', '/api/assessments', { ...body, held_at: now + 86400 }), 400, 'bad_value', 'held_at');
  L.expectError(await call(s, 'party', 'POST', '/api/assessments', { ...body, decisions: [{ hazard_id: 99999999, text: 'x' }] }), 404, 'not_found', 'decisions');
  L.expectError(await call(s, 'microgrid8', 'POST', '/api/assessments', body), 403, 'forbidden');
  assert.deepEqual((await L.get(s, 'grid8', `/api/assessments?compound=${c}`)).json.items, [], 'nothing written');
  const rec = await call(s, 'party', 'POST', '/api/assessments', body);
  L.expectStatus(rec, 201, 'record');
  L.expectError(await call(s, 'party', 'POST', '/api/assessments', body), 409, 'conflict', 'quarter');
  const list = (await L.get(s, 'grid8', `/api/assessments?compound=${c}`)).json.items;
  assert.equal(list.length, 1);
  assert.equal(list[0].quarter, q);
  assert.deepEqual(list[0].decisions.map((d) => [d.hazard_id, d.text]), [[h.json.id, '限期一周整改，逾期由社区督办'], [0, '下季度夜间加巡一次']]);
  assert.equal(list[0].review.opened.red, after.opened.red, 'the review frozen as it was on the table');
});
