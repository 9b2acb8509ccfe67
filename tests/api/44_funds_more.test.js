// 44_funds_more.test.js: basis documents as real files (checked by content, served back, linked from the notice),
// interest shared out to the households by area, maintenance spending split over the vote's scope, and the finance
// staff's pages (set-up, income, levy with preview, receipt, budget, bank reconciliation).
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { assert } = L;

const BASE = { payee: '蓉城建设工程有限公司', payee_account: '6222 0210 0101 7788 123', purpose: '依据文件测试',
  category: 'works', basis: ['合同 HT-9.pdf'], project: '测试项目' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 3)]);

async function upload(srv, user, paymentId, kind, bytes, { type = 'application/pdf', filename = '合同.pdf' } = {}) {
  return L.api(srv, 'POST', `/api/payments/${paymentId}/documents?kind=${kind}&filename=${encodeURIComponent(filename)}`,
    { token: await L.token(srv, user), rawBody: bytes, headers: { 'Content-Type': type } });
}

/* A multipart POST (fetch builds the body) with a Bearer token; no redirects followed. */
async function multipart(srv, user, p, fields, files) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, String(v));
  for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([f.bytes], { type: f.type || 'application/octet-stream' }), f.name);
  const res = await fetch(srv.base + p, { method: 'POST', body: fd, redirect: 'manual',
    headers: { Authorization: 'Bearer ' + await L.token(srv, user) } });
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  let json = null;
  if ((res.headers.get('content-type') || '').includes('json')) { try { json = JSON.parse(text); } catch { json = null; } }
  return { status: res.status, headers: res.headers, text, json };
}

/* A url-encoded page form as user (Bearer: no CSRF token needed). */
async function form(srv, user, p, fields) {
  return L.api(srv, 'POST', p, { token: await L.token(srv, user), rawBody: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

F.ftest('basis documents are files checked by content, served to readers of the payment and linked from its notice', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const p = await F.requestPayment(srv, 'contractor', { ...BASE, fund_id: f.renovation.id, amount: 54321 });
  // raw body: a PDF, and a PNG labelled as a PDF (the content decides)
  const a = await upload(srv, 'contractor', p.id, 'contract', PDF);
  L.expectStatus(a, 201, 'upload the contract');
  assert.equal(a.json.documents.length, 1);
  assert.equal(a.json.documents[0].mime, 'application/pdf');
  assert.equal(a.json.documents[0].filename, '合同.pdf');
  const b = await upload(srv, 'contractor', p.id, 'invoice', PNG, { filename: 'fapiao.pdf' });
  L.expectStatus(b, 201, 'upload the invoice scan');
  assert.equal(b.json.documents[1].mime, 'image/png');
  // anything else is refused, nothing stored
  L.expectError(await upload(srv, 'contractor', p.id, 'invoice', Buffer.from('<html>not a scan</html>'), { type: 'text/html' }),
    415, 'unsupported_media_type', 'file');
  L.expectError(await upload(srv, 'contractor', p.id, 'invoice', Buffer.from('GIF89a....'), { type: 'application/pdf' }),
    415, 'unsupported_media_type', 'file');
  L.expectError(await upload(srv, 'contractor', p.id, 'photo', PDF), 400, 'bad_value', 'kind');
  L.expectError(await upload(srv, 'contractor', p.id, 'contract', Buffer.alloc(0)), 400, 'missing_field', 'file');
  L.expectError(await upload(srv, 'resident', p.id, 'contract', PDF), 403, 'forbidden');
  L.expectError(await upload(srv, 'contractor', 999999, 'contract', PDF), 404, 'not_found');
  // multipart in the API
  const m = await multipart(srv, 'contractor', `/api/payments/${p.id}/documents`, { kind: 'acceptance' },
    { file: { bytes: JPEG, name: '验收记录.jpg', type: 'image/jpeg' } });
  L.expectStatus(m, 201, 'multipart upload');
  assert.equal(m.json.documents.length, 3);
  assert.equal(m.json.documents[2].kind, 'acceptance');
  assert.equal(m.json.documents[2].mime, 'image/jpeg');
  // the payment lists them; a resident (who may read the payment) gets each file back with its type
  const got = (await L.get(srv, 'resident', `/api/payments/${p.id}`)).json;
  assert.deepEqual(got.documents.map((d) => d.kind), ['contract', 'invoice', 'acceptance']);
  const file = await L.get(srv, 'resident', got.documents[0].url);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.ok(file.buf.equals(PDF), 'the same bytes come back');
  const png = await L.get(srv, 'resident', got.documents[1].url);
  assert.equal(png.headers.get('content-type'), 'image/png');
  assert.ok(png.buf.equals(PNG));
  const anon = await L.api(srv, 'GET', got.documents[0].url);
  L.expectStatus(anon, 303, 'not for anonymous readers: to the sign-in page');
  assert.equal(anon.headers.get('location'), '/login?next=' + encodeURIComponent(got.documents[0].url));
  L.expectStatus(await L.api(srv, 'GET', `/payments/${p.id}/documents/999999`, { token: await L.token(srv, 'resident') }), 404);
  // the payment page lists them and offers the upload form to the requester only
  const page = await L.get(srv, 'resident', `/payments/${p.id}`);
  assert.match(page.text, new RegExp(`href="/payments/${p.id}/documents/${got.documents[0].id}"`));
  assert.doesNotMatch(page.text, /class="doc-form"/, 'no upload form for a resident');
  assert.match((await L.get(srv, 'contractor', `/payments/${p.id}`)).text,
    new RegExp(`<form method="post" action="/payments/${p.id}/documents" enctype="multipart/form-data" class="doc-form">`));
  // the page form (multipart) for finance
  const pf = await multipart(srv, 'finance', `/payments/${p.id}/documents`, { kind: 'other' }, { file: { bytes: PDF, name: '补充.pdf' } });
  L.expectStatus(pf, 303, 'the page upload redirects back');
  const bad = await multipart(srv, 'finance', `/payments/${p.id}/documents`, { kind: 'other' }, { file: { bytes: Buffer.from('hello'), name: 'a.txt' } });
  assert.equal(bad.status, 415);
  assert.match(bad.text, /PDF、JPEG 或 PNG/);
  // paid: the notice names and links the files; no more uploads
  await F.signAll(srv, p.id);
  const d = await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`);
  L.expectStatus(d, 200, 'disburse');
  const notice = await L.get(srv, 'resident', `/notices/${d.json.notice_id}`);
  assert.match(notice.text, new RegExp(`href="/payments/${p.id}#documents"`));
  assert.match(notice.text, new RegExp(`/payments/${p.id}/documents/${got.documents[0].id}`));
  assert.match(notice.text, /合同《合同\.pdf》/);
  L.expectError(await upload(srv, 'finance', p.id, 'contract', PDF), 409, 'conflict');
  return srv;
});

F.ftest('a payment requested on the page carries its files; one bad file and nothing is kept', async () => {
  const srv = await L.sharedServer();
  const f = await F.pilotFunds(srv);
  const count = async () => (await L.get(srv, 'finance', `/api/payments?fund=${f.renovation.id}&per_page=1`)).json.total;
  const before = await count();
  const fields = { payee: '蓉城建设工程有限公司', amount: '321.00', purpose: '表单上传依据', category: 'works', project: '门禁' };
  const bad = await multipart(srv, 'contractor', `/funds/${f.renovation.id}/payments`, fields,
    { file_contract: { bytes: PDF, name: 'ht.pdf' }, file_invoice: { bytes: Buffer.from('MZ\x90\x00'), name: 'fp.exe' } });
  assert.equal(bad.status, 415, bad.text.slice(0, 200));
  assert.equal(await count(), before, 'nothing is created');
  const ok = await multipart(srv, 'contractor', `/funds/${f.renovation.id}/payments`, fields,
    { file_contract: { bytes: PDF, name: 'ht.pdf' }, file_invoice: { bytes: JPEG, name: 'fp.jpg' }, file_acceptance: { bytes: Buffer.alloc(0), name: '' } });
  L.expectStatus(ok, 303, 'the request with its files');
  const id = ok.headers.get('location').match(/\/payments\/(\d+)/)[1];
  const p = (await L.get(srv, 'contractor', `/api/payments/${id}`)).json;
  assert.deepEqual(p.documents.map((d) => [d.kind, d.mime]), [['contract', 'application/pdf'], ['invoice', 'image/jpeg']]);
  return srv;
});

F.ftest('a file larger than max_upload is refused with 413 too_large', async () => {
  const srv = await L.startServer({ extraArgs: ['--max-upload', '4096'] });
  const f = await F.pilotFunds(srv);
  const p = await F.requestPayment(srv, 'contractor', { ...BASE, fund_id: f.renovation.id, amount: 100 });
  const big = Buffer.concat([PDF, Buffer.alloc(8192, 0x20)]);
  L.expectError(await upload(srv, 'contractor', p.id, 'contract', big), 413, 'too_large');
  L.expectStatus(await upload(srv, 'contractor', p.id, 'contract', PDF), 201, 'a small one passes');
  return srv;
});

/* The largest-remainder split, as the rule says (ties to the lower index). */
function split(amount, weights) {
  const total = weights.reduce((s, w) => s + BigInt(w), 0n);
  const a = BigInt(amount);
  const floor = weights.map((w) => (a * BigInt(w)) / total);
  const rem = weights.map((w) => (a * BigInt(w)) % total);
  let left = Number(a - floor.reduce((s, x) => s + x, 0n));
  const order = weights.map((_, i) => i).sort((i, j) => (rem[j] > rem[i] ? 1 : rem[j] < rem[i] ? -1 : i - j));
  for (const i of order) { if (left-- <= 0) break; floor[i] += 1n; }
  return floor.map(Number);
}

F.ftest('interest on the maintenance fund is shared out to the households by area, to the fen', async () => {
  const srv = await L.startServer();
  const f = await F.pilotFunds(srv);
  const m = f.maintenance.id;
  const households = async () => (await L.get(srv, 'finance', `/api/funds/${m}/households`)).json.items
    .sort((x, y) => x.account_id - y.account_id);
  const h0 = await households();
  const year = Number(L.shanghaiText(L.testNow()).slice(0, 4));
  const disc0 = (await L.get(srv, 'finance', `/api/funds/${m}/disclosure?year=${year}&format=json`)).json.summary;
  const res = await F.post(srv, 'finance', `/api/funds/${m}/income`, { kind: 'interest', counterparty: '成都银行', amount: 12345, purpose: '年度结息' });
  L.expectStatus(res, 201, 'record interest');
  const h1 = await households();
  const withArea = h0.filter((h) => h.area > 0);
  const want = split(12345, withArea.map((h) => h.area));
  const got = withArea.map((h) => h1.find((x) => x.account_id === h.account_id).balance - h.balance);
  assert.deepEqual(got, want, 'each household gets its share by area, the fen left over by largest remainder');
  assert.equal(got.reduce((s, x) => s + x, 0), 12345, 'the shares sum to the interest exactly');
  assert.equal(withArea.length, h0.length, 'every household of the fund has a registered area');
  // the disclosure's interest figure, and each household's statement
  const disc1 = (await L.get(srv, 'finance', `/api/funds/${m}/disclosure?year=${year}&format=json`)).json.summary;
  assert.equal(disc1.interest - disc0.interest, 12345);
  const one = withArea[0];
  const st = (await L.get(srv, 'finance', `/api/households/${one.household_id}/funds`)).json;
  assert.equal(st.accounts[0].interest, want[0]);
  assert.equal(st.lines[0].amount, want[0]);
  assert.match(st.lines[0].memo, /利息/);
  const page = await L.get(srv, 'staff', `/households/${one.household_id}/funds`);
  assert.match(page.text, /累计分得利息/);
  return srv;
});

/* Closed, passed matter-5 votes at the given nodes, as the votes capability stores them. */
function insertVotes(db, rows) {
  const values = rows.map(([id, node]) => `(${id}, ${node}, '使用维修资金', 'art278', 5, 'yes_no', 'owners', 'closed', 1700000000, 1, 1700000000, 1700000000)`);
  const sql = 'INSERT INTO vote (id, node_id, title, kind, matter, method, electorate, status, closed_at, passed, created_at, updated_at) VALUES ' + values.join(',');
  if (db.sqlitePath) L.mustRun('sqlite3', [db.sqlitePath, sql]);
  else L.psql(db.url, sql);
}

F.ftest('maintenance spending falls on the households of the vote\'s scope (one building), an emergency on the whole compound', async () => {
  const db = L.pristineDb();
  let srv = await L.startServer({ db });
  const f = await F.pilotFunds(srv);
  const m = f.maintenance.id;
  const levy = (await L.get(srv, 'finance', `/api/levies?fund=${m}`)).json.items[0];
  const building = (await L.get(srv, 'finance', `/api/levies/${levy.id}`)).json.buildings[0];
  const other = (await L.compounds(srv, 'staff')).find((c) => c.id !== f.compound.id);
  await L.stopServer(srv);
  insertVotes(db, [[9101, building.building_id], [9102, other.id]]);
  srv = await L.startServer({ db });
  const households = async () => (await L.get(srv, 'finance', `/api/funds/${m}/households`)).json.items;
  const repair = { ...BASE, fund_id: m, category: 'repair', purpose: '一栋屋面防水', basis: [] };
  L.expectError(await F.post(srv, 'staff', '/api/payments', { ...repair, amount: 100, vote_id: 9102 }), 409, 'vote_not_passed', 'vote_id');
  const h0 = await households();
  const p = await F.requestPayment(srv, 'staff', { ...repair, amount: 98765, vote_id: 9101 });
  await F.signAll(srv, p.id);
  L.expectStatus(await F.post(srv, 'finance', `/api/payments/${p.id}/disburse`), 200, 'disburse the building repair');
  const h1 = await households();
  const changed = h1.filter((h) => h.balance !== h0.find((x) => x.account_id === h.account_id).balance);
  assert.equal(changed.length, building.households, 'every household of the building, and only those');
  assert.equal(h0.reduce((s, h) => s + h.balance, 0) - h1.reduce((s, h) => s + h.balance, 0), 98765, 'to the fen');
  for (const h of changed.slice(0, 8)) {
    const node = (await L.get(srv, 'staff', `/api/nodes/${h.household_id}`)).json;
    assert.ok(node.path.some((n) => n.id === building.building_id), `household ${h.household_id} lies in building ${building.building_id}`);
  }
  // by area inside the building
  const inB = h0.filter((h) => changed.some((c) => c.account_id === h.account_id)).sort((x, y) => x.account_id - y.account_id);
  assert.deepEqual(inB.map((h) => h.balance - h1.find((x) => x.account_id === h.account_id).balance), split(98765, inB.map((h) => h.area)));
  // an emergency, paid without a vote, falls on every household with an area
  const e = await F.requestPayment(srv, 'staff', { ...repair, category: 'roof_wall_leak', amount: 5000, purpose: '外墙渗漏抢修' });
  await F.signAll(srv, e.id);
  L.expectStatus(await F.post(srv, 'finance', `/api/payments/${e.id}/disburse`), 200, 'disburse the emergency');
  const h2 = await households();
  const changed2 = h2.filter((h) => h.balance !== h1.find((x) => x.account_id === h.account_id).balance);
  assert.equal(changed2.length, h1.filter((h) => h.area > 0).length, 'the whole compound');
  return srv;
});

F.ftest('finance staff work through pages: set-up, income, a levy with its preview, a receipt, the budget, reconciliation', async () => {
  const db = L.pristineDb();
  const srv = await L.startServer({ db });
  const f = await F.pilotFunds(srv);
  // set up a compound that has no funds yet
  const list = await L.get(srv, 'finance', '/funds');
  const opt = list.text.match(/<select id="compound_id" name="compound_id"><option value="(\d+)">/);
  assert.ok(opt, 'the set-up form offers a compound without funds');
  L.expectStatus(await form(srv, 'resident', '/funds/setup', { compound_id: opt[1] }), 403, 'a resident cannot set up funds');
  L.expectStatus(await form(srv, 'finance', '/funds/setup', { compound_id: opt[1] }), 303, 'set up');
  assert.equal((await L.get(srv, 'finance', `/api/funds?compound=${opt[1]}`)).json.items.length, 4);
  // an account
  L.expectStatus(await form(srv, 'finance', `/funds/${f.trust.id}/accounts`, { code: '4190', name: '场地租金', type: 'income' }), 303, 'add account');
  const dup = await form(srv, 'finance', `/funds/${f.trust.id}/accounts`, { code: '4190', name: '重复', type: 'income' });
  assert.equal(dup.status, 409);
  assert.match(dup.text, /这个科目编码已经存在/);
  // income: a donation with donor and purpose, a partner agreement with its revenue share, trust income
  L.expectStatus(await form(srv, 'finance', `/funds/${f.renovation.id}/income`,
    { kind: 'donation', counterparty: '李大爷', amount: '100.50', purpose: '加装扶手' }), 303, 'donation');
  L.expectStatus(await form(srv, 'finance', `/funds/${f.renovation.id}/income`,
    { kind: 'partner', counterparty: '丰巢', amount: '20000', purpose: '快递柜进场', facility: '快递柜', revenue_share: '12.5', term_years: '5' }), 303, 'partner');
  L.expectStatus(await form(srv, 'finance', `/funds/${f.trust.id}/income`,
    { kind: 'trust_income', counterparty: '车主', amount: '300', account_code: '4190' }), 303, 'trust income');
  const inc = (await L.get(srv, 'finance', `/api/funds/${f.renovation.id}`)).json.income;
  assert.ok(inc.some((i) => i.kind === 'donation' && i.counterparty === '李大爷' && i.purpose === '加装扶手' && i.amount === 10050));
  assert.ok(inc.some((i) => i.kind === 'partner' && i.facility === '快递柜' && i.revenue_share_bp === 1250 && i.term_years === 5));
  const badAmt = await form(srv, 'finance', `/funds/${f.renovation.id}/income`, { kind: 'donation', counterparty: '某人', amount: '1,000' });
  assert.equal(badAmt.status, 400);
  assert.match(badAmt.text, /金额应为大于零的元/);
  L.expectStatus(await L.api(srv, 'GET', `/funds/${f.renovation.id}/income/new`, { token: await L.token(srv, 'resident') }), 403);
  // a levy: the preview first, then the same total is charged
  const q = new URLSearchParams({ name: '二次续筹', rule: 'per_area', rate: '5' });
  const prev = await L.get(srv, 'finance', `/funds/${f.maintenance.id}/levies/new?${q}`);
  const total = prev.text.match(/class="total">([\d.]+)</);
  const count = prev.text.match(/class="count">(\d+)</);
  assert.ok(total && count, 'the preview gives the total and the count');
  assert.ok((prev.text.match(/class="num due"/g) || []).length === Number(count[1]), 'one line per household');
  const mk = await form(srv, 'finance', `/funds/${f.maintenance.id}/levies`, { name: '二次续筹', rule: 'per_area', rate: '5' });
  L.expectStatus(mk, 303, 'create the levy');
  const levyId = mk.headers.get('location').match(/\/levies\/(\d+)/)[1];
  const levy = (await L.get(srv, 'finance', `/api/levies/${levyId}`)).json;
  assert.equal(levy.due, Math.round(Number(total[1]) * 100), 'the preview matches what is charged');
  assert.equal(levy.households, Number(count[1]));
  assert.equal(levy.rate, 500);
  const pct = await form(srv, 'finance', `/funds/${f.maintenance.id}/levies`, { name: '按造价', rule: 'percent', rate: '2' });
  assert.equal(pct.status, 400);
  assert.match(pct.text, /百分比规则需要基数/);
  // a payment on the levy's page, and its receipt
  const h = levy.arrears[0];
  const pay = await form(srv, 'finance', `/levies/${levyId}/payments`, { household_id: h.household_id, amount: '10.00', method: 'cash' });
  L.expectStatus(pay, 303, 'record a payment');
  const receiptUrl = pay.headers.get('location');
  assert.match(receiptUrl, /^\/receipts\/\d+$/);
  const receipt = await L.get(srv, 'finance', receiptUrl);
  assert.match(receipt.text, new RegExp(`SJ${levyId}-000001`));
  assert.match(receipt.text, /10\.00/);
  assert.match(receipt.text, /现金/);
  const over = await form(srv, 'finance', `/levies/${levyId}/payments`, { household_id: h.household_id, amount: '99999999', method: 'cash' });
  assert.equal(over.status, 409);
  const cheque = await form(srv, 'finance', `/levies/${levyId}/payments`, { household_id: h.household_id, amount: '1', method: 'cheque' });
  assert.equal(cheque.status, 400);
  L.expectStatus(await L.api(srv, 'GET', receiptUrl, { token: await L.token(srv, 'resident_other') }), 403, 'not another household\'s receipt');
  // the trust account's budget
  L.expectStatus(await form(srv, 'finance', `/funds/${f.trust.id}/budget`, { year: '2031', account_code: '4190', amount: '1200.00' }), 303, 'budget');
  const st = (await L.get(srv, 'finance', `/api/funds/${f.trust.id}/statement?month=2031-01`)).json;
  assert.equal(st.lines.find((l) => l.code === '4190').budget, 120000);
  const stPage = await L.get(srv, 'finance', `/funds/${f.trust.id}/statement?month=2031-01`);
  assert.match(stPage.text, /class="budget-form"/);
  const badYear = await form(srv, 'finance', `/funds/${f.trust.id}/budget`, { year: '1999', account_code: '4190', amount: '1' });
  assert.equal(badYear.status, 400);
  // bank reconciliation: upload, then matched and unmatched lines
  const day = L.shanghaiText(L.testNow()).slice(0, 10);
  const csv = `日期,金额,参考号,摘要\n${day},10.00,SJ${levyId}-000001,现金缴存\n${day},-77.77,XX-1,不明支出\n`;
  const up = await multipart(srv, 'finance', `/funds/${f.maintenance.id}/reconcile`, {}, { statement: { bytes: Buffer.from(csv), name: 'bank.csv', type: 'text/csv' } });
  L.expectStatus(up, 303, 'reconcile');
  const rec = await L.get(srv, 'finance', up.headers.get('location'));
  assert.match(rec.text, /class="matched">1</);
  assert.match(rec.text, /class="unmatched">1</);
  assert.match(rec.text, /不明支出/);
  const badCsv = await multipart(srv, 'finance', `/funds/${f.maintenance.id}/reconcile`, {}, { statement: { bytes: Buffer.from('a,b\n1,2\n'), name: 'x.csv' } });
  assert.equal(badCsv.status, 400);
  assert.match(badCsv.text, /第一行应为表头/);
  L.expectStatus(await L.api(srv, 'GET', `/funds/${f.maintenance.id}/reconcile`, { token: await L.token(srv, 'resident') }), 403);
  // every change was audited
  const sql = "SELECT DISTINCT entity || ':' || action FROM audit_event";
  const out = db.sqlitePath ? L.mustRun('sqlite3', [db.sqlitePath, sql]).stdout
    : L.mustRun('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', db.url, '-c', sql]).stdout;
  const kinds = new Set(out.split('\n').map((x) => x.trim()).filter(Boolean));
  for (const k of ['levy:create', 'fund_income:create', 'fund_budget:create', 'bank_statement:import', 'fund_account:create']) {
    assert.ok(kinds.has(k), 'audited: ' + k + ' in ' + [...kinds].join(' '));
  }
  return srv;
});
