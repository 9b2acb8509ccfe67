// 15_public.test.js: the public results, read by anyone with the link and no sign-in: a compound's page (its
// notices, decisions, funds' disclosures and the work-order categories it shows), a notice, a decision, a closed
// vote's result, a fund's disclosure without the households, and the compound's open and recently closed orders
// of the public categories grouped by building; nothing personal on any of them, and nothing else opened.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

const PILOT = '学道苑·东南里7号';

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

/* An anonymous request: no token, no cookie. */
async function anon(s, p) {
  return L.api(s, 'GET', p);
}

async function pilot(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  assert.ok(building, 'the pilot compound has a building');
  return { compound: c, building };
}

test('public: a compound\'s page lists its notices, decisions, funds and public categories to anyone', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  const res = await anon(s, `/api/public/compounds/${compound.id}`);
  L.expectStatus(res, 200, 'no sign-in needed');
  const j = res.json;
  assert.equal(j.name, PILOT);
  assert.ok(j.notices.length > 0, 'the demo\'s notices are listed');
  assert.ok(j.funds.length > 0, 'the compound\'s funds are listed');
  const codes = j.work_order_categories.map((c) => c.code);
  assert.ok(codes.includes('leak'), 'a repair category is public');
  for (const hidden of ['parking', 'noise', 'illegal_structure']) assert.ok(!codes.includes(hidden), `${hidden} is not public`);
  // the same notices a signed-in resident of the compound reads there, newest first
  const mine = (await L.get(s, 'resident', `/api/notices?node=${compound.id}&per_page=${j.notices.length}`)).json.items;
  assert.deepEqual(j.notices.map((n) => n.id), mine.map((n) => n.id));
  // every link of it opens without signing in
  for (const link of [j.notices[0].link, j.funds[0].disclosure, j.work_orders, `/public/compounds/${compound.id}`])
    L.expectStatus(await anon(s, link), 200, link);
  // a building or nothing at all is not a compound
  L.expectStatus(await anon(s, `/api/public/compounds/${building.id}`), 404, 'a building has no public page');
  L.expectStatus(await anon(s, '/api/public/compounds/999999'), 404, 'no such node');
  L.expectError(await anon(s, `/api/public/compounds/${compound.id}?after=999999999`), 400, 'bad_param', 'after');
});

test('public: the notices page by cursor, each page the next notices', async () => {
  const s = await srv();
  const { compound } = await pilot(s);
  for (let i = 0; i < 11; i++)
    L.expectStatus(await call(s, 'staff', 'POST', '/api/notices', { node_id: compound.id, title: `第${i + 1}号通知`, body: '内容' }), 201, 'a notice');
  const all = (await anon(s, `/api/public/compounds/${compound.id}`)).json;
  assert.equal(all.notices.length, 10, 'a page of ten');
  assert.ok(all.notices_next, 'more than one page of notices');
  const next = (await anon(s, `/api/public/compounds/${compound.id}?after=${all.notices_next}`)).json;
  assert.ok(next.notices.length > 0);
  assert.ok(next.notices[0].published_at <= all.notices.at(-1).published_at, 'the next page continues down');
  assert.ok(!next.notices.some((n) => all.notices.some((m) => m.id === n.id)), 'no notice twice');
});

test('public: a notice shows its text with phone numbers masked, and the signed-in API stays closed', async () => {
  const s = await srv();
  const { compound } = await pilot(s);
  const created = await call(s, 'staff', 'POST', '/api/notices', {
    node_id: compound.id, kind: 'general', title: '停水通知', body: '周六停水，联系人电话13912345678。\n请提前储水。' });
  L.expectStatus(created, 201, 'a notice');
  const id = created.json.id;
  const j = (await anon(s, `/api/public/notices/${id}`)).json;
  assert.equal(j.title, '停水通知');
  assert.equal(j.place, PILOT);
  assert.ok(j.body.includes('139****5678'), 'the phone number is masked: ' + j.body);
  assert.doesNotMatch(j.body, L.FULL_PHONE);
  const page = await anon(s, `/public/notices/${id}`);
  L.expectStatus(page, 200, 'the page');
  assert.ok(page.text.includes('请提前储水'), 'the text is on the page');
  assert.doesNotMatch(page.text, L.FULL_PHONE);
  // the listed compound page has it first
  assert.equal((await anon(s, `/api/public/compounds/${compound.id}`)).json.notices[0].id, id);
  // the member API is not opened by this
  L.expectStatus(await anon(s, `/api/notices/${id}`), 401, 'the signed-in API asks for sign-in');
  L.expectStatus(await anon(s, '/api/public/notices/999999'), 404, 'no such notice');
});

test('public: a decision shows its steps; a vote shows no count while open and its result once closed', async () => {
  const s = await srv();
  const { compound } = await pilot(s);
  const d = await call(s, 'staff', 'POST', '/api/decisions', { node_id: compound.id, title: '楼道照明改造', template: 'standard' });
  L.expectStatus(d, 201, 'a decision');
  const dj = (await anon(s, `/api/public/decisions/${d.json.id}`)).json;
  assert.equal(dj.title, '楼道照明改造');
  assert.deepEqual(dj.steps.map((x) => x.label), ['提议', '讨论', '表决', '公示']);
  assert.equal(dj.steps.filter((x) => x.done).length, 0, 'nothing done yet');
  L.expectStatus(await anon(s, `/public/decisions/${d.json.id}`), 200, 'its page');

  const votes = (await L.get(s, 'staff', '/api/votes?per_page=200')).json.items;
  const closed = votes.find((v) => /^学道苑老旧院落改造方案/.test(v.title));
  const open = votes.find((v) => v.status === 'open');
  assert.ok(closed && open, 'a closed and an open demo vote');
  const cj = (await anon(s, `/api/public/votes/${closed.id}`)).json;
  assert.equal(cj.status, 'closed');
  assert.equal(cj.passed, true);
  const member = (await L.get(s, 'resident', `/api/votes/${closed.id}/result`)).json;
  assert.equal(cj.result.owners_yes, member.owners_yes, 'the same count as members read');
  assert.equal(cj.result.area_yes, member.area_yes);
  assert.ok(!JSON.stringify(cj).includes('household_id'), 'no ballots, only totals');
  const oj = (await anon(s, `/api/public/votes/${open.id}`)).json;
  assert.equal(oj.status, 'open');
  assert.equal(oj.result, null, 'no running count for the public');
  assert.equal(oj.passed, null);
  const op = await anon(s, `/public/votes/${open.id}`);
  assert.ok(op.text.includes('进行中'), 'the open vote reads 进行中');
  assert.ok(!op.text.includes('未通过'), 'and never 未通过');
});

test('public: a fund\'s disclosure shows the year\'s figures and projects, not the households', async () => {
  const s = await srv();
  const { compound } = await pilot(s);
  const fund = (await anon(s, `/api/public/compounds/${compound.id}`)).json.funds.find((f) => f.kind === 'maintenance');
  assert.ok(fund, 'the maintenance fund, with its households\' sub-accounts');
  const pub = await anon(s, `/api/public/funds/${fund.id}/disclosure?year=2026`);
  L.expectStatus(pub, 200, 'the public disclosure');
  const member = (await L.get(s, 'staff', `/api/funds/${fund.id}/disclosure?year=2026`)).json;
  assert.deepEqual(pub.json.summary, member.summary, 'the same figures');
  assert.deepEqual(pub.json.projects, member.projects, 'the same projects');
  assert.ok(member.households.length > 0, 'members see each household');
  assert.deepEqual(pub.json.households, [], 'the public sees no household');
  const page = await anon(s, `/public/funds/${fund.id}/disclosure?year=2026`);
  L.expectStatus(page, 200, 'its page');
  for (const h of member.households.slice(0, 5)) assert.ok(!page.text.includes(h.address), 'no door: ' + h.address);
  L.expectError(await anon(s, `/api/public/funds/${fund.id}/disclosure?year=x`), 400, 'bad_param', 'year');
  L.expectStatus(await anon(s, '/api/public/funds/999999/disclosure'), 404, 'no such fund');
});

test('public: the compound\'s orders of public categories by building, without reporter, text or door', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  const report = async (category) => {
    const res = await call(s, 'resident', 'POST', '/api/workorders',
      { category, node_id: building.id, description: `${category}：王家门口，电话13800002222` });
    L.expectStatus(res, 201, 'report ' + category);
    return res.json.id;
  };
  const shown = await report('greenery');
  const hidden = await report('noise');
  const res = await anon(s, `/api/public/compounds/${compound.id}/orders?part=open&per_page=100`);
  L.expectStatus(res, 200, 'no sign-in needed');
  const ids = res.json.items.map((o) => o.id);
  assert.ok(ids.includes(shown), 'a greenery order is public');
  assert.ok(!ids.includes(hidden), 'a noise complaint is not');
  const o = res.json.items.find((x) => x.id === shown);
  assert.equal(o.building_id, building.id);
  assert.equal(o.building, building.name);
  assert.equal(o.category, '绿化养护');
  assert.ok(!JSON.stringify(res.json).includes('13800002222') && !JSON.stringify(res.json).includes('王家'), 'no description');
  assert.deepEqual(Object.keys(o).sort(), ['building', 'building_id', 'category', 'closed_at', 'id', 'rating', 'reported_at', 'state', 'state_label']);
  const page = await anon(s, `/public/compounds/${compound.id}/orders`);
  L.expectStatus(page, 200, 'the page');
  assert.match(page.text, new RegExp(`<h3 class="building">${building.name}</h3>`), 'grouped by building');
  assert.match(page.text, new RegExp(`data-order="${shown}"`));
  assert.doesNotMatch(page.text, new RegExp(`data-order="${hidden}"`));
  assert.doesNotMatch(page.text, L.FULL_PHONE);
  // paged by cursor: one at a time, the second page starts below the first
  const p1 = (await anon(s, `/api/public/compounds/${compound.id}/orders?part=open&per_page=1`)).json;
  assert.equal(p1.items.length, 1);
  assert.equal(p1.next, p1.items[0].id);
  const p2 = (await anon(s, `/api/public/compounds/${compound.id}/orders?part=open&per_page=1&after=${p1.next}`)).json;
  assert.ok(p2.items[0].id < p1.items[0].id, 'newest first, no repeat');
  L.expectError(await anon(s, `/api/public/compounds/${compound.id}/orders?part=all`), 400, 'bad_param', 'part');
  L.expectError(await anon(s, `/api/public/compounds/${compound.id}/orders?part=open&after=999999999`), 400, 'bad_param', 'after');
  L.expectStatus(await anon(s, `/api/public/compounds/${building.id}/orders`), 404, 'a building is not a compound');
});

/* The open orders the public site plan (/plans/{id}.svg) shows on building b, read without signing in. */
async function planValue(s, c, b) {
  const res = await anon(s, `/plans/${c}.svg`);
  L.expectStatus(res, 200, 'the plan');
  const m = res.text.match(new RegExp(`data-building="${b}" data-value="(\\d+)"`));
  assert.ok(m, 'the building is on the plan');
  return Number(m[1]);
}

/* The public list's open orders on building b, every page of it. */
async function publicOpenOn(s, c, b) {
  let n = 0;
  for (let after = 0; ;) {
    const j = (await anon(s, `/api/public/compounds/${c}/orders?part=open&per_page=100${after ? '&after=' + after : ''}`)).json;
    n += j.items.filter((o) => o.building_id === b).length;
    if (!j.next) return n;
    after = j.next;
  }
}

test('public: the site plan draws the public list: each building counts its open orders of the public categories', async () => {
  const s = await srv();
  const { compound, building } = await pilot(s);
  for (const p of [`/public/compounds/${compound.id}/orders`, `/public/compounds/${compound.id}`]) {
    const page = await anon(s, p);
    L.expectStatus(page, 200, p);
    assert.match(page.text, new RegExp(`<figure class="site-plan"[^>]*>(<a [^>]*>)?<img src="/plans/${compound.id}\\.svg" alt="[^"]+">`), p + ' draws the plan');
  }
  assert.equal(await planValue(s, compound.id, building.id), await publicOpenOn(s, compound.id, building.id), 'the plan counts what the list lists');
  const before = await planValue(s, compound.id, building.id);
  const report = async (category) => L.expectStatus(await call(s, 'resident', 'POST', '/api/workorders',
    { category, node_id: building.id, description: `${category}：楼道里` }), 201, 'report ' + category);
  await report('noise');
  assert.equal(await planValue(s, compound.id, building.id), before, 'a noise complaint is not drawn either');
  await report('greenery');
  assert.equal(await planValue(s, compound.id, building.id), before + 1, 'a greenery order is');
  assert.equal(await planValue(s, compound.id, building.id), await publicOpenOn(s, compound.id, building.id));
});

test('public: a closed order moves to the recently closed part; an order closed long ago does not show', async () => {
  const s = await srv();
  const { compound } = await pilot(s);
  const closed = (await anon(s, `/api/public/compounds/${compound.id}/orders?part=closed&per_page=100`)).json.items;
  assert.ok(closed.length > 0, 'the demo closed orders this month');
  const now = await L.serverNow(s);
  for (const o of closed) {
    assert.equal(o.state, 'closed');
    assert.ok(o.closed_at >= now - 30 * 86400 - 60, 'closed within 30 days: ' + o.closed_at);
  }
  for (let i = 1; i < closed.length; i++) assert.ok(closed[i].closed_at <= closed[i - 1].closed_at, 'latest closed first');
});
