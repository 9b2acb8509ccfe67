// 55_life_rota.test.js: rotas: duty types with shifts, volunteers' availability, the deterministic fair generator
// (availability and rest respected, same seed same rota), publish, swap with approval, done shifts earning points
// and missed shifts visible.
'use strict';

const L = require('./lib');
const { assert } = L;

const COMPOUND = '学道苑·东南里7号';
const VOLS = ['resident', 'bldghead', 'microgrid8'];
const H = 3600;

async function as(srv, user, method, p, body) {
  return L.api(srv, method, p, { token: await L.token(srv, user), body });
}

async function userId(srv, user) {
  return (await L.get(srv, user, '/api/me')).json.id;
}

/* A duty with three 4-hour shifts: day 1 and 4.5 hours later (too close for one person), day 2. Each rota
 * of this file has its own days: the rest rule looks across every duty a person is on. */
let rotas = 0;
async function newRota(srv, { approval = true } = {}) {
  const node = (await L.compoundByName(srv, 'staff', COMPOUND)).id;
  const d = await as(srv, 'staff', 'POST', '/api/rotas', { node_id: node, name: '楼道保洁', points: 2,
    swap_needs_approval: approval });
  L.expectStatus(d, 201, 'duty');
  const day = L.testNow() + 86400 * (30 + 3 * rotas++); // beyond the demo's rotas
  const starts = [day, day + 4.5 * H, day + 24 * H];
  const shifts = [];
  for (const s of starts) {
    const r = await as(srv, 'staff', 'POST', `/api/rotas/${d.json.id}/shifts`, { starts_at: s, ends_at: s + 4 * H });
    L.expectStatus(r, 201, 'shift');
    shifts.push(r.json);
  }
  return { duty: d.json, shifts };
}

async function offerAll(srv, shifts, users = VOLS) {
  for (const u of users) {
    for (const s of shifts) {
      L.expectStatus(await as(srv, u, 'POST', `/api/shifts/${s.id}/availability`, { available: true }), 200, 'offer');
    }
  }
}

L.test('life rota: the generator fills shifts from availability with rest between, the same seed giving the same rota', async () => {
  const srv = await L.sharedServer();
  const { duty, shifts } = await newRota(srv);
  await offerAll(srv, shifts);
  const g1 = await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/generate`, { seed: 5 });
  L.expectStatus(g1, 200, 'generate');
  assert.equal(g1.json.filled, 3);
  assert.equal(g1.json.slots, 3);
  const r1 = (await L.get(srv, 'staff', `/api/rotas/${duty.id}`)).json.assignments;
  assert.equal(r1.length, 3);
  // the two shifts of day 1 are 30 minutes apart: never the same person
  assert.notEqual(r1[0].user_id, r1[1].user_id);
  // balanced: three people, three shifts, one each
  assert.equal(new Set(r1.map((a) => a.user_id)).size, 3);
  await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/generate`, { seed: 5 });
  const r2 = (await L.get(srv, 'staff', `/api/rotas/${duty.id}`)).json.assignments;
  assert.deepEqual(r2.map((a) => [a.shift_id, a.user_id]), r1.map((a) => [a.shift_id, a.user_id]));
  // before publishing a volunteer sees only their own line
  const mine = (await L.get(srv, 'resident', `/api/rotas/${duty.id}`)).json;
  assert.equal(mine.published, false);
  assert.equal(mine.assignments.length, 1);
  L.expectStatus(await as(srv, 'resident', 'POST', `/api/rotas/${duty.id}/generate`, { seed: 1 }), 403);
});

L.test('life rota: a volunteer who offered nothing is never put on a shift', async () => {
  const srv = await L.sharedServer();
  const { duty, shifts } = await newRota(srv);
  await offerAll(srv, [shifts[0]], ['resident']);
  const g = await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/generate`, { seed: 9 });
  assert.equal(g.json.filled, 1);
  const r = (await L.get(srv, 'staff', `/api/rotas/${duty.id}`)).json.assignments;
  assert.equal(r.length, 1);
  assert.equal(r[0].shift_id, shifts[0].id);
  assert.equal(r[0].user_id, await userId(srv, 'resident'));
});

L.test('life rota: published, swapped with approval, rest and availability checked, done earns points, missed is visible', async () => {
  const srv = await L.sharedServer();
  const { duty, shifts } = await newRota(srv);
  await offerAll(srv, shifts);
  await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/generate`, { seed: 11 });
  L.expectStatus(await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/publish`, {}), 200, 'publish');
  L.expectError(await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/generate`, { seed: 1 }), 409, 'rota_published');
  const rota = (await L.get(srv, 'resident', `/api/rotas/${duty.id}`)).json;
  assert.equal(rota.published, true);
  assert.equal(rota.assignments.length, 3);
  // each volunteer's next shift is in their inbox
  for (const u of VOLS) {
    const items = (await L.get(srv, u, '/api/me/todo')).json.items.filter((x) => x.kind === 'life_shift');
    assert.equal(items.length, 1, u);
  }
  assert.equal((await L.get(srv, 'staff', '/api/me/todo')).json.items.filter((x) => x.kind === 'life_shift').length, 0);
  const [a0, a1, a2] = rota.assignments;
  // a swap to someone who did not offer the shift, or who would have no rest: refused, nothing changed
  const committee = await userId(srv, 'committee');
  L.expectError(await as(srv, 'staff', 'POST', `/api/assignments/${a1.id}/swap`, { user_id: committee }), 409, 'not_available', 'user_id');
  L.expectError(await as(srv, 'staff', 'POST', `/api/assignments/${a1.id}/swap`, { user_id: a0.user_id }), 409, 'rest_broken', 'user_id');
  // the day-2 shift handed to the person of day 1's second shift: asked, then approved by the staff
  const sw = await as(srv, 'staff', 'POST', `/api/assignments/${a2.id}/swap`, { user_id: a1.user_id });
  L.expectStatus(sw, 200, 'swap request');
  assert.equal(sw.json.awaiting_approval, true);
  let now = (await L.get(srv, 'staff', `/api/rotas/${duty.id}`)).json.assignments.find((a) => a.id === a2.id);
  assert.equal(now.user_id, a2.user_id);
  assert.equal(now.swap_to, a1.user_id);
  L.expectStatus(await as(srv, 'resident', 'POST', `/api/assignments/${a2.id}/approve`, {}), 403);
  L.expectStatus(await as(srv, 'staff', 'POST', `/api/assignments/${a2.id}/approve`, {}), 200, 'approve');
  now = (await L.get(srv, 'staff', `/api/rotas/${duty.id}`)).json.assignments.find((a) => a.id === a2.id);
  assert.equal(now.user_id, a1.user_id);
  L.expectError(await as(srv, 'staff', 'POST', `/api/assignments/${a2.id}/approve`, {}), 409, 'no_swap');
  // done earns the duty's points per started hour (2 x 4); missed earns nothing and shows
  const who = rota.assignments.find((a) => a.id === a0.id);
  const user = ['resident', 'bldghead', 'microgrid8'][
    (await Promise.all(VOLS.map((u) => userId(srv, u)))).indexOf(who.user_id)];
  const before = (await L.get(srv, user, '/api/points')).json.balance;
  L.expectStatus(await as(srv, 'staff', 'POST', `/api/assignments/${a0.id}/done`, {}), 200, 'done');
  assert.equal((await L.get(srv, user, '/api/points')).json.balance, before + 8);
  L.expectError(await as(srv, 'staff', 'POST', `/api/assignments/${a0.id}/done`, {}), 409, 'conflict');
  L.expectStatus(await as(srv, 'staff', 'POST', `/api/assignments/${a1.id}/missed`, {}), 200, 'missed');
  const after = (await L.get(srv, 'resident', `/api/rotas/${duty.id}`)).json.assignments;
  assert.equal(after.find((a) => a.id === a1.id).status, 'missed');
  assert.equal(after.find((a) => a.id === a0.id).status, 'done');
});

L.test('life rota: a duty without approval hands a shift over at once; bad shifts are refused', async () => {
  const srv = await L.sharedServer();
  const { duty, shifts } = await newRota(srv, { approval: false });
  await offerAll(srv, shifts);
  await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/generate`, { seed: 3 });
  const r = (await L.get(srv, 'staff', `/api/rotas/${duty.id}`)).json.assignments;
  const a2 = r[2];
  const other = r[1]; // day 1's afternoon: 15.5 hours before day 2's morning
  const sw = await as(srv, 'staff', 'POST', `/api/assignments/${a2.id}/swap`, { user_id: other.user_id });
  L.expectStatus(sw, 200, 'swap');
  assert.equal(sw.json.swapped, true);
  const now = (await L.get(srv, 'staff', `/api/rotas/${duty.id}`)).json.assignments.find((a) => a.id === a2.id);
  assert.equal(now.user_id, other.user_id);
  const t = L.testNow();
  L.expectError(await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/shifts`, { starts_at: t, ends_at: t }), 400, 'bad_value', 'ends_at');
  L.expectError(await as(srv, 'staff', 'POST', `/api/rotas/${duty.id}/shifts`, { starts_at: t, ends_at: t + H, needed: 0 }), 400, 'bad_value', 'needed');
  L.expectError(await as(srv, 'resident', 'POST', '/api/shifts/999999/availability', { available: true }), 404, 'not_found');
});
