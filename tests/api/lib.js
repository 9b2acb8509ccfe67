// lib.js: black-box API test harness: demo databases, server processes, login, requests, assertions.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');

const ROOT = path.resolve(__dirname, '..', '..');
const GZ_BIN = process.env.GZ_BIN || path.join(ROOT, 'build-test', 'gongzhi');
const DB_KIND = process.env.GZ_TEST_DB || 'sqlite';
const PG_URL = process.env.GZ_TEST_PG_URL || '';
const PG_DIR = process.env.GZ_TEST_PG_DIR || '';

/* No test depends on today's date. The demo is built as of a fixed instant,
 * GZ_TEST_NOW (Asia/Shanghai wall time, default the middle of a month on a
 * working day), and every test server's clock starts there plus the time this
 * run has taken so far, so it never runs backwards from one server to the next.
 * Set GZ_TEST_NOW to a month's first minutes or New Year's Eve to check the
 * boundaries. */
const TEST_NOW_TEXT = process.env.GZ_TEST_NOW || '2026-06-15T10:00';
const TEST_NOW = shanghaiSeconds(TEST_NOW_TEXT);
const runStarted = process.hrtime.bigint();

/* "YYYY-MM-DDTHH:MM[:SS]" in Asia/Shanghai (UTC+8, no DST) as Unix seconds. */
function shanghaiSeconds(text) {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(text)) throw new Error(`GZ_TEST_NOW must be YYYY-MM-DDTHH:MM, not ${text}`);
  const ms = Date.parse(text + '+08:00');
  if (Number.isNaN(ms)) throw new Error('GZ_TEST_NOW is not a time: ' + text);
  return Math.floor(ms / 1000);
}

/* Unix seconds as Asia/Shanghai wall time "YYYY-MM-DDTHH:MM:SS". */
function shanghaiText(t) {
  return new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19);
}

/* What a test server's clock reads now, unless the test moved it: the fixed
 * start plus the (monotonic) time this run has taken. */
function testNow() {
  return TEST_NOW + Number((process.hrtime.bigint() - runStarted) / 1000000000n);
}

const tests = [];
const servers = new Set();
let workDir = null;
let template = null; // {kind, db, key} of the demo database built once per run
let copies = 0;
let shared = null;

/* Registers a test; its name should read like the feature it checks. */
function test(name, fn) {
  tests.push({ name, fn });
}

/* Registers a test that cannot run on this backend: the runner prints
 * "SKIP name: why" and counts it apart, never as passed. */
function skip(name, why) {
  tests.push({ name, skip: why });
}

function tmpDir() {
  if (!workDir) {
    workDir = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), `gz-api-${DB_KIND}-`));
  }
  return workDir;
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeout || 300000, ...opts });
  if (res.error) throw new Error(`${cmd} ${args.join(' ')}: ${res.error.message}`);
  return res;
}

function mustRun(cmd, args, opts = {}) {
  const res = run(cmd, args, opts);
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${(res.stderr || '') + (res.stdout || '')}`.slice(0, 2000));
  }
  return res;
}

/* The PostgreSQL server URL with another database name. */
function pgUrlFor(dbname) {
  const u = new URL(PG_URL);
  u.pathname = '/' + dbname;
  return u.toString();
}

/* The throwaway cluster's superuser (trust authentication on loopback, see
 * scripts/pg-test.sh): CREATE DATABASE ... TEMPLATE needs more than the
 * application role may do. */
function pgAdminUrl() {
  const u = new URL(PG_URL);
  u.username = process.env.GZ_TEST_PG_SUPERUSER || 'postgres';
  u.pathname = '/postgres';
  return u.toString();
}

function psql(url, sql) {
  return mustRun('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', url, '-c', sql]);
}

/* Builds the demo database once per run; every test database is a copy of it
 * (a file copy for SQLite, CREATE DATABASE ... TEMPLATE for PostgreSQL), so a
 * test that mutates starts from the same pristine state without a rebuild. */
function demoTemplate() {
  if (template) return template;
  const dir = tmpDir();
  if (DB_KIND === 'sqlite') {
    const db = path.join(dir, 'demo.db');
    mustRun(GZ_BIN, ['demo', '--db', 'sqlite:' + db, '--seed', '1', '--clock-at', shanghaiText(TEST_NOW)]);
    if (!fs.existsSync(db + '.key')) throw new Error('demo did not create the key file ' + db + '.key');
    template = { kind: 'sqlite', db, key: db + '.key' };
  } else if (DB_KIND === 'pg') {
    if (!PG_URL) throw new Error('GZ_TEST_DB=pg needs GZ_TEST_PG_URL');
    const name = `gz_demo_tmpl_${process.pid}`;
    psql(pgAdminUrl(), `DROP DATABASE IF EXISTS ${name}`);
    psql(pgAdminUrl(), `CREATE DATABASE ${name} OWNER gongzhi`);
    const key = path.join(dir, 'pg.key');
    mustRun(GZ_BIN, ['demo', '--db', pgUrlFor(name), '--key-file', key, '--seed', '1', '--clock-at', shanghaiText(TEST_NOW)]);
    template = { kind: 'pg', dbname: name, key };
  } else {
    throw new Error('GZ_TEST_DB must be sqlite or pg, not ' + DB_KIND);
  }
  return template;
}

/* A fresh copy of the demo database: {url, key, sqlitePath?, pgName?}. */
function pristineDb() {
  const t = demoTemplate();
  const n = ++copies;
  if (t.kind === 'sqlite') {
    const db = path.join(tmpDir(), `copy${n}.db`);
    fs.copyFileSync(t.db, db);
    for (const ext of ['-wal', '-shm']) {
      if (fs.existsSync(t.db + ext)) fs.copyFileSync(t.db + ext, db + ext);
    }
    fs.copyFileSync(t.key, db + '.key');
    fs.chmodSync(db + '.key', 0o600);
    return { url: 'sqlite:' + db, key: db + '.key', sqlitePath: db };
  }
  const name = `gz_copy${n}_${process.pid}`;
  psql(pgAdminUrl(), `CREATE DATABASE ${name} TEMPLATE ${t.dbname} OWNER gongzhi`);
  return { url: pgUrlFor(name), key: t.key, pgName: name };
}

/* A new empty database (nothing in it yet) and where its key file goes:
 * {url, key, sqlitePath?, pgName?}; dropped at the end like the copies. */
function emptyDb() {
  const n = ++copies;
  if (DB_KIND === 'sqlite') {
    const db = path.join(tmpDir(), `empty${n}.db`);
    return { url: 'sqlite:' + db, key: db + '.key', sqlitePath: db };
  }
  const name = `gz_copy${n}_${process.pid}`;
  psql(pgAdminUrl(), `CREATE DATABASE ${name} OWNER gongzhi`);
  return { url: pgUrlFor(name), key: path.join(tmpDir(), `empty${n}.key`), pgName: name };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Starts `gongzhi serve` on a free port over db (default: a pristine copy)
 * and waits until it answers HTTP. Its clock starts at testNow() and can be
 * moved with POST /api/debug/clock; testClock: false starts a server as in
 * production, on the real time and without that endpoint. */
async function startServer({ db = null, testClock = true, extraArgs = [] } = {}) {
  db = db || pristineDb();
  const port = await freePort();
  const args = ['serve', '--db', db.url, '--listen', `127.0.0.1:${port}`, '--key-file', db.key, ...extraArgs];
  if (testClock) args.push('--test-clock', '--clock-at', shanghaiText(testNow()));
  const logPath = path.join(tmpDir(), `server-${port}.log`);
  const log = fs.openSync(logPath, 'w');
  // fontconfig, cairo and pango keep their font caches until exit (tests/lsan.supp)
  const env = { ...process.env };
  if (!env.LSAN_OPTIONS) env.LSAN_OPTIONS = `suppressions=${path.join(__dirname, '..', 'lsan.supp')}:print_suppressions=0`;
  const proc = spawn(GZ_BIN, args, { stdio: ['ignore', log, log], env });
  fs.closeSync(log);
  const srv = { proc, port, base: `http://127.0.0.1:${port}`, db, logPath, exited: null };
  proc.on('exit', (code, sig) => { srv.exited = { code, sig }; });
  // a binary that cannot be started (being rebuilt, not executable) fails this test, not the whole runner
  proc.on('error', (e) => { srv.exited = { code: e.code, sig: null }; });
  servers.add(srv);
  const deadline = Date.now() + 30000;
  for (;;) {
    if (srv.exited) {
      throw new Error(`server exited (${srv.exited.code ?? srv.exited.sig}) before answering: ${readLog(srv)}`);
    }
    try {
      const res = await fetch(srv.base + '/api/me');
      await res.arrayBuffer();
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error('server did not answer within 30 s: ' + readLog(srv));
      await sleep(100);
    }
  }
  return srv;
}

function readLog(srv) {
  try { return fs.readFileSync(srv.logPath, 'utf8').slice(-3000); } catch { return ''; }
}

/* Kills a server with SIGKILL, as a power cut would, and waits for it to be
 * gone; its database is left as the kill left it. */
async function killServer(srv) {
  servers.delete(srv);
  if (!srv.exited) srv.proc.kill('SIGKILL');
  while (!srv.exited) await sleep(20);
}

/* Stops a server and waits for it to exit; a crash (signal, sanitizer
 * report) is an error, so a test that stops its server notices it. */
async function stopServer(srv) {
  if (!servers.has(srv)) return;
  servers.delete(srv);
  if (!srv.exited) {
    srv.proc.kill('SIGTERM');
    const deadline = Date.now() + 10000;
    while (!srv.exited && Date.now() < deadline) await sleep(50);
    if (!srv.exited) {
      srv.proc.kill('SIGKILL');
      while (!srv.exited) await sleep(50);
      throw new Error('server did not stop on SIGTERM within 10 s');
    }
  }
  const { code, sig } = srv.exited;
  const log = readLog(srv);
  if (/ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer/.test(log)) {
    throw new Error('sanitizer report in server log: ' + log.slice(-1500));
  }
  if (sig && sig !== 'SIGTERM') throw new Error(`server died with ${sig}: ${log}`);
  if (code !== null && code !== 0) throw new Error(`server exited ${code}: ${log}`);
}

/* The server most tests share: one pristine copy, started on first use. */
async function sharedServer() {
  if (!shared) shared = startServer();
  return shared;
}

/* An HTTP request with fetch. opts: token (Bearer), cookie, csrf, body
 * (JSON-encoded), rawBody (string/Buffer, sent as is), headers. */
async function api(srv, method, p, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (opts.token) headers['Authorization'] = 'Bearer ' + opts.token;
  if (opts.cookie) headers['Cookie'] = opts.cookie;
  if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
  let body;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(srv.base + p, { method, headers, body, redirect: 'manual' });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  let json = null;
  if ((res.headers.get('content-type') || '').includes('json')) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  return { status: res.status, headers: res.headers, text, json, buf };
}

function setCookies(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const raw = headers.get('set-cookie');
  return raw ? raw.split(/,(?=\s*[A-Za-z0-9_-]+=)/) : [];
}

/* Signs in through POST /api/login: {status, token, csrf, cookie, user, setCookie, json}. */
async function login(srv, username, password = 'demo') {
  const res = await api(srv, 'POST', '/api/login', { body: { username, password } });
  const out = { status: res.status, json: res.json, setCookie: setCookies(res.headers) };
  if (res.status === 200 && res.json) {
    out.token = res.json.token;
    out.csrf = res.json.csrf;
    out.user = res.json.user;
    const c = out.setCookie.find((s) => s.startsWith('gz_session='));
    if (c) out.cookie = c.split(';')[0];
  }
  return out;
}

const tokenCache = new Map();
/* A Bearer token for username on srv, cached per server. */
// keyed by the server's process too: a later server may reuse a stopped one's port
function tokenKey(srv, username) {
  return `${srv.port}/${srv.proc ? srv.proc.pid : 0}/${username}`;
}
async function token(srv, username) {
  const k = tokenKey(srv, username);
  if (!tokenCache.has(k)) {
    const s = await login(srv, username);
    if (s.status !== 200 || !s.token) throw new Error(`login ${username}: ${s.status} ${JSON.stringify(s.json)}`);
    tokenCache.set(k, s.token);
  }
  return tokenCache.get(k);
}

/* The cached token of username on srv (undefined when none), and a way to
 * replace it, for callers that sign in again after a moved clock ended a session. */
function cachedToken(srv, username) {
  return tokenCache.get(tokenKey(srv, username));
}
function rememberToken(srv, username, t) {
  tokenCache.set(tokenKey(srv, username), t);
}

/* Long-lived API tokens ({username: token}) for tests that move the clock by
 * more than a web session lives (12 h). */
async function apiTokens(srv, ...users) {
  const keys = {};
  for (const u of users) {
    const res = await api(srv, 'POST', '/api/tokens', { token: await token(srv, u), body: { label: 'test' } });
    expectStatus(res, 201, 'API token for ' + u);
    keys[u] = res.json.token;
  }
  return keys;
}

/* The server's clock exactly, after any shifts (POST /api/debug/clock with a
 * shift of 0; an audited event like any shift). */
async function serverNow(srv) {
  const res = await api(srv, 'POST', '/api/debug/clock', { token: await token(srv, 'admin'), body: { shift_seconds: 0 } });
  expectStatus(res, 200, 'the test clock');
  return res.json.now;
}

/* Signs in every user now: a sign-in is itself an audited event, so tests
 * that count audit events log in before they count. */
async function warm(srv, ...users) {
  for (const u of users) await token(srv, u);
}

/* GET as username with a Bearer token; fails unless 200 when ok is set. */
async function get(srv, username, p, { ok = true } = {}) {
  const res = await api(srv, 'GET', p, { token: await token(srv, username) });
  if (ok && res.status !== 200) throw new Error(`GET ${p} as ${username}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

/* Asserts the error shape {"error":{"code","message","message_zh","field"}}. */
function expectError(res, status, code, field) {
  const what = `${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, status, `expected status ${status}, got ${what}`);
  assert.ok(res.json && res.json.error, `expected a JSON error body, got ${what}`);
  const e = res.json.error;
  assert.equal(e.code, code, `expected error code ${code}, got ${what}`);
  assert.equal(typeof e.message, 'string', 'error.message must be a string');
  assert.ok(e.message.length > 0, 'error.message must not be empty');
  assert.equal(typeof e.message_zh, 'string', 'error.message_zh must be a string');
  assert.ok(/[\u4e00-\u9fff]/.test(e.message_zh), `error.message_zh must be Chinese: ${e.message_zh}`);
  if (field !== undefined) assert.equal(e.field, field, `expected error field ${field}, got ${what}`);
}

function expectStatus(res, status, what = '') {
  assert.equal(res.status, status, `${what} expected ${status}, got ${res.status} ${res.text.slice(0, 400)}`);
}

/* Every string anywhere inside a JSON value. */
function strings(v, out = []) {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/;
const MASKED_PHONE = /^1\d{2}\*{4}\d{4}$/;
const FULL_ID = /\d{17}[\dXx]/;
const FULL_PHONE = /(^|\D)1\d{10}(\D|$)/;

/* GB 11643 check: true for a valid 18-character ID number. */
function idValid(id) {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += (id.charCodeAt(i) - 48) * w[i];
  return '10X98765432'[s % 11] === id[17].toUpperCase();
}

/* A valid ID number for a birth date and sequence, and the same with a wrong check digit. */
function makeId(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * w[i];
  return first17 + '10X98765432'[s % 11];
}
function badCheckDigit(id) {
  const c = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + c;
}

/* The list of compounds a user sees: [{id, name, ...}]. */
async function compounds(srv, username) {
  const res = await get(srv, username, '/api/compounds?per_page=200');
  return listItems(res.json);
}

/* The items of an API list {"items":[...],"page","per_page","total"}. */
function listItems(j) {
  if (j && Array.isArray(j.items)) return j.items;
  throw new Error('expected a list {"items":[...]}, got ' + JSON.stringify(j).slice(0, 300));
}

async function compoundByName(srv, username, name) {
  const list = await compounds(srv, username);
  const c = list.find((x) => x.name === name);
  if (!c) throw new Error(`${username} does not see compound ${name}; sees ${list.map((x) => x.name).join(', ')}`);
  return c;
}

/* The members (persons) of a household object from the API. */
function members(h) {
  assert.ok(Array.isArray(h.members), 'a household lists its members: ' + JSON.stringify(h).slice(0, 300));
  return h.members;
}

/* The grants of a user from /api/me: [{role, role_label, node_id, node_name, node_kind, node_path}]. */
async function grants(srv, username) {
  const me = (await get(srv, username, '/api/me')).json;
  assert.ok(Array.isArray(me.roles), '/api/me lists the roles: ' + JSON.stringify(me).slice(0, 300));
  return me.roles;
}
function grantNode(g) {
  assert.ok(Number.isInteger(g.node_id), 'a grant names its node: ' + JSON.stringify(g));
  return g.node_id;
}

/* Total households of a compound as username sees it. */
async function householdTotal(srv, username, compoundId) {
  const res = await get(srv, username, `/api/households?compound=${compoundId}&per_page=1`);
  return res.json.total;
}

/* A raw request through node:http, for bodies fetch would not send as is. */
function rawRequest(srv, { method = 'POST', path: p, headers = {}, body = null, agent = undefined }) {
  if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers = { ...headers, 'Content-Length': Buffer.byteLength(body) };
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = http.request({ host: '127.0.0.1', port: srv.port, method, path: p, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        settled = true;
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { json = null; }
        resolve({ status: res.statusCode, headers: res.headers, text, json, reusedSocket: req.reusedSocket });
      });
      res.on('error', (e) => { if (!settled) { settled = true; reject(e); } });
    });
    // The server may answer (413) and close before the whole body is sent; a
    // write error after the response arrived is expected, not a failure.
    req.on('error', (e) => { if (!settled) setTimeout(() => { if (!settled) { settled = true; reject(e); } }, 200); });
    if (body) req.write(body, () => {});
    req.end();
  });
}

/* Runs `gongzhi verify` on a database with its key file: {code, out}. */
function verifyCli(db, ...args) {
  const res = run(GZ_BIN, ['verify', '--db', db.url, '--key-file', db.key, ...args]);
  return { code: res.status, out: (res.stdout || '') + (res.stderr || '') };
}

/* Checks run after every test on each server still running (e.g. the funds
 * ledger invariant, tests/api/funds_lib.js); a throw fails that test. */
const afterEachHooks = [];
function afterEach(fn) {
  afterEachHooks.push(fn);
}

/* Runs every registered test in order; prints PASS/FAIL lines; returns the failure count. */
async function runAll(filter) {
  let failed = 0;
  let passed = 0;
  let skipped = 0;
  for (const t of tests) {
    if (filter && !filter.split('|').some((f) => t.name.includes(f))) continue; // a|b: either
    if (t.skip) {
      skipped++;
      console.log(`SKIP ${t.name}: ${t.skip}`);
      continue;
    }
    const started = Date.now();
    try {
      await t.fn();
      for (const hook of afterEachHooks) await hook([...servers].filter((srv) => !srv.exited));
      passed++;
      console.log(`PASS ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      const msg = (e && e.stack ? e.stack : String(e)).split('\n').slice(0, 4).join(' | ');
      console.log(`FAIL ${t.name}: ${msg.replace(/\s+/g, ' ')}`);
    }
  }
  return { passed, failed, skipped };
}

/* Stops every server still running; a crash found here is reported. */
async function stopAll() {
  const problems = [];
  if (shared) {
    try { await shared; } catch { /* already reported by the test that started it */ }
  }
  for (const srv of [...servers]) {
    try { await stopServer(srv); } catch (e) { problems.push(`server on port ${srv.port}: ${e.message}`); }
  }
  return problems;
}

function cleanup() {
  if (DB_KIND === 'pg' && template && PG_URL) {
    for (let n = 1; n <= copies; n++) {
      run('psql', ['-X', '-q', pgAdminUrl(), '-c', `DROP DATABASE IF EXISTS gz_copy${n}_${process.pid}`]);
    }
    run('psql', ['-X', '-q', pgAdminUrl(), '-c', `DROP DATABASE IF EXISTS ${template.dbname}`]);
  }
  if (workDir && !process.env.GZ_TEST_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
}

// A runner stopped from outside (timeout, ^C) takes its servers with it.
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    for (const srv of servers) { try { srv.proc.kill('SIGKILL'); } catch { /* gone */ } }
    try { cleanup(); } catch { /* best effort */ }
    process.exit(1);
  });
}

module.exports = {
  ROOT, GZ_BIN, DB_KIND, PG_DIR, TEST_NOW, testNow, shanghaiText, assert, test, skip, tests, tmpDir, run, mustRun, psql, pristineDb, startServer, stopServer,
  sharedServer, api, login, token, cachedToken, rememberToken, apiTokens, serverNow, warm, get, expectError, expectStatus, strings, MASKED_ID, MASKED_PHONE, FULL_ID,
  FULL_PHONE, idValid, makeId, badCheckDigit, compounds, compoundByName, listItems, members, grants, grantNode,
  householdTotal, rawRequest, verifyCli, runAll, stopAll, cleanup, sleep, readLog, setCookies, afterEach, freePort,
  emptyDb, killServer,
};
