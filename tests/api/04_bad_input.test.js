// 04_bad_input.test.js: bad bodies, unknown routes, keep-alive: clear JSON errors, nothing written, no crash.
'use strict';

const http = require('node:http');
const L = require('./lib');
const { test, assert } = L;

/* A pilot household, its member count, and a Bearer token of grid8. */
async function target(srv) {
  const c = await L.compoundByName(srv, 'grid8', '学道苑·拱背桥25号1栋');
  const h = (await L.get(srv, 'grid8', `/api/households?compound=${c.id}&per_page=5`)).json.items[2];
  const tok = await L.token(srv, 'grid8');
  const count = async () => {
    const j = (await L.get(srv, 'staff', `/api/households/${h.id}`)).json;
    return L.members(j).length;
  };
  return { h, tok, count, path: `/api/households/${h.id}/persons` };
}

async function stillAlive(srv) {
  L.expectStatus(await L.api(srv, 'GET', '/api/me', { token: await L.token(srv, 'staff') }), 200, 'server alive');
}

test('an unknown field answers 400 unknown_field naming it, and nothing is created', async () => {
  const srv = await L.sharedServer();
  const t = await target(srv);
  const n0 = await t.count();
  const res = await L.api(srv, 'POST', t.path, { token: t.tok, body: { name: '张测试', residency: 'permanent', favourite_colour: 'blue' } });
  L.expectError(res, 400, 'unknown_field', 'favourite_colour');
  const patch = await L.api(srv, 'PATCH', `/api/households/${t.h.id}`, { token: t.tok, body: { note: 'x', is_admin: true } });
  L.expectError(patch, 400, 'unknown_field', 'is_admin');
  assert.equal(await t.count(), n0);
});

test('an unknown query parameter answers 400 unknown_param naming it, and nothing is done', async () => {
  const srv = await L.sharedServer();
  const tok = await L.token(srv, 'staff');
  const get = (p) => L.api(srv, 'GET', p, { token: tok });
  // the typo that used to give the default page of 20 as if it were the answer
  L.expectError(await get('/api/compounds?per_pgae=5'), 400, 'unknown_param', 'per_pgae');
  const five = await get('/api/compounds?per_page=5&page=2');
  L.expectStatus(five, 200, 'declared parameters');
  assert.equal(five.json.items.length, 5);
  assert.equal(five.json.page, 2);
  const c = await L.compoundByName(srv, 'staff', '学道苑·拱背桥25号1栋');
  L.expectError(await get(`/api/households?compound=${c.id}&pagee=2`), 400, 'unknown_param', 'pagee');
  L.expectError(await get(`/api/workorders?status=open&overdue=1&sort=due`), 400, 'unknown_param', 'sort');
  // a route that takes none, and the first unknown name of several
  L.expectError(await get('/api/me?verbose=1'), 400, 'unknown_param', 'verbose');
  L.expectError(await get(`/api/households/${c.id}?a=1&b=2`), 400, 'unknown_param', 'a');
  // a write with an unknown parameter writes nothing
  const t = await target(srv);
  const n0 = await t.count();
  const res = await L.api(srv, 'POST', t.path + '?dry_run=1', { token: t.tok, body: { name: '张查询', residency: 'permanent' } });
  L.expectError(res, 400, 'unknown_param', 'dry_run');
  assert.equal(await t.count(), n0, 'nothing created');
  // the sign-in check comes first: a stranger learns nothing about the parameters
  L.expectError(await L.api(srv, 'GET', '/api/compounds?per_pgae=5'), 401, 'login_required');
  // pages take what forms and links add
  L.expectStatus(await L.api(srv, 'GET', '/login?next=%2F&utm_source=poster'), 200, 'a page with an extra parameter');
  await stillAlive(srv);
});

test('a field of the wrong type answers 400 bad_type naming it, and nothing is created', async () => {
  const srv = await L.sharedServer();
  const t = await target(srv);
  const n0 = await t.count();
  L.expectError(await L.api(srv, 'POST', t.path, { token: t.tok, body: { name: 123, residency: 'permanent' } }), 400, 'bad_type', 'name');
  L.expectError(await L.api(srv, 'POST', t.path, { token: t.tok, body: { name: '李测试', residency: 'permanent', birth_year: '1950' } }), 400, 'bad_type', 'birth_year');
  L.expectError(await L.api(srv, 'POST', t.path, { token: t.tok, body: { name: ['王'], residency: 'permanent' } }), 400, 'bad_type', 'name');
  const missing = await L.api(srv, 'POST', t.path, { token: t.tok, body: { residency: 'permanent' } });
  L.expectError(missing, 400, 'missing_field', 'name');
  const badEnum = await L.api(srv, 'POST', t.path, { token: t.tok, body: { name: '赵测试', residency: 'sometimes' } });
  L.expectError(badEnum, 400, 'bad_value', 'residency');
  const notObject = await L.api(srv, 'POST', t.path, { token: t.tok, rawBody: '[1,2,3]', headers: { 'Content-Type': 'application/json' } });
  assert.equal(notObject.status, 400, 'a JSON array body is refused: ' + notObject.status);
  assert.equal(await t.count(), n0);
});

test('malformed JSON answers 400 bad_json', async () => {
  const srv = await L.sharedServer();
  const t = await target(srv);
  const n0 = await t.count();
  for (const raw of ['{"name": "x",', '{name: 1}', 'not json at all', '{"name":"a"} trailing']) {
    const res = await L.api(srv, 'POST', t.path, { token: t.tok, rawBody: raw, headers: { 'Content-Type': 'application/json' } });
    L.expectError(res, 400, 'bad_json');
  }
  const login = await L.api(srv, 'POST', '/api/login', { rawBody: '{"username":', headers: { 'Content-Type': 'application/json' } });
  L.expectError(login, 400, 'bad_json');
  assert.equal(await t.count(), n0);
  await stillAlive(srv);
});

test('a body with invalid UTF-8 answers 400 bad_utf8', async () => {
  const srv = await L.sharedServer();
  const t = await target(srv);
  const n0 = await t.count();
  const bodies = [
    Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","residency":"permanent"}')]),
    Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe5, 0xbc]), Buffer.from('","residency":"permanent"}')]), // truncated 张
    Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","residency":"permanent"}')]), // overlong '/'
    Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","residency":"permanent"}')]), // surrogate
  ];
  for (const body of bodies) {
    const res = await L.rawRequest(srv, {
      method: 'POST', path: t.path, body,
      headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Authorization: 'Bearer ' + t.tok },
    });
    L.expectError(res, 400, 'bad_utf8');
  }
  assert.equal(await t.count(), n0);
  await stillAlive(srv);
});

test('a body over the size limit answers 413 too_large without a crash', async () => {
  const srv = await L.sharedServer();
  const t = await target(srv);
  const n0 = await t.count();
  const big = Buffer.alloc(3 * 1024 * 1024, 0x20);
  Buffer.from('{"name":"x","residency":"permanent","relation":"').copy(big, 0);
  big.write('"}', big.length - 2);
  const res = await L.rawRequest(srv, {
    method: 'POST', path: t.path, body: big,
    headers: { 'Content-Type': 'application/json', 'Content-Length': big.length, Authorization: 'Bearer ' + t.tok },
  });
  L.expectError(res, 413, 'too_large');
  const login = await L.rawRequest(srv, {
    method: 'POST', path: '/api/login', body: big, headers: { 'Content-Type': 'application/json', 'Content-Length': big.length },
  });
  L.expectError(login, 413, 'too_large');
  assert.equal(await t.count(), n0);
  await stillAlive(srv);
});

test('an unknown path answers 404 with a JSON error and a wrong method 405', async () => {
  const srv = await L.sharedServer();
  const tok = await L.token(srv, 'staff');
  L.expectError(await L.api(srv, 'GET', '/api/no/such/thing', { token: tok }), 404, 'not_found');
  L.expectError(await L.api(srv, 'GET', '/api/households/999999999', { token: tok }), 404, 'not_found');
  L.expectError(await L.api(srv, 'GET', '/api/households/abc', { token: tok }), 404, 'not_found');
  L.expectError(await L.api(srv, 'DELETE', '/api/compounds', { token: tok }), 405, 'method_not_allowed');
  L.expectError(await L.api(srv, 'PUT', '/api/login', { body: {} }), 405, 'method_not_allowed');
  const page = await L.api(srv, 'GET', '/no/such/page', { token: tok });
  assert.equal(page.status, 404);
});

test('keep-alive: two requests over one socket are both answered', async () => {
  const srv = await L.sharedServer();
  const tok = await L.token(srv, 'staff');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const headers = { Authorization: 'Bearer ' + tok };
    const a = await L.rawRequest(srv, { method: 'GET', path: '/api/compounds', headers, agent });
    assert.equal(a.status, 200);
    const b = await L.rawRequest(srv, { method: 'GET', path: '/api/me', headers, agent });
    assert.equal(b.status, 200);
    assert.equal(b.reusedSocket, true, 'the second request must reuse the first socket');
    const c = await L.rawRequest(srv, { method: 'POST', path: '/api/login', agent,
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: 'demo' }) });
    assert.equal(c.status, 200);
    assert.equal(c.reusedSocket, true, 'a POST after two GETs reuses the socket');
    const d = await L.rawRequest(srv, { method: 'GET', path: '/api/no/such', headers, agent });
    assert.equal(d.status, 404);
    const e = await L.rawRequest(srv, { method: 'GET', path: '/api/me', headers, agent });
    assert.equal(e.status, 200, 'the socket survives an error reply');
    assert.equal(e.reusedSocket, true);
  } finally {
    agent.destroy();
  }
});
