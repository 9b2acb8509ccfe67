// 40_funds_payments.test.js: payment requests, the three signatures, disbursement with its entry and public notice, the maintenance-fund vote rule.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { assert } = L;

const BASE = { payee: '蓉城建设工程有限公司', payee_account: '6222 0210 0101 7788 123', purpose: '测试进度款',
  category: 'works', basis: ['合同 HT-1.pdf', '验收记录 YS-1.pdf'], project: '测试项目' };

F.ftest('a contractor\'s payment is signed by supervisor, finance and committee, disbursed, posted and published', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const before = await F.bankBalance(srv, f.renovation.id);
  const p = await F.requestPayment(srv, 'contractor', { ...BASE, fund_id: f.renovation.id, amount: 1234567 });
  assert.equal(p.status, 'pending');
  assert.deepEqual(p.basis, BASE.basis);
  await F.signAll(srv, p.id);
  const approved = (await L.get(srv, 'resident', `/api/payments/${p.id}`)).json;
  assert.equal(approved.status, 'approved');
  assert.deepEqual(approved.signatures.map((s) => s.role).sort(), ['committee', 'finance', 'supervisor']);
  assert.equal(await F.bankBalance(srv, f.renovation.id), before, 'nothing leaves before the disbursement');
  const d = await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`);
  L.expectStatus(d, 200, 'disburse');
  assert.equal(d.json.status, 'disbursed');
  assert.ok(d.json.entry_id > 0 && d.json.notice_id > 0, JSON.stringify(d.json));
  assert.equal(await F.bankBalance(srv, f.renovation.id), before - 1234567, 'the bank balance fell by the amount');
  const entries = (await L.get(srv, 'finance', `/api/ledger?fund=${f.renovation.id}&per_page=5`)).json.items;
  const e = entries.find((x) => x.id === d.json.entry_id);
  assert.ok(e, 'the entry is in the ledger');
  assert.equal(e.source, 'payment');
  assert.equal(e.amount, 1234567);
  // the public notice, readable by any resident of the compound, names payee, amount and basis
  const n = (await L.get(srv, 'resident', `/api/notices/${d.json.notice_id}`)).json;
  const text = JSON.stringify(n);
  assert.match(text, /payment/);
  assert.match(text, /蓉城建设工程有限公司/);
  assert.match(text, /12345\.67/);
  assert.match(text, /HT-1\.pdf/);
  // a second disbursement is refused
  L.expectError(await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`), 409, 'already_disbursed');
  return srv;
});

F.ftest('bad payment requests are refused with a clear error and nothing is stored', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const count = async () => (await L.get(srv, 'finance', `/api/payments?fund=${f.renovation.id}&per_page=1`)).json.total;
  const n0 = await count();
  const bad = [
    [{ ...BASE, fund_id: f.renovation.id, amount: 0 }, 400, 'bad_value', 'amount'],
    [{ ...BASE, fund_id: f.renovation.id, amount: -500 }, 400, 'bad_value', 'amount'],
    [{ ...BASE, fund_id: f.renovation.id, amount: 100, category: 'party' }, 400, 'bad_value', 'category'],
    [{ ...BASE, fund_id: f.renovation.id, amount: '100' }, 400, 'bad_type', 'amount'],
    [{ ...BASE, fund_id: f.renovation.id, amount: 100, payee: undefined }, 400, 'missing_field', 'payee'],
    [{ ...BASE, fund_id: f.renovation.id, amount: 100, colour: 'red' }, 400, 'unknown_field', 'colour'],
    [{ ...BASE, fund_id: 999999, amount: 100 }, 404, 'not_found', 'fund_id'],
  ];
  for (const [body, status, code, field] of bad) {
    L.expectError(await F.post(srv, 'contractor', '/api/payments', body), status, code, field);
  }
  L.expectError(await F.post(srv, 'resident', '/api/payments', { ...BASE, fund_id: f.renovation.id, amount: 100 }), 403, 'forbidden');
  assert.equal(await count(), n0, 'no request was stored');
  return srv;
});

F.ftest('the approval matrix: no second signature by one role, no signing one\'s own request, no disbursing early', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const before = await F.bankBalance(srv, f.renovation.id);
  const p = await F.requestPayment(srv, 'contractor', { ...BASE, fund_id: f.renovation.id, amount: 50000 });
  L.expectError(await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`), 409, 'not_approved');
  L.expectStatus(await F.post(srv, 'supervisor', `/api/payments/${p.id}/approve`, {}), 200, 'supervisor signs');
  L.expectError(await F.post(srv, 'supervisor', `/api/payments/${p.id}/approve`, {}), 409, 'already_signed');
  L.expectError(await F.post(srv, 'supervisor', `/api/payments/${p.id}/approve`, { role: 'finance' }), 403, 'role_not_entitled');
  // roles that never sign payments
  L.expectError(await F.post(srv, 'contractor', `/api/payments/${p.id}/approve`, {}), 403, 'forbidden');
  L.expectError(await F.post(srv, 'staff', `/api/payments/${p.id}/approve`, {}), 403, 'forbidden');
  L.expectStatus(await F.post(srv, 'finance', `/api/payments/${p.id}/approve`, {}), 200, 'finance signs');
  L.expectError(await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`), 409, 'not_approved');
  const two = (await L.get(srv, 'finance', `/api/payments/${p.id}`)).json;
  assert.equal(two.status, 'pending', 'two of three signatures is not approved');
  assert.equal(await F.bankBalance(srv, f.renovation.id), before, 'nothing was paid');
  // the committee requests a payment itself: it cannot also sign it
  const own = await F.requestPayment(srv, 'committee', { ...BASE, fund_id: f.renovation.id, amount: 700 });
  L.expectError(await F.post(srv, 'committee', `/api/payments/${own.id}/approve`, {}), 409, 'requester_cannot_sign');
  return srv;
});

F.ftest('one person holding two signing roles cannot sign twice; a rejection needs a reason and stops the payment', async () => {
  const srv = await L.startServer();
  const f = await F.pilotFunds(srv);
  // a person who is both supervisor and finance officer of the compound
  const env = { ...process.env, GONGZHI_PASSWORD: 'demo' };
  L.mustRun(L.GZ_BIN, ['user', 'add', 'dual', '--display', '双重身份', '--db', srv.db.url, '--key-file', srv.db.key], { env });
  L.mustRun(L.GZ_BIN, ['user', 'roles', 'dual', '--grant', `supervisor:${f.compound.id}`, '--grant', `finance:${f.compound.id}`,
    '--db', srv.db.url, '--key-file', srv.db.key]);
  const p = await F.requestPayment(srv, 'contractor', { ...BASE, fund_id: f.renovation.id, amount: 9900 });
  L.expectStatus(await F.post(srv, 'dual', `/api/payments/${p.id}/approve`, { role: 'supervisor' }), 200, 'dual signs as supervisor');
  L.expectError(await F.post(srv, 'dual', `/api/payments/${p.id}/approve`, { role: 'finance' }), 409, 'same_person');
  L.expectError(await F.post(srv, 'committee', `/api/payments/${p.id}/reject`, {}), 400, 'missing_field', 'reason');
  const rej = await F.post(srv, 'committee', `/api/payments/${p.id}/reject`, { reason: '发票抬头有误' });
  L.expectStatus(rej, 200, 'reject');
  assert.equal(rej.json.status, 'rejected');
  assert.equal(rej.json.reject_reason, '发票抬头有误');
  L.expectError(await F.post(srv, 'finance', `/api/payments/${p.id}/approve`, {}), 409, 'not_pending');
  L.expectError(await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`), 409, 'not_approved');
  return srv;
});

/* Closed owners' votes inserted as the votes capability stores them. */
function insertVotes(db, compoundId) {
  const sql = 'INSERT INTO vote (id, node_id, title, kind, matter, method, electorate, status, closed_at, passed, created_at, updated_at) VALUES ' +
    `(9001, ${compoundId}, '使用维修资金维修排水管网', 'art278', 5, 'yes_no', 'owners', 'closed', 1700000000, 1, 1700000000, 1700000000),` +
    `(9002, ${compoundId}, '使用维修资金更换路灯', 'art278', 5, 'yes_no', 'owners', 'closed', 1700000000, 0, 1700000000, 1700000000),` +
    `(9003, ${compoundId}, '筹集维修资金', 'art278', 6, 'yes_no', 'owners', 'closed', 1700000000, 1, 1700000000, 1700000000)`;
  if (db.sqlitePath) L.mustRun('sqlite3', [db.sqlitePath, sql]);
  else L.psql(db.url, sql);
}

F.ftest('maintenance-fund spending needs a passed matter-5 vote, except emergencies which are paid first and published after', async () => {
  const db = L.pristineDb();
  let srv = await L.startServer({ db });
  const f = await F.pilotFunds(srv);
  await L.stopServer(srv);
  insertVotes(db, f.compound.id);
  srv = await L.startServer({ db });
  const m = f.maintenance.id;
  const repair = { ...BASE, fund_id: m, amount: 30000, category: 'repair', purpose: '更换排水管' };
  L.expectError(await F.post(srv, 'staff', '/api/payments', repair), 409, 'vote_required', 'vote_id');
  L.expectError(await F.post(srv, 'staff', '/api/payments', { ...repair, vote_id: 9002 }), 409, 'vote_not_passed', 'vote_id');
  L.expectError(await F.post(srv, 'staff', '/api/payments', { ...repair, vote_id: 9003 }), 409, 'vote_not_passed', 'vote_id');
  L.expectError(await F.post(srv, 'staff', '/api/payments', { ...repair, vote_id: 424242 }), 404, 'not_found', 'vote_id');
  const households = async () => (await L.get(srv, 'finance', `/api/funds/${m}/households`)).json.items;
  const h0 = await households();
  const bank0 = await F.bankBalance(srv, m);
  const p = await F.requestPayment(srv, 'staff', { ...repair, vote_id: 9001 });
  await F.signAll(srv, p.id);
  L.expectStatus(await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`), 200, 'disburse the voted repair');
  const h1 = await households();
  // the cost is split over the households' sub-accounts, to the fen
  const drop = h0.reduce((s, h) => s + h.balance, 0) - h1.reduce((s, h) => s + h.balance, 0);
  assert.equal(drop, 30000, 'the sub-accounts carry the whole cost');
  assert.equal(await F.bankBalance(srv, m), bank0 - 30000);
  // an emergency needs no vote; its notice says it was paid first
  const burst = await F.requestPayment(srv, 'staff', { ...repair, category: 'burst_drain', amount: 12000, purpose: '排水立管爆裂抢修' });
  assert.equal(burst.emergency, true);
  await F.signAll(srv, burst.id);
  const d = await F.post(srv, 'finance', `/api/payments/${burst.id}/disburse`);
  L.expectStatus(d, 200, 'disburse the emergency');
  const n = (await L.get(srv, 'resident', `/api/notices/${d.json.notice_id}`)).json;
  assert.match(JSON.stringify(n), /先行支付/);
  return srv;
});

F.ftest('bank details are masked for residents and shown to the finance officer', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv, 'resident');
  assert.match(f.renovation.bank_account, /^[* ]+\d[\d ]*$/, 'masked: ' + f.renovation.bank_account);
  assert.ok(!/0088/.test(f.renovation.bank_account));
  const full = await F.pilotFunds(srv, 'finance');
  assert.equal(full.renovation.bank_account, '1001 3000 0088 6612 7');
  const list = (await L.get(srv, 'resident', `/api/payments?fund=${f.renovation.id}&per_page=50`)).json.items;
  assert.ok(list.length >= 5, 'the demo has payments at each stage');
  for (const p of list) assert.ok(!/7788/.test(p.payee_account), 'payee account masked: ' + p.payee_account);
  const statuses = new Set(list.map((p) => p.status));
  for (const s of ['pending', 'rejected', 'disbursed']) assert.ok(statuses.has(s), 'a demo payment is ' + s);
  assert.ok(list.some((p) => p.status === 'pending' && p.signatures.length === 2), 'one waits for its third signature');
  return srv;
});

F.ftest('pressing pay five times at once pays once', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const p = await F.requestPayment(srv, 'contractor', { ...BASE, fund_id: f.renovation.id, amount: 4321 });
  await F.signAll(srv, p.id);
  const before = await F.bankBalance(srv, f.renovation.id);
  const tok = await L.token(srv, 'finance');
  const all = await Promise.all([1, 2, 3, 4, 5].map(() => L.api(srv, 'POST', `/api/payments/${p.id}/disburse`, { token: tok })));
  const codes = all.map((r) => r.status).sort();
  assert.deepEqual(codes, [200, 409, 409, 409, 409], 'exactly one disbursement, the others refused as already done: ' +
    all.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join(' | '));
  assert.equal(await F.bankBalance(srv, f.renovation.id), before - 4321);
  return srv;
});
