// 62_safety_disputes.test.js: mediation in three tiers (/api/disputes): a case's parties are seen in full only by
// its own mediators (others with the mediation right see them masked, others still see nothing); escalation needs
// a reason and stops at tier 3; an agreement holds only when every party signed; a tier-3 outcome is published to
// the compound without the parties; bad input writes nothing.
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

const PARTIES = [
  { name: '王建国', phone: '13912345678', role: 'applicant' },
  { name: '李秀英', phone: '13887654321', role: 'respondent' },
];

async function open(s, c, title = '楼上漏水纠纷') {
  const res = await call(s, 'grid8', 'POST', '/api/disputes', { compound_id: c, title, summary: '王建国家天花板被楼上李秀英家漏水浸湿', parties: PARTIES });
  L.expectStatus(res, 201, 'open');
  return res.json;
}

async function count(s, c) {
  return (await L.get(s, 'staff', `/api/disputes?compound=${c}`)).json.items.length;
}

test('disputes: the parties are seen in full by the case\'s mediators only', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const d = await open(s, c);
  assert.equal(d.mediator, true);
  assert.deepEqual(d.parties.map((p) => [p.name, p.phone]), [['王建国', '13912345678'], ['李秀英', '13887654321']]);
  await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/sessions`, { minutes: '双方到场，王建国要求赔偿' });
  for (const u of ['staff', 'party']) {
    const seen = (await L.get(s, u, `/api/disputes/${d.id}`)).json;
    assert.equal(seen.mediator, false, `${u} is not the case's mediator`);
    assert.deepEqual(seen.parties.map((p) => [p.name, p.phone]), [['王*', '139****5678'], ['李*', '138****4321']], `${u} sees them masked`);
    assert.equal(seen.summary, '', `${u}: no summary`);
    assert.ok(seen.events.every((e) => e.text === ''), `${u}: no minutes`);
    assert.ok(!JSON.stringify(seen).includes('王建国'), `${u}: the name nowhere`);
  }
  L.expectError(await L.get(s, 'microgrid8', `/api/disputes/${d.id}`, { ok: false }), 404, 'not_found');
  L.expectError(await L.get(s, 'resident', `/api/disputes/${d.id}`, { ok: false }), 404, 'not_found');
  L.expectError(await call(s, 'staff', 'POST', `/api/disputes/${d.id}/sessions`, { minutes: '旁听' }), 403, 'not_case_mediator');
  // made a mediator of the case, staff sees the parties
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/mediators`, { username: 'staff' }), 200, 'add mediator');
  const now = (await L.get(s, 'staff', `/api/disputes/${d.id}`)).json;
  assert.deepEqual(now.parties.map((p) => p.name), ['王建国', '李秀英']);
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/mediators`, { username: 'staff' }), 409, 'conflict', 'username');
});

test('disputes: bad cases are refused and nothing is written', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const before = await count(s, c);
  const base = { compound_id: c, title: '噪音纠纷', parties: PARTIES };
  L.expectError(await call(s, 'grid8', 'POST', '/api/disputes', { ...base, parties: [PARTIES[0]] }), 400, 'bad_value', 'parties');
  L.expectError(await call(s, 'grid8', 'POST', '/api/disputes', { ...base, parties: [PARTIES[0], { ...PARTIES[1], phone: '12345' }] }), 400, 'bad_value', 'parties');
  L.expectError(await call(s, 'grid8', 'POST', '/api/disputes', { ...base, parties: [PARTIES[0], { ...PARTIES[1], role: 'judge' }] }), 400, 'bad_value', 'parties');
  L.expectError(await call(s, 'grid8', 'POST', '/api/disputes', { ...base, title: '' }), 400, 'missing_field', 'title');
  L.expectError(await call(s, 'microgrid8', 'POST', '/api/disputes', base), 403, 'forbidden');
  assert.equal(await count(s, c), before);
});

test('disputes: tier 1 to 2 with a reason, minutes, an agreement signed by every party, a follow-up', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const d = await open(s, c, '停车位纠纷');
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/escalate`, {}), 400, 'missing_field', 'reason');
  assert.equal((await L.get(s, 'grid8', `/api/disputes/${d.id}`)).json.tier, 1);
  const up = await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/escalate`, { reason: '涉及产权，需法律顾问' });
  L.expectStatus(up, 200, 'escalate');
  assert.equal(up.json.tier, 2);
  const esc = up.json.events.filter((e) => e.kind === 'escalated');
  assert.deepEqual(esc.map((e) => [e.tier, e.text]), [[2, '涉及产权，需法律顾问']]);
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/sessions`, { minutes: '' }), 400, 'missing_field', 'minutes');
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/sessions`, { minutes: '法律顾问解释车位归属' }), 200, 'session');
  const [a, b] = up.json.parties.map((p) => p.id);
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/agreements`, { text: '轮流使用', signed_by: [a] }), 400, 'not_all_signed', 'signed_by');
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/agreements`, { text: '轮流使用', signed_by: [a, a] }), 400, 'not_all_signed', 'signed_by');
  let cur = (await L.get(s, 'grid8', `/api/disputes/${d.id}`)).json;
  assert.equal(cur.status, 'open');
  assert.equal(cur.events.filter((e) => e.kind === 'agreement').length, 0, 'no agreement written');
  const ag = await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/agreements`, { text: '单双日轮流使用车位', signed_by: [b, a] });
  L.expectStatus(ag, 200, 'agreement');
  assert.equal(ag.json.status, 'agreed');
  assert.deepEqual(ag.json.events.filter((e) => e.kind === 'agreement').map((e) => e.signatures), [2]);
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/followups`, { note: '一周后回访，双方遵守' }), 200, 'follow-up');
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/close`, { outcome: '已调解', publish: true }), 409, 'not_tier3', 'publish');
  const closed = await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/close`, { outcome: '达成协议' });
  L.expectStatus(closed, 200, 'close');
  assert.equal(closed.json.status, 'closed');
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/followups`, { note: '再回访' }), 409, 'closed');
  cur = (await L.get(s, 'resident', `/api/disputes?compound=${c}`)).json;
  assert.equal(cur.items.some((x) => x.id === d.id), false, 'a tier-2 outcome is not published');
});

test('disputes: a tier-3 outcome is published to the compound without the parties', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const d = await open(s, c, '加装电梯意见分歧');
  await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/escalate`, { reason: '院内调解未果' });
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/escalate`, { reason: '涉及多方，需社区党委牵头' }), 200, 'to tier 3');
  L.expectError(await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/escalate`, { reason: '再升' }), 409, 'top_tier');
  const res = await call(s, 'grid8', 'POST', `/api/disputes/${d.id}/close`, { outcome: '多方协商同意加装，联系人13812345678', publish: true });
  L.expectStatus(res, 200, 'close and publish');
  const list = (await L.get(s, 'resident', `/api/disputes?compound=${c}`)).json;
  assert.equal(list.published_only, true);
  const item = list.items.find((x) => x.id === d.id);
  assert.equal(item.outcome, '多方协商同意加装，联系人138****5678');
  assert.ok(list.items.every((x) => x.published === true), 'only published outcomes');
  const one = (await L.get(s, 'resident', `/api/disputes/${d.id}`)).json;
  for (const k of ['parties', 'summary', 'events']) assert.equal(k in one, false, `no ${k} for residents`);
  assert.ok(!JSON.stringify(one).includes('王'), 'no party named');
  L.expectError(await L.get(s, 'resident_other', `/api/disputes?compound=${c}`, { ok: false }), 403, 'forbidden');
});
