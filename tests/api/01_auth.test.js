// 01_auth.test.js: sign-in, cookies and tokens, rate limiting, /api/me, CSRF and session expiry.
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

test('login is rate limited: 429 after repeated failures for one account, even with the right password', async () => {
  // A server of its own: the limiter is per process, and its per-address
  // counter must not lock out the other tests.
  const srv = await L.startServer();
  try {
    let saw429 = null;
    for (let i = 0; i < 12 && !saw429; i++) {
      const s = await L.login(srv, 'party', 'wrong' + i);
      if (s.status === 429) saw429 = s;
      else assert.equal(s.status, 401, `attempt ${i + 1}: ${s.status} ${JSON.stringify(s.json)}`);
    }
    assert.ok(saw429, 'no 429 after 12 failed logins for one account');
    L.expectError({ status: saw429.status, json: saw429.json, text: JSON.stringify(saw429.json) }, 429, 'rate_limited');
    const right = await L.login(srv, 'party', 'demo');
    assert.equal(right.status, 429, 'the locked account must stay locked even with the right password');
    // Another account from the same address still signs in (the per-address limit is higher).
    const other = await L.login(srv, 'committee', 'demo');
    assert.equal(other.status, 200, 'another account must still sign in: ' + JSON.stringify(other.json));
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
  const note = 'csrf-test-' + Date.now();
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
  assert.ok(out.status === 200 || out.status === 204, 'logout: ' + out.status + ' ' + out.text);
  L.expectError(await L.api(srv, 'GET', '/api/me', { cookie: s.cookie }), 401, 'login_required');
});

test('a session expires: after the clock moves 13 hours the old cookie gets 401', async () => {
  const srv = await L.startServer({ testClock: true });
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
  const srv = await L.sharedServer();
  const res = await L.api(srv, 'POST', '/api/debug/clock', { token: await L.token(srv, 'admin'), body: { shift_seconds: 46800 } });
  assert.ok(res.status === 404 || res.status === 403, 'debug clock must be off: ' + res.status + ' ' + res.text);
  L.expectStatus(await L.api(srv, 'GET', '/api/me', { token: await L.token(srv, 'staff') }), 200, 'sessions still valid');
});
