// 42_funds_levies.test.js: levies from registered areas, receipts and arrears, income, trust statements, bank reconciliation, the annual disclosure (XLSX read back by LibreOffice).
'use strict';

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const F = require('./funds_lib');
const { assert } = L;

/* The levy rule by hand, in BigInt: per_area = area·rate/100, percent = area·base·rate/10^6, both rounded half up. */
function expectedDue(area, rule, rate, base) {
  const a = BigInt(area);
  if (rule === 'per_area') return Number((a * BigInt(rate) + 50n) / 100n);
  return Number((a * BigInt(base) * BigInt(rate) + 500000n) / 1000000n);
}

async function registerAreas(srv, compoundId) {
  const items = (await L.get(srv, 'staff', `/api/households?compound=${compoundId}&per_page=200`)).json.items;
  return new Map(items.map((h) => [h.id, h.area]));
}

F.ftest('a levy charges every household its registered area times the rate, rounded half up to the fen', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const areas = await registerAreas(srv, f.compound.id);
  for (const [rule, rate, base] of [['per_area', 500, undefined], ['percent', 500, 150000], ['per_area', 333, undefined]]) {
    const res = await F.post(srv, 'finance', '/api/levies', { fund_id: f.maintenance.id, name: `测试征收 ${rule} ${rate}`, rule, rate, base });
    L.expectStatus(res, 201, 'levy');
    const levy = (await L.get(srv, 'finance', `/api/levies/${res.json.id}`)).json;
    const withArea = [...areas.values()].filter((a) => a).length;
    assert.equal(levy.households, withArea, 'one charge per household with a registered area');
    let total = 0;
    for (const c of levy.arrears) {
      assert.equal(c.area, areas.get(c.household_id), 'the charge uses the registered area');
      assert.equal(c.due, expectedDue(c.area, rule, rate, base), `${rule} ${rate} on ${c.area}`);
      total += c.due;
    }
    assert.equal(levy.due, total);
    assert.equal(levy.paid, 0);
  }
  // a household of 60.25 m² at 5 yuan/m² owes 301.25 yuan
  assert.equal(expectedDue(6025, 'per_area', 500), 30125);
  const bad = [
    [{ fund_id: f.maintenance.id, name: 'x', rule: 'flat', rate: 500 }, 400, 'bad_value', 'rule'],
    [{ fund_id: f.maintenance.id, name: 'x', rule: 'per_area', rate: 0 }, 400, 'bad_value', 'rate'],
    [{ fund_id: f.maintenance.id, name: 'x', rule: 'percent', rate: 500 }, 400, 'missing_field', 'base'],
    [{ fund_id: f.renovation.id, name: 'x', rule: 'per_area', rate: 500 }, 400, 'bad_value', 'fund_id'],
  ];
  for (const [body, status, code, field] of bad) L.expectError(await F.post(srv, 'finance', '/api/levies', body), status, code, field);
  L.expectError(await F.post(srv, 'resident', '/api/levies', { fund_id: f.maintenance.id, name: 'x', rule: 'per_area', rate: 500 }), 403, 'forbidden');
  return srv;
});

F.ftest('payments of a levy are kept with receipts, partial payments count, arrears are listed per building', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const levies = (await L.get(srv, 'resident', `/api/levies?fund=${f.maintenance.id}`)).json.items;
  const demo = levies[0];
  assert.ok(demo.in_arrears > 0 && demo.paid > 0, 'the demo levy has payments and a few arrears: ' + JSON.stringify(demo));
  const full = (await L.get(srv, 'finance', `/api/levies/${demo.id}`)).json;
  assert.ok(full.buildings.length >= 1);
  const sum = (k) => full.buildings.reduce((s, b) => s + b[k], 0);
  assert.equal(sum('due'), full.due);
  assert.equal(sum('paid'), full.paid);
  assert.equal(sum('in_arrears'), full.in_arrears);
  assert.equal(full.arrears.length, full.in_arrears);
  const h = full.arrears[0];
  const bank0 = await F.bankBalance(srv, f.maintenance.id);
  const p1 = await F.post(srv, 'finance', `/api/levies/${demo.id}/payments`, { household_id: h.household_id, amount: 100, method: 'cash' });
  L.expectStatus(p1, 201, 'partial payment');
  assert.match(p1.json.receipt_no, /^SJ\d+-\d{6}$/);
  assert.equal(p1.json.outstanding, h.outstanding - 100);
  L.expectError(await F.post(srv, 'finance', `/api/levies/${demo.id}/payments`, { household_id: h.household_id, amount: h.outstanding, method: 'transfer' }),
    409, 'overpaid', 'amount');
  L.expectError(await F.post(srv, 'finance', `/api/levies/${demo.id}/payments`, { household_id: h.household_id, amount: 1, method: 'cheque' }),
    400, 'bad_value', 'method');
  L.expectError(await F.post(srv, 'finance', `/api/levies/${demo.id}/payments`, { household_id: h.household_id, amount: 0, method: 'cash' }),
    400, 'bad_value', 'amount');
  const rest = await F.post(srv, 'finance', `/api/levies/${demo.id}/payments`, { household_id: h.household_id, amount: h.outstanding - 100, method: 'transfer' });
  L.expectStatus(rest, 201, 'the rest');
  assert.equal(rest.json.outstanding, 0);
  assert.notEqual(rest.json.receipt_no, p1.json.receipt_no);
  assert.equal(await F.bankBalance(srv, f.maintenance.id), bank0 + h.outstanding);
  const after = (await L.get(srv, 'finance', `/api/levies/${demo.id}`)).json;
  assert.equal(after.in_arrears, full.in_arrears - 1);
  assert.ok(!after.arrears.some((a) => a.household_id === h.household_id));
  return srv;
});

F.ftest('partner agreements, donations and trust income are recorded with their counterparty; bad income is refused', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const bank0 = await F.bankBalance(srv, f.renovation.id);
  const res = await F.post(srv, 'finance', `/api/funds/${f.renovation.id}/income`, { kind: 'partner', counterparty: '速递易智能柜公司',
    amount: 500000, purpose: '快递柜建设投资', facility: '智能快递柜 2 组', revenue_share_bp: 800, term_years: 5 });
  L.expectStatus(res, 201, 'partner income');
  assert.equal(await F.bankBalance(srv, f.renovation.id), bank0 + 500000);
  const fund = (await L.get(srv, 'resident', `/api/funds/${f.renovation.id}`)).json;
  const partner = fund.income.find((i) => i.counterparty === '速递易智能柜公司');
  assert.equal(partner.revenue_share_bp, 800);
  assert.ok(fund.income.some((i) => i.kind === 'partner' && /充电/.test(i.purpose)), 'the demo charger agreement');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.renovation.id}/income`, { kind: 'lottery', counterparty: 'x', amount: 1 }), 400, 'bad_value', 'kind');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.renovation.id}/income`, { kind: 'donation', counterparty: 'x', amount: 0 }), 400, 'bad_value', 'amount');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.trust.id}/income`, { kind: 'trust_income', counterparty: 'x', amount: 5 }), 400, 'bad_value', 'account_code');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.renovation.id}/income`, { kind: 'trust_income', counterparty: 'x', amount: 5, account_code: '4101' }), 400, 'bad_value', 'kind');
  const parking = await F.post(srv, 'finance', `/api/funds/${f.trust.id}/income`, { kind: 'trust_income', counterparty: '临时停车', amount: 3600, account_code: '4102' });
  L.expectStatus(parking, 201, 'trust income');
  L.expectError(await F.post(srv, 'committee', `/api/funds/${f.renovation.id}/income`, { kind: 'donation', counterparty: 'x', amount: 5 }), 403, 'forbidden');
  return srv;
});

F.ftest('the trust account\'s monthly statement against its approved budget is open to every owner', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const st = (await L.get(srv, 'resident', `/api/funds/${f.trust.id}/statement?month=2024-04`)).json;
  const line = Object.fromEntries(st.lines.map((l) => [l.code, l]));
  assert.equal(line['4101'].month, 0);
  assert.equal(line['4101'].year_to_date, 4170000);
  assert.equal(line['4101'].budget, 8340000);
  assert.equal(st.income, 864000 + 120000 + 360000);
  const b = await F.post(srv, 'finance', `/api/funds/${f.trust.id}/budget`, { year: 2024, account_code: '5101', amount: 3100000 });
  L.expectStatus(b, 200, 'budget');
  const st2 = (await L.get(srv, 'resident', `/api/funds/${f.trust.id}/statement?month=2024-04`)).json;
  assert.equal(st2.lines.find((l) => l.code === '5101').budget, 3100000);
  L.expectError(await L.get(srv, 'resident', `/api/funds/${f.trust.id}/statement?month=2024-13`, { ok: false }), 400, 'bad_param', 'month');
  L.expectError(await F.post(srv, 'resident', `/api/funds/${f.trust.id}/budget`, { year: 2024, account_code: '5101', amount: 1 }), 403, 'forbidden');
  L.expectError(await F.post(srv, 'finance', `/api/funds/${f.trust.id}/budget`, { year: 2024, account_code: '1001', amount: 1 }), 400, 'bad_value', 'account_code');
  return srv;
});

async function reconcile(srv, fundId, csv) {
  return L.api(srv, 'POST', `/api/funds/${fundId}/reconcile`, { token: await L.token(srv, 'finance'), rawBody: csv,
    headers: { 'Content-Type': 'text/csv' } });
}

F.ftest('a bank statement is matched to the ledger by amount, date and reference; wrong formats are refused and nothing is stored', async () => {
  const srv = await L.startServer();
  const f = await F.pilotFunds(srv);
  const entries = (await L.get(srv, 'finance', `/api/ledger?fund=${f.renovation.id}&per_page=50`)).json.items;
  const lines = ['date,amount,reference,description'];
  for (const e of entries) {
    const bank = e.lines.find((l) => l.code === '1001');
    const signed = bank.debit - bank.credit;
    const yuan = (signed < 0 ? '-' : '') + (Math.abs(signed) / 100).toFixed(2);
    lines.push(`${e.posted_at.slice(0, 10)},${yuan},${e.reference},"${e.memo.replace(/"/g, '""')}"`);
  }
  lines.push('2024-05-05,999.99,X-1,不明来款');
  const bad = [
    ['日期;金额\n2024-01-01;5', 1],
    [`date,amount,reference,description\n2024-02-30,5.00,R,x`, 2],
    [`date,amount,reference,description\n2024-02-03,5.001,R,x`, 2],
    [`date,amount,reference,description\n2024-02-03,5.00,R,x\n2024-02-03,5.00`, 3],
    ['', 1],
  ];
  for (const [csv, line] of bad) {
    const res = await reconcile(srv, f.renovation.id, csv);
    L.expectError(res, 400, 'bad_csv');
    assert.equal(res.json.line, line, csv);
  }
  const res = await reconcile(srv, f.renovation.id, lines.join('\r\n') + '\r\n');
  L.expectStatus(res, 201, 'import');
  assert.equal(res.json.import_id, 1, 'the refused files stored nothing');
  assert.equal(res.json.lines, entries.length + 1);
  assert.equal(res.json.matched, entries.length, JSON.stringify(res.json.unmatched_lines));
  assert.equal(res.json.unmatched_lines.length, 1);
  assert.equal(res.json.unmatched_lines[0].reference, 'X-1');
  assert.equal(res.json.unmatched_lines[0].amount, 99999);
  // the same statement again: the entries are matched already, so nothing matches twice
  const again = await reconcile(srv, f.renovation.id, lines.join('\n'));
  assert.equal(again.json.import_id, 2);
  assert.equal(again.json.matched, 0);
  L.expectError(await L.api(srv, 'POST', `/api/funds/${f.renovation.id}/reconcile`, { token: await L.token(srv, 'supervisor'), rawBody: lines.join('\n') }), 403, 'forbidden');
  return srv;
});

function soffice() {
  for (const p of ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice']) if (fs.existsSync(p)) return p;
  return null;
}

F.ftest('the annual disclosure adds up, and its XLSX is a workbook LibreOffice opens with the same figures', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const d = (await L.get(srv, 'resident', `/api/funds/${f.maintenance.id}/disclosure?year=2024`)).json;
  const s = d.summary;
  assert.equal(s.opening + s.in - s.out, s.closing);
  assert.ok(s.in > 0 && d.households.length >= 40);
  const levy = (await L.get(srv, 'resident', `/api/levies?fund=${f.maintenance.id}`)).json.items[0];
  assert.ok(d.households.reduce((t, h) => t + h.paid, 0) >= levy.paid);
  const now = (await L.get(srv, 'resident', `/api/funds/${f.renovation.id}/disclosure`)).json;
  assert.equal(now.summary.closing, await F.bankBalance(srv, f.renovation.id), 'this year closes at the bank balance');
  // the demo disbursed this payment when it was built: the disclosure of the year it was posted lists it
  // (not necessarily this year: a run may cross New Year)
  const pays = (await L.get(srv, 'finance', `/api/payments?fund=${f.renovation.id}&per_page=50`)).json.items;
  const paid = pays.find((p) => p.project === '学道苑雨污分流改造' && p.status === 'disbursed');
  const ledger = (await L.get(srv, 'finance', `/api/ledger?fund=${f.renovation.id}&per_page=200`)).json.items;
  const entry = ledger.find((e) => e.id === paid.entry_id);
  const built = (await L.get(srv, 'resident', `/api/funds/${f.renovation.id}/disclosure?year=${entry.posted_at.slice(0, 4)}`)).json;
  assert.ok(built.projects.some((p) => p.project === '学道苑雨污分流改造' && p.cost === 38000000), JSON.stringify(built.projects));
  const csv = await L.get(srv, 'resident', `/api/funds/${f.maintenance.id}/disclosure?year=2024&format=csv`);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(csv.text, /期初余额/);
  assert.match(csv.text, /房屋,面积/);
  L.expectError(await L.get(srv, 'resident', `/api/funds/${f.maintenance.id}/disclosure?format=pdf`, { ok: false }), 400, 'bad_param', 'format');
  const x = await L.get(srv, 'resident', `/api/funds/${f.maintenance.id}/disclosure?year=2024&format=xlsx`);
  assert.equal(x.buf.slice(0, 2).toString(), 'PK', 'an XLSX is a zip');
  const bin = soffice();
  assert.ok(bin, 'LibreOffice (Debian package libreoffice-calc-nogui) is installed: scripts/deps.sh test');
  const dir = fs.mkdtempSync(path.join(L.tmpDir(), 'lo-'));
  const file = path.join(dir, 'disclosure.xlsx');
  fs.writeFileSync(file, x.buf);
  // every sheet to its own CSV, values as shown (LibreOffice >= 7.2: token 9 true, the last token -1)
  // run without blocking the event loop: the client's pooled connections must
  // see the server close them after its keep-alive, or the next request goes
  // out on a closed one
  const res = await new Promise((resolve) => execFile(bin, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', dir, file], { timeout: 120000 },
  (err, stdout, stderr) => resolve({ status: err ? err.code || 1 : 0, stdout, stderr })));
  assert.equal(res.status, 0, 'soffice converts: ' + res.stderr + res.stdout);
  const sheets = fs.readdirSync(dir).filter((n) => n.endsWith('.csv'));
  const summary = sheets.find((n) => n.includes('汇总'));
  const houses = sheets.find((n) => n.includes('分户'));
  assert.ok(summary && houses, 'the summary and household sheets: ' + sheets.join(', '));
  const rows = fs.readFileSync(path.join(dir, summary), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  const value = (label) => rows.find((r) => r[0] === label)[1];
  const yuan = (fen) => (fen / 100).toFixed(2);
  assert.equal(value('期初余额'), yuan(s.opening));
  assert.equal(value('本年收入'), yuan(s.in));
  assert.equal(value('本年支出'), yuan(s.out));
  assert.equal(value('期末余额'), yuan(s.closing));
  const hrows = fs.readFileSync(path.join(dir, houses), 'utf8').trim().split(/\r?\n/);
  assert.equal(hrows.length, d.households.length + 1, 'a row per household plus the header');
  return srv;
});
