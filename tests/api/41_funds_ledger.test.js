// 41_funds_ledger.test.js: the double-entry ledger: balanced entries only, reversals, immutability, derived balances, who sees what.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { assert } = L;

async function entryCount(srv, fundId) {
  return (await L.get(srv, 'finance', `/api/ledger?fund=${fundId}&per_page=1`)).json.total;
}

F.ftest('a balanced manual entry is posted; unbalanced or malformed entries are refused and nothing is posted', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const id = f.autonomy.id;
  const n0 = await entryCount(srv, id);
  const bank0 = await F.bankBalance(srv, id);
  const ok = await F.post(srv, 'finance', '/api/ledger', { fund_id: id, memo: '书角购书', reference: 'FP-001',
    lines: [{ account_code: '5001', debit: 45000 }, { account_code: '1001', credit: 45000 }] });
  L.expectStatus(ok, 201, 'balanced entry');
  assert.equal(ok.json.amount, 45000);
  assert.equal(ok.json.lines.length, 2);
  assert.equal(await F.bankBalance(srv, id), bank0 - 45000);
  const bad = [
    [{ account_code: '5001', debit: 45000 }, { account_code: '1001', credit: 44999 }],
    [{ account_code: '5001', debit: 100, credit: 100 }, { account_code: '1001', credit: 0 }],
    [{ account_code: '5001', debit: 100 }],
    [{ account_code: '5001', debit: 0 }, { account_code: '1001', credit: 0 }],
    [{ account_code: '5001', debit: -100 }, { account_code: '1001', credit: -100 }],
  ];
  for (const lines of bad) {
    const res = await F.post(srv, 'finance', '/api/ledger', { fund_id: id, memo: '错误分录', lines });
    assert.equal(res.status, 400, `refused: ${JSON.stringify(lines)} -> ${res.status} ${res.text}`);
    assert.ok(['unbalanced', 'bad_value'].includes(res.json.error.code), res.text);
  }
  L.expectError(await F.post(srv, 'finance', '/api/ledger', { fund_id: id, memo: 'x',
    lines: [{ account_code: '9999', debit: 1 }, { account_code: '1001', credit: 1 }] }), 400, 'bad_value', 'account_code');
  L.expectError(await F.post(srv, 'finance', '/api/ledger', { fund_id: id, memo: 'x' }), 400, 'missing_field', 'lines');
  L.expectError(await F.post(srv, 'staff', '/api/ledger', { fund_id: id, memo: 'x',
    lines: [{ account_code: '5001', debit: 1 }, { account_code: '1001', credit: 1 }] }), 403, 'forbidden');
  assert.equal(await entryCount(srv, id), n0 + 1, 'only the balanced entry was posted');
  assert.equal(await F.bankBalance(srv, id), bank0 - 45000);
  return srv;
});

F.ftest('a correction is a reversing entry; an entry is reversed at most once', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const id = f.autonomy.id;
  const bank0 = await F.bankBalance(srv, id);
  const e = await F.post(srv, 'finance', '/api/ledger', { fund_id: id, memo: '误记', lines:
    [{ account_code: '5002', debit: 777 }, { account_code: '1001', credit: 777 }] });
  L.expectStatus(e, 201, 'entry');
  const rev = await F.post(srv, 'finance', `/api/ledger/${e.json.id}/reverse`, { memo: '冲销误记' });
  L.expectStatus(rev, 201, 'reverse');
  assert.equal(rev.json.reverses_id, e.json.id);
  const l = Object.fromEntries(rev.json.lines.map((x) => [x.code, x]));
  assert.equal(l['5002'].credit, 777);
  assert.equal(l['1001'].debit, 777);
  assert.equal(await F.bankBalance(srv, id), bank0, 'the reversal restores the balance');
  L.expectError(await F.post(srv, 'finance', `/api/ledger/${e.json.id}/reverse`, { memo: '再冲' }), 409, 'conflict');
  L.expectError(await F.post(srv, 'finance', `/api/ledger/${rev.json.id}/reverse`, { memo: '冲冲销' }), 409, 'conflict');
  L.expectError(await F.post(srv, 'finance', '/api/ledger/99999999/reverse', { memo: 'x' }), 404, 'not_found');
  return srv;
});

F.ftest('the database refuses to change or delete a journal entry or line', async () => {
  const srv = await L.startServer();
  await L.stopServer(srv);
  const db = srv.db;
  for (const sql of ["UPDATE journal_entry SET memo = 'x' WHERE id = 1", 'DELETE FROM journal_entry WHERE id = 1',
    'UPDATE journal_line SET debit = debit + 1 WHERE id = 1', 'DELETE FROM journal_line WHERE id = 1']) {
    const res = db.sqlitePath ? L.run('sqlite3', [db.sqlitePath, sql])
      : L.run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url, '-c', sql]);
    assert.notEqual(res.status, 0, `refused: ${sql}`);
    assert.match(res.stderr + res.stdout, /append-only/);
  }
  const again = await L.startServer({ db });
  return again;
});

F.ftest('balances are derived from the lines: the cached balance of every account matches', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const fund = (await L.get(srv, 'finance', `/api/funds/${f.renovation.id}`)).json;
  for (const a of fund.accounts) {
    const b = (await L.get(srv, 'resident', `/api/ledger/accounts/${a.id}?derive=1`)).json;
    assert.equal(b.matches, true, JSON.stringify(b));
    assert.equal(b.balance, b.derived);
  }
  const c = await F.ledgerOk(srv);
  assert.ok(c.entries > 100, 'the demo posted its history: ' + JSON.stringify(c));
  return srv;
});

F.ftest('a resident sees their own household\'s sub-account and public figures, not the ledger or another household', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv, 'resident');
  const me = (await L.get(srv, 'resident', '/api/me')).json;
  const g = (me.roles || me.grants).find((x) => x.role === 'resident');
  const hid = L.grantNode(g);
  const mine = (await L.get(srv, 'resident', `/api/households/${hid}/funds`)).json;
  assert.equal(mine.accounts.length, 1, JSON.stringify(mine));
  assert.ok(mine.charges.length >= 1, 'the levy charge is shown');
  assert.equal(typeof mine.accounts[0].topup_due, 'boolean');
  const acct = (await L.get(srv, 'resident', `/api/ledger/accounts/${mine.accounts[0].account_id}`)).json;
  assert.equal(acct.balance, mine.accounts[0].balance);
  // another household's sub-account
  const all = (await L.get(srv, 'finance', `/api/funds/${f.maintenance.id}/households`)).json.items;
  const other = all.find((h) => h.household_id !== hid);
  L.expectError(await L.get(srv, 'resident', `/api/households/${other.household_id}/funds`, { ok: false }), 403, 'forbidden');
  L.expectError(await L.get(srv, 'resident', `/api/ledger/accounts/${other.account_id}`, { ok: false }), 403, 'forbidden');
  L.expectError(await L.get(srv, 'resident', `/api/ledger?fund=${f.maintenance.id}`, { ok: false }), 403, 'forbidden');
  L.expectError(await L.get(srv, 'resident', `/api/funds/${f.maintenance.id}/households`, { ok: false }), 403, 'forbidden');
  // public figures: the fund and its totals
  const pub = (await L.get(srv, 'resident', `/api/funds/${f.maintenance.id}`)).json;
  assert.ok(pub.household_accounts.count >= 40);
  // another compound's resident does not see this compound's funds
  L.expectError(await L.get(srv, 'resident_other', `/api/funds/${f.maintenance.id}`, { ok: false }), 403, 'forbidden');
  return srv;
});
