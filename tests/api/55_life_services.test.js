// 55_life_services.test.js: the service menu: basic and professional services with providers, price kinds and
// contracted response times; a resident's order is a work order raised through the work orders' own machinery
// (source "service", the contract's times as its SLA), listed back by the service.
'use strict';

const L = require('./lib');
const { assert } = L;

const COMPOUND = '学道苑·东南里7号';

async function as(srv, user, method, p, body) {
  return L.api(srv, method, p, { token: await L.token(srv, user), body });
}

function service(node, fields = {}) {
  return { node_id: node, name: '管道疏通', tier: 'professional', provider: '蓉城水电维修部', category: 'drain',
    price_kind: 'low_cost', price_fen: 3000, response_minutes: 120, resolve_minutes: 1440, ...fields };
}

L.test('life services: the menu is checked on input and listed by place with its price kind', async () => {
  const srv = await L.sharedServer();
  const node = (await L.compoundByName(srv, 'staff', COMPOUND)).id;
  const ok = await as(srv, 'staff', 'POST', '/api/services', service(node));
  L.expectStatus(ok, 201, 'service');
  assert.equal(ok.json.price_label, '低偿');
  assert.equal(ok.json.price_fen, 3000);
  L.expectError(await as(srv, 'staff', 'POST', '/api/services', service(node, { tier: 'vip' })), 400, 'bad_value', 'tier');
  L.expectError(await as(srv, 'staff', 'POST', '/api/services', service(node, { price_kind: 'free', price_fen: 100 })),
    400, 'bad_value', 'price_fen');
  L.expectError(await as(srv, 'staff', 'POST', '/api/services', service(node, { price_fen: -1 })), 400, 'bad_value', 'price_fen');
  L.expectError(await as(srv, 'staff', 'POST', '/api/services', service(node, { resolve_minutes: 60 })),
    400, 'bad_value', 'resolve_minutes');
  L.expectStatus(await as(srv, 'resident', 'POST', '/api/services', service(node)), 403);
  await as(srv, 'staff', 'POST', '/api/services', service(node, { name: '上门保洁', tier: 'basic', price_kind: 'free', price_fen: 0 }));
  const p1 = (await L.get(srv, 'resident', `/api/services?node=${node}&per_page=1`)).json;
  assert.equal(p1.items.length, 1);
  const p2 = (await L.get(srv, 'resident', `/api/services?node=${node}&per_page=1&after=${p1.next}`)).json;
  assert.ok(p2.items[0].id > p1.items[0].id);
});

L.test('life services: a resident orders a service; it is a work order with the contract\'s times, found by its service', async () => {
  const srv = await L.sharedServer();
  const node = (await L.compoundByName(srv, 'staff', COMPOUND)).id;
  const fast = (await as(srv, 'staff', 'POST', '/api/services', service(node, { name: '急修', response_minutes: 30, resolve_minutes: 120 }))).json;
  const slow = (await as(srv, 'staff', 'POST', '/api/services', service(node, { name: '常规疏通', response_minutes: 120, resolve_minutes: 4320 }))).json;
  const roles = await L.grants(srv, 'resident');
  const home = L.grantNode(roles[0]);
  const o1 = await as(srv, 'resident', 'POST', `/api/services/${fast.id}/orders`, { node_id: home, description: '厨房下水道堵了' });
  L.expectStatus(o1, 201, 'order');
  const o2 = await as(srv, 'resident', 'POST', `/api/services/${slow.id}/orders`, { node_id: home, description: '卫生间地漏慢' });
  L.expectStatus(o2, 201, 'order');
  // the same work order the resident follows among their requests
  const wo = (await L.get(srv, 'resident', `/api/workorders/${o1.json.order_id}`)).json;
  assert.match(wo.description, /急修/);
  assert.equal(wo.category.code, 'drain');
  // the service's own list of its orders (staff), with the contract's deadline
  const l1 = (await L.get(srv, 'staff', `/api/services/${fast.id}/orders`)).json.items;
  const l2 = (await L.get(srv, 'staff', `/api/services/${slow.id}/orders`)).json.items;
  assert.deepEqual(l1.map((x) => x.id), [o1.json.order_id]);
  assert.deepEqual(l2.map((x) => x.id), [o2.json.order_id]);
  assert.ok(l1[0].resolve_due < l2[0].resolve_due);
  assert.equal(l1[0].open, true);
  // someone else's household: refused; an order of a service one cannot see: 404
  const other = L.grantNode((await L.grants(srv, 'resident_other'))[0]);
  L.expectStatus(await as(srv, 'resident', 'POST', `/api/services/${fast.id}/orders`, { node_id: other, description: '堵了' }), 404);
  L.expectError(await as(srv, 'resident_other', 'POST', `/api/services/${fast.id}/orders`, { node_id: other, description: '堵了' }),
    404, 'not_found');
  L.expectStatus(await as(srv, 'resident', 'GET', `/api/services/${fast.id}/orders`), 403);
});
