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

/* Each list of the walk is in (time, id) descending order. */
function newestFirst(items, field) {
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1], b = items[i];
    if (a[field] < b[field] || (a[field] === b[field] && a.id < b.id)) return false;
  }
  return true;
}

test('votes, notices, meetings and decisions page by cursor, newest first, each readable row once', async () => {
  const s = await L.sharedServer();
  const votes = await checkList(s, 'staff', '/api/votes?', { perPage: 2, order: null });
  const v = (await walk(s, 'staff', '/api/votes?', 2)).items;
  assert.equal(v.length, votes.length);
  const open = (await walk(s, 'staff', '/api/votes?status=closed', 1));
  assert.deepEqual(open.ids, v.filter((x) => x.status === 'closed').map((x) => x.id), 'the status walk is the filtered list');
  const notices = await walk(s, 'staff', '/api/notices?', 3);
  await checkList(s, 'staff', '/api/notices?', { perPage: 3, order: null });
  assert.ok(newestFirst(notices.items, 'published_at'), 'notices newest first');
  const kind = notices.items[0].kind;
  const byKind = await walk(s, 'staff', `/api/notices?kind=${kind}`, 1);
  assert.deepEqual(byKind.ids, notices.items.filter((n) => n.kind === kind).map((n) => n.id), 'the kind walk is the filtered list');
  assert.equal(byKind.first.total, byKind.ids.length);
  const meetings = await walk(s, 'staff', '/api/meetings?', 1);
  await checkList(s, 'staff', '/api/meetings?', { perPage: 1, order: null, pages: 1 });
  assert.ok(newestFirst(meetings.items, 'starts_at'), 'meetings latest first');
  const resident = await walk(s, 'resident', '/api/meetings?', 1);
  assert.equal(resident.first.total, resident.ids.length, 'a resident\'s total counts what they may read');
  assert.ok(resident.ids.every((id) => meetings.ids.includes(id)));
  // the demo holds one decision: two more, on a server of this test's own
  const own = await L.startServer();
  const c = await L.compoundByName(own, 'staff', F.PILOT);
  for (const title of ['加装电梯议事', '楼道照明议事']) {
    const res = await L.api(own, 'POST', '/api/decisions', { token: await L.token(own, 'staff'), body: { node_id: c.id, title } });
    L.expectStatus(res, 201, 'a decision');
  }
  const decisions = await walk(own, 'staff', '/api/decisions?', 1);
  await checkList(own, 'staff', '/api/decisions?', { perPage: 1, order: 'desc' });
  assert.ok(decisions.items.every((d) => typeof d.title === 'string' && Number.isInteger(d.stage)));
  for (const p of ['votes', 'notices', 'meetings', 'decisions']) {
    L.expectError(await L.get(s, 'staff', `/api/${p}?after=999999999`, { ok: false }), 400, 'bad_param', 'after');
  }
});

test('a vote\'s ballots page by cursor in id order, for its manager and for a building head', async () => {
  const s = await L.sharedServer();
  const votes = (await walk(s, 'staff', '/api/votes?', 200)).items;
  let best = null;
  for (const v of votes) {
    const t = (await L.get(s, 'staff', `/api/votes/${v.id}/ballots?per_page=1`)).json.total;
    if (!best || t > best.t) best = { v, t };
  }
  assert.ok(best.t > 6, 'a vote with ballots: ' + best.t);
  const all = await checkList(s, 'staff', `/api/votes/${best.v.id}/ballots?`, { perPage: 3, order: 'asc' });
  const pending = await walk(s, 'staff', `/api/votes/${best.v.id}/ballots?pending=1`, 1);
  assert.equal(pending.first.total, pending.ids.length);
  assert.ok(pending.items.every((b) => b.counted === false));
  const head = await walk(s, 'bldghead', `/api/votes/${best.v.id}/ballots?`, 2);
  assert.equal(head.first.total, head.ids.length, 'a building head\'s total counts the ballots in reach');
  assert.ok(head.ids.every((id) => all.includes(id)), 'a building head sees a part of the ballots');
  assert.ok(strictly(head.ids, 'asc'));
});
