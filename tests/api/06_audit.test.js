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
  assert.match(bad.out, /broken at event 2: event 2: missing \(gap after 1\)/, 'verify names the gap: ' + bad.out);
});

/* Deletes every event after seq and moves the head back to it: the tamper
 * the database alone cannot show. */
function cutTail(db, seq) {
  const sql = `DELETE FROM audit_event WHERE seq > ${seq}; `
    + `UPDATE audit_head SET seq = ${seq}, hash = (SELECT hash FROM audit_event WHERE seq = ${seq}) WHERE id = 1;`;
  if (db.sqlitePath) {
    L.mustRun('sqlite3', [db.sqlitePath, 'DROP TRIGGER audit_no_delete; ' + sql]);
  } else {
    L.psql(db.url, 'ALTER TABLE audit_event DISABLE TRIGGER audit_no_update');
    L.psql(db.url, sql);
  }
}

const HEAD = /^(\d+):[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/;

test('gongzhi verify --head prints a short head; a tail cut off after it passes a bare verify, not --expect-head', async () => {
  const srv = await L.startServer();
  await writeSome(srv);
  const api = (await L.get(srv, 'auditor', '/api/audit/verify')).json;
  await L.stopServer(srv);
  const first = L.verifyCli(srv.db, '--head');
  assert.equal(first.code, 0, first.out);
  const h1 = first.out.trim();
  assert.match(h1, HEAD, 'one short head: ' + first.out);
  assert.equal(api.head, h1, 'the API shows the same head: ' + JSON.stringify(api));
  const again = await L.startServer({ db: srv.db });
  await writeSome(again);
  await L.stopServer(again);
  const h2 = L.verifyCli(srv.db, '--head').out.trim();
  assert.match(h2, HEAD);
  const both = L.verifyCli(srv.db, '--expect-head', h1, '--expect-head', h2);
  assert.equal(both.code, 0, 'the chain holds both published heads: ' + both.out);
  assert.match(both.out, new RegExp(`holds published head ${h2}`));

  const seq1 = Number(h1.match(HEAD)[1]);
  cutTail(srv.db, seq1);
  const bare = L.verifyCli(srv.db);
  assert.equal(bare.code, 0, 'without a published head the cut cannot be seen: ' + bare.out);
  const cut = L.verifyCli(srv.db, '--expect-head', h2);
  assert.equal(cut.code, 1, 'the later published head shows the cut: ' + cut.out);
  assert.match(cut.out, new RegExp(`broken at event ${seq1 + 1}: .*the tail was cut off`));
  const older = L.verifyCli(srv.db, '--expect-head', h1);
  assert.equal(older.code, 0, 'the head published before the cut still holds: ' + older.out);
});

test('gongzhi verify --expect-head names a published head whose digits differ, and refuses a malformed one', async () => {
  const db = L.pristineDb();
  const h = L.verifyCli(db, '--head').out.trim();
  assert.match(h, HEAD);
  const last = h[h.length - 1];
  const wrong = h.slice(0, -1) + (last === '0' ? '1' : '0');
  const res = L.verifyCli(db, '--expect-head', wrong);
  assert.equal(res.code, 1, res.out);
  assert.match(res.out, new RegExp(`broken at event ${h.match(HEAD)[1]}: .*differs from the published head ${wrong}`));
  const bad = L.verifyCli(db, '--expect-head', '12:nothex');
  assert.equal(bad.code, 2, 'a malformed head is a usage error: ' + bad.out);
  const typo = L.verifyCli(db, '--expect_head', h);
  assert.equal(typo.code, 2, 'a mistyped flag is not silently ignored: ' + typo.out);
});
