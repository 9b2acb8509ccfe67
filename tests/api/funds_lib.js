// funds_lib.js: helpers of the funds API tests: fund lookup, signing, and the ledger invariant checked after every test.
'use strict';

const L = require('./lib');
const { assert } = L;

const PILOT = '学道苑·东南里7号';

/* Registers a funds test; after it passes, every server it returned must
 * still hold a balanced ledger whose cached balances match the lines. */
function ftest(name, fn) {
  L.test(name, async () => {
    const used = await fn();
    const list = Array.isArray(used) ? used : used ? [used] : [];
    for (const srv of list) await ledgerOk(srv, name);
  });
}

/* After every API test, of every file: each running server's ledger still
 * balances and its cached balances match the lines. The auditor signs in
 * when there is no session yet or a moved clock has ended it; a server where
 * the auditor may not sign in (the login rate-limit test's) is skipped. */
L.afterEach(async (running) => {
  for (const srv of running) {
    const check = () => L.api(srv, 'GET', '/api/ledger/check', { token: L.cachedToken(srv, 'auditor') });
    let res = await check();
    if (res.status === 401) {
      const s = await L.login(srv, 'auditor');
      if (s.status === 429) continue;
      assert.equal(s.status, 200, 'the auditor signs in: ' + JSON.stringify(s.json));
      L.rememberToken(srv, 'auditor', s.token);
      res = await check();
    }
    L.expectStatus(res, 200, 'the ledger check after the test');
    assert.equal(res.json.ok, true, 'ledger invariant broken: ' + JSON.stringify(res.json));
  }
});

async function ledgerOk(srv, what = '') {
  const res = await L.get(srv, 'auditor', '/api/ledger/check');
  const c = res.json;
  assert.equal(c.ok, true, `ledger invariant broken after "${what}": ${JSON.stringify(c)}`);
  assert.equal(c.unbalanced, 0);
  assert.equal(c.balance_mismatch, 0);
  return c;
}

/* The funds of the pilot compound by kind: {renovation, maintenance, trust, autonomy, compound}. */
async function pilotFunds(srv, user = 'finance') {
  const c = await L.compoundByName(srv, 'staff', PILOT);
  const items = (await L.get(srv, user, `/api/funds?compound=${c.id}`)).json.items;
  const out = { compound: c };
  for (const f of items) out[f.kind] = f;
  assert.ok(out.renovation && out.maintenance && out.trust && out.autonomy, 'the pilot has four funds: ' + JSON.stringify(items));
  return out;
}

async function post(srv, user, p, body) {
  return L.api(srv, 'POST', p, { token: await L.token(srv, user), body });
}

async function bankBalance(srv, fundId) {
  return (await L.get(srv, 'finance', `/api/funds/${fundId}`)).json.balance;
}

/* A payment request as username; returns the payment JSON (asserting 201). */
async function requestPayment(srv, user, body) {
  const res = await post(srv, user, '/api/payments', body);
  L.expectStatus(res, 201, `payment request by ${user}`);
  return res.json;
}

async function signAll(srv, id) {
  for (const u of ['supervisor', 'finance', 'committee']) {
    const res = await post(srv, u, `/api/payments/${id}/approve`, {});
    L.expectStatus(res, 200, `approve as ${u}`);
  }
}

module.exports = { PILOT, ftest, ledgerOk, pilotFunds, post, bankBalance, requestPayment, signAll };
