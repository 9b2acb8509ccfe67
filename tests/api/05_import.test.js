// 05_import.test.js: register import: dry runs report every bad row, a bad file changes nothing, a good one imports, GBK is converted.
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
  assert.ok(!j.problems || j.problems.length === 0, 'no problems');
  assert.equal(await totalHouseholds(srv), h0 + j.households_new, 'the household count rises by households_new');
  assert.ok((await auditCount(srv)) > a0, 'the import is audited');
  // The same file again would duplicate every row: refused, nothing added.
  const again = await importFile(srv, 'grid8', fixture('register_good.csv'), { dry: false });
  assert.equal(again.status, 422, 'importing the same file twice is refused: ' + again.status + ' ' + again.text.slice(0, 300));
  assert.equal(await totalHouseholds(srv), h0 + j.households_new);
  const chain = (await L.get(srv, 'auditor', '/api/audit/verify')).json;
  assert.equal(chain.ok, true, 'the chain holds after the import');
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
  assert.ok(junk.status === 422 || junk.status === 400, 'a broken XLSX is a clear 4xx: ' + junk.status + ' ' + junk.text.slice(0, 200));
  await L.stopServer(srv);
});
