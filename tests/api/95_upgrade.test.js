// 95_upgrade.test.js: the upgrade path. A binary serves only the schema it knows: an older schema is
// refused until `gongzhi migrate` ran, a newer one (migrated by a newer gongzhi) is refused by serve and
// migrate alike, naming both versions, with nothing written. On PostgreSQL two `gongzhi migrate` started
// at once on an empty database both succeed and each migration is applied once.
'use strict';

const { spawn } = require('node:child_process');
const L = require('./lib');
const { test, assert } = L;

/* One SQL statement on a test database (sqlite3 or psql): its output. */
function sql(db, text) {
  return db.sqlitePath
    ? L.mustRun('sqlite3', [db.sqlitePath, text]).stdout.trim()
    : L.mustRun('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', db.url, '-c', text]).stdout.trim();
}

async function serveFails(db) {
  const port = await L.freePort();
  return L.run(L.GZ_BIN, ['serve', '--db', db.url, '--key-file', db.key, '--listen', `127.0.0.1:${port}`], { timeout: 30000 });
}

test('upgrade: a database at a newer schema than the binary knows is refused by serve and migrate, nothing written', async () => {
  const db = L.pristineDb();
  const latest = Number(sql(db, 'SELECT MAX(version) FROM schema_migration'));
  sql(db, `INSERT INTO schema_migration (version, name, applied_at) VALUES (${latest + 1}, 'from_the_future', 0)`);
  const before = sql(db, 'SELECT COUNT(*) FROM audit_event');
  const served = await serveFails(db);
  assert.notEqual(served.status, 0, 'serve refuses');
  assert.match(served.stderr, new RegExp(`schema is version ${latest + 1} but this gongzhi knows only up to ${latest}`));
  const migrated = L.run(L.GZ_BIN, ['migrate', '--db', db.url, '--key-file', db.key]);
  assert.notEqual(migrated.status, 0, 'migrate refuses');
  assert.match(migrated.stderr, new RegExp(`schema version ${latest + 1} but this gongzhi knows only up to ${latest}`));
  assert.equal(sql(db, 'SELECT COUNT(*) FROM audit_event'), before, 'nothing was written');
  assert.equal(sql(db, 'SELECT MAX(version) FROM schema_migration'), String(latest + 1));
});

test('upgrade: a database behind the binary\'s schema is not served until `gongzhi migrate` ran', async () => {
  const db = L.pristineDb();
  const latest = Number(sql(db, 'SELECT MAX(version) FROM schema_migration'));
  // as an older gongzhi left it, as far as the version record says
  sql(db, `DELETE FROM schema_migration WHERE version = ${latest}`);
  const served = await serveFails(db);
  assert.notEqual(served.status, 0, 'serve refuses');
  assert.match(served.stderr, new RegExp(`schema is version \\d+, this binary needs ${latest}: run \`gongzhi migrate\``));
});

if (L.DB_KIND === 'pg') {
  test('upgrade: two `gongzhi migrate` at once on an empty PostgreSQL database both succeed, each migration applied once', async () => {
    // a key file made before, as an installer makes it once (`gongzhi init`); a current database to compare
    const first = L.pristineDb();
    const db = L.emptyDb();
    const one = () => new Promise((resolve) => {
      const p = spawn(L.GZ_BIN, ['migrate', '--db', db.url, '--key-file', first.key], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (c) => { out += c; });
      p.stderr.on('data', (c) => { out += c; });
      p.on('exit', (code) => resolve({ code, out }));
    });
    const [x, y] = await Promise.all([one(), one()]);
    assert.equal(x.code, 0, x.out);
    assert.equal(y.code, 0, y.out);
    const latest = Number(sql(first, 'SELECT MAX(version) FROM schema_migration'));
    assert.equal(sql(db, 'SELECT MAX(version) FROM schema_migration'), String(latest));
    assert.equal(sql(db, 'SELECT COUNT(*) - COUNT(DISTINCT version) FROM schema_migration'), '0');
    assert.equal(sql(db, 'SELECT COUNT(*) FROM schema_migration'), sql(first, 'SELECT COUNT(*) FROM schema_migration'));
  });
} else {
  L.skip('upgrade: two `gongzhi migrate` at once on an empty PostgreSQL database both succeed, each migration applied once',
    'PostgreSQL only: SQLite serialises writers with BEGIN IMMEDIATE on one file');
}
