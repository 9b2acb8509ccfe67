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

F.ftest('a resident reads money in, out and left in yuan with separators, what each payment was for and who signed it, and no account codes', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv, 'resident');
  const fund = await page(srv, 'resident', `/funds/${f.renovation.id}`);
  L.expectStatus(fund, 200, 'fund page');
  const summary = fund.text.match(/<section class="money-summary"[\s\S]*?<\/section>/);
  assert.ok(summary, 'the summary is on the page');
  assert.match(summary[0], /收入 \/ 支出 \/ 结余/);
  // what is left is the bank balance the API gives in fen, written as yuan with separators
  const bank = (await L.get(srv, 'resident', `/api/funds/${f.renovation.id}`)).json;
  assert.ok(bank.balance > 100000, 'a balance with a thousands separator: ' + bank.balance);
  const yuan = (fen) => (fen < 0 ? '-' : '') + Math.floor(Math.abs(fen) / 100).toLocaleString('en-US') + '.' + String(Math.abs(fen) % 100).padStart(2, '0');
  assert.match(summary[0], new RegExp(`<dd class="money-left">${yuan(bank.balance).replace(/\./g, '\\.')} 元</dd>`));
  assert.match(fund.text, /政府补贴/, 'the income line by its name');
  assert.doesNotMatch(fund.text, /<td>(1001|400\d|500\d)<\/td>/, 'no account code shown to a resident');
  assert.doesNotMatch(fund.text, /class="accounts"/, 'no table of accounts for a resident');
  assert.match(fund.text, /<td data-label="已签字" class="signed">监理、社区财务、院委会代表<\/td>/, 'a paid payment names its three signers');
  const st = await page(srv, 'resident', `/funds/${f.trust.id}/statement?month=2024-04`);
  assert.doesNotMatch(st.text, /<td>4102 停车收入/, 'the statement names lines without codes for a resident');
  assert.match(st.text, /<td>停车收入<\/td>/);
  // the finance officer still reads the books by code
  const books = await page(srv, 'finance', `/funds/${f.renovation.id}`);
  assert.match(books.text, /<td>1001<\/td>/);
  return srv;
});
