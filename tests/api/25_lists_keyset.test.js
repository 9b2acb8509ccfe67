// 25_lists_keyset.test.js: every list but work orders (24) pages by cursor too: after= is the last id
// of the page before, next the cursor of the page after (null on the last page); walked to the end a
// list gives each row once, in its order, and its total is the count of the walk. page= still pages
// the same order.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { test, assert } = L;

/* Every item of a list, walked page by page through its cursor. */
async function walk(s, user, base, perPage) {
  const items = [];
  let after = null;
  let first = null;
  for (let n = 0; n < 500; n++) {
    const j = (await L.get(s, user, `${base}&per_page=${perPage}${after ? `&after=${after}` : ''}`)).json;
    if (!first) first = j;
    items.push(...j.items);
    if (j.next === null) return { items, ids: items.map((x) => x.id), first };
    assert.equal(j.items.length, perPage, `${base}: a page before the last is full`);
    assert.equal(j.next, j.items[j.items.length - 1].id, `${base}: the cursor is the last id of the page`);
    after = j.next;
  }
  throw new Error(`${base}: the cursor never reached the end`);
}

function strictly(ids, order) {
  for (let i = 1; i < ids.length; i++) if (order === 'desc' ? !(ids[i] < ids[i - 1]) : !(ids[i] > ids[i - 1])) return false;
  return true;
}

/* The walk holds the total, each row once, in order over several pages; page numbers page the same
 * order; page and after together, and a bad cursor, are refused. */
async function checkList(s, user, base, { perPage = 3, order = 'desc', pages = 2 } = {}) {
  const { ids, first } = await walk(s, user, base, perPage);
  assert.equal(first.total, ids.length, `${base}: the total is the count of the walk`);
  assert.equal(first.total_capped, false, base);
  assert.equal(new Set(ids).size, ids.length, `${base}: no row twice`);
  assert.ok(ids.length > perPage * pages, `${base}: more than ${pages} pages: ${ids.length}`);
  if (order) assert.ok(strictly(ids, order), `${base}: ${order}ending ids`);
  const p2 = (await L.get(s, user, `${base}&per_page=${perPage}&page=2`)).json;
  assert.deepEqual(p2.items.map((x) => x.id), ids.slice(perPage, 2 * perPage), `${base}: page 2 is the second page of the walk`);
  L.expectError(await L.get(s, user, `${base}&after=${ids[0]}&page=2`, { ok: false }), 400, 'bad_param', 'page');
  L.expectError(await L.get(s, user, `${base}&after=0`, { ok: false }), 400, 'bad_param', 'after');
  L.expectError(await L.get(s, user, `${base}&after=x`, { ok: false }), 400, 'bad_param', 'after');
  return ids;
}

test('payments and journal entries page by cursor, newest first, all or of one status', async () => {
  const s = await L.sharedServer();
  const f = await F.pilotFunds(s);
  await checkList(s, 'finance', `/api/ledger?fund=${f.renovation.id}`, { perPage: 2 });
  await checkList(s, 'finance', `/api/payments?fund=${f.renovation.id}`, { perPage: 1 });
  const all = (await walk(s, 'finance', `/api/payments?fund=${f.renovation.id}`, 200)).items;
  const disbursed = all.filter((p) => p.status === 'disbursed').map((p) => p.id);
  const { ids } = await walk(s, 'finance', `/api/payments?fund=${f.renovation.id}&status=disbursed`, 1);
  assert.deepEqual(ids, disbursed, 'the status walk is the filtered list');
});

test('a compound\'s households page by cursor in address order, with their people, and its shops by id', async () => {
  const s = await L.sharedServer();
  const c = await L.compoundByName(s, 'staff', F.PILOT);
  const ids = await checkList(s, 'staff', `/api/households?compound=${c.id}`, { perPage: 7, order: null });
  const byNumber = [];
  for (let page = 1; ; page++) {
    const j = (await L.get(s, 'staff', `/api/households?compound=${c.id}&per_page=7&page=${page}`)).json;
    byNumber.push(...j.items.map((h) => h.id));
    if (j.items.length < 7) break;
  }
  assert.deepEqual(ids, byNumber, 'the cursor walks the address order the page numbers page');
  const { items } = await walk(s, 'staff', `/api/households?compound=${c.id}`, 7);
  assert.ok(items.some((h) => L.members(h).length > 0), 'the households come with their people');
  const other = (await L.compounds(s, 'staff')).find((x) => x.id !== c.id);
  const foreign = (await L.get(s, 'staff', `/api/households?compound=${other.id}&per_page=1`)).json.items[0];
  L.expectError(await L.get(s, 'staff', `/api/households?compound=${c.id}&after=${foreign.id}`, { ok: false }), 400,
    'bad_param', 'after');
  let most = null;
  for (const x of (await L.compounds(s, 'staff')).slice(0, 30)) {
    const t = (await L.get(s, 'staff', `/api/shops?compound=${x.id}&per_page=1`)).json.total;
    if (!most || t > most.t) most = { x, t };
  }
  assert.ok(most.t >= 3, 'a compound with three shops: ' + most.t);
  await checkList(s, 'staff', `/api/shops?compound=${most.x.id}`, { perPage: 1, order: 'asc' });
});
