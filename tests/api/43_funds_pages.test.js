// 43_funds_pages.test.js: the funds' pages answer in Chinese for the people entitled to them, hide bank details, and refuse the rest; new accounts.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { assert } = L;

async function page(srv, user, p) {
  return L.api(srv, 'GET', p, { token: user ? await L.token(srv, user) : undefined });
}

F.ftest('every owner reads the funds, a payment, the annual disclosure and the monthly statement as pages', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv, 'resident');
  const list = await page(srv, 'resident', '/funds');
  L.expectStatus(list, 200, '/funds');
  assert.match(list.text, /资金公开/);
  assert.match(list.text, new RegExp(`href="/funds/${f.renovation.id}"`));
  assert.match(list.text, /我家的维修资金/);
  const fund = await page(srv, 'resident', `/funds/${f.renovation.id}`);
  L.expectStatus(fund, 200, 'fund page');
  assert.match(fund.text, /改造共管账户/);
  assert.match(fund.text, /政府补贴/);
  assert.match(fund.text, /蓉城易充新能源科技有限公司/);
  assert.doesNotMatch(fund.text, /0088 6612/, 'the bank account is masked');
  assert.doesNotMatch(fund.text, /payments\/new/, 'a resident is offered no payment request');
  const pays = (await L.get(srv, 'resident', `/api/payments?fund=${f.renovation.id}&status=disbursed`)).json.items;
  const pay = await page(srv, 'resident', `/payments/${pays[0].id}`);
  L.expectStatus(pay, 200, 'payment page');
  assert.match(pay.text, /三方签字/);
  assert.match(pay.text, /已支付并公示/);
  assert.doesNotMatch(pay.text, /action="\/payments\/\d+\/approve"/, 'no signing form for a resident');
  const disc = await page(srv, 'resident', `/funds/${f.maintenance.id}/disclosure?year=2024`);
  L.expectStatus(disc, 200, 'disclosure page');
  assert.match(disc.text, /期初余额/);
  assert.match(disc.text, /各户情况/);
  const st = await page(srv, 'resident', `/funds/${f.trust.id}/statement?month=2024-04`);
  L.expectStatus(st, 200, 'statement page');
  assert.match(st.text, /停车收入/);
  assert.match(st.text, /83400\.00/, 'the approved budget of the service fee');
  const mine = await page(srv, 'resident', `/households/${L.grantNode((await L.grants(srv, 'resident')).find((g) => g.role === 'resident'))}/funds`);
  L.expectStatus(mine, 200, 'own sub-account page');
  assert.match(mine.text, /维修资金分户账/);
  return srv;
});

F.ftest('the books, the levy arrears and the request form are only for those entitled', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const levy = (await L.get(srv, 'finance', `/api/levies?fund=${f.maintenance.id}`)).json.items[0];
  const arrears = await page(srv, 'finance', `/levies/${levy.id}`);
  L.expectStatus(arrears, 200, 'levy page');
  assert.match(arrears.text, /按楼栋统计/);
  assert.match(arrears.text, /欠缴明细/);
  L.expectStatus(await page(srv, 'resident', `/levies/${levy.id}`), 403, 'a resident does not see the arrears list');
  const ledger = await page(srv, 'auditor', `/funds/${f.renovation.id}/ledger`);
  L.expectStatus(ledger, 200, 'ledger page');
  assert.match(ledger.text, /银行存款/);
  L.expectStatus(await page(srv, 'resident', `/funds/${f.renovation.id}/ledger`), 403, 'a resident does not see the journal');
  const form = await page(srv, 'contractor', `/funds/${f.renovation.id}/payments/new`);
  L.expectStatus(form, 200, 'request form');
  assert.match(form.text, /class="payment-form"/);
  L.expectStatus(await page(srv, 'resident', `/funds/${f.renovation.id}/payments/new`), 403, 'no form for a resident');
  const full = await page(srv, 'finance', `/funds/${f.renovation.id}`);
  assert.match(full.text, /1001 3000 0088 6612 7/, 'the finance officer sees the bank account');
  L.expectStatus(await page(srv, 'resident_other', `/funds/${f.renovation.id}`), 403, 'another compound');
  return srv;
});

F.ftest('the finance officer adds an income or expense account; codes are unique and well-formed', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const res = await F.post(srv, 'finance', `/api/funds/${f.trust.id}/accounts`, { code: '5106', name: '电梯年检', type: 'expense' });
  L.expectStatus(res, 201, 'new account');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.trust.id}/accounts`, { code: '5106', name: 'x', type: 'expense' }), 409, 'conflict', 'code');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.trust.id}/accounts`, { code: 'H99', name: 'x', type: 'expense' }), 400, 'bad_value', 'code');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.trust.id}/accounts`, { code: '1002', name: 'x', type: 'asset' }), 400, 'bad_value', 'type');
  L.expectError(await F.post(srv, 'staff', `/api/funds/${f.trust.id}/accounts`, { code: '5107', name: 'x', type: 'expense' }), 403, 'forbidden');
  // a trust payment booked to the new line
  const p = await F.requestPayment(srv, 'committee', { fund_id: f.trust.id, payee: '成都电梯检测所', amount: 80000, purpose: '电梯年检',
    category: 'service', account_code: '5106' });
  for (const u of ['supervisor', 'finance']) L.expectStatus(await F.post(srv, u, `/api/payments/${p.id}/approve`, {}), 200, u);
  return srv;
});
