// 92_backup.test.js: a backup restored into a new database, on this run's backend (SQLite file copy or
// pg_dump/pg_restore), serves the same data and decrypts its ID numbers with the key file backed up with it;
// a restore over existing data, from a file that is no backup, or with another key is refused.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { test, assert } = L;

function backup(db) {
  const out = path.join(L.tmpDir(), `backup-${crypto.randomBytes(4).toString('hex')}.gz`);
  const res = L.run(L.GZ_BIN, ['backup', '--db', db.url, '--key-file', db.key, '--out', out]);
  assert.strictEqual(res.status, 0, res.stderr);
  return out;
}

function restore(target, from, key) {
  const res = L.run(L.GZ_BIN, ['restore', '--db', target.url, '--key-file', key, '--from', from]);
  return { code: res.status, out: (res.stdout || '') + (res.stderr || '') };
}

async function firstPersonPii(srv) {
  const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const items = (await L.get(srv, 'staff', `/api/households?compound=${c.id}&per_page=50`)).json.items;
  const p = items.flatMap(L.members).find((m) => L.MASKED_ID.test(m.id_number));
  const res = await L.get(srv, 'staff', `/api/persons/${p.id}/pii`);
  return L.strings(res.json).filter((s) => /^\d{17}[\dXx]$/.test(s));
}

test('backup then restore into a new database: same households, IDs decrypt with the key, the audit chain holds', async () => {
  const src = L.pristineDb();
  const file = backup(src);
  assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
  const target = L.emptyDb();
  const r = restore(target, file, src.key);
  assert.strictEqual(r.code, 0, r.out);
  assert.match(r.out, /restored/);
  target.key = src.key;
  assert.strictEqual(L.verifyCli(target).code, 0);
  const a = await L.startServer({ db: src });
  const b = await L.startServer({ db: target });
  const ca = await L.compoundByName(a, 'staff', '学道苑·东南里7号');
  const cb = await L.compoundByName(b, 'staff', '学道苑·东南里7号');
  assert.strictEqual(await L.householdTotal(b, 'staff', cb.id), await L.householdTotal(a, 'staff', ca.id));
  const ids = await firstPersonPii(b);
  assert.strictEqual(ids.length, 1);
  assert.ok(L.idValid(ids[0]), 'the restored ID decrypts to a valid number');
  assert.deepStrictEqual(ids, await firstPersonPii(a));
  await L.stopServer(a);
  await L.stopServer(b);
});

test('restore refuses a target that holds data, a file that is no backup, and a key that is not the backup\'s own', async () => {
  const src = L.pristineDb();
  const file = backup(src);
  const full = L.pristineDb();
  const over = restore(full, file, src.key);
  assert.strictEqual(over.code, 1);
  assert.match(over.out, /already exists|not empty/);

  const junk = path.join(L.tmpDir(), 'junk.bin');
  fs.writeFileSync(junk, crypto.randomBytes(4096));
  const t1 = L.emptyDb();
  const bad = restore(t1, junk, src.key);
  assert.strictEqual(bad.code, 1);
  assert.match(bad.out, /restore failed/);

  const stranger = path.join(L.tmpDir(), 'stranger.key');
  fs.writeFileSync(stranger, crypto.randomBytes(32), { mode: 0o600 });
  const t2 = L.emptyDb();
  const wrong = restore(t2, file, stranger);
  assert.strictEqual(wrong.code, 1);
  assert.match(wrong.out, /does not fit/);
});
