// 05_import.test.js: register import: dry runs report every bad row and every column, a bad file changes nothing, a good one imports, GBK is converted, .xls and date cells are read.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { test, assert } = L;

const FIX = path.join(L.ROOT, 'tests', 'fixtures');
let srvP = null;

/* Import tests share one server of their own, so the counts they compare
 * are not disturbed by other tests' writes. */
function server() {
  if (!srvP) {
    srvP = L.startServer().then(async (srv) => {
      await L.warm(srv, 'staff', 'grid8', 'auditor', 'resident', 'bldghead');
      return srv;
    });
  }
  return srvP;
}

async function totalHouseholds(srv) {
  let n = 0;
  for (const c of await L.compounds(srv, 'staff')) n += await L.householdTotal(srv, 'staff', c.id);
  return n;
}

async function auditCount(srv) {
  return (await L.get(srv, 'auditor', '/api/audit/verify')).json.events;
}

async function importFile(srv, who, data, { dry, format = 'csv' }) {
  const q = `/api/import?dry_run=${dry ? 1 : 0}&format=${format}`;
  return L.api(srv, 'POST', q, {
    token: await L.token(srv, who), rawBody: data,
    headers: { 'Content-Type': format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
}

function fixture(name) {
  const p = path.join(FIX, name);
  if (!fs.existsSync(p)) throw new Error('fixture missing: ' + p);
  return fs.readFileSync(p);
}

function checkProblems(res) {
  assert.equal(res.status, 422, 'a file with problems answers 422: ' + res.status + ' ' + res.text.slice(0, 300));
  const j = res.json;
  assert.ok(j && Array.isArray(j.problems) && j.problems.length >= 2, 'problems listed: ' + res.text.slice(0, 300));
  for (const p of j.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 2, 'a problem carries its line: ' + JSON.stringify(p));
    assert.ok(typeof p.code === 'string' && /^[a-z_]+$/.test(p.code), 'a problem carries a code: ' + JSON.stringify(p));
    assert.ok(typeof p.message === 'string' && p.message.length > 0, 'a problem carries a message');
  }
  return j.problems;
}

test('a dry run of a bad register file answers 422 listing each problem with its line and code, and changes nothing', async () => {
  const srv = await server();
  const data = fixture('register_bad.csv');
  const h0 = await totalHouseholds(srv);
  const a0 = await auditCount(srv);
  const res = await importFile(srv, 'grid8', data, { dry: true });
  const problems = checkProblems(res);
  const codes = new Set(problems.map((p) => p.code));
  assert.ok(codes.has('bad_id'), 'the bad ID check digit is reported: ' + [...codes].join(','));
  assert.ok([...codes].some((c) => c.includes('building')), 'the unknown building is reported: ' + [...codes].join(','));
  // tests/fixtures/README.md: line 2 is good, lines 3-12 have one problem each.
  const byLine = new Map();
  for (const p of problems) byLine.set(p.line, (byLine.get(p.line) || []).concat(p.code));
  for (let line = 3; line <= 12; line++) assert.ok(byLine.has(line), `line ${line} is reported: ` + JSON.stringify([...byLine]));
  assert.ok(!byLine.has(2), 'line 2 is good: ' + JSON.stringify(byLine.get(2)));
  assert.ok(byLine.get(3).includes('bad_id'), 'line 3: bad ID check digit');
  assert.ok(byLine.get(4).includes('unknown_building'), 'line 4: unknown building');
  assert.ok(byLine.get(6).includes('bad_area'), 'line 6: area not a number');
  assert.ok(byLine.get(7).includes('duplicate'), 'line 7: duplicate ID');
  assert.ok([...byLine.keys()].every((l) => l <= 12), 'lines are within the file');
  assert.equal(await totalHouseholds(srv), h0, 'a dry run creates no household');
  assert.equal(await auditCount(srv), a0, 'a dry run appends no audit event');
});

test('a real run of a bad register file imports nothing at all', async () => {
  const srv = await server();
  const h0 = await totalHouseholds(srv);
  const a0 = await auditCount(srv);
  const res = await importFile(srv, 'grid8', fixture('register_bad.csv'), { dry: false });
  checkProblems(res);
  assert.equal(await totalHouseholds(srv), h0, 'a refused import creates no household, not even from its good rows');
  assert.equal(await auditCount(srv), a0, 'a refused import appends no audit event');
});

test('a GBK-encoded register file is detected and reported as converted_from_gbk', async () => {
  const srv = await server();
  const src = path.join(FIX, 'register_good.csv');
  const gbk = L.mustRun('iconv', ['-f', 'UTF-8', '-t', 'GBK', src], { encoding: 'buffer' }).stdout;
  assert.ok(!gbk.equals(fixture('register_good.csv')), 'the fixture has Chinese text');
  const h0 = await totalHouseholds(srv);
  const res = await importFile(srv, 'grid8', gbk, { dry: true });
  assert.equal(res.status, 200, 'the GBK file is valid after conversion: ' + res.text.slice(0, 400));
  assert.equal(res.json.converted_from_gbk, true, 'converted_from_gbk reported: ' + res.text.slice(0, 300));
  const utf = await importFile(srv, 'grid8', fixture('register_good.csv'), { dry: true });
  assert.equal(utf.status, 200);
  assert.equal(utf.json.converted_from_gbk, false, 'a UTF-8 file is not reported as converted');
  assert.equal(res.json.households_new, utf.json.households_new, 'GBK and UTF-8 give the same households');
  assert.equal(await totalHouseholds(srv), h0, 'a dry run creates nothing');
});

test('a GBK file posted as curl --data-binary sends it (labelled as a form) is still read as the file', async () => {
  const srv = await server();
  const gbk = L.mustRun('iconv', ['-f', 'UTF-8', '-t', 'GBK', path.join(FIX, 'register_good.csv')], { encoding: 'buffer' }).stdout;
  const res = await L.api(srv, 'POST', '/api/import?dry_run=1&format=csv', {
    token: await L.token(srv, 'grid8'), rawBody: gbk,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 200, 'the raw file reaches the importer: ' + res.text.slice(0, 300));
  assert.equal(res.json.converted_from_gbk, true, 'and is converted from GBK');
});

test('a real run of a good register file imports its households and the count rises', async () => {
  const srv = await server();
  const h0 = await totalHouseholds(srv);
  const a0 = await auditCount(srv);
  const res = await importFile(srv, 'grid8', fixture('register_good.csv'), { dry: false });
  assert.equal(res.status, 200, 'import: ' + res.text.slice(0, 400));
  const j = res.json;
  assert.ok(j.households_new >= 1 && j.persons_new >= 1, 'households and persons created: ' + res.text.slice(0, 300));
  assert.equal(j.ok, true);
  assert.ok(!('problems' in j), 'an import that went through lists no problems: ' + res.text.slice(0, 300));
  assert.equal(await totalHouseholds(srv), h0 + j.households_new, 'the household count rises by households_new');
  assert.ok((await auditCount(srv)) > a0, 'the import is audited');
  // The same file again would duplicate every row: refused, nothing added.
  const again = await importFile(srv, 'grid8', fixture('register_good.csv'), { dry: false });
  assert.equal(again.status, 422, 'importing the same file twice is refused: ' + again.status + ' ' + again.text.slice(0, 300));
  assert.equal(await totalHouseholds(srv), h0 + j.households_new);
  const chain = (await L.get(srv, 'auditor', '/api/audit/verify')).json;
  assert.equal(chain.ok, true, 'the chain holds after the import');
});

/* A dry run with the format left to the content (no format parameter). */
async function dryRun(srv, data, type = 'application/octet-stream') {
  return L.api(srv, 'POST', '/api/import?dry_run=1', { token: await L.token(srv, 'grid8'), rawBody: data, headers: { 'Content-Type': type } });
}

function byIndex(columns) {
  return new Map(columns.map((c) => [c.index, c]));
}

test('a dry run names every column as used or ignored, warns of missing owner and area columns, and suggests the compound name', async () => {
  const srv = await server();
  const csv = '序号,姓名,性别,院落,楼栋,单元,门牌,居住类型,备注\n' +
    '1,甲,男,东南里7号,1栋,3单元,301,常住,\n' +
    '2,乙,女,学道苑·东南里7号,1栋,3单元,302,常住,新搬来\n';
  const h0 = await totalHouseholds(srv);
  const res = await dryRun(srv, Buffer.from(csv), 'text/csv');
  assert.equal(res.status, 422, 'the unknown compound is a problem: ' + res.text.slice(0, 300));
  const j = res.json;
  assert.equal(j.format, 'csv');
  assert.deepEqual(j.problems.map((p) => [p.line, p.code]), [[2, 'unknown_compound']]);
  assert.match(j.problems[0].message, /是不是“学道苑·东南里7号”/);
  assert.equal(j.suggestions.length, 1, 'one unknown name: ' + JSON.stringify(j.suggestions));
  assert.equal(j.suggestions[0].name, '东南里7号');
  assert.equal(j.suggestions[0].suggestions[0], '学道苑·东南里7号', 'the nearest name first');
  assert.deepEqual(j.columns.map((c) => [c.index, c.header, c.status, c.field]), [
    [1, '序号', 'ignored', null], [2, '姓名', 'used', 'name'], [3, '性别', 'used', 'gender'],
    [4, '院落', 'used', 'compound'], [5, '楼栋', 'used', 'building'], [6, '单元', 'used', 'unit'],
    [7, '门牌', 'used', 'door'], [8, '居住类型', 'used', 'residency'], [9, '备注', 'ignored', null],
  ]);
  const warnings = new Map(j.warnings.map((w) => [w.code, w]));
  assert.equal(warnings.get('no_owner_column').column, 'owner', 'a missing owner column is warned of: ' + JSON.stringify(j.warnings));
  assert.equal(warnings.get('no_area_column').column, 'area', 'a missing area column is warned of');
  assert.equal(warnings.get('no_owner_column').line, null, 'about the whole file');
  assert.equal(await totalHouseholds(srv), h0, 'a dry run creates nothing');

  // fixed: no problem left, and the report still says what it ignored and what is missing
  const ok = await dryRun(srv, Buffer.from(csv.replace(',东南里7号,', ',学道苑·东南里7号,')), 'text/csv');
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  assert.equal(byIndex(ok.json.columns).get(9).status, 'ignored');
  assert.ok(ok.json.warnings.some((w) => w.code === 'no_owner_column'));
  assert.deepEqual(ok.json.suggestions, []);
});

test('an .xls register (Excel 97-2003) is read by its content, and its 出生日期 column is reported as read as dates', async () => {
  const srv = await server();
  const h0 = await totalHouseholds(srv);
  for (const [name, format] of [['register_dates.xls', 'xls'], ['register_dates.xlsx', 'xlsx']]) {
    // labelled as CSV: the bytes decide
    const res = await dryRun(srv, fixture(name), 'text/csv');
    assert.equal(res.status, 200, name + ': ' + res.text.slice(0, 400));
    const j = res.json;
    assert.equal(j.format, format);
    assert.equal(j.rows, 4);
    assert.equal(j.households_new, 3);
    assert.equal(j.persons_new, 4);
    const cols = byIndex(j.columns);
    assert.equal(j.columns.length, 13);
    assert.deepEqual([cols.get(10).header, cols.get(10).status, cols.get(10).field, cols.get(10).dates], ['出生日期', 'used', 'birth_year', true]);
    assert.deepEqual(j.columns.filter((c) => c.dates).map((c) => c.index), [10], name + ': only 出生日期 holds dates');
    assert.deepEqual(j.columns.filter((c) => c.status === 'ignored').map((c) => c.header), ['序号', '备注']);
    assert.equal(cols.get(8).field, 'gender');
    assert.deepEqual(j.warnings.map((w) => [w.code, w.line]), [['households_without_owner', 5]], name);
  }
  // a file that breaks libfreexl itself (found by make fuzz): the library runs in a child process, so the
  // server answers a clear refusal and keeps serving
  const crash = fs.readFileSync(path.join(L.ROOT, 'tests', 'fuzz', 'corpus', 'fuzz_sheet', 'freexl-overread-16e460ab')).subarray(1);
  const broken = await dryRun(srv, crash, 'application/vnd.ms-excel');
  assert.equal(broken.status, 422, broken.text.slice(0, 300));
  assert.match(broken.json.error.message_zh, /已损坏或格式异常/);
  assert.equal((await L.api(srv, 'GET', '/api/health')).status, 200);
  // format=xls for a text file is a clear refusal, nothing written
  const bad = await L.api(srv, 'POST', '/api/import?dry_run=1&format=xls', {
    token: await L.token(srv, 'grid8'), rawBody: fixture('register_dates.csv'), headers: { 'Content-Type': 'text/csv' },
  });
  assert.equal(bad.status, 422);
  assert.match(bad.json.error.message_zh, /不是 Excel 97–2003/);
  assert.equal(await totalHouseholds(srv), h0, 'dry runs create nothing');
});

test('the import page shows, in Chinese, each column as used or ignored and the columns read as dates', async () => {
  const srv = await server();
  const fd = new FormData();
  fd.append('dry_run', '1');
  // a .xls named .csv, as offices rename files: the content decides
  fd.append('file', new Blob([fixture('register_dates.xls')], { type: 'text/csv' }), '花名册.csv');
  const res = await fetch(srv.base + '/import', { method: 'POST', body: fd, redirect: 'manual',
    headers: { Authorization: 'Bearer ' + await L.token(srv, 'grid8') } });
  const html = Buffer.from(await res.arrayBuffer()).toString('utf8');
  assert.equal(res.status, 200, html.slice(0, 500));
  assert.match(html, /各列的读取情况/);
  assert.match(html, /<tr><td>1<\/td><td>序号<\/td><td>未使用（不导入）<\/td><td><\/td><\/tr>/);
  assert.match(html, /<tr><td>10<\/td><td>出生日期<\/td><td>出生年份<\/td><td>按日期读取<\/td><\/tr>/);
  assert.match(html, /1 套房没有标明产权人/);

  // an unknown compound: the problem names its column in Chinese, and the page suggests the name
  const bad = new FormData();
  bad.append('dry_run', '1');
  bad.append('file', new Blob(['姓名,院落,楼栋,单元,门牌,居住类型\n甲,东南里7号,1栋,3单元,303,常住\n'], { type: 'text/csv' }), 'a.csv');
  const r2 = await fetch(srv.base + '/import', { method: 'POST', body: bad, redirect: 'manual',
    headers: { Authorization: 'Bearer ' + await L.token(srv, 'grid8') } });
  const h2 = Buffer.from(await r2.arrayBuffer()).toString('utf8');
  assert.equal(r2.status, 422);
  assert.match(h2, /<tr><td>2<\/td><td>院落<\/td><td>没有名为“东南里7号”的院落；是不是“学道苑·东南里7号”？<\/td><\/tr>/);
  assert.match(h2, /没有名为“东南里7号”的院落，是不是：“学道苑·东南里7号”/);
  assert.match(h2, /文件没有“是否产权人”列/);
});

test('only importers may import: a resident and a building head get 403 and nothing changes', async () => {
  const srv = await server();
  const h0 = await totalHouseholds(srv);
  for (const who of ['resident', 'bldghead']) {
    const res = await importFile(srv, who, fixture('register_good.csv'), { dry: false });
    L.expectError(res, 403, 'forbidden');
  }
  assert.equal(await totalHouseholds(srv), h0);
  const junk = await importFile(srv, 'grid8', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { dry: true, format: 'xlsx' });
  L.expectError(junk, 422, 'import_rejected');
  await L.stopServer(srv);
});
