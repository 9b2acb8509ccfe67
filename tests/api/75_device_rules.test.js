// 75_device_rules.test.js: rules per community map a device event to a work order, a hazard in the safety
// register (through the safety model), a fault of the facility the device watches, or nothing, each with
// its own dedup window and per-device rate; the nearest rule above the device wins, elsewhere the
// built-in one applies. A device going silent raises one hazard through the leader's job, never twice for
// one silence; the device list page shows last contact.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';

async function setup(s, users = ['staff', 'resident', 'admin']) {
  const keys = {};
  for (const u of users) {
    const t = await L.api(s, 'POST', '/api/tokens', { token: await L.token(s, u), body: { label: 'device rules test' } });
    L.expectStatus(t, 201, 'token for ' + u);
    keys[u] = t.json.token;
  }
  const call = (user, method, p, body) => L.api(s, method, p, { token: keys[user], body });
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const buildings = (node.children || node.items || []).filter((k) => k.kind === 'building');
  return { call, compound: c, buildings };
}
const post = (s, token, body) => L.api(s, 'POST', '/api/integrations/events', { body, headers: { 'X-Device-Token': token } });

async function device(call, nodeId, kind, name, extra = {}) {
  const res = await call('staff', 'POST', '/api/devices', { node_id: nodeId, name, kind, ...extra });
  L.expectStatus(res, 201, 'device');
  return res.json;
}

test('device rules: a building\'s rule turns a leak into a hazard with its own window and rate; the next building keeps the built-in order', async () => {
  const s = await L.startServer();
  try {
    const { call, buildings } = await setup(s);
    assert.ok(buildings.length >= 2, 'two buildings in the pilot');
    const [b1, b2] = buildings;
    const rule = { node_id: b1.id, event: 'water_leak', action: 'hazard', likelihood: 4, consequence: 4, dedup_window: 600, per_minute: 3 };
    const bad = [
      [{ ...rule, event: 'earthquake' }, 'event'],
      [{ ...rule, action: 'explode' }, 'action'],
      [{ ...rule, likelihood: 9 }, 'likelihood'],
      [{ ...rule, per_minute: 0 }, 'per_minute'],
      [{ ...rule, dedup_window: 30 * 86400 }, 'dedup_window'],
      [{ ...rule, action: 'order', category: 'Leak!' }, 'category'],
    ];
    for (const [body, field] of bad) L.expectError(await call('staff', 'POST', '/api/device-rules', body), 400, 'bad_value', field);
    L.expectError(await call('resident', 'POST', '/api/device-rules', rule), 403, 'forbidden');
    assert.equal((await call('staff', 'GET', '/api/device-rules')).json.items.length, 0, 'nothing stored by the refusals');
    const set = await call('staff', 'POST', '/api/device-rules', rule);
    L.expectStatus(set, 201, 'rule');
    assert.equal(set.json.action, 'hazard');
    assert.equal(set.json.label, '漏水传感器报警');
    const ign = await call('staff', 'POST', '/api/device-rules', { node_id: b1.id, event: 'bin_full', action: 'ignore' });
    L.expectStatus(ign, 201, 'ignore rule');
    const list = (await call('staff', 'GET', '/api/device-rules')).json.items;
    assert.deepEqual(list.map((r) => [r.event, r.action]), [['water_leak', 'hazard'], ['bin_full', 'ignore']]);

    const d1 = await device(call, b1.id, 'leak_sensor', '1栋地下室水浸');
    const first = await post(s, d1.token, { event: 'water_leak', detail: '水位 3 厘米' });
    L.expectStatus(first, 201, 'hazard');
    assert.equal(first.json.action, 'hazard');
    assert.equal(first.json.order_id, null, 'no work order: the rule says hazard');
    const hz = (await call('staff', 'GET', `/api/hazards/${first.json.hazard_id}`)).json;
    const h = hz.hazard || hz;
    assert.equal(h.source, 'device');
    assert.equal(h.title, '漏水传感器报警');
    assert.equal(h.place_text, '1栋地下室水浸');
    const dup = await post(s, d1.token, { event: 'water_leak' });
    L.expectStatus(dup, 200, 'duplicate');
    assert.equal(dup.json.duplicate, true);
    assert.equal(dup.json.hazard_id, first.json.hazard_id);
    L.expectStatus(await post(s, d1.token, { event: 'water_leak' }), 200, 'third within the rate');
    L.expectError(await post(s, d1.token, { event: 'water_leak' }), 429, 'rate_limited');
    // past the rule's 10-minute window: a new hazard
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 601 }), 200, 'clock');
    const again = await post(s, d1.token, { event: 'water_leak' });
    L.expectStatus(again, 201, 'a new hazard after the window');
    assert.notEqual(again.json.hazard_id, first.json.hazard_id);
    const bin = await device(call, b1.id, 'smart_bin', '1栋垃圾桶');
    const ignored = await post(s, bin.token, { event: 'bin_full' });
    L.expectStatus(ignored, 200, 'ignored');
    assert.deepEqual([ignored.json.action, ignored.json.order_id, ignored.json.hazard_id], ['ignore', null, null]);
    // the next building: the built-in rule (a work order, and a hazard since it is a leak)
    const d2 = await device(call, b2.id, 'leak_sensor', '2栋地下室水浸');
    const other = await post(s, d2.token, { event: 'water_leak' });
    L.expectStatus(other, 201, 'built-in');
    assert.equal(other.json.action, 'order');
    assert.ok(Number.isInteger(other.json.order_id), 'a work order');
    assert.ok(Number.isInteger(other.json.hazard_id), 'and a hazard');
    const wo = (await call('staff', 'GET', `/api/workorders/${other.json.order_id}`)).json;
    assert.equal(wo.category.code, 'leak');
  } finally {
    await L.stopServer(s);
  }
});

test('device rules: a facility rule makes the event a fault of the facility the device watches', async () => {
  const s = await L.startServer();
  try {
    const { call, compound, buildings } = await setup(s);
    const demo = (await call('staff', 'GET', `/api/projects?compound=${compound.id}&per_page=100`)).json.items
      .find((p) => p.title === '学道苑·东南里7号老旧小区改造');
    const org = (await call('staff', 'GET', `/api/projects/${demo.id}/items`)).json.items[0].contractor_org_id;
    const f = await call('staff', 'POST', '/api/facilities', { compound_id: compound.id, project_id: demo.id, type: 'charger',
      name: '充电桩 B2', location: '2栋车棚', maintainer_org_id: org, warranty_until: '2029-06-30' });
    L.expectStatus(f, 201, 'facility');
    L.expectStatus(await call('staff', 'POST', '/api/device-rules', { node_id: compound.id, event: 'charger_fault', action: 'facility', category: 'fire_safety' }), 201, 'rule');
    const d = await device(call, buildings[0].id, 'charger', '2栋充电桩控制器');
    L.expectError(await post(s, d.token, { event: 'charger_fault' }), 400, 'bad_value', 'event');
    L.expectError(await call('staff', 'POST', `/api/devices/${d.device.id}/facility`, { facility_id: 99999999 }), 400, 'bad_ref', 'facility_id');
    L.expectError(await call('resident', 'POST', `/api/devices/${d.device.id}/facility`, { facility_id: f.json.id }), 403, 'forbidden');
    const linked = await call('staff', 'POST', `/api/devices/${d.device.id}/facility`, { facility_id: f.json.id });
    L.expectStatus(linked, 200, 'linked');
    assert.equal(linked.json.facility_id, f.json.id);
    const ev = await post(s, d.token, { event: 'charger_fault', detail: '过温' });
    L.expectStatus(ev, 201, 'fault');
    assert.equal(ev.json.action, 'facility');
    const one = (await call('staff', 'GET', `/api/facilities/${f.json.id}`)).json;
    assert.deepEqual(one.orders.map((o) => o.id), [ev.json.order_id], 'the fault is on the facility\'s record');
    const dup = await post(s, d.token, { event: 'charger_fault' });
    assert.equal(dup.json.duplicate, true);
    assert.equal(dup.json.order_id, ev.json.order_id);
  } finally {
    await L.stopServer(s);
  }
});

test('devices: a device going silent raises one hazard through the leader\'s job, never twice for one silence; the list page shows last contact', async () => {
  const s = await L.startServer({ extraArgs: ['--jobs-period', '1'] });
  try {
    const { call, buildings } = await setup(s);
    const d = await device(call, buildings[0].id, 'smoke_sensor', '1栋烟感A', { silent_after: 300 });
    L.expectStatus(await post(s, d.token, { event: 'smoke' }), 201, 'first word');
    const page = await L.api(s, 'GET', '/devices', { token: await L.token(s, 'staff') });
    L.expectStatus(page, 200, 'page');
    assert.match(page.text, /1栋烟感A/);
    assert.match(page.text, /最后上报：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    L.expectStatus(await L.api(s, 'GET', '/devices', { token: await L.token(s, 'resident') }), 403, 'not for residents');
    const find = async () => (await call('staff', 'GET', '/api/devices')).json.items.find((x) => x.id === d.device.id);
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 301 }), 200, 'clock');
    const silent = await (async () => {
      for (let i = 0; i < 200; i++) {
        const x = await find();
        if (x.silent_hazard_id) return x;
        await L.sleep(100);
      }
      throw new Error('no hazard for the silence');
    })();
    const hz = (await call('staff', 'GET', `/api/hazards/${silent.silent_hazard_id}`)).json;
    assert.equal((hz.hazard || hz).title, '设备失联：1栋烟感A');
    // more rounds of the job: the same hazard, no second one
    await L.sleep(2500);
    assert.equal((await find()).silent_hazard_id, silent.silent_hazard_id);
    const titles = (await call('staff', 'GET', `/api/hazards?compound=${(await L.compoundByName(s, 'staff', PILOT)).id}`)).json.items
      .filter((x) => x.title === '设备失联：1栋烟感A');
    assert.equal(titles.length, 1, 'one hazard for one silence');
    const page2 = await L.api(s, 'GET', '/devices', { token: await L.token(s, 'staff') });
    assert.match(page2.text, new RegExp(`/hazards/${silent.silent_hazard_id}`));
    assert.match(page2.text, /失联/);
    // the device speaks again; a new silence is a new hazard
    L.expectStatus(await post(s, d.token, { event: 'smoke' }), 200, 'speaks (a duplicate of the open order)');
    assert.equal((await find()).silent_hazard_id, null);
  } finally {
    await L.stopServer(s);
  }
});
