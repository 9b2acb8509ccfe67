// 01_auth.test.js: sign-in, cookies and tokens, login throttling and its logs, /api/me, CSRF and session expiry.
'use strict';

const L = require('./lib');
const { test, assert } = L;

test('login answers 200 with a token and sets an HttpOnly, SameSite=Lax session cookie', async () => {
  const srv = await L.sharedServer();
  const s = await L.login(srv, 'grid8');
  assert.equal(s.status, 200, JSON.stringify(s.json));
  assert.equal(typeof s.token, 'string');
  assert.ok(s.token.length >= 20, 'token too short: ' + s.token);
  assert.equal(typeof s.csrf, 'string');
  assert.ok(s.csrf.length >= 16, 'csrf token too short');
  assert.ok(s.user && s.user.username === 'grid8', 'login returns the user: ' + JSON.stringify(s.json));
  const c = s.setCookie.find((x) => x.startsWith('gz_session='));
  assert.ok(c, 'no gz_session cookie in ' + JSON.stringify(s.setCookie));
  assert.match(c, /;\s*HttpOnly/i);
  assert.match(c, /;\s*SameSite=Lax/i);
  assert.match(c, /;\s*Path=\//i);
  assert.doesNotMatch(c, /;\s*Secure/i, 'Secure must not be set on plain-HTTP loopback by default');
  // The cookie value is a credential, the token stored is only its hash: the
  // cookie must work by itself.
  const me = await L.api(srv, 'GET', '/api/me', { cookie: s.cookie });
  L.expectStatus(me, 200, 'GET /api/me with the login cookie');
});

test('a wrong password answers 401 bad_credentials and no cookie', async () => {
  const srv = await L.sharedServer();
  const s = await L.login(srv, 'staff', 'not-the-password');
  const res = { status: s.status, json: s.json, text: JSON.stringify(s.json) };
  L.expectError(res, 401, 'bad_credentials');
  assert.ok(!s.setCookie.some((x) => /^gz_session=[^;]+/.test(x) && !/Max-Age=0/i.test(x)), 'no session cookie on failure');
  const unknown = await L.login(srv, 'no_such_user_xyz', 'demo');
  L.expectError({ status: unknown.status, json: unknown.json, text: JSON.stringify(unknown.json) }, 401, 'bad_credentials');
});

/* POST /api/login as if from address (the server runs with --trust-proxy). */
async function loginFrom(srv, address, username, password) {
  return L.api(srv, 'POST', '/api/login', { body: { username, password }, headers: { 'X-Forwarded-For': address } });
}

/* The Retry-After of a 429: whole seconds, at least 1. */
function retryAfter(res) {
  const v = res.headers.get('retry-after');
  assert.match(v || '', /^[1-9]\d*$/, 'a 429 says how many seconds to wait: ' + v);
  return Number(v);
}

async function shiftClock(srv, seconds) {
  const res = await L.api(srv, 'POST', '/api/debug/clock', { token: await L.token(srv, 'admin'), body: { shift_seconds: seconds } });
  L.expectStatus(res, 200, 'POST /api/debug/clock');
}

/* Fails `free` times, then keeps failing, each time after moving the clock
 * past the wait, until the wait has doubled to at least `until` seconds
 * (a Retry-After may be a second short: the wall clock moves meanwhile):
 * the throttle is then tested without racing the wall clock. Returns the
 * waits seen, in order. */
async function failUntilWait(srv, address, username, free, until) {
  for (let i = 0; i < free; i++) {
    const r = await loginFrom(srv, address, username, 'wrong' + i);
    L.expectError(r, 401, 'bad_credentials');
  }
  const waits = [];
  for (;;) {
    const r = await loginFrom(srv, address, username, 'wrong-again');
    L.expectError(r, 429, 'rate_limited');
    const wait = retryAfter(r);
    waits.push(wait);
    if (wait >= until) return waits;
    assert.ok(waits.length < 20, 'the wait must grow: ' + waits);
    await shiftClock(srv, wait);
    L.expectError(await loginFrom(srv, address, username, 'wrong-once-more'), 401, 'bad_credentials');
  }
}

test('wrong passwords slow their address with a wait that doubles (429 rate_limited, Retry-After), even for the right password', async () => {
  const srv = await L.startServer({ testClock: true, extraArgs: ['--trust-proxy'] });
  try {
    await L.token(srv, 'admin'); // the clock mover signs in before the counting starts
    const waits = await failUntilWait(srv, '203.0.113.66', 'party', 5, 31);
    assert.ok(waits.every((w, i) => i === 0 || w > waits[i - 1]), 'each wait is longer than the one before: ' + waits);
    assert.ok(waits[0] >= 1 && waits[0] <= 2, 'the first wait is two seconds: ' + waits);
    assert.ok(waits[waits.length - 1] >= 31, 'the wait grew to 32 s: ' + waits);
    const right = await loginFrom(srv, '203.0.113.66', 'party', 'demo');
    L.expectError(right, 429, 'rate_limited');
    assert.ok(retryAfter(right) > 16, 'Retry-After says how long');
    // the sign-in page says it in words, with the same header
    const page = await L.api(srv, 'POST', '/login', {
      rawBody: 'username=party&password=demo',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.66' },
    });
    L.expectStatus(page, 429, 'POST /login while throttled');
    assert.ok(retryAfter(page) > 16);
    assert.match(page.text, /登录失败次数过多，请 \d+ 秒后再试/);
    // another address is not slowed by it
    L.expectStatus(await loginFrom(srv, '198.51.100.20', 'party', 'demo'), 200, 'party from another address');
    // and another account from the same address still signs in (the per-address limit is higher)
    L.expectStatus(await loginFrom(srv, '203.0.113.66', 'committee', 'demo'), 200, 'committee from the same address');
  } finally {
    await L.stopServer(srv);
  }
});

test('strangers guessing from many addresses never lock the owner out: they sign in where they did before, and elsewhere after a short wait', async () => {
  const srv = await L.startServer({ testClock: true, extraArgs: ['--trust-proxy', '--login-max-per-account-unknown', '3'] });
  try {
    await L.token(srv, 'admin');
    L.expectStatus(await loginFrom(srv, '192.0.2.10', 'party', 'demo'), 200, 'the owner signs in at home');
    // twelve wrong guesses from twelve addresses, each made once the
    // account-wide wait for strangers has passed
    for (let failures = 0, tries = 0; failures < 12; tries++) {
      assert.ok(tries < 100, 'the strangers get their guesses in');
      const r = await loginFrom(srv, `10.9.0.${failures + 1}`, 'party', 'guess' + failures);
      if (r.status === 429) {
        await shiftClock(srv, retryAfter(r));
        continue;
      }
      L.expectError(r, 401, 'bad_credentials');
      failures++;
    }
    L.expectStatus(await loginFrom(srv, '192.0.2.10', 'party', 'demo'), 200, 'the owner at home is not slowed');
    const away = await loginFrom(srv, '198.51.100.7', 'party', 'demo');
    L.expectError(away, 429, 'rate_limited');
    const wait = retryAfter(away);
    assert.ok(wait <= 60, 'away from home the wait is short (login_account_delay_max 60 s): ' + wait);
    await shiftClock(srv, wait);
    L.expectStatus(await loginFrom(srv, '198.51.100.7', 'party', 'demo'), 200, 'the owner away, after the wait');
  } finally {
    await L.stopServer(srv);
  }
});

test('many names guessed from one address slow that address for accounts not known there', async () => {
  const srv = await L.startServer({ testClock: true, extraArgs: ['--trust-proxy', '--login-max-per-ip', '4'] });
  try {
    await L.token(srv, 'admin');
    L.expectStatus(await loginFrom(srv, '203.0.113.80', 'party', 'demo'), 200, 'party signs in at this address');
    for (let i = 0; i < 4; i++) L.expectError(await loginFrom(srv, '203.0.113.80', `guess${i}`, 'x'), 401, 'bad_credentials');
    const waits = await failUntilWait(srv, '203.0.113.80', 'someone_else', 0, 16);
    assert.ok(waits[waits.length - 1] >= 16, 'the address waits: ' + waits);
    L.expectError(await loginFrom(srv, '203.0.113.80', 'committee', 'demo'), 429, 'rate_limited');
    L.expectStatus(await loginFrom(srv, '203.0.113.81', 'committee', 'demo'), 200, 'committee from another address');
    L.expectStatus(await loginFrom(srv, '203.0.113.80', 'party', 'demo'), 200, 'party, known at this address');
  } finally {
    await L.stopServer(srv);
  }
});

test('a failed sign-in is logged with the account id or a keyed hash, never the typed name, and stored the same way', async () => {
  const srv = await L.startServer();
  try {
    const me = (await L.get(srv, 'party', '/api/me')).json;
    L.expectError(await L.api(srv, 'POST', '/api/login', { body: { username: 'party', password: 'nope' } }), 401, 'bad_credentials');
    const typed = 'Tr0ub4dor-and-3';
    L.expectError(await L.api(srv, 'POST', '/api/login', { body: { username: typed, password: 'x' } }), 401, 'bad_credentials');
    const log = require('node:fs').readFileSync(srv.logPath, 'utf8');
    assert.match(log, new RegExp(`login failed for account ${me.id} from`), 'the account is named by its id: ' + log.slice(-600));
    assert.match(log, /login failed for unknown name #[0-9a-f]{16} from/, 'an unknown name by a keyed hash: ' + log.slice(-600));
    assert.ok(!log.includes(typed), 'the typed text is not in the log');
    assert.ok(!/login failed for "?party/.test(log), 'nor the known username');
    await L.stopServer(srv);
    const rows = srv.db.sqlitePath
      ? L.mustRun('sqlite3', [srv.db.sqlitePath, 'SELECT key FROM login_throttle']).stdout
      : L.mustRun('psql', ['-X', '-q', '-At', srv.db.url, '-c', 'SELECT key FROM login_throttle']).stdout;
    assert.ok(rows.trim().split('\n').length >= 3, 'the failures are counted: ' + rows);
    assert.ok(!rows.includes(typed) && !rows.includes('party') && !rows.includes('127.0.0.1'), 'keys are hashes: ' + rows);
  } finally {
    await L.stopServer(srv);
  }
});

test('a Bearer token works on every read API and nothing answers without one', async () => {
  const srv = await L.sharedServer();
  const tok = await L.token(srv, 'staff');
  const comp = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const list = await L.get(srv, 'staff', `/api/households?compound=${comp.id}`);
  const hh = list.json.items[0];
  const person = L.members(hh)[0];
  const paths = [
    '/api/me', '/api/compounds', `/api/households?compound=${comp.id}`, `/api/households/${hh.id}`,
    `/api/nodes/${comp.id}`, `/api/shops?compound=${comp.id}`, '/api/search?q=' + encodeURIComponent(person.name),
    `/api/persons/${person.id}/pii`,
  ];
  for (const p of paths) {
    const ok = await L.api(srv, 'GET', p, { token: tok });
    L.expectStatus(ok, 200, `GET ${p} with Bearer`);
    assert.ok(ok.json, `GET ${p} answers JSON`);
    const anon = await L.api(srv, 'GET', p);
    L.expectError(anon, 401, 'login_required');
    const bad = await L.api(srv, 'GET', p, { token: (tok[0] === 'x' ? 'y' : 'x') + tok.slice(1) });
    L.expectError(bad, 401, 'login_required');
  }
  const audit = await L.api(srv, 'GET', '/api/audit/verify', { token: await L.token(srv, 'auditor') });
  L.expectStatus(audit, 200, 'GET /api/audit/verify as auditor with Bearer');
});

test('/api/me lists the user with each role and the node it is scoped to', async () => {
  const srv = await L.sharedServer();
  const me = (await L.get(srv, 'grid8', '/api/me')).json;
  const user = me.user || me;
  assert.equal(user.username, 'grid8');
  const roles = me.roles || me.grants || user.roles;
  assert.ok(Array.isArray(roles) && roles.length >= 1, 'roles: ' + JSON.stringify(me));
  const g = roles.find((x) => x.role === 'grid_worker');
  assert.ok(g, 'grid8 holds grid_worker: ' + JSON.stringify(roles));
  const node = L.grantNode(g);
  assert.ok(Number.isInteger(node) && node > 0, 'the grant names its node: ' + JSON.stringify(g));
  assert.ok(JSON.stringify(g).includes('第8网格'), 'the scope is 第8网格: ' + JSON.stringify(g));
  const rme = (await L.get(srv, 'resident', '/api/me')).json;
  const rroles = rme.roles || rme.grants || (rme.user && rme.user.roles);
  assert.ok(rroles.some((x) => x.role === 'resident'), 'resident holds resident: ' + JSON.stringify(rroles));
  assert.ok(!rroles.some((x) => x.role === 'grid_worker' || x.role === 'admin'), 'resident holds no other role');
  const anon = await L.api(srv, 'GET', '/api/me');
  L.expectError(anon, 401, 'login_required');
});

test('a cookie-authenticated write without the CSRF token is refused with 403 csrf and changes nothing; with it, it succeeds', async () => {
  const srv = await L.sharedServer();
  const s = await L.login(srv, 'staff');
  const comp = await L.compoundByName(srv, 'staff', '学道苑·拱背桥25号1栋');
  const hh = (await L.get(srv, 'staff', `/api/households?compound=${comp.id}`)).json.items[0];
  const before = (await L.get(srv, 'staff', `/api/households/${hh.id}`)).json;
  const note = 'CSRF 测试备注';
  const refused = await L.api(srv, 'PATCH', `/api/households/${hh.id}`, { cookie: s.cookie, body: { note } });
  L.expectError(refused, 403, 'csrf');
  const wrong = await L.api(srv, 'PATCH', `/api/households/${hh.id}`, { cookie: s.cookie, csrf: (s.csrf[0] === 'A' ? 'B' : 'A') + s.csrf.slice(1), body: { note } });
  L.expectError(wrong, 403, 'csrf');
  const mid = (await L.get(srv, 'staff', `/api/households/${hh.id}`)).json;
  assert.equal(mid.note, before.note, 'a refused write must not change the household');
  const ok = await L.api(srv, 'PATCH', `/api/households/${hh.id}`, { cookie: s.cookie, csrf: s.csrf, body: { note } });
  L.expectStatus(ok, 200, 'PATCH with the CSRF token');
  const after = (await L.get(srv, 'staff', `/api/households/${hh.id}`)).json;
  assert.equal(after.note, note, 'the write with CSRF is stored');
  // Bearer writes need no CSRF token.
  const bearer = await L.api(srv, 'PATCH', `/api/households/${hh.id}`, { token: await L.token(srv, 'staff'), body: { note: note + 'b' } });
  L.expectStatus(bearer, 200, 'PATCH with Bearer and no CSRF');
});

test('logout ends the cookie session', async () => {
  const srv = await L.sharedServer();
  const s = await L.login(srv, 'street');
  L.expectStatus(await L.api(srv, 'GET', '/api/me', { cookie: s.cookie }), 200, 'before logout');
  const out = await L.api(srv, 'POST', '/api/logout', { cookie: s.cookie, csrf: s.csrf, body: {} });
  L.expectStatus(out, 200, 'logout');
  assert.deepEqual(out.json, { ok: true });
  L.expectError(await L.api(srv, 'GET', '/api/me', { cookie: s.cookie }), 401, 'login_required');
});

test('a session expires: after the clock moves 13 hours the old cookie gets 401', async () => {
  const srv = await L.startServer();
  try {
    const s = await L.login(srv, 'staff');
    L.expectStatus(await L.api(srv, 'GET', '/api/me', { cookie: s.cookie }), 200, 'fresh session');
    const admin = await L.token(srv, 'admin');
    // Only an admin may move the clock.
    const denied = await L.api(srv, 'POST', '/api/debug/clock', { token: await L.token(srv, 'staff'), body: { shift_seconds: 46800 } });
    L.expectError(denied, 403, 'forbidden');
    L.expectStatus(await L.api(srv, 'GET', '/api/me', { cookie: s.cookie }), 200, 'session after a refused shift');
    const shift = await L.api(srv, 'POST', '/api/debug/clock', { token: admin, body: { shift_seconds: 13 * 3600 } });
    L.expectStatus(shift, 200, 'POST /api/debug/clock');
    L.expectError(await L.api(srv, 'GET', '/api/me', { cookie: s.cookie }), 401, 'login_required');
    L.expectError(await L.api(srv, 'GET', '/api/compounds', { cookie: s.cookie }), 401, 'login_required');
    const again = await L.login(srv, 'staff');
    assert.equal(again.status, 200, 'signing in again works after expiry');
  } finally {
    await L.stopServer(srv);
  }
});

test('the test clock endpoint does not exist unless the server runs with --test-clock', async () => {
  const srv = await L.startServer({ testClock: false });
  try {
    const res = await L.api(srv, 'POST', '/api/debug/clock', { token: await L.token(srv, 'admin'), body: { shift_seconds: 46800 } });
    L.expectError(res, 404, 'not_found');
    L.expectStatus(await L.api(srv, 'GET', '/api/me', { token: await L.token(srv, 'staff') }), 200, 'sessions still valid');
  } finally {
    await L.stopServer(srv);
  }
});

test('a server started elsewhere in time without --test-clock refuses to start', async () => {
  const db = L.pristineDb();
  const res = L.run(L.GZ_BIN, ['serve', '--db', db.url, '--key-file', db.key, '--listen', '127.0.0.1:1', '--clock-at', '2026-06-15T10:00']);
  assert.equal(res.status, 1, 'exit status: ' + res.stderr);
  assert.match(res.stderr, /clock_at needs test_clock/);
});
