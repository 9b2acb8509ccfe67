// 22_workorders_more.test.js: the two-party close (reporter, then the compound committee, where the
// community requires it), the configuration pages beside the API (same checks, audited), the reporter's
// confirm window enforced against a moving clock, coordination meetings of complex orders opened through
// the votes capability's API and met by the sweep, and the outbox of events for notifications.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
const keys = {};
/* One server for this file, with a test clock; API tokens (valid a year) survive clock jumps. */
async function srv() {
  if (!server) {
    server = await L.startServer();
    for (const u of ['resident', 'resident_other', 'grid8', 'staff', 'admin', 'committee', 'contractor', 'bldghead']) {
      const t = await L.api(server, 'POST', '/api/tokens', { token: await L.token(server, u), body: { label: 'wo2 test' } });
      L.expectStatus(t, 201, 'token for ' + u);
      keys[u] = t.json.token;
    }
  }
  return server;
}

function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: keys[user], body });
}

/* A page form, posted with the Bearer token (CSRF guards cookie sessions only). */
function form(s, user, p, fields) {
  const body = new URLSearchParams(fields).toString();
  return L.api(s, 'POST', p, { token: keys[user], rawBody: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

const PILOT = '学道苑·东南里7号';

let pilotCache = null;
/* The pilot compound and a building of it (looked up once, before any clock jump ends web sessions). */
async function pilot(s) {
  if (pilotCache) return pilotCache;
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const kids = node.children || node.items || [];
  const building = kids.find((k) => k.kind === 'building');
  assert.ok(building, 'the pilot compound has buildings');
  pilotCache = { compound: c, building };
  return pilotCache;
}

/* Sweeps until nothing more escalates: one sweep looks at up to 5000 orders, and after a clock jump
 * the demo year has more than that due. */
async function sweepAll(s) {
  for (let i = 0; i < 20; i++) {
    const res = await call(s, 'staff', 'POST', '/api/workorders/sweep');
    L.expectStatus(res, 200, 'sweep');
    if (res.json.escalated === 0) return;
  }
}

async function report(s, user, body) {
  const res = await call(s, user, 'POST', '/api/workorders', body);
  L.expectStatus(res, 201, `report as ${user}`);
  return res.json;
}

async function act(s, user, id, body, status = 200) {
  const res = await call(s, user, 'POST', `/api/workorders/${id}/transition`, body);
  L.expectStatus(res, status, `${body.action} as ${user}`);
  return res;
}

async function doneOrder(s, description, category = 'streetlight') {
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category, node_id: building.id, description });
  await act(s, 'grid8', o.id, { action: 'accept' });
  const orgs = (await call(s, 'grid8', 'GET', `/api/workorders/orgs?order=${o.id}`)).json.items;
  const con = orgs.find((x) => /蓉城建设/.test(x.name));
  assert.ok(con, 'the contractor is offered');
  await act(s, 'grid8', o.id, { action: 'dispatch', org_ids: [con.id] });
  const res = await act(s, 'contractor', o.id, { action: 'done', note: '修好了' });
  assert.equal(res.json.state, 'done');
  return res.json;
}

/* The id of the newest outbox event the reader sees, paging to the end. */
async function eventsTop(s) {
  let top = 0;
  for (;;) {
    const page = (await call(s, 'staff', 'GET', `/api/workorders/events?since=${top}&limit=1000`)).json;
    if (!page.items.length) return top;
    top = page.next_since;
  }
}

async function setting(s, community, body) {
  const res = await call(s, 'staff', 'POST', '/api/workorders/settings', { community_id: community, ...body });
  L.expectStatus(res, 200, 'setting ' + JSON.stringify(body));
  return res.json;
}

test('switch off (the default): the reporter\'s confirmation closes, and the committee has no say', async () => {
  const s = await srv();
  const o = await doneOrder(s, '默认：报事人确认即结单');
  L.expectError(await call(s, 'committee', 'POST', `/api/workorders/${o.id}/transition`, { action: 'committee_confirm' }), 403, 'forbidden', 'action');
  L.expectError(await call(s, 'committee', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm', rating: 4 }), 403, 'forbidden', 'action');
  const res = await act(s, 'resident', o.id, { action: 'confirm', rating: 5 });
  assert.equal(res.json.state, 'closed');
  assert.equal(res.json.rating, 5);
});

test('switch on: the reporter confirms, the order waits for the committee, and only the committee closes it', async () => {
  const s = await srv();
  const o = await doneOrder(s, '两方结单：先报事人，后院委会');
  await setting(s, o.community_id, { committee_confirms: true });
  try {
    // the committee cannot go first
    L.expectError(await call(s, 'committee', 'POST', `/api/workorders/${o.id}/transition`, { action: 'committee_confirm' }), 409, 'bad_transition', 'action');
    let res = await act(s, 'resident', o.id, { action: 'confirm', rating: 4, note: '灯亮了' });
    assert.equal(res.json.state, 'confirmed_by_reporter');
    assert.equal(res.json.rating, 4, 'the reporter\'s rating is the rating');
    assert.equal(res.json.closed_at, null, 'not closed yet');
    assert.ok(res.json.reporter_confirmed_at, 'when the reporter confirmed');
    // a second confirmation by the reporter is refused with the reason
    const again = await call(s, 'resident', 'POST', `/api/workorders/${o.id}/transition`, { action: 'confirm', rating: 1 });
    L.expectError(again, 409, 'bad_transition', 'action');
    assert.match(again.json.error.message_zh, /等待院委会/);
    // neither staff nor the handler close it now, nor the staff's timeout close
    L.expectError(await call(s, 'staff', 'POST', `/api/workorders/${o.id}/transition`, { action: 'committee_confirm' }), 403, 'forbidden', 'action');
    L.expectError(await call(s, 'contractor', 'POST', `/api/workorders/${o.id}/transition`, { action: 'committee_confirm' }), 403, 'forbidden', 'action');
    L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'close', note: 'x' }), 409, 'bad_transition', 'action');
    // it is still open everywhere: the list, Open311
    const o311 = await L.api(s, 'GET', `/open311/v2/requests/${o.id}.json`);
    assert.equal(o311.json[0].status, 'open');
    assert.match(o311.json[0].status_notes, /等待院委会确认/);
    // the committee's page shows its form
    const pg = await call(s, 'committee', 'GET', `/workorders/${o.id}`);
    assert.match(pg.text, /value="committee_confirm"/);
    assert.match(pg.text, /value="committee_reject"/);
    assert.doesNotMatch((await call(s, 'resident', 'GET', `/workorders/${o.id}`)).text, /value="committee_confirm"/);
    // the committee's list has it under what waits for its confirmation
    const list = (await call(s, 'committee', 'GET', '/workorders')).text;
    const part = list.slice(list.indexOf('id="awaiting-committee"'));
    assert.ok(list.includes('id="awaiting-committee"') && part.includes(`href="/workorders/${o.id}"`), 'listed for the committee');
    // the metrics count what waits for the committee
    const m = (await call(s, 'staff', 'GET', `/api/workorders/metrics?by=compound&node=${o.compound.id}`)).json;
    const g = m.groups.find((x) => x.key === o.compound.id);
    assert.ok(g && g.awaiting_committee >= 1, 'awaiting_committee counted: ' + JSON.stringify(g));
    res = await act(s, 'committee', o.id, { action: 'committee_confirm', note: '院委会现场看过' });
    assert.equal(res.json.state, 'closed');
    assert.equal(res.json.rating, 4, 'the committee does not change the rating');
    assert.ok(res.json.closed_at);
    const last = res.json.timeline.at(-1);
    assert.equal(last.kind, 'committee_confirm');
    assert.equal(last.from, 'confirmed_by_reporter');
    assert.equal(last.to, 'closed');
    L.expectError(await call(s, 'committee', 'POST', `/api/workorders/${o.id}/transition`, { action: 'committee_confirm' }), 409, 'bad_transition', 'action');
    assert.equal((await L.api(s, 'GET', `/open311/v2/requests/${o.id}.json`)).json[0].status, 'closed');
  } finally {
    await setting(s, o.community_id, { committee_confirms: false });
  }
});

test('a committee rejection reopens the order with its reason, and the handler works again', async () => {
  const s = await srv();
  const top = await eventsTop(s);
  const o = await doneOrder(s, '院委会不认可');
  await setting(s, o.community_id, { committee_confirms: true });
  try {
    await act(s, 'resident', o.id, { action: 'confirm', rating: 5 });
    L.expectError(await call(s, 'committee', 'POST', `/api/workorders/${o.id}/transition`, { action: 'committee_reject' }), 400, 'missing_field', 'note');
    assert.equal((await call(s, 'staff', 'GET', `/api/workorders/${o.id}`)).json.state, 'confirmed_by_reporter', 'nothing changed');
    let res = await act(s, 'committee', o.id, { action: 'committee_reject', note: '只修了一盏，另一盏还不亮' });
    assert.equal(res.json.state, 'reopened');
    assert.equal(res.json.reopen_count, 1);
    assert.equal(res.json.done_at, null);
    const ev = res.json.timeline.at(-1);
    assert.equal(ev.kind, 'committee_reject');
    assert.equal(ev.note, '只修了一盏，另一盏还不亮');
    res = await act(s, 'contractor', o.id, { action: 'progress', note: '返工' });
    res = await act(s, 'contractor', o.id, { action: 'done', note: '两盏都换了' });
    res = await act(s, 'resident', o.id, { action: 'confirm', rating: 5 });
    assert.equal(res.json.state, 'confirmed_by_reporter');
    res = await act(s, 'committee', o.id, { action: 'committee_confirm' });
    assert.equal(res.json.state, 'closed');
    // every step is in the outbox for notifications
    const all = (await call(s, 'staff', 'GET', `/api/workorders/events?since=${top}&limit=1000`)).json.items;
    const mine = all.filter((e) => e.entity_id === o.id).map((e) => e.kind);
    for (const k of ['workorder.reported', 'workorder.accept', 'workorder.dispatch', 'workorder.done', 'workorder.confirm', 'workorder.committee_reject', 'workorder.committee_confirm'])
      assert.ok(mine.includes(k), `${k} in ${mine.join(',')}`);
    const rej = all.find((e) => e.entity_id === o.id && e.kind === 'workorder.committee_reject');
    assert.equal(rej.payload.to, 'reopened');
    assert.equal(rej.payload.reason, '只修了一盏，另一盏还不亮');
  } finally {
    await setting(s, o.community_id, { committee_confirms: false });
  }
});

test('the outbox of events: PERM_WO_CONFIG only, paged by since, one event per transition', async () => {
  const s = await srv();
  L.expectError(await call(s, 'resident', 'GET', '/api/workorders/events'), 403, 'forbidden');
  L.expectError(await call(s, 'grid8', 'GET', '/api/workorders/events'), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'GET', '/api/workorders/events?since=x'), 400, 'bad_param', 'since');
  const head = (await call(s, 'staff', 'GET', '/api/workorders/events?since=0&limit=1')).json;
  assert.equal(head.items.length, 1);
  assert.ok(head.next_since >= head.items[0].id);
  // from the newest id on, exactly the new order's events appear, in order
  const top = await eventsTop(s);
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'garbage', node_id: building.id, description: '垃圾没清' });
  await act(s, 'grid8', o.id, { action: 'accept' });
  const page = (await call(s, 'staff', 'GET', `/api/workorders/events?since=${top}`)).json;
  // (the server's minute job may announce other orders' escalations meanwhile: this order's are checked)
  const mine = page.items.filter((e) => e.entity_id === o.id);
  assert.deepEqual(mine.map((e) => e.kind), ['workorder.reported', 'workorder.accept']);
  assert.ok(mine.every((e) => e.entity === 'work_order' && e.id > top));
  assert.equal(mine[1].title, `工单 #${o.id}：受理`, 'a title a group chat may show: no name');
  assert.equal(mine[1].payload.from, 'reported');
  assert.equal(mine[1].payload.to, 'accepted');
  assert.ok(mine[0].id < mine[1].id);
  assert.equal(page.next_since, page.items.at(-1).id);
  const rest = (await call(s, 'staff', 'GET', `/api/workorders/events?since=${page.next_since}`)).json.items;
  assert.ok(rest.every((e) => e.entity_id !== o.id), 'nothing seen twice');
});

test('the configuration pages: staff see every section; forms validate like the API, answer in Chinese and are audited', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'noise', node_id: building.id, description: '为了取社区编号' });
  const community = o.community_id;
  L.expectStatus(await call(s, 'resident', 'GET', '/workorders/config'), 403, 'a resident');
  L.expectStatus(await call(s, 'grid8', 'GET', '/workorders/config'), 403, 'a grid worker does not configure');
  const pg = await call(s, 'staff', 'GET', `/workorders/config?community=${community}`);
  L.expectStatus(pg, 200, 'config page');
  for (const id of ['settings', 'sla', 'calendars', 'ladder']) assert.match(pg.text, new RegExp(`id="${id}"`));
  assert.match(pg.text, /data-category="elevator"/, 'every category with its rule');
  assert.match(pg.text, /全天（24 小时）/);
  assert.ok((await call(s, 'staff', 'GET', '/workorders')).text.includes('/workorders/config'), 'linked from the list');

  // settings: the same check as the API, a Chinese message, nothing changed
  let res = await form(s, 'staff', '/workorders/config/settings', { community_id: community, confirm_days: '400' });
  assert.equal(res.status, 400);
  assert.match(res.text, /1 到 365 天/);
  res = await call(s, 'staff', 'POST', '/api/workorders/settings', { community_id: community, committee_confirms: false, confirm_days: 400 });
  L.expectError(res, 400, 'bad_value', 'confirm_days');
  res = await form(s, 'staff', '/workorders/config/settings', { community_id: community, confirm_days: '3', committee_confirms: '1' });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /saved=1/);
  let page2 = (await call(s, 'staff', 'GET', `/workorders/config?community=${community}`)).text;
  assert.match(page2, /name="committee_confirms" value="1" checked/);
  assert.match(page2, /name="confirm_days"[^>]*value="3"/);
  res = await form(s, 'staff', '/workorders/config/settings', { community_id: community, confirm_days: '' });
  assert.equal(res.status, 303);
  page2 = (await call(s, 'staff', 'GET', `/workorders/config?community=${community}`)).text;
  assert.doesNotMatch(page2, /name="committee_confirms" value="1" checked/);

  // an SLA rule for emergencies of one category, on a working calendar
  res = await form(s, 'staff', '/workorders/config/calendar', {
    community_id: community, name: '页面建的日历', day0: '09:00-12:00, 13:30-17:30', day1: '09:00-17:00', day2: '09:00-17:00',
    day3: '09:00-17:00', day4: '09:00-17:00', day5: '', day6: '', holidays: '2031-10-01\n2031-10-02', workdays: '2031-10-11',
  });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  res = await form(s, 'staff', '/workorders/config/calendar', { community_id: community, name: '坏日历', day0: '9点到5点' });
  assert.equal(res.status, 400);
  assert.match(res.text, /工作时间格式/);
  page2 = (await call(s, 'staff', 'GET', `/workorders/config?community=${community}`)).text;
  assert.match(page2, /页面建的日历/);
  assert.match(page2, /2031-10-01/);
  const calId = Number(/data-calendar="(\d+)"><h3>页面建的日历/.exec(page2)[1]);
  res = await form(s, 'staff', '/workorders/config/calendar-day', { community_id: community, calendar_id: calId, day: '2031-10-03', kind: 'holiday', name: '国庆' });
  assert.equal(res.status, 303);
  res = await form(s, 'staff', '/workorders/config/calendar-day', { community_id: community, calendar_id: calId, day: '2031-10-03', kind: 'holiday' });
  assert.equal(res.status, 409, 'the same day twice');
  res = await call(s, 'staff', 'POST', `/api/workorders/calendars/${calId}/days`, { day: '2031-13-01', kind: 'holiday' });
  L.expectError(res, 400, 'bad_value', 'day');
  res = await form(s, 'staff', '/workorders/config/calendar-day', { community_id: community, calendar_id: calId, day: '2031-10-02', remove: '1' });
  assert.equal(res.status, 303);
  page2 = (await call(s, 'staff', 'GET', `/workorders/config?community=${community}`)).text;
  assert.match(page2, /2031-10-03/);
  assert.doesNotMatch(page2, /2031-10-02/);

  res = await form(s, 'staff', '/workorders/config/sla', { community_id: community, category: 'elevator', class: 'emergency', response_minutes: '0', resolve_minutes: '600' });
  assert.equal(res.status, 400);
  assert.match(res.text, /1 到 525600/);
  res = await form(s, 'staff', '/workorders/config/sla', { community_id: community, category: 'nosuch', class: 'emergency', response_minutes: '30', resolve_minutes: '600' });
  assert.equal(res.status, 400);
  assert.match(res.text, /没有这个问题类别/);
  res = await form(s, 'staff', '/workorders/config/sla', {
    community_id: community, category: 'elevator', class: 'emergency', response_minutes: '30', onsite_minutes: '90',
    resolve_minutes: '600', meeting_minutes: '', confirm_minutes: '', calendar_id: String(calId),
  });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const pol = (await call(s, 'staff', 'GET', '/api/workorders/sla-policies')).json.items
    .find((p) => p.community_id === community && p.category === 'elevator' && p.class === 'emergency');
  assert.ok(pol, 'the rule is stored');
  assert.equal(pol.response_minutes, 30);
  assert.equal(pol.onsite_minutes, 90);
  assert.equal(pol.meeting_minutes, null);
  assert.equal(pol.calendar_id, calId);
  page2 = (await call(s, 'staff', 'GET', `/workorders/config?community=${community}`)).text;
  assert.match(page2, /data-category="elevator">.*?>30<.*?本社区·本类别/s);

  // the ladder: same order rule as the API
  res = await form(s, 'staff', '/workorders/config/ladder', { community_id: community, grid_after_minutes: '100', community_after_minutes: '50', street_after_minutes: '200' });
  assert.equal(res.status, 400);
  assert.match(res.text, /逐级递增/);
  res = await form(s, 'staff', '/workorders/config/ladder', { community_id: community, grid_after_minutes: '0', community_after_minutes: '1440', street_after_minutes: '4320' });
  assert.equal(res.status, 303);

  // every change is in the audit log: the chain grew by the successful forms only
  await call(s, 'staff', 'POST', '/api/workorders/sweep');
  const before = (await call(s, 'admin', 'GET', '/api/audit/verify')).json;
  assert.equal((await form(s, 'staff', '/workorders/config/ladder', { community_id: community, grid_after_minutes: '5', community_after_minutes: '1', street_after_minutes: '9' })).status, 400);
  assert.equal((await form(s, 'staff', '/workorders/config/ladder', { community_id: community, grid_after_minutes: '0', community_after_minutes: '1440', street_after_minutes: '4320' })).status, 303);
  const after = (await call(s, 'admin', 'GET', '/api/audit/verify')).json;
  assert.equal(after.ok, true);
  assert.equal(after.events, before.events + 1, 'one audit event for the one change');
  // policy set by the form: put back the default so other tests keep 24 h clocks
  await call(s, 'staff', 'POST', '/api/workorders/sla-policies', { community_id: community, category: 'elevator', class: 'emergency', response_minutes: 60, onsite_minutes: 120, resolve_minutes: 2880, calendar_id: null });
});

test('a complex order: staff open a coordination meeting from its page, the sweep links it and a held meeting meets the 48 h', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const top = await eventsTop(s);
  const o = await report(s, 'resident', { category: 'parking', node_id: building.id, description: '楼下车位纠纷，多户有意见' });
  let res = await act(s, 'grid8', o.id, { action: 'accept', class: 'complex' });
  assert.ok(res.json.meeting_due, 'a meeting is due for a complex matter');
  // staff (dispatch + deliberation) get the button to the votes capability's form, with the order's id
  const pg = (await call(s, 'staff', 'GET', `/workorders/${o.id}`)).text;
  assert.match(pg, new RegExp(`href="/meetings/new\\?work_order=${o.id}"`));
  assert.match(pg, /协调会应在此前召开/);
  // not the reporter, not a grid worker (who dispatches but does not run meetings)
  assert.doesNotMatch((await call(s, 'resident', 'GET', `/workorders/${o.id}`)).text, /\/meetings\/new/);
  assert.doesNotMatch((await call(s, 'grid8', 'GET', `/workorders/${o.id}`)).text, /\/meetings\/new/);
  // a routine order has none
  const routine = await report(s, 'resident', { category: 'garbage', node_id: building.id, description: '普通事项' });
  await act(s, 'grid8', routine.id, { action: 'accept' });
  assert.doesNotMatch((await call(s, 'staff', 'GET', `/workorders/${routine.id}`)).text, /\/meetings\/new/);

  // the meeting is created by the votes capability's API with the order's id
  const starts = (await L.serverNow(s)) + 3600;
  res = await call(s, 'staff', 'POST', '/api/meetings', { node_id: o.compound.id, kind: 'multi_party', title: '车位纠纷协调会', starts_at: starts, place: '社区议事厅', work_order_id: o.id });
  L.expectStatus(res, 201, 'meeting via the votes API');
  const mid = res.json.id;
  // the order's page lists it at once; the sweep puts the link on the timeline, once
  assert.match((await call(s, 'resident', 'GET', `/workorders/${o.id}`)).text, new RegExp(`href="/meetings/${mid}"`));
  await sweepAll(s);
  await sweepAll(s);
  let t = (await call(s, 'staff', 'GET', `/api/workorders/${o.id}`)).json;
  const links = t.timeline.filter((e) => e.kind === 'meeting_linked');
  assert.equal(links.length, 1, 'linked once');
  assert.match(links[0].note, new RegExp(`#${mid}`));
  assert.equal(t.meeting_at, null, 'planned is not held');
  // the meeting is held (minutes recorded by the votes capability), then the clock passes its start
  res = await call(s, 'staff', 'POST', `/api/meetings/${mid}/minutes`, { minutes: '各方同意划线停车', decisions: '按号停车' });
  L.expectStatus(res, 200, 'minutes');
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock');
  await sweepAll(s);
  t = (await call(s, 'staff', 'GET', `/api/workorders/${o.id}`)).json;
  assert.equal(Date.parse(t.meeting_at) / 1000, starts, 'the held meeting meets the deadline at its start');
  assert.ok(t.timeline.some((e) => e.kind === 'meeting_held'));
  // past 48 h: this order is not overdue, a complex order without a meeting is
  const other = await report(s, 'resident', { category: 'parking', node_id: building.id, description: '另一起纠纷，没开会' });
  const acc = (await act(s, 'grid8', other.id, { action: 'accept', class: 'complex' })).json;
  // (the pilot community's policy may count working hours: jump past both meeting deadlines)
  const now = (await call(s, 'staff', 'POST', '/api/workorders/sweep')).json.now;
  const due = Math.max(Date.parse(acc.meeting_due), Date.parse(t.meeting_due)) / 1000;
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: Math.max(0, due - now) + 3600 }), 200, 'clock');
  await sweepAll(s);
  t = (await call(s, 'staff', 'GET', `/api/workorders/${o.id}`)).json;
  assert.equal(t.overdue, false, 'past its meeting deadline with the meeting held: not overdue');
  const t2 = (await call(s, 'staff', 'GET', `/api/workorders/${other.id}`)).json;
  assert.equal(t2.overdue, true, 'no meeting within 48 h: overdue');
  assert.ok(t2.timeline.some((e) => e.kind === 'escalate'));
  // each step is announced for notifications: the link, the meeting held, the overdue mark, each escalation
  const evs = [];
  for (let since = top; ;) {
    const page = (await call(s, 'staff', 'GET', `/api/workorders/events?since=${since}&limit=1000`)).json;
    if (!page.items.length) break;
    evs.push(...page.items);
    since = page.next_since;
  }
  const kinds = (id) => evs.filter((e) => e.entity_id === id).map((e) => e.kind);
  for (const k of ['workorder.meeting_linked', 'workorder.meeting_held']) assert.ok(kinds(o.id).includes(k), k);
  assert.ok(kinds(other.id).includes('workorder.overdue'));
  assert.equal(kinds(other.id).filter((k) => k === 'workorder.escalated').length, t2.escalation_level, 'one event per escalation step');
  const esc = evs.find((e) => e.entity_id === other.id && e.kind === 'workorder.escalated');
  assert.equal(esc.payload.level, 1);
  assert.equal(esc.payload.target, 'grid');
});

test('staff close after the reporter\'s silence only once the configured time has passed (moving the clock)', async () => {
  const s = await srv();
  const o = await doneOrder(s, '报事人一直不回复');
  await setting(s, o.community_id, { committee_confirms: false, confirm_days: 2 });
  try {
    const o2 = await doneOrder(s, '按社区设置：两天');
    assert.equal(Date.parse((await call(s, 'staff', 'GET', `/api/workorders/${o2.id}`)).json.done_at) > 0, true);
    // the page says until when the reporter may answer
    let pg = (await call(s, 'grid8', 'GET', `/workorders/${o2.id}`)).text;
    assert.match(pg, /报事人确认期限/);
    assert.doesNotMatch(pg, /value="close"/, 'no close form before the time');
    const early = await call(s, 'grid8', 'POST', `/api/workorders/${o2.id}/transition`, { action: 'close', note: '联系不上报事人' });
    L.expectError(early, 409, 'bad_transition', 'action');
    assert.match(early.json.error.message_zh, /确认期限未到/);
    assert.equal((await call(s, 'grid8', 'GET', `/api/workorders/${o2.id}`)).json.state, 'done', 'nothing changed');
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 47 * 3600 }), 200, 'clock');
    L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o2.id}/transition`, { action: 'close', note: '联系不上' }), 409, 'bad_transition', 'action');
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 2 * 3600 }), 200, 'clock');
    pg = (await call(s, 'grid8', 'GET', `/workorders/${o2.id}`)).text;
    assert.match(pg, /value="close"/, 'the close form once the time has passed');
    L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o2.id}/transition`, { action: 'close' }), 400, 'missing_field', 'note');
    const res = await act(s, 'grid8', o2.id, { action: 'close', note: '三次电话未接，按规定结单' });
    assert.equal(res.json.state, 'closed');
    assert.equal(res.json.close_reason, '三次电话未接，按规定结单');
    // the order finished before the setting keeps the policy's 7 days
    L.expectError(await call(s, 'grid8', 'POST', `/api/workorders/${o.id}/transition`, { action: 'close', note: 'x' }), 409, 'bad_transition', 'action');
  } finally {
    await setting(s, o.community_id, { committee_confirms: false, confirm_days: null });
  }
});

test('bad configuration input changes nothing', async () => {
  const s = await srv();
  const { building } = await pilot(s);
  const o = await report(s, 'resident', { category: 'noise', node_id: building.id, description: 'x' });
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/settings', { community_id: o.community_id, committee_confirms: true, confirm_days: 0 }), 400, 'bad_value', 'confirm_days');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/settings', { community_id: o.compound.id, committee_confirms: true }), 400, 'bad_value', 'community_id');
  L.expectError(await call(s, 'grid8', 'POST', '/api/workorders/calendars/1/days', { day: '2031-01-01', kind: 'holiday' }), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'POST', '/api/workorders/calendars/999999/days', { day: '2031-01-01', kind: 'holiday' }), 404, 'not_found');
  const pg = (await call(s, 'staff', 'GET', `/workorders/config?community=${o.community_id}`)).text;
  assert.doesNotMatch(pg, /name="committee_confirms" value="1" checked/, 'the switch stayed off');
});
