// 56_life_resources.test.js: resources against needs (public lists with names masked, the matcher's proposals,
// staff confirming, more than offered refused, two confirmations of the last quantity: exactly one wins, both sides
// recording delivery), the talent pool (consent, withdrawal, search by staff only), the reading corner (a book lent
// once, returns, overdue reminders through notify) and old stories (consent, withdrawn ones leave the public list).
'use strict';

const L = require('./lib');
const { assert } = L;

const COMPOUND = '学道苑·东南里7号';

async function place(srv) {
  return (await L.compoundByName(srv, 'staff', COMPOUND)).id;
}

async function as(srv, user, method, p, body) {
  return L.api(srv, method, p, { token: await L.token(srv, user), body });
}

async function anon(srv, p) {
  return L.api(srv, 'GET', p);
}

function win(from = 86400, len = 8 * 3600) {
  const t = L.testNow() + from;
  return { from_at: t, to_at: t + len };
}

async function offer(srv, user, node, fields = {}) {
  const res = await as(srv, user, 'POST', '/api/offers', {
    node_id: node, giver_kind: 'resident', giver_name: '张建国', kind: 'hours', title: '会计记账10小时',
    ...win(), quantity: 10, ...fields });
  L.expectStatus(res, 201, 'offer');
  return res.json;
}

async function need(srv, node, fields = {}) {
  const res = await as(srv, 'staff', 'POST', '/api/needs', {
    node_id: node, kind: 'hours', title: '业委会账目整理', ...win(), quantity: 4, ...fields });
  L.expectStatus(res, 201, 'need');
  return res.json;
}

L.test('life2 resources: offers and needs are public lists, names masked; bad input refused', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  const o = await offer(srv, 'resident', node, { giver_name: '王秀英' });
  assert.equal(o.giver_name, '王秀英', 'the giver sees their own name');
  const list = await anon(srv, `/api/offers?node=${node}`);
  L.expectStatus(list, 200, 'anonymous list');
  const mine = list.json.items.find((x) => x.id === o.id);
  assert.equal(mine.giver_name, '王**');
  assert.equal(mine.kind_label, '工时');
  assert.equal((await as(srv, 'staff', 'GET', `/api/offers?node=${node}`)).json.items.find((x) => x.id === o.id).giver_name,
    '王秀英');
  L.expectError(await as(srv, 'resident', 'POST', '/api/offers', { node_id: node, giver_kind: 'resident', giver_name: '张三',
    kind: 'time', title: 'x', ...win(), quantity: 1 }), 400, 'bad_value', 'kind');
  L.expectError(await as(srv, 'resident', 'POST', '/api/offers', { node_id: node, giver_kind: 'alien', giver_name: '张三',
    kind: 'room', title: 'x', ...win(), quantity: 1 }), 400, 'bad_value', 'giver_kind');
  L.expectError(await as(srv, 'resident', 'POST', '/api/offers', { node_id: node, giver_kind: 'shop', giver_name: '张三',
    kind: 'room', title: 'x', from_at: L.testNow() + 100, to_at: L.testNow() + 50, quantity: 1 }), 400, 'bad_value', 'to_at');
  L.expectError(await as(srv, 'resident', 'POST', '/api/offers', { node_id: node, giver_kind: 'shop', giver_name: '张三',
    kind: 'room', title: 'x', ...win(), quantity: 0 }), 400, 'bad_value', 'quantity');
  // needs: the staff of the compound list them; a resident may not
  L.expectStatus(await as(srv, 'resident', 'POST', '/api/needs', { node_id: node, kind: 'room', title: 'x', ...win(),
    quantity: 1 }), 403);
  const n = await need(srv, node);
  assert.ok((await anon(srv, `/api/needs?node=${node}`)).json.items.some((x) => x.id === n.id));
  L.expectError(await anon(srv, '/api/offers?node=99999999'), 404, 'not_found');
  L.expectError(await anon(srv, '/api/offers'), 400, 'missing_field', 'node');
});

L.test('life2 resources: the matcher proposes, staff confirm, both sides record delivery', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  const o = await offer(srv, 'resident', node, { kind: 'vehicle', title: '面包车一辆', quantity: 3, ...win(5 * 86400) });
  const n = await need(srv, node, { kind: 'vehicle', title: '搬运旧家具', quantity: 2, ...win(5 * 86400 + 3600, 3600) });
  L.expectStatus(await as(srv, 'resident', 'GET', `/api/matches/proposals?node=${node}`), 403);
  const props = (await as(srv, 'staff', 'GET', `/api/matches/proposals?node=${node}`)).json.items;
  const p = props.find((x) => x.need_id === n.id);
  assert.deepEqual([p.offer_id, p.quantity, p.kind], [o.id, 2, 'vehicle']);
  // a match for more than offered, or of another kind: refused, nothing changed
  L.expectError(await as(srv, 'staff', 'POST', '/api/matches', { offer_id: o.id, need_id: n.id, quantity: 4 }), 409,
    'more_than_offered', 'quantity');
  const room = await need(srv, node, { kind: 'room', title: '周六上午活动室', quantity: 1 });
  L.expectError(await as(srv, 'staff', 'POST', '/api/matches', { offer_id: o.id, need_id: room.id, quantity: 1 }), 409,
    'kind_mismatch');
  L.expectStatus(await as(srv, 'resident', 'POST', '/api/matches', { offer_id: o.id, need_id: n.id, quantity: 2 }), 403);
  const m = await as(srv, 'staff', 'POST', '/api/matches', { offer_id: o.id, need_id: n.id, quantity: 2 });
  L.expectStatus(m, 201, 'confirm');
  assert.equal(m.json.quantity, 2);
  L.expectError(await as(srv, 'staff', 'POST', '/api/matches', { offer_id: o.id, need_id: n.id, quantity: 1 }), 409,
    'more_than_needed', 'quantity');
  const offers = (await anon(srv, `/api/offers?node=${node}`)).json.items;
  assert.equal(offers.find((x) => x.id === o.id).quantity_left, 1);
  const pub = (await anon(srv, `/api/matches?node=${node}`)).json.items.find((x) => x.id === m.json.id);
  assert.deepEqual([pub.offer_title, pub.need_title, pub.giver_delivered], ['面包车一辆', '搬运旧家具', false]);
  // the giver records their side; someone else may not; the staff record the receiver's
  L.expectStatus(await as(srv, 'bldghead', 'POST', `/api/matches/${m.json.id}/delivered`, { side: 'giver' }), 403);
  const g = await as(srv, 'resident', 'POST', `/api/matches/${m.json.id}/delivered`, { side: 'giver' });
  L.expectStatus(g, 200, 'giver delivered');
  assert.equal(g.json.giver_delivered, true);
  L.expectError(await as(srv, 'resident', 'POST', `/api/matches/${m.json.id}/delivered`, { side: 'giver' }), 409,
    'already_delivered');
  L.expectStatus(await as(srv, 'resident', 'POST', `/api/matches/${m.json.id}/delivered`, { side: 'receiver' }), 403);
  const rcv = await as(srv, 'staff', 'POST', `/api/matches/${m.json.id}/delivered`, { side: 'receiver' });
  assert.equal(rcv.json.receiver_delivered, true);
  L.expectError(await as(srv, 'staff', 'POST', `/api/matches/${m.json.id}/delivered`, { side: 'both' }), 400, 'bad_value',
    'side');
});

L.test('life2 resources: two confirmations of the last quantity, exactly one wins', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  const o = await offer(srv, 'resident', node, { kind: 'money', title: '助老基金', quantity: 2000 });
  const n1 = await need(srv, node, { kind: 'money', title: '老人助餐', quantity: 2000 });
  const n2 = await need(srv, node, { kind: 'money', title: '儿童图书', quantity: 2000 });
  const race = await Promise.all([n1, n2].map((n) => as(srv, 'staff', 'POST', '/api/matches',
    { offer_id: o.id, need_id: n.id, quantity: 2000 })));
  assert.equal(race.filter((r) => r.status === 201).length, 1);
  L.expectError(race.find((r) => r.status !== 201), 409, 'more_than_offered', 'quantity');
  assert.equal((await anon(srv, `/api/offers?node=${node}`)).json.items.find((x) => x.id === o.id).quantity_left, 0);
});

L.test('life2 resources: the public lists page by keyset cursor', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  for (let i = 0; i < 3; i++) await offer(srv, 'resident', node, { title: `分页资源${i}` });
  const seen = [];
  let after = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = (await anon(srv, `/api/offers?node=${node}&per_page=2${after ? `&after=${after}` : ''}`)).json;
    seen.push(...page.items.map((x) => x.id));
    if (page.next === null) break;
    after = page.next;
  }
  assert.equal(new Set(seen).size, seen.length, 'no row twice');
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
  assert.ok(seen.length >= 3);
});

L.test('life2 talents: offered with consent, withdrawable, searched by staff only, masked otherwise', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  L.expectError(await as(srv, 'resident', 'POST', '/api/talents', { node_id: node, skill: '退休电气工程师' }), 400,
    'consent_required', 'consent');
  const t = await as(srv, 'resident', 'POST', '/api/talents', { node_id: node, skill: '退休电气工程师', note: '周末有空',
    consent: true });
  L.expectStatus(t, 201, 'talent');
  const found = (await as(srv, 'staff', 'GET', `/api/talents?node=${node}&q=${encodeURIComponent('电气')}`)).json.items;
  assert.ok(found.some((x) => x.id === t.json.id && x.note === '周末有空'));
  L.expectStatus(await as(srv, 'bldghead', 'GET', `/api/talents?node=${node}&q=${encodeURIComponent('电气')}`), 403);
  const masked = (await as(srv, 'bldghead', 'GET', `/api/talents?node=${node}`)).json.items.find((x) => x.id === t.json.id);
  assert.deepEqual([masked.user_id, masked.note], [0, '']);
  assert.notEqual(masked.name, t.json.name);
  L.expectStatus(await anon(srv, `/api/talents?node=${node}`), 401);
  L.expectStatus(await as(srv, 'bldghead', 'POST', `/api/talents/${t.json.id}/withdraw`, {}), 403);
  const w = await as(srv, 'resident', 'POST', `/api/talents/${t.json.id}/withdraw`, {});
  L.expectStatus(w, 200, 'withdraw');
  const after = (await as(srv, 'staff', 'GET', `/api/talents?node=${node}`)).json.items;
  assert.equal(after.some((x) => x.id === t.json.id), false);
});

L.test('life2 library: a book is lent once, returned, lent again; donors masked', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  L.expectStatus(await as(srv, 'resident', 'POST', '/api/library/books', { node_id: node, title: '平凡的世界' }), 403);
  const b = await as(srv, 'staff', 'POST', '/api/library/books', { node_id: node, title: '平凡的世界', author: '路遥',
    donor: '李桂兰' });
  L.expectStatus(b, 201, 'book');
  assert.equal(b.json.donor, '李**');
  const due = L.testNow() + 14 * 86400;
  const race = await Promise.all(['王秀英', '张建国'].map((n) => as(srv, 'staff', 'POST', '/api/library/loans',
    { book_id: b.json.id, for_name: n, due_at: due })));
  assert.equal(race.filter((r) => r.status === 201).length, 1);
  L.expectError(race.find((r) => r.status !== 201), 409, 'book_lent', 'book_id');
  const loan = race.find((r) => r.status === 201).json;
  const books = (await as(srv, 'resident', 'GET', `/api/library/books?node=${node}`)).json.items;
  assert.equal(books.find((x) => x.id === b.json.id).on_loan, true);
  L.expectError(await as(srv, 'staff', 'POST', '/api/library/loans', { book_id: b.json.id, due_at: due }), 400,
    'missing_field', 'user_id');
  L.expectError(await as(srv, 'staff', 'POST', '/api/library/loans', { book_id: b.json.id, for_name: '赵四',
    due_at: L.testNow() - 10 }), 400, 'bad_value', 'due_at');
  const ret = await as(srv, 'staff', 'POST', `/api/library/loans/${loan.id}/return`, {});
  L.expectStatus(ret, 200, 'return');
  assert.equal(ret.json.returned, true);
  L.expectError(await as(srv, 'staff', 'POST', `/api/library/loans/${loan.id}/return`, {}), 409, 'already_returned');
  const again = await as(srv, 'staff', 'POST', '/api/library/loans', { book_id: b.json.id, for_name: '张建国', due_at: due });
  L.expectStatus(again, 201, 'lent again');
  const loans = (await as(srv, 'staff', 'GET', `/api/library/loans?book=${b.json.id}`)).json.items;
  assert.deepEqual(loans.map((x) => x.id), [again.json.id, loan.id]);
  L.expectStatus(await as(srv, 'resident', 'GET', `/api/library/loans?book=${b.json.id}`), 403);
});

L.test('life2 library: an overdue loan is reminded once through the notify outbox', async () => {
  const s = await L.startServer();
  try {
    const keys = {};
    for (const u of ['resident', 'staff', 'admin']) {
      const t = await L.api(s, 'POST', '/api/tokens', { token: await L.token(s, u), body: { label: 'clock test' } });
      keys[u] = t.json.token;
    }
    const call = (user, method, p, body) => L.api(s, method, p, { token: keys[user], body });
    const node = (await L.compoundByName(s, 'staff', COMPOUND)).id;
    const me = (await call('resident', 'GET', '/api/me')).json.id;
    const b = await call('staff', 'POST', '/api/library/books', { node_id: node, title: '活着', author: '余华' });
    const l = await call('staff', 'POST', '/api/library/loans', { book_id: b.json.id, user_id: me,
      due_at: L.testNow() + 86400 });
    L.expectStatus(l, 201, 'lent');
    assert.equal((await call('staff', 'POST', '/api/library/remind', {})).json.reminded, 0);
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 2 * 86400 }), 200, 'clock');
    const first = await call('staff', 'POST', '/api/library/remind', {});
    L.expectStatus(first, 200, 'remind');
    // (the server's own job may have reminded first: the loan is checked, and a second round sends nothing)
    assert.equal((await call('staff', 'POST', '/api/library/remind', {})).json.reminded, 0);
    const loans = (await call('staff', 'GET', `/api/library/loans?book=${b.json.id}`)).json.items;
    assert.deepEqual([loans[0].overdue, loans[0].reminded], [true, true]);
    const inbox = (await call('resident', 'GET', '/api/me/notifications')).json.items;
    assert.equal(inbox.filter((i) => i.title === '借阅到期提醒：《活着》').length, 1);
  } finally {
    await L.stopServer(s);
  }
});

L.test('life2 stories: need consent, are public, and a withdrawn one leaves the public list', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  L.expectError(await as(srv, 'resident', 'POST', '/api/stories', { node_id: node, title: '1985年的院坝' }), 400,
    'consent_required', 'consent');
  L.expectError(await as(srv, 'resident', 'POST', '/api/stories', { node_id: node, title: '1985年的院坝', consent: true }),
    400, 'consent_required', 'consent');
  const s = await as(srv, 'resident', 'POST', '/api/stories', { node_id: node, title: '1985年的院坝', body: '老槐树下乘凉',
    era: '1980年代', consent: true, consent_note: '照片中的王家三口均已同意' });
  L.expectStatus(s, 201, 'story');
  assert.ok((await anon(srv, `/api/stories?node=${node}`)).json.items.some((x) => x.id === s.json.id));
  L.expectStatus(await as(srv, 'bldghead', 'POST', `/api/stories/${s.json.id}/withdraw`, {}), 403);
  L.expectStatus(await as(srv, 'staff', 'POST', `/api/stories/${s.json.id}/withdraw`, {}), 200);
  assert.equal((await anon(srv, `/api/stories?node=${node}`)).json.items.some((x) => x.id === s.json.id), false);
  L.expectError(await as(srv, 'resident', 'POST', `/api/stories/${s.json.id}/withdraw`, {}), 409, 'conflict');
});

L.test('life2 services: the menu shows the satisfaction the residents gave the service\'s work orders', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  const svc = await as(srv, 'staff', 'POST', '/api/services', { node_id: node, name: '楼道灯维修', tier: 'basic',
    provider: '蓉城建设', category: 'streetlight', price_kind: 'free', price_fen: 0, response_minutes: 120,
    resolve_minutes: 2880 });
  L.expectStatus(svc, 201, 'service');
  const shown = async () => (await as(srv, 'resident', 'GET', `/api/services?node=${node}&per_page=100`)).json.items
    .find((x) => x.id === svc.json.id);
  assert.deepEqual([(await shown()).ratings, (await shown()).satisfaction_x10], [0, 0]);
  const home = L.grantNode((await L.grants(srv, 'resident'))[0]);
  for (const rating of [4, 5]) {
    const o = await as(srv, 'resident', 'POST', `/api/services/${svc.json.id}/orders`, { node_id: home,
      description: '楼道灯不亮' });
    L.expectStatus(o, 201, 'order');
    const id = o.json.order_id;
    const act = async (user, body) => L.expectStatus(await as(srv, user, 'POST', `/api/workorders/${id}/transition`, body),
      200, body.action);
    await act('grid8', { action: 'accept', class: 'routine' });
    const orgs = (await as(srv, 'grid8', 'GET', `/api/workorders/orgs?order=${id}`)).json.items;
    const contractor = orgs.find((x) => /蓉城建设/.test(x.name));
    await act('grid8', { action: 'dispatch', org_ids: [contractor.id], lead_org_id: contractor.id });
    await act('contractor', { action: 'progress', note: '已到现场' });
    await act('contractor', { action: 'done', note: '已更换' });
    await act('resident', { action: 'confirm', rating, note: '好' });
  }
  const s = await shown();
  assert.deepEqual([s.ratings, s.satisfaction_x10], [2, 45]);
});
