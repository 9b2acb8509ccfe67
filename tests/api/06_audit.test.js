// 06_audit.test.js: the hash-chained audit log verifies, and `gongzhi verify` names the first tampered event.
'use strict';

const L = require('./lib');
const { test, assert } = L;

/* Makes a few audited changes so the chain has several events. */
async function writeSome(srv) {
  const tok = await L.token(srv, 'staff');
  const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const items = (await L.get(srv, 'staff', `/api/households?compound=${c.id}&per_page=3`)).json.items;
  for (let i = 0; i < 3; i++) {
    const res = await L.api(srv, 'PATCH', `/api/households/${items[i].id}`, { token: tok, body: { note: `audit test ${i}` } });
    L.expectStatus(res, 200, 'PATCH household note');
  }
}

function tamper(db, seq) {
  if (db.sqlitePath) {
    L.mustRun('sqlite3', [db.sqlitePath,
      `DROP TRIGGER audit_no_update; UPDATE audit_event SET after_json='{}' WHERE seq=${seq};`]);
  } else {
    L.psql(db.url, 'ALTER TABLE audit_event DISABLE TRIGGER audit_no_update');
    L.psql(db.url, `UPDATE audit_event SET after_json='{}' WHERE seq=${seq}`);
  }
}

test('the audit chain verifies through the API for the auditor and is refused to a resident', async () => {
  const srv = await L.sharedServer();
  const j = (await L.get(srv, 'auditor', '/api/audit/verify')).json;
  assert.equal(j.ok, true, JSON.stringify(j));
  assert.ok(j.events >= 0);
  L.expectError(await L.get(srv, 'resident', '/api/audit/verify', { ok: false }), 403, 'forbidden');
  L.expectError(await L.get(srv, 'grid8', '/api/audit/verify', { ok: false }), 403, 'forbidden');
});

test('the database refuses to update or delete an audit event', async () => {
  const srv = await L.startServer();
  await writeSome(srv);
  await L.stopServer(srv);
  const db = srv.db;
  if (db.sqlitePath) {
    const up = L.run('sqlite3', [db.sqlitePath, "UPDATE audit_event SET after_json='{}' WHERE seq=2;"]);
    assert.notEqual(up.status, 0, 'UPDATE must be refused: ' + up.stdout + up.stderr);
    const del = L.run('sqlite3', [db.sqlitePath, 'DELETE FROM audit_event WHERE seq=2;']);
    assert.notEqual(del.status, 0, 'DELETE must be refused');
  } else {
    const up = L.run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url, '-c', "UPDATE audit_event SET after_json='{}' WHERE seq=2"]);
    assert.notEqual(up.status, 0, 'UPDATE must be refused');
    const del = L.run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url, '-c', 'DELETE FROM audit_event WHERE seq=2']);
    assert.notEqual(del.status, 0, 'DELETE must be refused');
  }
  const v = L.verifyCli(db);
  assert.equal(v.code, 0, 'still verifies: ' + v.out);
});

test('gongzhi verify passes on an intact chain and names event 2 after its row is tampered with', async () => {
  const srv = await L.startServer();
  await writeSome(srv);
  const api = (await L.get(srv, 'auditor', '/api/audit/verify')).json;
  assert.ok(api.events >= 3, 'at least three events: ' + JSON.stringify(api));
  await L.stopServer(srv);
  const ok = L.verifyCli(srv.db);
  assert.equal(ok.code, 0, 'verify exits 0 on an intact chain: ' + ok.out);
  const m = ok.out.match(/ok (\d+) events/);
  assert.ok(m, 'verify prints "ok N events": ' + ok.out);
  assert.equal(Number(m[1]), api.events, 'the CLI and the API count the same events');
  tamper(srv.db, 2);
  const bad = L.verifyCli(srv.db);
  assert.equal(bad.code, 1, 'verify exits 1 on a tampered chain: ' + bad.out);
  assert.match(bad.out, /broken at event 2\b/, 'verify names event 2: ' + bad.out);
  // The server reports the same through the API.
  const again = await L.startServer({ db: srv.db });
  try {
    const j = (await L.get(again, 'auditor', '/api/audit/verify')).json;
    assert.equal(j.ok, false, 'the API sees the break: ' + JSON.stringify(j));
    assert.equal(j.first_bad, 2, 'the API names event 2: ' + JSON.stringify(j));
  } finally {
    await L.stopServer(again);
  }
});

test('gongzhi verify detects a deleted event in the middle of the chain', async () => {
  const srv = await L.startServer();
  await writeSome(srv);
  await L.stopServer(srv);
  const db = srv.db;
  if (db.sqlitePath) {
    L.mustRun('sqlite3', [db.sqlitePath, 'DROP TRIGGER audit_no_delete; DELETE FROM audit_event WHERE seq=2;']);
  } else {
    L.psql(db.url, 'ALTER TABLE audit_event DISABLE TRIGGER audit_no_update');
    L.psql(db.url, 'DELETE FROM audit_event WHERE seq=2');
  }
  const bad = L.verifyCli(db);
  assert.equal(bad.code, 1, 'verify exits 1 when an event is missing: ' + bad.out);
  assert.match(bad.out, /broken at event [23]\b/, 'verify names the gap: ' + bad.out);
});
