// 03_pii.test.js: revealing full personal data (who may, and that it is audited) and ID validation on create.
'use strict';

const L = require('./lib');
const { test, assert } = L;

async function auditEvents(srv) {
  const j = (await L.get(srv, 'auditor', '/api/audit/verify')).json;
  assert.equal(typeof j.events, 'number', 'audit verify reports events: ' + JSON.stringify(j));
  return j;
}

/* A 学道苑 household with at least one member who has an ID number (and whatever else `member` asks). */
async function pilotHousehold(srv, name = '学道苑·东南里7号', skip = 0, member = (m) => L.MASKED_ID.test(m.id_number)) {
  const c = await L.compoundByName(srv, 'staff', name);
  const items = (await L.get(srv, 'staff', `/api/households?compound=${c.id}&per_page=50`)).json.items;
  const withId = items.filter((h) => L.members(h).some(member));
  assert.ok(withId.length > skip, 'a household with such a member in ' + name);
  return withId[skip];
}

test('revealing a full ID number: grid8 gets 403, staff gets the valid 18-character ID and the audit log grows', async () => {
  const srv = await L.sharedServer();
  await L.warm(srv, 'staff', 'grid8', 'auditor', 'bldghead', 'admin', 'resident_other');
  const h = await pilotHousehold(srv, '学道苑·东南里7号', 0, (m) => L.MASKED_ID.test(m.id_number) && L.MASKED_PHONE.test(m.phone));
  const p = L.members(h).find((m) => L.MASKED_ID.test(m.id_number) && L.MASKED_PHONE.test(m.phone));
  const mask = p.id_number;
  const before = await auditEvents(srv);
  assert.equal(before.ok, true, 'chain holds before: ' + JSON.stringify(before));
  const denied = await L.get(srv, 'grid8', `/api/persons/${p.id}/pii`, { ok: false });
  L.expectError(denied, 403, 'forbidden');
  assert.ok(!L.FULL_ID.test(denied.text), 'a refused reveal leaks nothing');
  for (const who of ['bldghead', 'admin', 'resident_other']) {
    const r = await L.get(srv, who, `/api/persons/${p.id}/pii`, { ok: false });
    assert.equal(r.status, 403, `${who} must not reveal: ${r.status}`);
  }
  const mid = await auditEvents(srv);
  const res = await L.get(srv, 'staff', `/api/persons/${p.id}/pii`);
  const full = L.strings(res.json).filter((s) => /^\d{17}[\dXx]$/.test(s));
  assert.equal(full.length, 1, 'one full ID number in ' + res.text);
  assert.ok(L.idValid(full[0]), 'the revealed ID has a valid check digit: ' + full[0]);
  assert.equal(full[0].slice(0, 6), mask.slice(0, 6), 'the revealed ID matches the mask (start)');
  assert.equal(full[0].slice(14).toUpperCase(), mask.slice(14), 'the revealed ID matches the mask (end)');
  const phones = L.strings(res.json).filter((s) => /^1\d{10}$/.test(s));
  assert.equal(phones.length, 1, 'one full phone number in ' + res.text);
  assert.equal(phones[0].slice(0, 3) + '****' + phones[0].slice(7), p.phone, 'the full phone matches its mask');
  const after = await auditEvents(srv);
  assert.ok(after.events > mid.events, `the reveal is audited: events ${mid.events} -> ${after.events}`);
  assert.equal(mid.events, before.events, 'refused reveals append nothing');
  assert.equal(after.ok, true, 'chain still holds');
});

test('creating a person with a bad ID check digit answers 400 on field id_number and creates nothing', async () => {
  const srv = await L.sharedServer();
  await L.warm(srv, 'staff', 'grid8', 'auditor');
  const h = await pilotHousehold(srv, '学道苑·拱背桥25号2栋');
  const tok = await L.token(srv, 'grid8');
  const count = async () => {
    const j = (await L.get(srv, 'staff', `/api/households/${h.id}`)).json;
    return L.members(j.household || j).length;
  };
  const n0 = await count();
  const a0 = (await auditEvents(srv)).events;
  const good = L.makeId('51010419580317002');
  const body = { name: '测试甲', id_number: L.badCheckDigit(good), phone: '13912345678', residency: 'permanent', birth_year: 1958, gender: 'M' };
  const res = await L.api(srv, 'POST', `/api/households/${h.id}/persons`, { token: tok, body });
  assert.equal(res.status, 400, res.text);
  L.expectError(res, 400, res.json.error.code, 'id_number');
  const short = await L.api(srv, 'POST', `/api/households/${h.id}/persons`, { token: tok, body: { ...body, id_number: '5101041958' } });
  assert.equal(short.status, 400);
  assert.equal(short.json.error.field, 'id_number');
  const phone = await L.api(srv, 'POST', `/api/households/${h.id}/persons`, { token: tok, body: { ...body, id_number: good, phone: '12' } });
  assert.equal(phone.status, 400);
  assert.equal(phone.json.error.field, 'phone');
  assert.equal(await count(), n0, 'nothing was created');
  assert.equal((await auditEvents(srv)).events, a0, 'no audit event for refused writes');
  // The same person with the right check digit is created, masked in the list and audited.
  const ok = await L.api(srv, 'POST', `/api/households/${h.id}/persons`, { token: tok, body: { ...body, id_number: good } });
  L.expectStatus(ok, 201, 'create with a valid ID');
  assert.ok(!ok.text.includes(good), 'the create answer must not echo the full ID');
  assert.equal(await count(), n0 + 1, 'one person created');
  const hh = (await L.get(srv, 'staff', `/api/households/${h.id}`)).json;
  assert.ok(L.strings(hh).includes('510104********0020'.slice(0, 14) + good.slice(14)), 'new member shown masked');
  const a1 = (await auditEvents(srv)).events;
  assert.ok(a1 > a0, 'the create is audited');
  // A duplicate ID number is refused to whoever may see the other record in full (staff); for the
  // grid worker it would be an oracle (tests/api/11_pii_oracles.test.js).
  const dup = await L.api(srv, 'POST', `/api/households/${h.id}/persons`, { token: await L.token(srv, 'staff'), body: { ...body, id_number: good } });
  L.expectError(dup, 409, 'conflict', 'id_number');
  assert.equal(await count(), n0 + 1);
});

test('a resident of another compound cannot add a person to a 学道苑 household', async () => {
  const srv = await L.sharedServer();
  const h = await pilotHousehold(srv, '学道苑·东南里7号', 1);
  const before = L.members((await L.get(srv, 'staff', `/api/households/${h.id}`)).json).length;
  const res = await L.api(srv, 'POST', `/api/households/${h.id}/persons`, {
    token: await L.token(srv, 'resident_other'), body: { name: '外人', residency: 'floating' },
  });
  L.expectError(res, 403, 'forbidden');
  assert.equal(L.members((await L.get(srv, 'staff', `/api/households/${h.id}`)).json).length, before);
});
