// 55_life.test.js: community life: events with capacity and a waiting list (the last seat goes to exactly one of
// 16 racing sign-ups), cancellation moving the line up, check-in and attendance earning points; the points ledger
// (redeem against stock, never below zero, race-safe, compensating entries, sums to zero, leaderboard opt-out).
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

async function newEvent(srv, fields = {}) {
  const node = await place(srv);
  const t = L.testNow() + 86400;
  const res = await as(srv, 'staff', 'POST', '/api/events', {
    node_id: node, title: '重阳节茶话会', audience: 'elderly', place: '院坝', starts_at: t, ends_at: t + 7200,
    capacity: 2, points: 10, ...fields });
  L.expectStatus(res, 201, 'create the event');
  return res.json;
}

L.test('life: an event takes bookings up to its capacity, then a waiting line in order', async () => {
  const srv = await L.sharedServer();
  const ev = await newEvent(srv, { capacity: 2 });
  const a = await as(srv, 'resident', 'POST', `/api/events/${ev.id}/bookings`, {});
  L.expectStatus(a, 201, 'first booking');
  assert.equal(a.json.status, 'confirmed');
  const b = await as(srv, 'bldghead', 'POST', `/api/events/${ev.id}/bookings`, {});
  assert.equal(b.json.status, 'confirmed');
  const c = await as(srv, 'microgrid8', 'POST', `/api/events/${ev.id}/bookings`, {});
  L.expectStatus(c, 201, 'third booking');
  assert.equal(c.json.status, 'waiting');
  assert.equal(c.json.position, 1);
  const d = await as(srv, 'staff', 'POST', `/api/events/${ev.id}/bookings`, { for_name: '王秀英', consent: true, party: 1 });
  assert.equal(d.json.status, 'waiting');
  assert.equal(d.json.position, 2);
  // booking twice, or for someone without their consent: refused, nothing changed
  L.expectError(await as(srv, 'resident', 'POST', `/api/events/${ev.id}/bookings`, {}), 409, 'already_booked');
  L.expectError(await as(srv, 'staff', 'POST', `/api/events/${ev.id}/bookings`, { for_name: '李桂兰' }), 400,
    'consent_required', 'consent');
  L.expectError(await as(srv, 'resident', 'POST', `/api/events/${ev.id}/bookings`, { party: 11 }), 400, 'bad_value', 'party');
  // a resident may not book at the desk for others
  L.expectStatus(await as(srv, 'resident', 'POST', `/api/events/${ev.id}/bookings`, { for_name: '张三', consent: true }), 403);
  const got = (await L.get(srv, 'resident', `/api/events/${ev.id}`)).json;
  assert.equal(got.event.seats_taken, 2);
  assert.equal(got.event.waiting, 2);
  assert.equal(got.my_booking.status, 'confirmed');
});

L.test('life: a cancelled seat goes to the first in line at once', async () => {
  const srv = await L.sharedServer();
  const ev = await newEvent(srv, { capacity: 1 });
  const a = await as(srv, 'resident', 'POST', `/api/events/${ev.id}/bookings`, {});
  const b = await as(srv, 'bldghead', 'POST', `/api/events/${ev.id}/bookings`, {});
  assert.equal(b.json.status, 'waiting');
  // someone else may not cancel the resident's booking
  L.expectStatus(await as(srv, 'bldghead', 'POST', `/api/bookings/${a.json.id}/cancel`, {}), 403);
  const cancel = await as(srv, 'resident', 'POST', `/api/bookings/${a.json.id}/cancel`, {});
  L.expectStatus(cancel, 200, 'cancel');
  assert.equal(cancel.json.booking.status, 'cancelled');
  assert.equal(cancel.json.promoted, 1);
  const mine = (await L.get(srv, 'bldghead', `/api/events/${ev.id}`)).json;
  assert.equal(mine.my_booking.status, 'confirmed');
  assert.equal(mine.my_booking.promoted, true);
  assert.equal(mine.event.seats_taken, 1);
  // the promotion waits in the inbox of the one moved up, and of nobody else
  const link = `/life/events/${ev.id}`;
  const inbox = (await L.get(srv, 'bldghead', '/api/me/todo')).json.items.filter((x) => x.link === link);
  assert.deepEqual(inbox.map((x) => x.kind), ['event_promoted']);
  assert.equal((await L.get(srv, 'resident', '/api/me/todo')).json.items.filter((x) => x.link === link).length, 0);
  L.expectError(await as(srv, 'resident', 'POST', `/api/bookings/${a.json.id}/cancel`, {}), 409, 'booking_cancelled');
  // the resident may book again after cancelling; the seat is taken, so they wait
  const again = await as(srv, 'resident', 'POST', `/api/events/${ev.id}/bookings`, {});
  assert.equal(again.json.status, 'waiting');
});

L.test('life: 16 concurrent sign-ups for the last seat: exactly one gets it, the others wait in line', async () => {
  const srv = await L.sharedServer();
  const ev = await newEvent(srv, { capacity: 1 });
  await L.token(srv, 'staff');
  const names = Array.from({ length: 16 }, (_, i) => `居民${String.fromCharCode(0x7532 + i)}`);
  const results = await Promise.all(names.map((n) => as(srv, 'staff', 'POST', `/api/events/${ev.id}/bookings`,
    { for_name: n, consent: true })));
  for (const r of results) L.expectStatus(r, 201, 'each sign-up is recorded');
  assert.equal(results.filter((r) => r.json.status === 'confirmed').length, 1);
  assert.equal(results.filter((r) => r.json.status === 'waiting').length, 15);
  const got = (await L.get(srv, 'staff', `/api/events/${ev.id}`)).json;
  assert.equal(got.event.seats_taken, 1);
  assert.equal(got.event.waiting, 15);
  const positions = results.filter((r) => r.json.status === 'waiting').map((r) => r.json.position).sort((x, y) => x - y);
  assert.deepEqual(positions, Array.from({ length: 15 }, (_, i) => i + 1));
  // the staff's list, in line order, pages by cursor
  const p1 = (await L.get(srv, 'staff', `/api/events/${ev.id}/bookings?per_page=10`)).json;
  assert.equal(p1.items.length, 10);
  const p2 = (await L.get(srv, 'staff', `/api/events/${ev.id}/bookings?per_page=10&after=${p1.next}`)).json;
  assert.equal(p2.items.length, 6);
  assert.equal(p2.next, null);
  assert.ok(p2.items[0].id > p1.items[9].id);
});

L.test('life: check-in records attendance and earns the event points once; a waiting booking cannot check in', async () => {
  const srv = await L.sharedServer();
  const ev = await newEvent(srv, { capacity: 1, points: 7 });
  const before = (await L.get(srv, 'resident', '/api/points')).json.balance;
  const a = await as(srv, 'resident', 'POST', `/api/events/${ev.id}/bookings`, {});
  const w = await as(srv, 'bldghead', 'POST', `/api/events/${ev.id}/bookings`, {});
  // signing up earns nothing
  assert.equal((await L.get(srv, 'resident', '/api/points')).json.balance, before);
  L.expectStatus(await as(srv, 'resident', 'POST', `/api/bookings/${a.json.id}/checkin`, {}), 403);
  const ci = await as(srv, 'staff', 'POST', `/api/bookings/${a.json.id}/checkin`, {});
  L.expectStatus(ci, 200, 'check in');
  assert.equal(ci.json.checked_in, true);
  L.expectError(await as(srv, 'staff', 'POST', `/api/bookings/${a.json.id}/checkin`, {}), 409, 'already_checked_in');
  L.expectError(await as(srv, 'staff', 'POST', `/api/bookings/${w.json.id}/checkin`, {}), 409, 'not_confirmed');
  const pts = (await L.get(srv, 'resident', '/api/points')).json;
  assert.equal(pts.balance, before + 7);
  assert.equal(pts.items[0].delta, 7);
  assert.equal(pts.items[0].kind, 'event');
  const got = (await L.get(srv, 'staff', `/api/events/${ev.id}`)).json;
  assert.equal(got.confirmed, 1);
  assert.equal(got.attended, 1);
  L.expectError(await as(srv, 'resident', 'POST', `/api/bookings/${a.json.id}/cancel`, {}), 409, 'already_checked_in');
});

L.test('life: events are checked on input and seen only in their place', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  const t = L.testNow();
  const base = { node_id: node, title: '活动', starts_at: t, ends_at: t + 3600, capacity: 5 };
  L.expectError(await as(srv, 'staff', 'POST', '/api/events', { ...base, ends_at: t }), 400, 'bad_value', 'ends_at');
  L.expectError(await as(srv, 'staff', 'POST', '/api/events', { ...base, audience: 'aliens' }), 400, 'bad_value', 'audience');
  L.expectError(await as(srv, 'staff', 'POST', '/api/events', { ...base, capacity: 0 }), 400, 'bad_value', 'capacity');
  L.expectStatus(await as(srv, 'resident', 'POST', '/api/events', base), 403);
  const ev = await newEvent(srv);
  L.expectError(await as(srv, 'resident_other', 'GET', `/api/events/${ev.id}`), 404, 'not_found');
  L.expectError(await as(srv, 'resident_other', 'POST', `/api/events/${ev.id}/bookings`, {}), 404, 'not_found');
  const list = (await L.get(srv, 'resident', `/api/events?node=${node}&per_page=2`)).json;
  assert.equal(list.items.length, 2);
  assert.ok(list.items[0].id > list.items[1].id);
  const next = (await L.get(srv, 'resident', `/api/events?node=${node}&per_page=2&after=${list.next}`)).json;
  assert.ok(next.items[0].id < list.items[1].id);
});

/* Gives user n points through an event they attend. */
async function earn(srv, user, n) {
  const ev = await newEvent(srv, { capacity: 1, points: n });
  const b = await as(srv, user, 'POST', `/api/events/${ev.id}/bookings`, {});
  L.expectStatus(await as(srv, 'staff', 'POST', `/api/bookings/${b.json.id}/checkin`, {}), 200, 'check in');
}

L.test('life: points are redeemed against stock, never below zero, and two redemptions of the last voucher: one wins', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  await earn(srv, 'committee', 20);
  const start = (await L.get(srv, 'committee', '/api/points')).json.balance;
  const rw = await as(srv, 'staff', 'POST', '/api/rewards', { node_id: node, name: '理发券', cost: 8, stock: 1 });
  L.expectStatus(rw, 201, 'reward');
  const dear = await as(srv, 'staff', 'POST', '/api/rewards', { node_id: node, name: '体检优先预约', cost: 100000, stock: 5 });
  L.expectError(await as(srv, 'committee', 'POST', '/api/points/redeem', { reward_id: dear.json.id }), 409, 'not_enough_points');
  const stock = (await L.get(srv, 'committee', `/api/rewards?node=${node}&per_page=100`)).json.items;
  assert.equal(stock.find((x) => x.id === dear.json.id).stock, 5);
  assert.equal((await L.get(srv, 'committee', '/api/points')).json.balance, start);
  const race = await Promise.all([1, 2].map(() => as(srv, 'committee', 'POST', '/api/points/redeem', { reward_id: rw.json.id })));
  assert.equal(race.filter((r) => r.status === 201).length, 1);
  const lost = race.find((r) => r.status !== 201);
  L.expectError(lost, 409, 'out_of_stock');
  assert.equal((await L.get(srv, 'committee', '/api/points')).json.balance, start - 8);
  const check = (await L.get(srv, 'staff', '/api/points/check')).json;
  assert.equal(check.ok, true);
  assert.equal(check.sum_balances, 0);
});

L.test('life: two redemptions racing for the same points: the balance never goes below zero', async () => {
  const srv = await L.sharedServer();
  const node = await place(srv);
  await earn(srv, 'grid8', 5);
  const bal = (await L.get(srv, 'grid8', '/api/points')).json.balance;
  const rw = await as(srv, 'staff', 'POST', '/api/rewards', { node_id: node, name: '文具套装', cost: bal, stock: 10 });
  const race = await Promise.all([1, 2, 3].map(() => as(srv, 'grid8', 'POST', '/api/points/redeem', { reward_id: rw.json.id })));
  assert.equal(race.filter((r) => r.status === 201).length, 1);
  for (const r of race.filter((x) => x.status !== 201)) L.expectError(r, 409, 'not_enough_points');
  assert.equal((await L.get(srv, 'grid8', '/api/points')).json.balance, 0);
  const items = (await L.get(srv, 'grid8', `/api/rewards?node=${node}&per_page=100`)).json.items;
  assert.equal(items.find((x) => x.id === rw.json.id).stock, 9);
});

L.test('life: a correction is a compensating entry, once; the ledger still sums to zero', async () => {
  const srv = await L.sharedServer();
  await earn(srv, 'microgrid8', 4);
  const p = (await L.get(srv, 'microgrid8', '/api/points')).json;
  const entry = p.items[0].entry_id;
  L.expectStatus(await as(srv, 'microgrid8', 'POST', `/api/points/entries/${entry}/reverse`, {}), 403);
  const rev = await as(srv, 'staff', 'POST', `/api/points/entries/${entry}/reverse`, {});
  L.expectStatus(rev, 201, 'reverse');
  L.expectError(await as(srv, 'staff', 'POST', `/api/points/entries/${entry}/reverse`, {}), 409, 'conflict');
  L.expectError(await as(srv, 'staff', 'POST', `/api/points/entries/${rev.json.entry_id}/reverse`, {}), 409, 'conflict');
  const after = (await L.get(srv, 'microgrid8', '/api/points')).json;
  assert.equal(after.balance, p.balance - 4);
  assert.equal(after.items[0].delta, -4);
  assert.equal(after.items[0].kind, 'correction');
  assert.equal((await L.get(srv, 'staff', '/api/points/check')).json.ok, true);
});

L.test('life: the public leaderboard masks names and leaves out whoever opted out', async () => {
  const srv = await L.sharedServer();
  await earn(srv, 'party', 500);
  const mine = (await L.get(srv, 'party', '/api/points')).json.balance;
  let board = (await L.get(srv, 'resident', '/api/points/board')).json.items;
  assert.equal(board[0].balance, mine);
  assert.match(board[0].name, /\*\*$/);
  L.expectStatus(await as(srv, 'party', 'POST', '/api/points/visibility', { public: false }), 200, 'opt out');
  board = (await L.get(srv, 'resident', '/api/points/board')).json.items;
  assert.equal(board.filter((x) => x.balance === mine).length, 0);
  assert.equal((await L.get(srv, 'party', '/api/points')).json.public, false);
});
