// 09_setup.test.js: the command line that sets a site up: files only its owner reads.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { test, assert } = L;

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
