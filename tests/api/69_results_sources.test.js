// 69_results_sources.test.js: the indicators of the other capabilities (issue 16), computed from records this test
// builds in a month nobody has touched yet and compared with the figures worked out by hand from those records:
// hazards reported by grade, an event with its bookings and one check-in, a survey with a satisfaction question
// answered by three households and closed, an illegal structure's order finished, and the green coverage measured
// outside the system (entered with its source and date; the latest on or before the month's end counts).
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';
const DAY = 86400;

function monthOf(t) {
  return new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 7);
}
function dayOf(t) {
  return new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 10);
}

test('the indicators of projects, life, safety, surveys and measurements equal the figures worked out from their records', async () => {
  const s = await L.startServer();
  try {
    const keys = await L.apiTokens(s, 'resident', 'bldghead', 'grid8', 'microgrid8', 'contractor', 'staff', 'admin');
    const call = (user, method, p, body) => L.api(s, method, p, { token: user ? keys[user] : undefined, body });
    const shift = async (seconds) => (await call('admin', 'POST', '/api/debug/clock', { shift_seconds: seconds })).json.now;
    const c = await L.compoundByName(s, 'staff', PILOT);
    const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
    const building = (node.children || node.items || []).find((k) => k.kind === 'building');
    const now0 = await shift(62 * DAY);
    const month = monthOf(now0);
    const values = async () => {
      const j = (await call('staff', 'GET', `/api/indicators?node=${c.id}&period=${month}`)).json;
      return Object.fromEntries(j.indicators.map((i) => [i.code, i]));
    };
    const before = await values();

    // safety: one hazard of each grade, open now
    for (const [l, k] of [[5, 5], [4, 3], [1, 2]]) {
      L.expectStatus(await call('grid8', 'POST', '/api/hazards', { source: 'patrol', compound_id: c.id, title: '成效测试隐患',
        likelihood: l, consequence: k }), 201, 'hazard');
    }

    // life: an event this month, two people booked, one checked in
    const ev = await call('staff', 'POST', '/api/events', { node_id: c.id, title: '成效测试活动', audience: 'all', place: '院坝',
      starts_at: now0 + DAY, ends_at: now0 + DAY + 7200, capacity: 5, points: 0 });
    L.expectStatus(ev, 201, 'event');
    const b1 = await call('resident', 'POST', `/api/events/${ev.json.id}/bookings`, {});
    L.expectStatus(await call('bldghead', 'POST', `/api/events/${ev.json.id}/bookings`, {}), 201, 'second booking');
    L.expectStatus(await call('staff', 'POST', `/api/bookings/${b1.json.id}/checkin`, {}), 200, 'check-in');

    // surveys: satisfaction 5, 4 and 2 from three households: 2 of 3 satisfied
    const sv = await call('staff', 'POST', '/api/surveys', { node_id: c.id, title: '改造后满意度', questions: [
      { key: 'satisfaction', kind: 'scale', title: '对改造效果是否满意', required: true } ] });
    L.expectStatus(sv, 201, 'survey');
    L.expectStatus(await call('staff', 'POST', `/api/surveys/${sv.json.id}/distribute`, { mode: 'all' }), 200, 'distribute');
    L.expectStatus(await call('staff', 'POST', `/api/surveys/${sv.json.id}/open`, {}), 200, 'open');
    const hh = (await call('staff', 'GET', `/api/surveys/${sv.json.id}/households?per_page=3`)).json.items;
    assert.equal(hh.length, 3);
    for (const [i, v] of [[0, 5], [1, 4], [2, 2]]) {
      L.expectStatus(await call(null, 'POST', `/api/answer/${hh[i].token}`, { answers: { satisfaction: v } }), 200, 'answer');
    }
    L.expectStatus(await call('staff', 'POST', `/api/surveys/${sv.json.id}/close`, {}), 200, 'close');

    // work orders: one illegal structure removed (its order done this month)
    const wo = await call('resident', 'POST', '/api/workorders', { category: 'illegal_structure', node_id: building.id,
      description: '楼顶私搭彩钢棚' });
    L.expectStatus(wo, 201, 'report');
    const step = async (user, body) => L.expectStatus(await call(user, 'POST', `/api/workorders/${wo.json.id}/transition`, body), 200, body.action);
    const orgs = (await call('grid8', 'GET', `/api/workorders/orgs?order=${wo.json.id}`)).json.items;
    const lead = orgs.find((x) => /蓉城建设/.test(x.name));
    await step('grid8', { action: 'accept', class: 'routine' });
    await step('grid8', { action: 'dispatch', org_ids: [lead.id], lead_org_id: lead.id });
    await step('contractor', { action: 'progress', note: '已到现场' });
    await step('contractor', { action: 'done', note: '已拆除' });

    // a measurement from outside: 35.0 % in this month, 41.0 % after it (not counted for this month)
    const measure = (value, date) => call('staff', 'POST', '/api/indicators/refs', { code: 'green_cover', node_id: c.id,
      kind: 'measured', value, source: '街道绿化普查', date });
    L.expectStatus(await measure(350, dayOf(now0 + DAY)), 201, 'measured');
    L.expectStatus(await measure(410, dayOf(now0 + 70 * DAY)), 201, 'measured later');
    // bad input: a computed indicator cannot be entered as measured, a rate above 100 %, a date that is not one
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { code: 'wo_orders', node_id: c.id, kind: 'measured',
      value: 3, source: 'x', date: dayOf(now0) }), 400, 'unknown_indicator', 'code');
    L.expectError(await measure(1200, dayOf(now0)), 400, 'bad_value', 'value');
    L.expectError(await measure(300, '2026-02-30'), 400, 'bad_value', 'date');
    L.expectError(await call('resident', 'POST', '/api/indicators/refs', { code: 'green_cover', node_id: c.id,
      kind: 'measured', value: 1, source: 'x', date: dayOf(now0) }), 403, 'forbidden');

    const after = await values();
    const delta = (code) => after[code].current_value.value - before[code].current_value.value;
    assert.equal(delta('hazards_open_red'), 1);
    assert.equal(delta('hazards_open_yellow'), 1);
    assert.equal(delta('hazards_open_blue'), 1);
    assert.equal(delta('hazards_open'), 3);
    assert.equal(delta('events_held'), 1);
    assert.equal(after.events_participation.current_value.num - before.events_participation.current_value.num, 1);
    assert.equal(after.events_participation.current_value.den - before.events_participation.current_value.den, 2);
    assert.equal(after.satisfaction.current_value.value, 667);
    assert.deepEqual([after.satisfaction.current_value.num, after.satisfaction.current_value.den], [2, 3]);
    assert.equal(after.satisfaction.current_value.href, `/surveys/${sv.json.id}/results`);
    assert.equal(delta('illegal_removed'), 1);
    assert.match(after.illegal_removed.current_value.href, /category=illegal_structure/);
    assert.equal(after.green_cover.current_value.value, 350);
    assert.equal(after.green_cover.current_value.display, '35.0%');
    assert.equal(after.space_use.current_value.value, null);
    assert.equal(after.hazards_open.owner, 'safety');
    // the rows a measured value came from: the entries, newest first
    const m = (await call('staff', 'GET', `/api/indicators/measures?node=${c.id}&code=green_cover`)).json;
    assert.deepEqual(m.items.map((x) => [x.value, x.source]), [[410, '街道绿化普查'], [350, '街道绿化普查']]);
    L.expectError(await call('staff', 'GET', `/api/indicators/measures?node=${c.id}&code=wo_orders`), 400, 'unknown_indicator', 'code');
    // the public dashboard walks the same catalogue
    const d = (await call(null, 'GET', `/api/dashboard?node=${c.id}&year=${month.slice(0, 4)}`)).json;
    assert.ok(d.indicators.some((i) => i.code === 'volunteer_hours'), 'the dashboard lists the new indicators');

    // the street office's view: one indicator across its communities, ranked, each drilling down to its grids
    const streetNode = (await call(null, 'GET', '/api/dashboard')).json.node;
    const rk = (await call('admin', 'GET', `/api/indicators/ranking?node=${streetNode.id}&code=wo_orders&period=${month}`)).json;
    const streetValue = (await call('admin', 'GET', `/api/indicators?node=${streetNode.id}&period=${month}`)).json
      .indicators.find((i) => i.code === 'wo_orders').current_value.value;
    assert.ok(rk.items.length >= 1 && rk.items.every((x) => x.kind === 'community'), 'the communities');
    assert.equal(rk.items.reduce((a, x) => a + x.value.value, 0), streetValue, 'the communities add up to the street');
    const vals = rk.items.map((x) => x.value.value);
    assert.deepEqual(vals, vals.slice().sort((a, b) => a - b), 'fewer orders first (lower is better)');
    const down = (await call('admin', 'GET', rk.items[0].drill_down)).json;
    assert.ok(down.items.every((x) => x.kind === 'grid'), 'a community drills down to its grids');
    L.expectError(await call('admin', 'GET', `/api/indicators/ranking?node=${streetNode.id}&code=nope`), 400, 'unknown_indicator', 'code');

    // the dashboard's work orders come from the maintained tally, and equal the orders counted one by one
    const year = month.slice(0, 4);
    const street = (await call(null, 'GET', '/api/dashboard')).json.node;
    for (const place of [c.id, street.id]) {
      const dash = (await call(null, 'GET', `/api/dashboard?node=${place}&year=${year}`)).json;
      assert.equal(dash.from_tally, true, `tallied: ${place}`);
      const byCode = Object.fromEntries(dash.indicators.map((i) => [i.code, i]));
      for (let m = 0; m < 12; m++) {
        const period = dash.months[m];
        const scan = (await call('admin', 'GET', `/api/indicators?node=${place}&period=${period}`)).json;
        const sc = Object.fromEntries(scan.indicators.map((i) => [i.code, i.current_value]));
        for (const code of ['wo_orders', 'wo_on_time', 'wo_median_minutes', 'wo_rating']) {
          const t = byCode[code].by_month[m];
          assert.deepEqual([t.value, t.num, t.den], [sc[code].value, sc[code].num, sc[code].den], `${code} ${period} at ${place}`);
        }
      }
    }
  } finally {
    await L.stopServer(s);
  }
});
