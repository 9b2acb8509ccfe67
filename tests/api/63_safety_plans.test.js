// 63_safety_plans.test.js: emergency plans per compound and type, drills, an incident declared from a plan with an
// append-only timeline, closed with a review published to residents (timeline without who wrote it, response
// times from the timeline); bad input is refused and changes nothing.
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

const PLAN = { kind: 'fire', title: '东南里7号火灾应急预案', roles: '院委会主任：总指挥；楼栋长：疏散', contacts: '社区值班电话 028-86661234',
  steps: '1. 报警119；2. 疏散；3. 关闭燃气总阀', supplies: '灭火器24具，应急灯6盏' };

test('plans: a manager writes plans per compound and type; patrollers read them; residents do not', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const res = await call(s, 'grid8', 'POST', '/api/emergency-plans', { compound_id: c, ...PLAN });
  L.expectStatus(res, 201, 'plan');
  assert.equal(res.json.kind_label, '火灾');
  const before = (await L.get(s, 'microgrid8', `/api/emergency-plans?compound=${c}`)).json.items.map((p) => p.id);
  assert.ok(before.includes(res.json.id));
  L.expectError(await call(s, 'grid8', 'POST', '/api/emergency-plans', { compound_id: c, ...PLAN, kind: 'meteor' }), 400, 'bad_value', 'kind');
  L.expectError(await call(s, 'grid8', 'POST', '/api/emergency-plans', { compound_id: c, ...PLAN, steps: '' }), 400, 'missing_field', 'steps');
  L.expectError(await call(s, 'microgrid8', 'POST', '/api/emergency-plans', { compound_id: c, ...PLAN }), 403, 'forbidden');
  assert.deepEqual((await L.get(s, 'microgrid8', `/api/emergency-plans?compound=${c}`)).json.items.map((p) => p.id), before, 'nothing written');
  L.expectError(await L.get(s, 'resident', `/api/emergency-plans?compound=${c}`, { ok: false }), 403, 'forbidden');
  const now = await L.serverNow(s);
  L.expectError(await call(s, 'grid8', 'POST', `/api/emergency-plans/${res.json.id}/drills`, { held_at: now + 3600, participants: 30 }), 400, 'bad_value', 'held_at');
  L.expectError(await call(s, 'grid8', 'POST', `/api/emergency-plans/${res.json.id}/drills`, { held_at: now - 3600, participants: -1 }), 400, 'bad_value', 'participants');
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/emergency-plans/${res.json.id}/drills`, { held_at: now - 3600, participants: 42, notes: '夜间疏散演练' }), 201, 'drill');
  const plan = (await L.get(s, 'microgrid8', `/api/emergency-plans/${res.json.id}`)).json;
  assert.deepEqual(plan.drills.map((d) => [d.participants, d.notes]), [[42, '夜间疏散演练']]);
});

test('plans: an incident is declared from a plan, its timeline appended live, closed with a review residents read', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const plan = (await call(s, 'grid8', 'POST', '/api/emergency-plans', { compound_id: c, ...PLAN, kind: 'flood', title: '汛期排涝预案' })).json;
  const inc = await call(s, 'grid8', 'POST', `/api/emergency-plans/${plan.id}/incidents`, { title: '暴雨致地下车库进水' });
  L.expectStatus(inc, 201, 'declare');
  assert.deepEqual(inc.json.timeline.map((e) => e.text), ['启动预案：汛期排涝预案']);
  L.expectError(await L.get(s, 'resident', `/api/incidents/${inc.json.id}`, { ok: false }), 404, 'not_found');
  L.expectError(await call(s, 'microgrid8', 'POST', `/api/incidents/${inc.json.id}/entries`, { text: '' }), 400, 'missing_field', 'text');
  L.expectStatus(await call(s, 'microgrid8', 'POST', `/api/incidents/${inc.json.id}/entries`, { text: '抽水泵到位，开始排水' }), 201, 'entry');
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/incidents/${inc.json.id}/entries`, { text: '车辆全部移出' }), 201, 'entry');
  L.expectError(await call(s, 'grid8', 'POST', `/api/incidents/${inc.json.id}/close`, { cause: '排水沟堵塞', response: '及时' }), 400, 'missing_field', 'lessons');
  L.expectError(await call(s, 'microgrid8', 'POST', `/api/incidents/${inc.json.id}/close`, { cause: 'a', response: 'b', lessons: 'c' }), 403, 'forbidden');
  const closed = await call(s, 'grid8', 'POST', `/api/incidents/${inc.json.id}/close`, {
    cause: '排水沟被落叶堵塞', response: '20分钟内抽水泵到位', lessons: '汛前清掏排水沟', changed_rules: '每年5月清掏' });
  L.expectStatus(closed, 200, 'close');
  assert.deepEqual(closed.json.timeline.map((e) => e.text), ['启动预案：汛期排涝预案', '抽水泵到位，开始排水', '车辆全部移出', '事件结束，复盘公开']);
  // (the response time is pinned with a moved clock below: here the lines may share the declaration's second)
  L.expectError(await call(s, 'grid8', 'POST', `/api/incidents/${inc.json.id}/entries`, { text: '补记' }), 409, 'closed');
  L.expectError(await call(s, 'grid8', 'POST', `/api/incidents/${inc.json.id}/close`, { cause: 'a', response: 'b', lessons: 'c' }), 409, 'closed');
  const pub = (await L.get(s, 'resident', `/api/incidents/${inc.json.id}`)).json;
  assert.equal(pub.lessons, '汛前清掏排水沟');
  assert.ok(pub.timeline.every((e) => !('actor_id' in e)), 'residents do not see who wrote each line');
  const list = (await L.get(s, 'resident', `/api/incidents?compound=${c}`)).json;
  assert.ok(list.items.some((x) => x.id === inc.json.id));
  assert.ok(list.items.every((x) => x.closed_at > 0), 'residents see closed reviews only');
});

test('plans: the review\'s response times come from the timeline', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const plan = (await call(s, 'grid8', 'POST', '/api/emergency-plans', { compound_id: c, ...PLAN, kind: 'gas', title: '燃气泄漏预案' })).json;
  const inc = (await call(s, 'grid8', 'POST', `/api/emergency-plans/${plan.id}/incidents`, { title: '3栋燃气味' })).json;
  assert.equal(inc.first_response_minutes, -1, 'no response yet');
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 600 }), 200, 'clock');
  const after = (await call(s, 'grid8', 'POST', `/api/incidents/${inc.id}/entries`, { text: '燃气公司到场关阀' })).json;
  assert.equal(after.first_response_minutes, 10);
});
