// 61_safety_patrols.test.js: the twice-daily patrols: routes of points, a check-in by the point's code (an HMAC:
// a guessed code fails) or a tap, once per point and round, clocks compared and flagged; a finding becomes a
// hazard in the same transaction; a round's state and every skipped point by name as the clock moves; the
// worker's inbox names the missed round. The clock is moved into and out of the rounds' windows.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { test, assert } = L;

const USERS = ['staff', 'grid8', 'microgrid8', 'admin', 'resident'];

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

/* Moves the server's clock forward to the next hh:00 Shanghai time and signs everyone in again (a moved clock
 * may end the sessions). Returns the new local date "YYYY-MM-DD". */
async function moveTo(s, hh) {
  const now = await L.serverNow(s);
  const sod = (now + 8 * 3600) % 86400;
  let shift = (hh * 3600 - sod + 86400) % 86400;
  if (shift === 0) shift = 86400;
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: shift }), 200, 'clock');
  for (const u of USERS) L.rememberToken(s, u, (await L.login(s, u)).token);
  return new Date((now + shift + 8 * 3600) * 1000).toISOString().slice(0, 10);
}

async function setup(s) {
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const points = [
    { name: '东门消防栓', compound_id: c, place_text: '东门内侧' },
    { name: '2栋配电房', compound_id: c },
    { name: '后院围墙', compound_id: c, place_text: '北侧围墙' },
  ];
  const res = await call(s, 'grid8', 'POST', '/api/patrol-routes', { node_id: c, name: '东南里7号巡查线', worker: 'microgrid8', points });
  L.expectStatus(res, 201, 'route');
  return { c, route: res.json };
}

test('patrols: a route is made by a manager, of named points in its place; bad routes are refused', async () => {
  const s = await L.startServer();
  const { c, route } = await setup(s);
  assert.deepEqual(route.points.map((p) => p.name), ['东门消防栓', '2栋配电房', '后院围墙'], 'line 44');
  assert.ok(route.points.every((p) => /^[0-9a-f]{16}$/.test(p.code)), 'managers get the codes to post');
  const seen = (await L.get(s, 'microgrid8', `/api/patrol-routes/${route.id}`)).json;
  assert.ok(seen.points.every((p) => !('code' in p)), 'a patroller does not get the codes');
  const list = (await L.get(s, 'microgrid8', `/api/patrol-routes?node=${c}`)).json;
  const before = list.items.map((r) => r.id);
  assert.equal(before[0], route.id, 'listed, newest first');
  const other = (await L.compounds(s, 'staff')).find((x) => x.id !== c && x.name !== F.PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  const base = { node_id: c, name: '线', points: [{ name: '点', compound_id: c }] };
  L.expectError(await call(s, 'grid8', 'POST', '/api/patrol-routes', { ...base, points: [] }), 400, 'bad_value', 'points');
  L.expectError(await call(s, 'grid8', 'POST', '/api/patrol-routes', { ...base, points: [{ name: '点', compound_id: other.id }] }), 400, 'bad_value', 'points');
  L.expectError(await call(s, 'grid8', 'POST', '/api/patrol-routes', { ...base, node_id: building.id }), 400, 'bad_value', 'node_id');
  L.expectError(await call(s, 'grid8', 'POST', '/api/patrol-routes', { ...base, worker: 'nobody_here' }), 400, 'bad_value', 'worker');
  L.expectError(await call(s, 'microgrid8', 'POST', '/api/patrol-routes', base), 403, 'forbidden');
  assert.deepEqual((await L.get(s, 'microgrid8', `/api/patrol-routes?node=${c}`)).json.items.map((r) => r.id), before, 'nothing written');
  L.expectError(await L.get(s, 'resident', `/api/patrol-routes/${route.id}`, { ok: false }), 403, 'forbidden');
});

test('patrols: check-ins by code or tap, once per round; findings become hazards; skipped points are named', async () => {
  const s = await L.startServer();
  const { route } = await setup(s);
  const [p1, p2, p3] = route.points;
  const other = await call(s, 'grid8', 'POST', '/api/patrol-routes', { node_id: route.node_id, name: '另一条线', points: [{ name: '花园', compound_id: route.node_id }] });
  L.expectStatus(other, 201, 'second route');
  const date = await moveTo(s, 7);
  const at = await L.serverNow(s);
  const ci = (body) => call(s, 'microgrid8', 'POST', '/api/patrols', { route_id: route.id, ...body });

  L.expectError(await ci({ point_id: p1.id, method: 'scan', code: '0123456789abcdef' }), 403, 'bad_code', 'code');
  L.expectError(await ci({ point_id: p1.id, method: 'scan' }), 403, 'bad_code', 'code');
  L.expectError(await ci({ point_id: other.json.points[0].id, method: 'tap' }), 400, 'bad_value', 'point_id');
  L.expectError(await ci({ point_id: p1.id, method: 'walk' }), 400, 'bad_value', 'method');
  L.expectError(await call(s, 'resident', 'POST', '/api/patrols', { route_id: route.id, point_id: p1.id, method: 'tap' }), 403, 'forbidden');
  const first = await ci({ point_id: p1.id, method: 'scan', code: p1.code, device_time: at + 30 });
  L.expectStatus(first, 201, 'scan');
  assert.equal(first.json.flagged, false, 'clocks within 5 minutes');
  L.expectError(await ci({ point_id: p1.id, method: 'tap' }), 409, 'already_checked', 'point_id');

  // a finding with a grade outside the matrix: nothing kept, not even the check-in
  L.expectError(await ci({ point_id: p2.id, method: 'tap', finding_title: '配电房门锁损坏', finding_likelihood: 7, finding_consequence: 3 }), 400, 'bad_value', 'finding_likelihood');
  let day = (await L.get(s, 'microgrid8', `/api/patrol-routes/${route.id}/day?date=${date}`)).json;
  assert.deepEqual(day.rounds[0].done.map((d) => d.point_id), [p1.id], 'the refused check-in left nothing');

  const found = await ci({ point_id: p2.id, method: 'tap', device_time: at - 3600, note: '门锁坏了', finding_title: '配电房门锁损坏', finding_likelihood: 5, finding_consequence: 5 });
  L.expectStatus(found, 201, 'tap with a finding');
  assert.equal(found.json.flagged, true, 'a device an hour off is flagged, not refused');
  const h = (await L.get(s, 'grid8', `/api/hazards/${found.json.hazard_id}`)).json;
  assert.deepEqual([h.grade, h.source, h.place_text, h.title], ['red', 'patrol', '2栋配电房', '配电房门锁损坏'], 'line 92');

  day = (await L.get(s, 'microgrid8', `/api/patrol-routes/${route.id}/day?date=${date}`)).json;
  assert.deepEqual(day.rounds.map((r) => [r.slot, r.state]), [['am', 'in_progress'], ['pm', 'pending']], 'line 95');
  assert.deepEqual(day.rounds[0].skipped, [], 'nothing is skipped while the round is open');
  assert.deepEqual(day.rounds[0].done.map((d) => d.flagged), [false, true], 'line 97');

  // the phone page a posted code opens, and its form: a check-in of the other route's point
  const op = other.json.points[0];
  const page = await L.get(s, 'grid8', `/patrol/${other.json.id}/${op.id}?c=${op.code}`);
  assert.match(page.text, /扫码打卡/);
  const form = (code) => L.api(s, 'POST', `/patrol/${other.json.id}/${op.id}`, {
    token: L.cachedToken(s, 'grid8'), rawBody: `code=${code}&note=`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  L.expectStatus(await form('ffffffffffffffff'), 403, 'a guessed code');
  const posted = await form(op.code);
  L.expectStatus(posted, 200, 'checked in from the page');
  assert.match(posted.text, /打卡成功/);
  const od = (await L.get(s, 'grid8', `/api/patrol-routes/${other.json.id}/day?date=${date}`)).json;
  assert.deepEqual(od.rounds[0].done.map((d) => d.point_id), [op.id], 'the page checked the point in');

  // past noon: the morning round ended with the back wall skipped; no round is open at 13:00
  await moveTo(s, 13);
  L.expectError(await ci({ point_id: p3.id, method: 'tap' }), 409, 'outside_window');
  day = (await L.get(s, 'microgrid8', `/api/patrol-routes/${route.id}/day?date=${date}`)).json;
  assert.deepEqual(day.rounds.map((r) => r.state), ['incomplete', 'pending'], 'line 103');
  assert.deepEqual(day.rounds[0].skipped.map((p) => p.name), ['后院围墙'], 'line 104');

  const todo = (await L.get(s, 'microgrid8', '/api/me/todo')).json;
  // other days and the demo's route may be listed too: this route's day has one, its morning
  const missed = todo.items.filter((x) => x.kind === 'patrol_missed' && x.link === `/patrol-routes/${route.id}?date=${date}`);
  assert.deepEqual(missed.map((x) => x.link), [`/patrol-routes/${route.id}?date=${date}`], 'line 108');
  assert.match(missed[0].title, /漏巡 1 个点位/);
  assert.equal(todo.counts.patrol_missed, todo.items.filter((x) => x.kind === 'patrol_missed').length);
  const grid8 = (await L.get(s, 'grid8', '/api/me/todo')).json;
  assert.equal(grid8.items.some((x) => x.link.startsWith(`/patrol-routes/${route.id}?`)), false, 'only the route\'s worker is reminded');

  // at 23:00 the afternoon round, never walked, expired with every point skipped
  await moveTo(s, 23);
  day = (await L.get(s, 'microgrid8', `/api/patrol-routes/${route.id}/day?date=${date}`)).json;
  assert.deepEqual(day.rounds.map((r) => r.state), ['incomplete', 'expired'], 'line 117');
  assert.deepEqual(day.rounds[1].skipped.map((p) => p.name), ['东门消防栓', '2栋配电房', '后院围墙'], 'line 118');
  L.expectError(await L.get(s, 'microgrid8', `/api/patrol-routes/${route.id}/day?date=2026-13-40`, { ok: false }), 400, 'bad_param', 'date');
});
