// 52_project_partners.test.js: the partners who pay (vetting, the committee's decision, the contract with its
// payback plan and obligations, money in read from the ledger against the plan) and the autonomy-fund grants
// (applied with a budget, decided by the committee, spending reported against the grant and published).
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';

async function post(srv, user, p, body) {
  return L.api(srv, 'POST', p, { token: await L.token(srv, user), body });
}

test('project partners: vetted, decided by the committee, contracted, and their money in shown against the plan', async () => {
  const srv = await L.sharedServer();
  const c = await L.compoundByName(srv, 'staff', PILOT);
  const base = { compound_id: c.id, name: '锦城停车管理有限公司', credentials: '道路停车经营许可证；营业执照', references: '玉林小区停车改造（2023）' };
  L.expectError(await post(srv, 'staff', '/api/partners', { ...base, credentials: '' }), 400, 'missing_field', 'credentials');
  L.expectError(await post(srv, 'staff', '/api/partners', { ...base, references: ' ' }), 400, 'missing_field', 'references');
  L.expectError(await post(srv, 'resident', '/api/partners', base), 403, 'forbidden');
  const before = (await L.get(srv, 'staff', `/api/partners?compound=${c.id}`)).json.items.length;
  const created = await post(srv, 'staff', '/api/partners', base);
  L.expectStatus(created, 201, 'partner');
  assert.equal(created.json.status, 'vetting');
  const id = created.json.id;
  assert.equal((await L.get(srv, 'staff', `/api/partners?compound=${c.id}`)).json.items.length, before + 1,
    'the refusals wrote nothing');
  const contract = { contract_no: 'PPP-2026-01', start: '2026-01-01', end: '2033-12-31',
    plan: { parking: 120000000, charging: 30000000 },
    obligations: [{ description: '建设智慧停车系统并对居民优惠', due: '2026-06-30' }, { description: '每年公开停车收支', due: '2026-12-31' }] };
  L.expectError(await post(srv, 'staff', `/api/partners/${id}/contract`, contract), 409, 'not_approved');
  L.expectError(await post(srv, 'staff', `/api/partners/${id}/income`, { line: 'parking', amount: 100 }), 403, 'forbidden');
  L.expectError(await post(srv, 'finance', `/api/partners/${id}/income`, { line: 'parking', amount: 100 }), 409, 'not_contracted');
  L.expectError(await post(srv, 'resident', `/api/partners/${id}/decision`, { approve: true }), 403, 'forbidden');
  const approved = await post(srv, 'committee', `/api/partners/${id}/decision`, { approve: true, note: '院委会2026年第1次会议通过' });
  L.expectStatus(approved, 200, 'decision');
  assert.equal(approved.json.partner.status, 'approved');
  L.expectError(await post(srv, 'committee', `/api/partners/${id}/decision`, { approve: false }), 409, 'already_decided');
  L.expectError(await post(srv, 'staff', `/api/partners/${id}/contract`, { ...contract, plan: { lottery: 5 } }), 400, 'bad_value', 'plan');
  L.expectError(await post(srv, 'staff', `/api/partners/${id}/contract`, { ...contract, end: '2025-01-01' }), 400, 'bad_value', 'end');
  const signed = await post(srv, 'staff', `/api/partners/${id}/contract`, contract);
  L.expectStatus(signed, 200, 'contract');
  assert.equal(signed.json.partner.status, 'contracted');
  assert.equal(signed.json.planned, 150000000);
  assert.equal(signed.json.received, 0);
  assert.equal(signed.json.obligations.length, 2);
  // money in: recorded in the ledger through the funds model, shown per line against the plan
  L.expectError(await post(srv, 'finance', `/api/partners/${id}/income`, { line: 'lottery', amount: 100 }), 400, 'bad_value', 'line');
  L.expectError(await post(srv, 'finance', `/api/partners/${id}/income`, { line: 'parking', amount: 0 }), 400, 'bad_value', 'amount');
  L.expectStatus(await post(srv, 'finance', `/api/partners/${id}/income`, { line: 'parking', amount: 1500000, date: '2026-02-01' }), 201, 'income');
  const got = await post(srv, 'finance', `/api/partners/${id}/income`, { line: 'parking', amount: 500000, date: '2026-03-01' });
  L.expectStatus(got, 201, 'income 2');
  const parking = got.json.plan.find((l) => l.line === 'parking');
  assert.deepEqual([parking.planned, parking.received, parking.receipts], [120000000, 2000000, 2]);
  assert.equal(got.json.plan.find((l) => l.line === 'charging').received, 0);
  // obligations: met once; the clock past a due date shows it overdue
  const ob = got.json.obligations[0].id;
  L.expectStatus(await post(srv, 'staff', `/api/partners/${id}/obligations/${ob}/met`, { note: '系统已上线' }), 200, 'met');
  L.expectError(await post(srv, 'staff', `/api/partners/${id}/obligations/${ob}/met`, {}), 409, 'already_met');
  L.expectError(await post(srv, 'staff', `/api/partners/${id}/obligations/999999/met`, {}), 404, 'not_found', 'obligation');
  const read = (await L.get(srv, 'resident', `/api/partners/${id}`)).json;
  assert.deepEqual(read.obligations.map((o) => o.status), ['met', 'open']);
  assert.equal((await L.api(srv, 'GET', `/api/partners/${id}`, { token: await L.token(srv, 'resident_other') })).status, 404);
});

test('project grants: applied with a budget, decided by the committee, spending reported against it and published', async () => {
  const srv = await L.sharedServer();
  const c = await L.compoundByName(srv, 'staff', PILOT);
  L.expectError(await post(srv, 'staff', '/api/grants', { compound_id: c.id, title: '院落书角', budget: 0 }), 400, 'bad_value', 'budget');
  L.expectError(await post(srv, 'resident', '/api/grants', { compound_id: c.id, title: '院落书角', budget: 100 }), 403, 'forbidden');
  const g = await post(srv, 'staff', '/api/grants', { compound_id: c.id, title: '院落书角', purpose: '书架与座椅', budget: 800000 });
  L.expectStatus(g, 201, 'apply');
  const id = g.json.grant.id;
  assert.equal(g.json.grant.status, 'applied');
  L.expectError(await post(srv, 'staff', `/api/grants/${id}/spending`, { amount: 100, description: '书架' }), 409, 'not_approved');
  const own = await post(srv, 'committee', '/api/grants', { compound_id: c.id, title: '自己申请', budget: 100 });
  L.expectStatus(own, 201, 'committee applies');
  L.expectError(await post(srv, 'committee', `/api/grants/${own.json.grant.id}/decision`, { approve: true }), 409, 'own_application');
  L.expectStatus(await post(srv, 'committee', `/api/grants/${id}/decision`, { approve: true, note: '同意' }), 200, 'decide');
  L.expectError(await post(srv, 'committee', `/api/grants/${id}/decision`, { approve: true }), 409, 'already_decided');
  L.expectStatus(await post(srv, 'staff', `/api/grants/${id}/spending`, { amount: 600000, description: '书架两组', date: '2026-04-01' }), 201, 'spend');
  L.expectError(await post(srv, 'staff', `/api/grants/${id}/spending`, { amount: 200001, description: '座椅' }), 409, 'over_budget', 'amount');
  const last = await post(srv, 'staff', `/api/grants/${id}/spending`, { amount: 200000, description: '座椅' });
  L.expectStatus(last, 201, 'spend to the budget');
  assert.equal(last.json.grant.remaining, 0);
  const pub = (await L.get(srv, 'resident', `/api/grants/${id}`)).json;
  assert.deepEqual(pub.spending.map((s) => s.amount), [600000, 200000], 'the spending is published to the residents');
  const p1 = (await L.get(srv, 'resident', `/api/grants?compound=${c.id}&per_page=1`)).json;
  assert.equal(p1.items.length, 1);
  const p2 = (await L.get(srv, 'resident', `/api/grants?compound=${c.id}&per_page=1&after=${p1.next}`)).json;
  assert.equal(p2.items[0].id < p1.items[0].id, true, 'the next page is older');
});
