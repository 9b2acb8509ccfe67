// 73_devices.test.js: smart devices post their events with their own token (shown once, hashed at rest,
// revocable); a rule maps each event to a work order raised with source "device", the same event of the
// same device is deduplicated while its order is open, a flood of one device is cut at 30 a minute, and
// the device list shows last contact and which devices went silent.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
const keys = {};
async function srv() {
  if (!server) {
    server = await L.startServer();
    for (const u of ['resident', 'staff', 'admin']) {
      const t = await L.api(server, 'POST', '/api/tokens', { token: await L.token(server, u), body: { label: 'device test' } });
      L.expectStatus(t, 201, 'token for ' + u);
      keys[u] = t.json.token;
    }
  }
  return server;
}
function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: keys[user], body });
}
function post(s, token, body) {
  return L.api(s, 'POST', '/api/integrations/events', { body, headers: token ? { 'X-Device-Token': token } : {} });
}

const PILOT = '学道苑·东南里7号';
async function building(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  return (node.children || node.items || []).find((k) => k.kind === 'building');
}

async function device(s, b, kind, name, extra = {}) {
  const res = await call(s, 'staff', 'POST', '/api/devices', { node_id: b.id, name, kind, ...extra });
  L.expectStatus(res, 201, 'device');
  return res.json;
}

test('devices: a token shown once and never listed; bad tokens, unknown events and kinds refused', async () => {
  const s = await srv();
  const b = await building(s);
  L.expectError(await call(s, 'resident', 'POST', '/api/devices', { node_id: b.id, name: '烟感1', kind: 'smoke_sensor' }), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'POST', '/api/devices', { node_id: b.id, name: '烟感1', kind: 'toaster' }), 400, 'bad_value', 'kind');
  const d = await device(s, b, 'smoke_sensor', '3号楼烟感');
  assert.match(d.token, /^gzd_[0-9a-f]{48}$/);
  assert.equal(d.device.last_seen_at, null);
  const list = await call(s, 'staff', 'GET', '/api/devices');
  assert.ok(list.json.items.some((x) => x.id === d.device.id));
  assert.ok(!list.text.includes(d.token), 'the token is not listed');
  L.expectError(await post(s, null, { event: 'smoke' }), 401, 'bad_token');
  L.expectError(await post(s, 'gzd_' + '0'.repeat(48), { event: 'smoke' }), 401, 'bad_token');
  L.expectError(await post(s, d.token, { event: 'alien_landing' }), 400, 'bad_value', 'event');
  L.expectError(await post(s, d.token, { event: 'smoke', extra: 1 }), 400, 'unknown_field');
});

test('devices: smoke raises a fire-safety order from the device, deduplicated while open; another event is another order', async () => {
  const s = await srv();
  const b = await building(s);
  const d = await device(s, b, 'smoke_sensor', '5号楼烟感');
  const first = await post(s, d.token, { event: 'smoke', detail: '二楼走廊' });
  L.expectStatus(first, 201, 'raised');
  assert.equal(first.json.duplicate, false);
  const order = (await call(s, 'staff', 'GET', `/api/workorders/${first.json.order_id}`)).json;
  assert.match(order.description, /^烟感报警：5号楼烟感，二楼走廊$/);
  assert.equal(order.category.code, 'fire_safety');
  const again = await post(s, d.token, { event: 'smoke' });
  L.expectStatus(again, 200, 'deduplicated');
  assert.equal(again.json.duplicate, true);
  assert.equal(again.json.order_id, first.json.order_id);
  const leak = await post(s, d.token, { event: 'water_leak' });
  L.expectStatus(leak, 201, 'another event');
  assert.notEqual(leak.json.order_id, first.json.order_id);
  const seen = (await call(s, 'staff', 'GET', '/api/devices')).json.items.find((x) => x.id === d.device.id);
  assert.notEqual(seen.last_seen_at, null, 'last contact shown');
});

test('devices: a flood of one device is cut at 30 a minute; a revoked token is refused', async () => {
  const s = await srv();
  const b = await building(s);
  const d = await device(s, b, 'smart_bin', '东门垃圾桶');
  const statuses = [];
  for (let i = 0; i < 31; i++) statuses.push((await post(s, d.token, { event: 'bin_full' })).status);
  assert.equal(statuses[0], 201);
  assert.deepEqual(statuses.slice(1, 30), Array(29).fill(200), 'duplicates of the open order');
  L.expectError(await post(s, d.token, { event: 'bin_full' }), 429, 'rate_limited');
  const other = await device(s, b, 'smart_bin', '西门垃圾桶');
  L.expectStatus(await post(s, other.token, { event: 'bin_full' }), 201, 'another device is not limited');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/devices/${other.device.id}/revoke`), 200, 'revoked');
  L.expectError(await post(s, other.token, { event: 'bin_full' }), 401, 'bad_token');
});

test('devices: a device silent longer than its window shows as silent', async () => {
  const s = await srv();
  const b = await building(s);
  const d = await device(s, b, 'leak_sensor', '地下室水浸', { silent_after: 600 });
  L.expectStatus(await post(s, d.token, { event: 'water_leak' }), 201, 'heard');
  let row = (await call(s, 'staff', 'GET', '/api/devices')).json.items.find((x) => x.id === d.device.id);
  assert.equal(row.silent, false);
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 700 }), 200, 'clock');
  row = (await call(s, 'staff', 'GET', '/api/devices')).json.items.find((x) => x.id === d.device.id);
  assert.equal(row.silent, true);
});
