// 24_workorders_lists.test.js: the work-order list pages by cursor (after=) through every order of a
// scope exactly once, newest first; its totals, kept as tallies by the database, are exact at every
// scope (grid, compound, community, street) and move in the same transaction as the change; a
// filtered total is counted and says when it was cut at 10,000.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

/* Every id of a list, walked page by page through its cursor. */
async function walk(s, user, query) {
  const ids = [];
  let after = null;
  let first = null;
  for (let n = 0; n < 100; n++) {
    const j = (await L.get(s, user, `/api/workorders?per_page=200${query}${after ? `&after=${after}` : ''}`)).json;
    if (!first) first = j;
    for (const x of j.items) ids.push(x.id);
    if (j.next === null) return { ids, first };
    assert.equal(j.next, j.items[j.items.length - 1].id, 'the cursor is the last id of the page');
    after = j.next;
  }
  throw new Error('the cursor never reached the end');
}

function strictlyDescending(ids) {
  for (let i = 1; i < ids.length; i++) if (!(ids[i] < ids[i - 1])) return false;
  return true;
}

const PILOT = '学道苑·东南里7号';

test('the list pages by cursor: each order of the scope once, newest first, to the end', async () => {
  const s = await srv();
  const { ids, first } = await walk(s, 'staff', '&status=all');
  assert.equal(first.scope, 'node');
  assert.equal(ids.length, first.total, 'the pages hold the total');
  assert.equal(new Set(ids).size, ids.length, 'no order twice');
  assert.ok(strictlyDescending(ids), 'newest first');
  assert.ok(ids.length > 1000, 'the demo year: ' + ids.length);
  const byPage = (await L.get(s, 'staff', '/api/workorders?status=all&per_page=7&page=3')).json.items.map((x) => x.id);
  assert.deepEqual(byPage, ids.slice(14, 21), 'page numbers still page the same order');
  L.expectError(await call(s, 'staff', 'GET', '/api/workorders?after=10&page=2'), 400, 'bad_param', 'page');
  L.expectError(await call(s, 'staff', 'GET', '/api/workorders?after=0'), 400, 'bad_param', 'after');
  L.expectError(await call(s, 'staff', 'GET', '/api/workorders?after=x'), 400, 'bad_param', 'after');
});

test('totals are exact in every scope, open, closed and all, each the count of what the cursor walks', async () => {
  const s = await srv();
  const c = await L.compoundByName(s, 'staff', PILOT);
  const scopes = [['staff', ''], ['street', ''], ['grid8', ''], ['staff', `&compound=${c.id}`], ['grid8', `&grid=${c.grid_id}`]];
  for (const [user, q] of scopes) {
    for (const status of ['open', 'closed', 'all']) {
      const { ids, first } = await walk(s, user, `${q}&status=${status}`);
      assert.equal(first.total, ids.length, `${user}${q} ${status}`);
      assert.equal(first.total_capped, false);
    }
  }
});

test('a filtered total is the count of the filtered walk, and a grid worker\'s overdue list holds only overdue orders', async () => {
  const s = await srv();
  for (const user of ['grid8', 'staff', 'street']) {
    for (const q of ['&state=closed', '&category=leak', '&overdue=1', '&status=open&overdue=1', '&status=open',
      '&status=closed&category=leak', '&state=dispatched&overdue=1']) {
      const { ids, first } = await walk(s, user, q);
      assert.equal(first.total, ids.length, user + q);
      assert.equal(first.total_capped, false, user + q);
      assert.ok(strictlyDescending(ids), user + q);
    }
  }
  const leaks = await walk(s, 'staff', '&category=leak');
  const all = (await L.get(s, 'staff', '/api/workorders?category=leak&per_page=200')).json.items;
  assert.ok(all.every((x) => x.category.code === 'leak'), 'only leaks');
  assert.ok(leaks.ids.length > 0, 'the demo year has leaks');
  const { ids } = await walk(s, 'grid8', '&overdue=1');
  const open = await walk(s, 'grid8', '&overdue=1&status=open');
  assert.ok(open.ids.every((id) => ids.includes(id)), 'the open overdue are among the overdue');
});

test('a new order counts at once in its grid, compound, community and street; closing moves it to closed', async () => {
  const s = await srv();
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  const totals = async () => {
    const out = [];
    for (const [user, q] of [['grid8', ''], ['staff', `&compound=${c.id}`], ['staff', ''], ['street', '']]) {
      for (const status of ['open', 'closed']) out.push((await L.get(s, user, `/api/workorders?per_page=1&status=${status}${q}`)).json.total);
    }
    return out;
  };
  const before = await totals();
  const res = await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: '单元门口积水' });
  L.expectStatus(res, 201);
  const added = await totals();
  assert.deepEqual(added, before.map((n, i) => (i % 2 === 0 ? n + 1 : n)), 'one more open order in each scope');
  const newest = (await L.get(s, 'grid8', '/api/workorders?per_page=1')).json.items[0];
  assert.equal(newest.id, res.json.id, 'the newest comes first');
  L.expectStatus(await call(s, 'grid8', 'POST', `/api/workorders/${res.json.id}/transition`, { action: 'hide', note: '重复上报' }), 200);
  const closed = await totals();
  assert.deepEqual(closed, before.map((n, i) => (i % 2 === 0 ? n : n + 1)), 'the order moved from open to closed');
});
