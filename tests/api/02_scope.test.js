// 02_scope.test.js: who sees which compounds and households; paging; masking; sensitive tags.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = ['学道苑·东南里7号', '学道苑·拱背桥25号1栋', '学道苑·拱背桥25号2栋'];

/* The resident's own household id, from the resident grant in /api/me. */
async function ownHousehold(srv, username) {
  const g = (await L.grants(srv, username)).find((x) => x.role === 'resident');
  assert.ok(g, `${username} holds a resident grant`);
  return L.grantNode(g);
}

/* A compound outside grid 8, as staff sees it. */
async function compoundOutsideGrid8(srv) {
  const all = await L.compounds(srv, 'staff');
  const mine = new Set((await L.compounds(srv, 'grid8')).map((c) => c.id));
  const g8 = (await L.grants(srv, 'grid8')).find((x) => x.role === 'grid_worker');
  const g8node = L.grantNode(g8);
  const outside = all.filter((c) => !mine.has(c.id) && c.grid_id !== g8node);
  assert.ok(outside.length > 0, 'every compound is in grid 8 for grid8: ' + all.length);
  return outside[0];
}

test('staff sees all 38 compounds of the community', async () => {
  const srv = await L.sharedServer();
  const list = await L.compounds(srv, 'staff');
  assert.equal(list.length, 38, 'compounds: ' + list.map((c) => c.name).join(', '));
  const paged = (await L.get(srv, 'staff', '/api/compounds')).json;
  assert.equal(paged.total, 38, 'total of the default page');
  for (const n of PILOT) assert.ok(list.some((c) => c.name === n), 'missing pilot compound ' + n);
  for (const c of list) assert.ok(Number.isInteger(c.id) && c.id > 0 && typeof c.name === 'string', JSON.stringify(c));
  let households = 0;
  for (const n of PILOT) households += await L.householdTotal(srv, 'staff', list.find((c) => c.name === n).id);
  assert.equal(households, 139, 'the 学道苑 pilot has 139 households');
});

test('GET /api/compounds pages as the README says: page, per_page up to 200, total of what the caller sees', async () => {
  const srv = await L.sharedServer();
  const all = (await L.get(srv, 'staff', '/api/compounds?per_page=200')).json;
  assert.equal(all.items.length, 38);
  const first = (await L.get(srv, 'staff', '/api/compounds')).json;
  assert.deepEqual([first.page, first.per_page, first.total, first.items.length], [1, 20, 38, 20], 'the default page');
  const p2 = (await L.get(srv, 'staff', '/api/compounds?page=2&per_page=20')).json;
  assert.deepEqual(p2.items.map((c) => c.id), all.items.slice(20).map((c) => c.id), 'the second page holds the rest, in order');
  const past = (await L.get(srv, 'staff', '/api/compounds?page=3&per_page=20')).json;
  assert.deepEqual([past.page, past.total, past.items.length], [3, 38, 0], 'a page past the end is empty');
  L.expectError(await L.get(srv, 'staff', '/api/compounds?per_page=201', { ok: false }), 400, 'bad_param', 'per_page');
  L.expectError(await L.get(srv, 'staff', '/api/compounds?page=0', { ok: false }), 400, 'bad_param', 'page');
  // the total counts only what the caller may see
  const g8 = (await L.get(srv, 'grid8', '/api/compounds?per_page=1')).json;
  assert.equal(g8.items.length, 1);
  assert.equal(g8.total, (await L.compounds(srv, 'grid8')).length);
  assert.ok(g8.total < 38);
});

test('a resident sees only their own compound in the compound list', async () => {
  const srv = await L.sharedServer();
  const list = await L.compounds(srv, 'resident');
  assert.deepEqual(list.map((c) => c.name), ['学道苑·东南里7号']);
  const other = await L.compounds(srv, 'resident_other');
  assert.equal(other.length, 1, 'resident_other sees one compound');
  assert.notEqual(other[0].name, '学道苑·东南里7号');
  const g8 = await L.compounds(srv, 'grid8');
  for (const n of PILOT) assert.ok(g8.some((c) => c.name === n), 'grid8 sees ' + n);
  assert.ok(g8.length < 38, 'grid8 sees only the compounds of grid 8');
});

test('the household list of a compound is paged by 20 with masked ID numbers and phones', async () => {
  const srv = await L.sharedServer();
  const all = await L.compounds(srv, 'staff');
  // The largest compound, so there are several pages.
  let best = null;
  for (const c of all.slice(0, 12)) {
    const t = await L.householdTotal(srv, 'staff', c.id);
    if (!best || t > best.total) best = { c, total: t };
  }
  assert.ok(best.total > 40, 'a compound with more than two pages: ' + best.total);
  const p1 = await L.get(srv, 'staff', `/api/households?compound=${best.c.id}`);
  const j = p1.json;
  assert.equal(j.page, 1);
  assert.equal(j.per_page, 20);
  assert.equal(j.total, best.total);
  assert.equal(j.items.length, 20);
  const p2 = (await L.get(srv, 'staff', `/api/households?compound=${best.c.id}&page=2&per_page=20`)).json;
  assert.equal(p2.page, 2);
  assert.equal(p2.items.length, 20);
  const ids1 = new Set(j.items.map((h) => h.id));
  assert.ok(p2.items.every((h) => !ids1.has(h.id)), 'page 2 repeats rows of page 1');
  const last = Math.ceil(best.total / 20);
  const pl = (await L.get(srv, 'staff', `/api/households?compound=${best.c.id}&page=${last}`)).json;
  assert.equal(pl.items.length, best.total - (last - 1) * 20, 'the last page holds the rest');
  const p5 = (await L.get(srv, 'staff', `/api/households?compound=${best.c.id}&per_page=5`)).json;
  assert.equal(p5.items.length, 5);
  for (const h of j.items) {
    assert.ok(Number.isInteger(h.id), 'household id: ' + JSON.stringify(h).slice(0, 200));
    assert.ok(typeof h.address === 'string' && h.address.length > 0, 'household address');
    assert.ok(Array.isArray(L.members(h)), 'members list');
  }
  const texts = L.strings(j.items);
  const ids = texts.filter((s) => L.MASKED_ID.test(s));
  const phones = texts.filter((s) => L.MASKED_PHONE.test(s));
  assert.ok(ids.length >= 10, 'masked ID numbers shown: ' + ids.length);
  assert.ok(phones.length >= 10, 'masked phones shown: ' + phones.length);
  assert.ok(!texts.some((s) => L.FULL_ID.test(s)), 'a full ID number leaked: ' + texts.find((s) => L.FULL_ID.test(s)));
  assert.ok(!texts.some((s) => L.FULL_PHONE.test(s)), 'a full phone leaked: ' + texts.find((s) => L.FULL_PHONE.test(s)));
  for (const bad of [`compound=${best.c.id}&per_page=0`, `compound=${best.c.id}&per_page=100000`,
    `compound=${best.c.id}&page=0`, `compound=${best.c.id}&page=abc`, 'compound=abc', 'compound=']) {
    const res = await L.get(srv, 'staff', `/api/households?${bad}`, { ok: false });
    assert.equal(res.status, 400, `${bad} must be a 400, got ${res.status} ${res.text.slice(0, 200)}`);
    assert.ok(res.json && res.json.error && res.json.error.code, 'JSON error for ' + bad);
  }
  const missing = await L.get(srv, 'staff', '/api/households?compound=999999999', { ok: false });
  assert.equal(missing.status, 404, 'an unknown compound is 404');
  const none = await L.get(srv, 'staff', '/api/households', { ok: false });
  L.expectError(none, 400, 'missing_field', 'compound');
});

test("a resident of one compound gets 403 on another compound's household and on another compound's list", async () => {
  const srv = await L.sharedServer();
  const theirs = (await L.compounds(srv, 'resident_other'))[0];
  const list = (await L.get(srv, 'staff', `/api/households?compound=${theirs.id}&per_page=3`)).json.items;
  const own = await ownHousehold(srv, 'resident');
  for (const h of list) {
    const res = await L.get(srv, 'resident', `/api/households/${h.id}`, { ok: false });
    L.expectError(res, 403, 'forbidden');
    assert.ok(!res.text.includes(h.address), 'the 403 must not leak the address');
  }
  L.expectError(await L.get(srv, 'resident', `/api/households?compound=${theirs.id}`, { ok: false }), 403, 'forbidden');
  const otherOwn = await ownHousehold(srv, 'resident_other');
  L.expectError(await L.get(srv, 'resident', `/api/households/${otherOwn}`, { ok: false }), 403, 'forbidden');
  L.expectError(await L.get(srv, 'resident_other', `/api/households/${own}`, { ok: false }), 403, 'forbidden');
  // A neighbour in the same compound is another household too.
  const mine = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const neighbours = (await L.get(srv, 'staff', `/api/households?compound=${mine.id}&per_page=50`)).json.items;
  const n = neighbours.find((h) => h.id !== own);
  L.expectError(await L.get(srv, 'resident', `/api/households/${n.id}`, { ok: false }), 403, 'forbidden');
  // A person of another household cannot be revealed or read either.
  const p = L.members(list[0])[0];
  const rev = await L.get(srv, 'resident', `/api/persons/${p.id}/pii`, { ok: false });
  assert.equal(rev.status, 403, 'reveal of another household: ' + rev.status);
});

test('a resident sees their own household with its members', async () => {
  const srv = await L.sharedServer();
  const own = await ownHousehold(srv, 'resident');
  const res = await L.get(srv, 'resident', `/api/households/${own}`);
  const h = res.json;
  assert.equal(h.id, own);
  assert.ok(h.address.startsWith('学道苑·东南里7号'), 'address in 学道苑·东南里7号: ' + h.address);
  assert.ok(L.members(h).length >= 1, 'members listed');
  const texts = L.strings(h);
  assert.ok(!texts.some((s) => L.FULL_ID.test(s)), 'no full ID in the resident view');
  // The register of their compound is not theirs to list: only their own household.
  const comp = (await L.compounds(srv, 'resident'))[0];
  assert.equal(comp.name, '学道苑·东南里7号');
  L.expectError(await L.get(srv, 'resident', `/api/households?compound=${comp.id}`, { ok: false }), 403, 'forbidden');
});

test('grid8 sees 学道苑 households but gets 403 outside grid 8', async () => {
  const srv = await L.sharedServer();
  for (const n of PILOT) {
    const c = await L.compoundByName(srv, 'grid8', n);
    const list = (await L.get(srv, 'grid8', `/api/households?compound=${c.id}`)).json;
    assert.ok(list.total > 0 && list.items.length > 0, 'households of ' + n);
    const h = await L.get(srv, 'grid8', `/api/households/${list.items[0].id}`);
    assert.ok(L.strings(h.json).some((s) => L.MASKED_ID.test(s)), 'grid8 sees masked IDs');
    assert.ok(!L.strings(h.json).some((s) => L.FULL_ID.test(s)), 'grid8 sees no full ID');
  }
  const out = await compoundOutsideGrid8(srv);
  L.expectError(await L.get(srv, 'grid8', `/api/households?compound=${out.id}`, { ok: false }), 403, 'forbidden');
  const h = (await L.get(srv, 'staff', `/api/households?compound=${out.id}&per_page=1`)).json.items[0];
  L.expectError(await L.get(srv, 'grid8', `/api/households/${h.id}`, { ok: false }), 403, 'forbidden');
  L.expectError(await L.get(srv, 'grid8', `/api/nodes/${out.id}`, { ok: false }), 403, 'forbidden');
  // A write outside the scope is refused too, and changes nothing.
  const before = (await L.get(srv, 'staff', `/api/households/${h.id}`)).json;
  const w = await L.api(srv, 'PATCH', `/api/households/${h.id}`, { token: await L.token(srv, 'grid8'), body: { note: 'grid8 was here' } });
  L.expectError(w, 403, 'forbidden');
  const after = (await L.get(srv, 'staff', `/api/households/${h.id}`)).json;
  assert.equal(after.note, before.note);
});

test('a building head does not see sensitive tags such as lives_alone that grid8 sees', async () => {
  const srv = await L.sharedServer();
  const bg = (await L.grants(srv, 'bldghead')).find((x) => x.role === 'building_head');
  assert.ok(bg, 'bldghead holds building_head');
  assert.equal(bg.node_kind, 'building');
  // The households of the building head's building (1栋 of 东南里7号) that grid8 sees tagged lives_alone.
  const pilot = await L.compoundByName(srv, 'grid8', '学道苑·东南里7号');
  const all = (await L.get(srv, 'grid8', `/api/households?compound=${pilot.id}&per_page=200`)).json.items;
  const tagged = all.filter((h) => h.building === bg.node_name && h.members.some((m) => m.tags.includes('lives_alone')));
  assert.ok(tagged.length > 0, `grid8 sees someone in ${bg.node_name} tagged lives_alone`);
  for (const h of tagged) {
    const g8 = await L.get(srv, 'grid8', `/api/households/${h.id}`);
    assert.ok(g8.text.includes('lives_alone'), 'grid8 sees lives_alone on the household');
    const r = await L.get(srv, 'bldghead', `/api/households/${h.id}`);
    assert.ok(!r.text.includes('lives_alone') && !r.text.includes('独居'), 'the building head sees the sensitive tag: ' + r.text.slice(0, 400));
    assert.deepEqual(r.json.members.map((m) => m.id), g8.json.members.map((m) => m.id),
      'the building head sees the same members, only without the tag');
  }
  // A building head's scope is the building: the compound's register list is not theirs.
  L.expectError(await L.get(srv, 'bldghead', `/api/households?compound=${pilot.id}&per_page=100`, { ok: false }), 403, 'forbidden');
});
