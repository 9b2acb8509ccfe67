// 09_authz_refs.test.js: every object a request body names (a unit, a scope node, a topic, a work order,
// a vote) is checked against the caller's scope like a read: one the caller may not see is answered
// exactly as one that does not exist (404 not_found naming the field), and nothing is written.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

/* resident_other's compound: outside grid 8 and outside the pilot's committee. */
async function otherCompound(s) {
  const c = (await L.compounds(s, 'resident_other'))[0];
  const g8 = new Set((await L.compounds(s, 'grid8')).map((x) => x.id));
  assert.ok(!g8.has(c.id), 'resident_other lives outside grid 8');
  return c;
}

async function firstChild(s, id, kind) {
  const node = (await L.get(s, 'staff', `/api/nodes/${id}`)).json;
  const k = (node.children || []).find((x) => x.kind === kind);
  assert.ok(k, `node ${id} has a ${kind}`);
  return k;
}

/* Two refusals must be the same answer, byte for byte. */
function sameAnswer(a, b, what) {
  assert.equal(a.status, b.status, what);
  assert.equal(a.text, b.text, what);
}

test('a household placed in a unit out of the worker\'s scope gets the 404 of a unit that does not exist', async () => {
  const s = await srv();
  const other = await otherCompound(s);
  const unit = await firstChild(s, (await firstChild(s, other.id, 'building')).id, 'unit');
  const far = await call(s, 'grid8', 'POST', '/api/households', { unit_id: unit.id, door: '999' });
  L.expectError(far, 404, 'not_found', 'unit_id');
  sameAnswer(far, await call(s, 'grid8', 'POST', '/api/households', { unit_id: 99999999, door: '999' }), 'unit out of scope = no unit');
  const units = (await L.get(s, 'staff', `/api/nodes/${unit.id}`)).json.children || [];
  assert.ok(!units.some((h) => h.name === '999'), 'nothing was written');
});

test('a vote placed on a compound out of the committee\'s sight, or citing a topic there, is answered as not found', async () => {
  const s = await srv();
  const other = await otherCompound(s);
  const pilot = await L.compoundByName(s, 'staff', PILOT);
  const far = await call(s, 'committee', 'POST', '/api/votes', { node_id: other.id, title: '别处的表决', kind: 'simple' });
  L.expectError(far, 404, 'not_found', 'node_id');
  sameAnswer(far, await call(s, 'committee', 'POST', '/api/votes', { node_id: 99999999, title: '别处的表决', kind: 'simple' }),
    'node out of sight = no node');

  const t = await call(s, 'staff', 'POST', '/api/topics', { node_id: other.id, title: '别处的议题' });
  L.expectStatus(t, 201, 'a topic elsewhere');
  const cites = await call(s, 'committee', 'POST', '/api/votes', { node_id: pilot.id, title: '引用别处议题', kind: 'simple', topic_id: t.json.id });
  L.expectError(cites, 404, 'not_found', 'topic_id');
  sameAnswer(cites, await call(s, 'committee', 'POST', '/api/votes', { node_id: pilot.id, title: '引用别处议题', kind: 'simple', topic_id: 99999999 }),
    'topic out of sight = no topic');
  const votes = (await L.get(s, 'staff', `/api/votes?node=${pilot.id}&per_page=100`)).json.items;
  assert.ok(!votes.some((v) => v.title === '引用别处议题'), 'no vote was created');
});

test('a payment request cites only a work order and a vote its requester may read', async () => {
  const s = await srv();
  const other = await otherCompound(s);
  const pilot = await L.compoundByName(s, 'staff', PILOT);
  const fund = (await L.get(s, 'finance', `/api/funds?compound=${pilot.id}`)).json.items.find((f) => f.kind === 'autonomy');
  assert.ok(fund, 'the pilot has an autonomy fund');
  const order = await call(s, 'resident_other', 'POST', '/api/workorders', { category: 'leak', node_id: other.id, description: '别处的工单' });
  L.expectStatus(order, 201, 'an order elsewhere');
  const vote = await call(s, 'staff', 'POST', '/api/votes', { node_id: other.id, title: '别处的表决', kind: 'simple' });
  L.expectStatus(vote, 201, 'a vote elsewhere');
  const base = { fund_id: fund.id, payee: '某维修部', amount: 1000, purpose: '小修', category: 'works' };

  const wo = await call(s, 'committee', 'POST', '/api/payments', { ...base, workorder_id: order.json.id });
  L.expectError(wo, 404, 'not_found', 'workorder_id');
  sameAnswer(wo, await call(s, 'committee', 'POST', '/api/payments', { ...base, workorder_id: 99999999 }), 'order out of sight = no order');
  const v = await call(s, 'committee', 'POST', '/api/payments', { ...base, vote_id: vote.json.id });
  L.expectError(v, 404, 'not_found', 'vote_id');
  sameAnswer(v, await call(s, 'committee', 'POST', '/api/payments', { ...base, vote_id: 99999999 }), 'vote out of sight = no vote');
  // the same request citing an order of its own compound is accepted
  const mine = await call(s, 'resident', 'POST', '/api/workorders', { category: 'leak', node_id: pilot.id, description: '院里的工单' });
  L.expectStatus(await call(s, 'committee', 'POST', '/api/payments', { ...base, workorder_id: mine.json.id }), 201, 'own order');
});
