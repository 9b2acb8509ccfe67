// 41_funds_ledger.test.js: the double-entry ledger: balanced entries only, reversals, immutability, derived balances, who sees what.
'use strict';

const zlib = require('node:zlib');
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

/* Moves a test server's clock (--test-clock) to the UTC second `at`. */
async function clockTo(srv, at) {
  const admin = await L.token(srv, 'admin');
  const now = (await L.api(srv, 'POST', '/api/debug/clock', { token: admin, body: { shift_seconds: 0 } })).json.now;
  L.expectStatus(await L.api(srv, 'POST', '/api/debug/clock', { token: admin, body: { shift_seconds: at - now } }), 200, 'clock');
}

const LIMIT = 10 ** 15; // fen an account may hold either way (10 trillion yuan): below 2^53, exact in JSON and in JS

F.ftest('an account is filled to its limit of 10^15 fen and not a fen beyond; the check, the statement and the disclosure stay exact', async () => {
  const srv = await L.startServer({ testClock: true });
  await clockTo(srv, Date.UTC(2031, 5, 15, 4, 0, 0) / 1000); // 2031-06-15 12:00 in Shanghai
  const f = await F.pilotFunds(srv);
  const id = f.autonomy.id;
  L.expectStatus(await F.post(srv, 'finance', `/api/funds/${id}/accounts`, { code: '4901', name: '大额测试收入', type: 'income' }), 201, 'a fresh income account');
  const bank0 = await F.bankBalance(srv, id);
  const n0 = await entryCount(srv, id);
  const need = LIMIT - bank0;
  const entry = (debitCode, creditCode, amount) => F.post(srv, 'finance', '/api/ledger', { fund_id: id, memo: '大额往来',
    lines: [{ account_code: debitCode, debit: amount }, { account_code: creditCode, credit: amount }] });
  // many large entries bring the bank to exactly the limit
  for (const amount of [2e14, 2e14, 2e14, 2e14, need - 8e14]) L.expectStatus(await entry('1001', '4901', amount), 201, `entry of ${amount}`);
  assert.equal(await F.bankBalance(srv, id), LIMIT);
  // one fen more on the bank is refused; so is one that takes the income account past -10^15
  L.expectError(await entry('1001', '4901', 1), 409, 'balance_limit', 'lines');
  L.expectError(await entry('5001', '4901', bank0 + 1), 409, 'balance_limit', 'lines');
  assert.equal(await entryCount(srv, id), n0 + 5, 'nothing written for the refused entries');
  assert.equal(await F.bankBalance(srv, id), LIMIT);
  const acct = (await L.get(srv, 'finance', `/api/funds/${id}`)).json.accounts.find((a) => a.code === '4901');
  assert.equal(acct.balance, need, 'the income account holds what the five entries brought');
  // the ledger check, the statement and the disclosure answer, with the exact figures
  const check = (await L.get(srv, 'auditor', '/api/ledger/check')).json;
  assert.equal(check.ok, true, JSON.stringify(check));
  const st = (await L.get(srv, 'finance', `/api/funds/${id}/statement?month=2031-06`)).json;
  assert.equal(st.closing_balance, LIMIT);
  const line = st.lines.find((l) => l.code === '4901');
  assert.equal(line.month, need);
  assert.equal(line.year_to_date, need);
  const d = (await L.get(srv, 'resident', `/api/funds/${id}/disclosure?year=2031`)).json.summary;
  assert.equal(d.opening, bank0);
  assert.equal(d.in, need);
  assert.equal(d.out, 0);
  assert.equal(d.closing, LIMIT);
  const page = await L.get(srv, 'resident', `/funds/${id}/disclosure?year=2031`);
  assert.match(page.text, /10000000000000\.00/, 'the disclosure page shows the closing balance to the fen');
  const csv = await L.get(srv, 'resident', `/api/funds/${id}/disclosure?year=2031&format=csv`);
  assert.match(csv.text, /期末余额,10000000000000\.00\r\n/);
  const xlsx = await L.get(srv, 'resident', `/api/funds/${id}/disclosure?year=2031&format=xlsx`);
  assert.equal(xlsx.buf.slice(0, 2).toString(), 'PK', 'an XLSX is a zip');
  const stPage = await L.get(srv, 'finance', `/funds/${id}/statement?month=2031-06`);
  assert.ok(stPage.text.includes((need / 100).toFixed(2)), 'the statement page shows the month\'s income to the fen');
  L.expectStatus(await L.get(srv, 'resident', `/funds/${id}`), 200, 'the fund page');
  return srv;
});

/* Runs SQL on a stopped test server's database; returns what it printed. */
function sql(db, text) {
  const res = db.sqlitePath ? L.mustRun('sqlite3', [db.sqlitePath, text])
    : L.mustRun('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', db.url, '-c', text]);
  return res.stdout.trim();
}

/* One file of a zip (an XLSX) as text, read through its central directory. */
function unzipText(buf, name) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20), local = buf.readUInt32LE(p + 42);
    const nameLen = buf.readUInt16LE(p + 28), entry = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (entry === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  throw new Error(`${name} is not in the zip`);
}

/* fen as yuan to the cent, exactly (BigInt). */
const yuanText = (fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

F.ftest('a fund whose journal has carried 4·10^18 fen in all takes no more: 409 fund_limit, nothing written; its sums stay exact', async () => {
  const db = L.pristineDb();
  let srv = await L.startServer({ db });
  const f = await F.pilotFunds(srv);
  const id = f.autonomy.id;
  const accounts = (await L.get(srv, 'finance', `/api/funds/${id}`)).json.accounts;
  const code = (c) => accounts.find((a) => a.code === c).id;
  await L.stopServer(srv);
  // the fund's past, as 4,000 entries at the per-entry maximum would leave it: a huge
  // amount into the bank and out again in 2030, the balances where they were
  const FUND_LIMIT = 4000000000000000000n;
  const posted = BigInt(sql(db, `SELECT posted_total FROM fund WHERE id = ${id}`));
  let room = FUND_LIMIT - posted - 100n;
  if (room % 2n) room -= 1n;
  const x = room / 2n;
  const pair = (a, b) => `INSERT INTO journal_entry (fund_id, posted_at, amount, memo, source_entity) VALUES (${id}, 1900000000, ${x}, '历史往来', 'test');
    INSERT INTO journal_line (entry_id, account_id, debit, credit) SELECT MAX(id), ${a}, ${x}, 0 FROM journal_entry;
    INSERT INTO journal_line (entry_id, account_id, debit, credit) SELECT MAX(id), ${b}, 0, ${x} FROM journal_entry;`;
  sql(db, `${pair(code('1001'), code('4001'))} ${pair(code('4001'), code('1001'))}
    UPDATE fund SET posted_total = posted_total + ${2n * x} WHERE id = ${id};`);
  const left = FUND_LIMIT - posted - 2n * x; // 100 or 101 fen
  srv = await L.startServer({ db });
  const check = (await L.get(srv, 'auditor', '/api/ledger/check')).json;
  assert.equal(check.ok, true, 'the doctored past is a consistent ledger: ' + JSON.stringify(check));
  const n0 = await entryCount(srv, id);
  const spend = (amount) => F.post(srv, 'finance', '/api/ledger', { fund_id: id, memo: '小额支出',
    lines: [{ account_code: '5002', debit: amount }, { account_code: '1001', credit: amount }] });
  L.expectError(await spend(Number(left) + 1), 409, 'fund_limit');
  assert.equal(await entryCount(srv, id), n0, 'nothing written');
  L.expectStatus(await spend(Number(left)), 201, 'exactly up to the limit');
  L.expectError(await spend(1), 409, 'fund_limit');
  // 2030's bank lines add up to about 2·10^18 each way, far past 2^53: every format keeps them to the fen
  const st = await L.get(srv, 'finance', `/api/funds/${id}/statement?month=2030-03`);
  assert.equal(st.json.lines.find((l) => l.code === '4001').month, 0, 'booked and booked back');
  const json = await L.get(srv, 'resident', `/api/funds/${id}/disclosure?year=2030`);
  assert.equal(json.text.match(/"in":(\d+)/)[1], String(x), 'JSON: the exact integer');
  assert.equal(json.text.match(/"out":(\d+)/)[1], String(x));
  const csv = await L.get(srv, 'resident', `/api/funds/${id}/disclosure?year=2030&format=csv`);
  assert.ok(csv.text.includes(`本年收入,${yuanText(x)}\r\n`), 'CSV: the exact yuan');
  const xlsx = await L.get(srv, 'resident', `/api/funds/${id}/disclosure?year=2030&format=xlsx`);
  assert.ok(unzipText(xlsx.buf, 'xl/sharedStrings.xml').includes(`>${yuanText(x)}<`), 'XLSX: the exact yuan, as text beyond 2^53 fen');
  L.expectStatus(await L.get(srv, 'resident', `/funds/${id}/disclosure?year=2030`), 200, 'the disclosure page');
  return srv;
});
