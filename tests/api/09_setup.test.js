// 09_setup.test.js: the command line that sets a site up: files only its owner reads, a key file that is the database's own.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { test, assert } = L;

/* Runs `gongzhi serve` to its end (a refusal) or for at most 15 s: {code, out}.
 * A server that starts is killed at the deadline, and code is then null. */
async function serveOnce(db, key) {
  const port = await L.freePort();
  const res = L.run(L.GZ_BIN, ['serve', '--db', db.url, '--key-file', key, '--listen', `127.0.0.1:${port}`],
    { timeout: 15000 });
  return { code: res.status, out: (res.stdout || '') + (res.stderr || '') };
}

/* A key file of 32 random bytes: right size, wrong key. */
function strangerKey() {
  const key = path.join(L.tmpDir(), `stranger-${crypto.randomBytes(4).toString('hex')}.key`);
  fs.writeFileSync(key, crypto.randomBytes(32), { mode: 0o600 });
  return key;
}

/* The database's recorded key check value, or null. */
function keyCheck(db) {
  if (db.sqlitePath) {
    const out = L.mustRun('sqlite3', [db.sqlitePath, "SELECT value FROM setting WHERE key = 'key_check'"]).stdout.trim();
    return out || null;
  }
  const out = L.mustRun('psql', ['-X', '-q', '-At', db.url, '-c', "SELECT value FROM setting WHERE key = 'key_check'"]).stdout.trim();
  return out || null;
}

function forgetKeyCheck(db) {
  if (db.sqlitePath) L.mustRun('sqlite3', [db.sqlitePath, "DELETE FROM setting WHERE key = 'key_check'"]);
  else L.psql(db.url, "DELETE FROM setting WHERE key = 'key_check'");
}

function mode(p) {
  return fs.statSync(p).mode & 0o777;
}

test('init, serve and demo create the database, its -wal and -shm files and the key file 0600 under umask 022', async () => {
  const old = process.umask(0o022); // what a login shell usually has: new files world-readable
  try {
    const dir = fs.mkdtempSync(path.join(L.tmpDir(), 'modes-'));
    const file = path.join(dir, 'site.db');
    const init = L.run(L.GZ_BIN, ['init', '--db', 'sqlite:' + file]);
    assert.equal(init.status, 0, init.stdout + init.stderr);
    assert.equal(mode(file), 0o600, 'the database after init');
    assert.equal(mode(file + '.key'), 0o600, 'the key file after init');
    const srv = await L.startServer({ db: { url: 'sqlite:' + file, key: file + '.key', sqlitePath: file } });
    try {
      await L.login(srv, 'nobody', 'x'); // a request that reads the database: the WAL files exist now
      assert.equal(mode(file + '-wal'), 0o600, 'the -wal file while serving');
      assert.equal(mode(file + '-shm'), 0o600, 'the -shm file while serving');
    } finally {
      await L.stopServer(srv);
    }
    assert.equal(mode(file), 0o600, 'the database after serving');
    const demoFile = path.join(dir, 'demo.db');
    const demo = L.run(L.GZ_BIN, ['demo', '--db', 'sqlite:' + demoFile, '--seed', '1']);
    assert.equal(demo.status, 0, demo.stdout + demo.stderr);
    assert.equal(mode(demoFile), 0o600, 'the demo database');
    assert.equal(mode(demoFile + '.key'), 0o600, 'the demo key file');
  } finally {
    process.umask(old);
  }
});

test('serve refuses to start with another database\'s key file and names the key file', async () => {
  const db = L.pristineDb();
  const key = strangerKey();
  const res = await serveOnce(db, key);
  assert.equal(res.code, 1, 'serve must exit 1 at once, not start: ' + res.out);
  assert.ok(res.out.includes(key), 'the message names the key file: ' + res.out);
  assert.match(res.out, /does not belong to this database/);
  // the right key still starts it, and its pages with personal data answer
  const srv = await L.startServer({ db });
  try {
    const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
    L.expectStatus(await L.get(srv, 'staff', `/api/households?compound=${c.id}&per_page=5`, { ok: false }), 200);
  } finally {
    await L.stopServer(srv);
  }
});

test('a database from before the key check refuses a wrong key by its sealed data and records the right one', async () => {
  const db = L.pristineDb();
  const recorded = keyCheck(db);
  assert.match(recorded || '', /^[0-9a-f]{64}$/, 'demo records the key check value');
  forgetKeyCheck(db);
  const refused = await serveOnce(db, strangerKey());
  assert.equal(refused.code, 1, 'a stranger key cannot open the sealed ID numbers: ' + refused.out);
  assert.equal(keyCheck(db), null, 'nothing is recorded for a refused key');
  const srv = await L.startServer({ db });
  await L.stopServer(srv);
  assert.equal(keyCheck(db), recorded, 'the first start with the right key records its check value');
});

test('gongzhi user and import refuse a wrong key file too, before writing anything', async () => {
  const db = L.pristineDb();
  const key = strangerKey();
  const add = L.run(L.GZ_BIN, ['user', 'add', 'newcomer', '--password', 'secret-pw', '--db', db.url, '--key-file', key]);
  assert.equal(add.status, 1, 'user add with a stranger key: ' + add.stdout + add.stderr);
  assert.match(add.stderr, /does not belong to this database/);
  const csv = path.join(L.tmpDir(), 'one-row.csv');
  fs.writeFileSync(csv, '院落,楼栋,单元,门牌,姓名,与户主关系\n学道苑·东南里7号,1栋,1单元,999,王五,户主\n');
  const imp = L.run(L.GZ_BIN, ['import', csv, '--db', db.url, '--key-file', key]);
  assert.equal(imp.status, 1, 'import with a stranger key: ' + imp.stdout + imp.stderr);
  assert.match(imp.stderr, /does not belong to this database/);
  const ok = L.run(L.GZ_BIN, ['user', 'add', 'newcomer', '--password', 'secret-pw', '--db', db.url, '--key-file', db.key]);
  assert.equal(ok.status, 0, 'the right key adds the user: ' + ok.stdout + ok.stderr);
});

test('gongzhi init --community makes a usable database: its administrator signs in and builds the tree below', async () => {
  const db = L.emptyDb();
  const init = L.run(L.GZ_BIN, ['init', '--db', db.url, '--key-file', db.key, '--street', '锦官驿街道',
    '--community', '合江亭社区', '--admin', 'chief', '--password', 'first-pw-2024']);
  assert.equal(init.status, 0, init.stdout + init.stderr);
  assert.match(init.stdout, /sign in as chief at http:\/\/\S+\/login/, 'init says how to sign in: ' + init.stdout);
  const srv = await L.startServer({ db });
  try {
    const s = await L.login(srv, 'chief', 'first-pw-2024');
    assert.equal(s.status, 200, JSON.stringify(s.json));
    const roles = s.user.roles;
    assert.equal(roles.length, 1, JSON.stringify(roles));
    assert.equal(roles[0].role, 'admin');
    assert.equal(roles[0].node_name, '锦官驿街道');
    assert.equal(roles[0].node_kind, 'street');
    const top = (await L.api(srv, 'GET', `/api/nodes/${roles[0].node_id}`, { token: s.token })).json;
    const community = (top.children || []).find((c) => c.name === '合江亭社区');
    assert.ok(community, 'the community is under the street: ' + JSON.stringify(top));
    const grid = await L.api(srv, 'POST', '/api/nodes', { token: s.token, body: { parent_id: community.id, kind: 'grid', name: '第1网格' } });
    L.expectStatus(grid, 201, 'the administrator creates a grid under the community');
  } finally {
    await L.stopServer(srv);
  }
  const v = L.verifyCli(db);
  assert.equal(v.code, 0, 'the audit chain of a new site verifies: ' + v.out);
});

test('gongzhi init --community without a password prints a one-time one; a second init changes nothing', async () => {
  const db = L.emptyDb();
  const init = L.run(L.GZ_BIN, ['init', '--db', db.url, '--key-file', db.key, '--community', '合江亭社区']);
  assert.equal(init.status, 0, init.stdout + init.stderr);
  const m = init.stdout.match(/one-time password for admin: ([a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5})/);
  assert.ok(m, 'a one-time password is printed: ' + init.stdout);
  const again = L.run(L.GZ_BIN, ['init', '--db', db.url, '--key-file', db.key, '--community', '别的社区', '--admin', 'second']);
  assert.equal(again.status, 1, 'a database with a tree refuses a second top: ' + again.stdout + again.stderr);
  assert.match(again.stderr, /already holds a tree/);
  const srv = await L.startServer({ db });
  try {
    const s = await L.login(srv, 'admin', m[1]);
    assert.equal(s.status, 200, JSON.stringify(s.json));
    assert.equal(s.user.roles[0].node_name, '合江亭社区');
    assert.equal(s.user.roles[0].node_kind, 'community');
    L.expectError(await L.api(srv, 'POST', '/api/login', { body: { username: 'second', password: 'x' } }), 401, 'bad_credentials');
  } finally {
    await L.stopServer(srv);
  }
});
