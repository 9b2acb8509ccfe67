// 07_search.test.js: search by name, address and phone suffix, always within the searcher's scope.
'use strict';

const L = require('./lib');
const { test, assert } = L;

/* The household ids a search answer refers to. */
function householdIds(j) {
  const items = L.listItems(j);
  return items.map((it) => {
    assert.ok(Number.isInteger(it.household_id), 'a search result names its household: ' + JSON.stringify(it));
    return it.household_id;
  });
}

async function search(srv, who, q, ok = true) {
  return L.get(srv, who, '/api/search?q=' + encodeURIComponent(q), { ok });
}

async function pilotSample(srv) {
  const c = await L.compoundByName(srv, 'grid8', '学道苑·东南里7号');
  const items = (await L.get(srv, 'grid8', `/api/households?compound=${c.id}&per_page=30`)).json.items;
  return items.filter((h) => L.members(h).length > 0);
}

test('grid8 finds a 学道苑 household by a resident\'s name', async () => {
  const srv = await L.sharedServer();
  const h = (await pilotSample(srv))[4];
  const person = L.members(h)[0];
  const j = (await search(srv, 'grid8', person.name)).json;
  assert.ok(householdIds(j).includes(h.id), `searching ${person.name} finds household ${h.id}: ` + JSON.stringify(j).slice(0, 400));
  const texts = L.strings(j);
  assert.ok(!texts.some((s) => L.FULL_ID.test(s) || L.FULL_PHONE.test(s)), 'search results are masked');
});

test('grid8 finds a household by the last four digits of a phone', async () => {
  const srv = await L.sharedServer();
  const sample = await pilotSample(srv);
  let done = false;
  for (const h of sample) {
    const mask = L.strings(L.members(h)).find((s) => L.MASKED_PHONE.test(s));
    if (!mask) continue;
    const suffix = mask.slice(-4);
    const j = (await search(srv, 'grid8', suffix)).json;
    assert.ok(householdIds(j).includes(h.id), `searching ${suffix} finds household ${h.id}: ` + JSON.stringify(j).slice(0, 400));
    done = true;
    break;
  }
  assert.ok(done, 'no phone in the sample');
});

test('grid8 finds a household by its address and never one outside grid 8', async () => {
  const srv = await L.sharedServer();
  const h = (await pilotSample(srv))[2];
  const j = (await search(srv, 'grid8', h.address)).json;
  assert.ok(householdIds(j).includes(h.id), 'search by full address: ' + JSON.stringify(j).slice(0, 300));
  // A name from a compound outside grid 8 finds nothing of that compound.
  const mine = new Set((await L.compounds(srv, 'grid8')).map((c) => c.id));
  const other = (await L.compounds(srv, 'staff')).find((c) => !mine.has(c.id));
  const oh = (await L.get(srv, 'staff', `/api/households?compound=${other.id}&per_page=5`)).json.items.filter((x) => L.members(x).length)[0];
  const name = L.members(oh)[0].name;
  const staffFinds = householdIds((await search(srv, 'staff', name)).json);
  assert.ok(staffFinds.includes(oh.id), 'staff finds ' + name);
  const g8 = householdIds((await search(srv, 'grid8', name)).json);
  assert.ok(!g8.includes(oh.id), 'grid8 must not find a household outside grid 8');
});

test("a resident's search never returns another household", async () => {
  const srv = await L.sharedServer();
  const g = (await L.grants(srv, 'resident')).find((x) => x.role === 'resident');
  const own = L.grantNode(g);
  const sample = await pilotSample(srv);
  const queries = new Set(['学道苑', '东南里', '王', '李', '张', '1', '13']);
  for (const h of sample.slice(0, 6)) {
    const m = L.members(h)[0];
    queries.add(m.name);
    queries.add(m.name.slice(0, 1));
    const pm = L.strings(m).find((s) => L.MASKED_PHONE.test(s));
    if (pm) queries.add(pm.slice(-4));
  }
  for (const q of queries) {
    const res = await search(srv, 'resident', q, false);
    assert.equal(res.status, 200, `search ${q}: ${res.status}`);
    const ids = householdIds(res.json);
    assert.ok(ids.every((id) => id === own), `resident's search for ${q} returned other households: ${ids.join(',')}`);
  }
});

test('search input is handled safely: wildcards match literally, empty and huge queries are clear errors', async () => {
  const srv = await L.sharedServer();
  for (const q of ['%', '_', '%%%', "'", '\\']) {
    const res = await search(srv, 'grid8', q, false);
    assert.equal(res.status, 200, `search ${q}: ${res.status} ${res.text.slice(0, 200)}`);
    assert.equal(L.listItems(res.json).length, 0, `'${q}' must match literally, found ${L.listItems(res.json).length}`);
  }
  L.expectError(await search(srv, 'grid8', '', false), 400, 'missing_field', 'q');
  L.expectError(await search(srv, 'grid8', '王'.repeat(1000), false), 400, 'too_long', 'q');
  L.expectStatus(await L.api(srv, 'GET', '/api/me', { token: await L.token(srv, 'grid8') }), 200);
});
