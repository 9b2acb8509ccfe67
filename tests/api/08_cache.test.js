// 08_cache.test.js: the household list is cached per register generation, and never served stale.
'use strict';

const L = require('./lib');
const { test, assert } = L;

test('a household list read twice, then changed, shows the change at once (no stale cached page)', async () => {
  const srv = await L.sharedServer();
  const c = await L.compoundByName(srv, 'grid8', '学道苑·拱背桥25号2栋');
  const listPath = `/api/households?compound=${c.id}&per_page=20`;
  const first = await L.get(srv, 'grid8', listPath);
  const again = await L.get(srv, 'grid8', listPath);
  assert.equal(again.text, first.text, 'the same page twice is the same text');
  const h = first.json.items[0];
  const before = L.members(h).length;
  const res = await L.api(srv, 'POST', `/api/households/${h.id}/persons`, {
    token: await L.token(srv, 'grid8'),
    body: { name: '缓存测试', residency: 'floating', birth_year: 1990 },
  });
  assert.equal(res.status, 201, 'the member is added: ' + res.text.slice(0, 300));
  const after = await L.get(srv, 'grid8', listPath);
  const h2 = after.json.items.find((x) => x.id === h.id);
  assert.equal(L.members(h2).length, before + 1, 'the list shows the new member at once');
  assert.ok(L.members(h2).some((m) => m.name === '缓存测试'), 'by name');
  // A reader outside the compound gets a refusal, not grid8's cached page.
  L.expectError(await L.get(srv, 'bldghead', `/api/households/${h.id}`, { ok: false }), 403, 'forbidden');
});

test('readers who see different tags never share a cached page', async () => {
  const srv = await L.sharedServer();
  const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const p = `/api/households?compound=${c.id}&per_page=200`;
  const staff = await L.get(srv, 'staff', p);
  const withTag = staff.json.items.find((h) => L.members(h).some((m) => (m.tags || []).includes('lives_alone')));
  assert.ok(withTag, 'the pilot compound has someone tagged lives_alone (seen by staff)');
  // committee may read the register but not sensitive tags; staff's cached page must not leak them.
  const committee = await L.get(srv, 'committee', p);
  const same = committee.json.items.find((h) => h.id === withTag.id);
  assert.ok(same, 'committee sees the household');
  assert.ok(!L.members(same).some((m) => (m.tags || []).includes('lives_alone')), 'but not its sensitive tag');
});
