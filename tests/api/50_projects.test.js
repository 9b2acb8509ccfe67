// 50_projects.test.js: renovation projects: items in three tiers, the maintenance-fund vote rule at start,
// inspections whose failed checks become defects, re-inspection, sign-offs by the named representatives
// (exactly once, also when two sign at once), residents' concerns as work orders, and the three acceptances
// with the final one refused while a defect is open or a signatory is missing.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';

async function post(srv, user, p, body) {
  return L.api(srv, 'POST', p, { token: await L.token(srv, user), body });
}

async function userId(srv, name) {
  const s = await L.login(srv, name);
  assert.equal(s.status, 200);
  return s.user.id;
}

async function newProject(srv, title = '学道苑老旧小区改造') {
  const c = await L.compoundByName(srv, 'staff', PILOT);
  const res = await post(srv, 'staff', '/api/projects', { title, compounds: [c.id] });
  L.expectStatus(res, 201, 'create project');
  return { compound: c, project: res.json };
}

const ITEM = { tier: 'basic', kind: 'drainage', name: '雨污分流改造', standard: 'GB 50268-2008', materials: 'HDPE双壁波纹管',
  budget: 48000000, planned_start: '2026-03-01', planned_end: '2026-06-30' };

test('projects: a project runs from its items through an inspection with a defect, its fix and the three acceptances', async () => {
  const srv = await L.sharedServer();
  const { project } = await newProject(srv);
  assert.equal(project.response_minutes, 1440, 'the 24-hour response commitment by default');
  const item = await post(srv, 'staff', `/api/projects/${project.id}/items`, ITEM);
  L.expectStatus(item, 201, 'add item');
  assert.equal(item.json.tier_label, '基础类');
  assert.equal(item.json.status, 'planned');
  // an inspection needs the item under way
  const checks = { passed: ['safety', 'materials', 'progress', 'slope'], failed: ['flow_test'] };
  L.expectError(await post(srv, 'supervisor', `/api/projects/${project.id}/inspections`,
    { item_id: item.json.id, kind: 'fortnightly', ...checks }), 409, 'not_started');
  L.expectStatus(await post(srv, 'staff', `/api/projects/${project.id}/items/${item.json.id}/start`), 200, 'start');
  const ins = await post(srv, 'supervisor', `/api/projects/${project.id}/inspections`,
    { item_id: item.json.id, kind: 'fortnightly', ...checks, notes: '通水试验渗漏' });
  L.expectStatus(ins, 201, 'inspection');
  assert.equal(ins.json.defects, 1, 'the failed check is one defect');
  const defects = (await L.get(srv, 'resident', `/api/projects/${project.id}/defects`)).json.items;
  assert.equal(defects.length, 1);
  assert.equal(defects[0].status, 'open');
  assert.equal(defects[0].check, 'flow_test');
  // the item's round: inspected this fortnight, so not due this week
  const due = (await L.get(srv, 'supervisor', `/api/projects/${project.id}/due`)).json.items;
  assert.equal(due.length, 0, 'nothing is due the week after an inspection');
  // acceptance in order
  L.expectError(await post(srv, 'supervisor', `/api/projects/${project.id}/acceptances`,
    { stage: 'initial', signatories: [{ role: 'supervisor', name: '郑工' }] }), 409, 'previous_stage_missing', 'stage');
  L.expectStatus(await post(srv, 'contractor', `/api/projects/${project.id}/acceptances`,
    { stage: 'self', signatories: [{ role: 'contractor', name: '吴工' }] }), 201, 'self-check');
  L.expectStatus(await post(srv, 'supervisor', `/api/projects/${project.id}/acceptances`,
    { stage: 'initial', signatories: [{ role: 'supervisor', name: '郑工' }], findings: '同意初验' }), 201, 'initial');
  const all = ['street', 'planning', 'housing', 'fire', 'community', 'committee', 'residents']
    .map((role) => ({ role, name: role + '代表' }));
  const before = (await L.get(srv, 'staff', `/api/projects/${project.id}/acceptances`)).json.items.length;
  L.expectError(await post(srv, 'committee', `/api/projects/${project.id}/acceptances`,
    { stage: 'final', signatories: all }), 409, 'open_defects');
  // the contractor fixes it; only a passing re-inspection closes it
  const d = defects[0].id;
  L.expectError(await post(srv, 'supervisor', `/api/projects/${project.id}/defects/${d}/recheck`, { passed: true }),
    409, 'defect_not_fixed');
  L.expectStatus(await post(srv, 'contractor', `/api/projects/${project.id}/defects/${d}/fixed`), 200, 'fixed');
  const closed = await post(srv, 'supervisor', `/api/projects/${project.id}/defects/${d}/recheck`, { passed: true });
  L.expectStatus(closed, 200, 'recheck');
  assert.equal(closed.json.status, 'closed');
  L.expectError(await post(srv, 'committee', `/api/projects/${project.id}/acceptances`,
    { stage: 'final', signatories: all.filter((s) => s.role !== 'fire') }), 409, 'signatory_missing', 'signatories');
  assert.equal((await L.get(srv, 'staff', `/api/projects/${project.id}/acceptances`)).json.items.length, before,
    'a refused acceptance writes nothing');
  const fin = await post(srv, 'committee', `/api/projects/${project.id}/acceptances`, { stage: 'final', signatories: all });
  L.expectStatus(fin, 201, 'final');
  assert.deepEqual(fin.json.acceptances.items.map((a) => a.stage), ['self', 'initial', 'final']);
  L.expectError(await post(srv, 'committee', `/api/projects/${project.id}/acceptances`, { stage: 'final', signatories: all }),
    409, 'stage_done', 'stage');
  return srv;
});

test('projects: bad projects, items and inspections are refused with a clear error and nothing is stored', async () => {
  const srv = await L.sharedServer();
  const { project, compound } = await newProject(srv, '坏输入测试');
  const items = async () => (await L.get(srv, 'staff', `/api/projects/${project.id}/items`)).json.items.length;
  const bad = [
    [{ ...ITEM, tier: 'luxury' }, 400, 'bad_value', 'tier'],
    [{ ...ITEM, kind: 'lighting' }, 400, 'bad_value', 'kind'],
    [{ ...ITEM, kind: 'spaceport' }, 400, 'bad_value', 'kind'],
    [{ ...ITEM, budget: -1 }, 400, 'bad_value', 'budget'],
    [{ ...ITEM, budget: '100' }, 400, 'bad_type', 'budget'],
    [{ ...ITEM, planned_end: '2026-02-01' }, 400, 'bad_value', 'planned_end'],
    [{ ...ITEM, planned_start: '2026-02-30' }, 400, 'bad_value', 'planned_start'],
    [{ ...ITEM, contractor_org_id: 99999999 }, 400, 'bad_value', 'contractor_org_id'],
    [{ ...ITEM, vote_id: 99999999 }, 404, 'not_found', 'vote_id'],
    [{ ...ITEM, representatives: [99999999] }, 400, 'bad_value', 'representatives'],
    [{ ...ITEM, representatives: 'all' }, 400, 'bad_type', 'representatives'],
    [{ ...ITEM, colour: 'red' }, 400, 'unknown_field', 'colour'],
  ];
  for (const [body, status, code, field] of bad) {
    L.expectError(await post(srv, 'staff', `/api/projects/${project.id}/items`, body), status, code, field);
  }
  L.expectError(await post(srv, 'resident', `/api/projects/${project.id}/items`, ITEM), 403, 'forbidden');
  assert.equal(await items(), 0, 'no item was stored');
  L.expectError(await post(srv, 'staff', '/api/projects', { title: 'x', compounds: [] }), 400, 'bad_value', 'compounds');
  L.expectError(await post(srv, 'staff', '/api/projects', { title: 'x', compounds: [compound.id, compound.id] }),
    400, 'bad_value', 'compounds');
  L.expectError(await post(srv, 'staff', '/api/projects', { title: 'x' }), 400, 'missing_field', 'compounds');
  L.expectError(await post(srv, 'resident', '/api/projects', { title: 'x', compounds: [compound.id] }), 403, 'forbidden');
  const it = (await post(srv, 'staff', `/api/projects/${project.id}/items`, ITEM)).json;
  L.expectStatus(await post(srv, 'staff', `/api/projects/${project.id}/items/${it.id}/start`), 200, 'start');
  L.expectError(await post(srv, 'staff', `/api/projects/${project.id}/items/${it.id}/start`), 409, 'not_planned');
  const insp = (body) => post(srv, 'supervisor', `/api/projects/${project.id}/inspections`, { item_id: it.id, ...body });
  const count = async () => (await L.get(srv, 'staff', `/api/projects/${project.id}/inspections`)).json.items.length;
  L.expectError(await insp({ kind: 'fortnightly', passed: ['safety'] }), 400, 'checklist_incomplete', 'checks');
  L.expectError(await insp({ kind: 'fortnightly', passed: ['safety', 'materials', 'progress', 'slope', 'flow_test', 'rebar'] }),
    400, 'checklist_incomplete', 'checks');
  L.expectError(await insp({ kind: 'fortnightly', passed: ['safety', 'materials', 'progress', 'slope'], failed: ['slope', 'flow_test'] }),
    400, 'checklist_incomplete', 'checks');
  L.expectError(await insp({ kind: 'milestone', passed: ['safety', 'materials', 'progress', 'slope', 'flow_test'] }),
    400, 'missing_field', 'milestone');
  L.expectError(await insp({ kind: 'daily', passed: [] }), 400, 'bad_value', 'kind');
  L.expectError(await post(srv, 'resident', `/api/projects/${project.id}/inspections`,
    { item_id: it.id, kind: 'fortnightly', passed: ['safety', 'materials', 'progress', 'slope', 'flow_test'] }), 403, 'forbidden');
  assert.equal(await count(), 0, 'no inspection was stored');
  L.expectError(await post(srv, 'staff', `/api/projects/${project.id}/acceptances`, { stage: 'done', signatories: [] }),
    400, 'bad_value', 'stage');
  L.expectError(await L.get(srv, 'resident_other', `/api/projects/${project.id}`, { ok: false }), 404, 'not_found', 'id');
  return srv;
});

/* Closed owners' votes inserted as the votes capability stores them. */
function insertVotes(db, compoundId) {
  const sql = 'INSERT INTO vote (id, node_id, title, kind, matter, method, electorate, status, closed_at, passed, created_at, updated_at) VALUES ' +
    `(9101, ${compoundId}, '使用维修资金改造排水管网', 'art278', 5, 'yes_no', 'owners', 'closed', 1700000000, 1, 1700000000, 1700000000),` +
    `(9102, ${compoundId}, '使用维修资金更换路灯', 'art278', 5, 'yes_no', 'owners', 'closed', 1700000000, 0, 1700000000, 1700000000)`;
  if (db.sqlitePath) L.mustRun('sqlite3', [db.sqlitePath, sql]);
  else L.psql(db.url, sql);
}

test('projects: an item spending the maintenance fund starts only after a passed owners\' vote', async () => {
  const db = L.pristineDb();
  let srv = await L.startServer({ db });
  const c = await L.compoundByName(srv, 'staff', PILOT);
  await L.stopServer(srv);
  insertVotes(db, c.id);
  srv = await L.startServer({ db });
  const { project } = await newProject(srv);
  const add = async (extra) => (await post(srv, 'staff', `/api/projects/${project.id}/items`, { ...ITEM, uses_maintenance_fund: true, ...extra })).json;
  const start = (it) => post(srv, 'staff', `/api/projects/${project.id}/items/${it.id}/start`);
  const none = await add({});
  L.expectError(await start(none), 409, 'vote_required', 'vote_id');
  const failed = await add({ vote_id: 9102 });
  L.expectError(await start(failed), 409, 'vote_not_passed', 'vote_id');
  const passed = await add({ vote_id: 9101 });
  const ok = await start(passed);
  L.expectStatus(ok, 200, 'start with the passed vote');
  assert.equal(ok.json.status, 'started');
  const items = (await L.get(srv, 'staff', `/api/projects/${project.id}/items`)).json.items;
  assert.deepEqual(items.map((i) => i.status), ['planned', 'planned', 'started'], 'the refused items did not start');
  return srv;
});

test('projects: hidden work is signed by each named representative exactly once, also when they sign at once', async () => {
  const srv = await L.sharedServer();
  const { project } = await newProject(srv, '签认测试');
  const reps = [await userId(srv, 'resident'), await userId(srv, 'bldghead')];
  const it = (await post(srv, 'staff', `/api/projects/${project.id}/items`, { ...ITEM, representatives: reps })).json;
  assert.deepEqual(it.representatives, [...reps].sort((a, b) => a - b));
  const s = await post(srv, 'supervisor', `/api/projects/${project.id}/signoffs`,
    { item_id: it.id, kind: 'hidden_work', title: '排水管道隐蔽工程验收', test_report: '闭水试验报告 BS-2026-031' });
  L.expectStatus(s, 201, 'sign-off');
  assert.equal(s.json.complete, false);
  L.expectError(await post(srv, 'supervisor', `/api/projects/${project.id}/signoffs`,
    { item_id: it.id, kind: 'paint', title: 'x' }), 400, 'bad_value', 'kind');
  const url = `/api/projects/${project.id}/signoffs/${s.json.id}/sign`;
  L.expectError(await post(srv, 'resident_other', url), 404, 'not_found', 'id');
  L.expectError(await post(srv, 'committee', url), 403, 'not_representative');
  const waiting = async (u) => (await L.get(srv, u, '/api/me/todo')).json.items
    .filter((x) => x.kind === 'project_signoff' && x.link === `/projects/${project.id}`).length;
  assert.equal(await waiting('resident'), 1, 'the sign-off waits in the representative\'s inbox');
  assert.equal(await waiting('committee'), 0, 'and in nobody else\'s');
  const [a, b] = await Promise.all([post(srv, 'resident', url), post(srv, 'bldghead', url)]);
  L.expectStatus(a, 200, 'resident signs');
  L.expectStatus(b, 200, 'building head signs');
  L.expectError(await post(srv, 'resident', url), 409, 'already_signed');
  assert.equal(await waiting('resident'), 0, 'signed: it leaves the inbox');
  const list = (await L.get(srv, 'staff', `/api/projects/${project.id}/signoffs`)).json.items;
  assert.equal(list.length, 1);
  assert.equal(list[0].signed, 2, 'each signature once');
  assert.equal(list[0].complete, true);
  assert.equal(list[0].test_report, '闭水试验报告 BS-2026-031');
  return srv;
});

test('projects: a resident\'s concern during the works is a work order of the project with its response commitment', async () => {
  const srv = await L.sharedServer();
  const c = await L.compoundByName(srv, 'staff', PILOT);
  const res = await post(srv, 'staff', '/api/projects', { title: '承诺响应测试', compounds: [c.id], response_minutes: 720 });
  L.expectStatus(res, 201, 'project');
  const p = res.json;
  const r = await post(srv, 'resident', `/api/projects/${p.id}/concerns`, { description: '夜间施工噪音太大', category: 'noise' });
  L.expectStatus(r, 201, 'concern');
  assert.equal(r.json.response_minutes, 720);
  L.expectError(await post(srv, 'resident', `/api/projects/${p.id}/concerns`, { description: '无效类别', category: 'nope' }),
    400, 'bad_value');
  const list = (await L.get(srv, 'staff', `/api/projects/${p.id}/concerns`)).json.items;
  assert.deepEqual(list.map((o) => o.id), [r.json.order_id], 'only the order raised, listed on the project');
  assert.equal(list[0].open, true);
  const wo = (await L.get(srv, 'staff', `/api/workorders/${r.json.order_id}`)).json;
  assert.equal(wo.category.code, 'noise');
  assert.equal(wo.description, '夜间施工噪音太大');
  return srv;
});

async function page(srv, user, p) {
  return L.api(srv, 'GET', p, { token: user ? await L.token(srv, user) : undefined });
}

async function form(srv, user, p, fields) {
  return L.api(srv, 'POST', p, { token: await L.token(srv, user), rawBody: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

test('projects: the project page, the inspection form on a phone and signing on the page', async () => {
  const srv = await L.sharedServer();
  const { project } = await newProject(srv, '页面测试项目');
  const rep = await userId(srv, 'resident');
  const it = (await post(srv, 'staff', `/api/projects/${project.id}/items`, { ...ITEM, representatives: [rep] })).json;
  L.expectStatus(await post(srv, 'staff', `/api/projects/${project.id}/items/${it.id}/start`), 200, 'start');
  const list = await page(srv, 'resident', '/projects');
  L.expectStatus(list, 200, '/projects');
  assert.match(list.text, new RegExp(`href="/projects/${project.id}"`));
  const mine = await page(srv, 'resident', `/projects/${project.id}`);
  L.expectStatus(mine, 200, 'project page');
  assert.match(mine.text, /雨污分流改造/);
  assert.match(mine.text, /480,000\.00/, 'the budget in yuan');
  assert.doesNotMatch(mine.text, /\/inspect"/, 'a resident is offered no inspection');
  L.expectStatus(await page(srv, 'resident', `/projects/${project.id}/items/${it.id}/inspect`), 403, 'no form for a resident');
  const f = await page(srv, 'supervisor', `/projects/${project.id}/items/${it.id}/inspect`);
  L.expectStatus(f, 200, 'inspection form');
  assert.match(f.text, /通水试验/);
  const sent = await form(srv, 'supervisor', `/projects/${project.id}/items/${it.id}/inspect`, {
    kind: 'fortnightly', check_safety: 'ok', check_materials: 'ok', check_progress: 'ok', check_slope: 'fail',
    check_flow_test: 'ok', notes: '坡度不足' });
  assert.equal(sent.status, 303, sent.text.slice(0, 300));
  const defects = (await L.get(srv, 'staff', `/api/projects/${project.id}/defects`)).json.items;
  assert.deepEqual(defects.map((d) => d.check), ['slope']);
  const half = await form(srv, 'supervisor', `/projects/${project.id}/items/${it.id}/inspect`, { kind: 'fortnightly', check_safety: 'ok' });
  assert.equal(half.status, 400, 'an incomplete checklist is refused');
  assert.equal((await L.get(srv, 'staff', `/api/projects/${project.id}/inspections`)).json.items.length, 1, 'nothing stored');
  const s = (await post(srv, 'supervisor', `/api/projects/${project.id}/signoffs`,
    { item_id: it.id, kind: 'material', title: '管材进场检查' })).json;
  const withForm = await page(srv, 'resident', `/projects/${project.id}`);
  assert.match(withForm.text, new RegExp(`action="/projects/${project.id}/signoffs/${s.id}/sign"`));
  assert.equal((await form(srv, 'resident', `/projects/${project.id}/signoffs/${s.id}/sign`, {})).status, 303);
  const after = await page(srv, 'resident', `/projects/${project.id}`);
  assert.doesNotMatch(after.text, new RegExp(`action="/projects/${project.id}/signoffs/${s.id}/sign"`), 'signed: no form');
  assert.match(after.text, /已签 1\/1/);
  return srv;
});

test('projects: the demo renovates 学道苑 with items of each tier, inspections, an open defect and a signed hidden-work acceptance', async () => {
  const srv = await L.sharedServer();
  const c = await L.compoundByName(srv, 'staff', PILOT);
  const list = (await L.get(srv, 'resident', `/api/projects?compound=${c.id}&per_page=100`)).json.items;
  const demo = list.find((p) => p.title === '学道苑·东南里7号老旧小区改造');
  assert.ok(demo, 'the demo project: ' + JSON.stringify(list.map((p) => p.title)));
  const items = (await L.get(srv, 'resident', `/api/projects/${demo.id}/items`)).json.items;
  assert.deepEqual(items.map((i) => i.tier), ['basic', 'improvement', 'upgrade']);
  assert.ok(items[0].contractor, 'a contractor from the register');
  const ins = (await L.get(srv, 'resident', `/api/projects/${demo.id}/inspections`)).json.items;
  assert.equal(ins.length, 4);
  const defects = (await L.get(srv, 'resident', `/api/projects/${demo.id}/defects`)).json.items;
  assert.deepEqual(defects.map((d) => [d.check, d.status]), [['flow_test', 'open']]);
  const s = (await L.get(srv, 'resident', `/api/projects/${demo.id}/signoffs`)).json.items;
  assert.equal(s.length, 1);
  assert.equal(s[0].kind, 'hidden_work');
  assert.equal(s[0].complete, true);
  assert.equal(s[0].signed, 2);
  // the overdue defect waits in the inbox of those who inspect, not a resident's
  const overdue = async (u) => (await L.get(srv, u, '/api/me/todo')).json.items
    .filter((x) => x.kind === 'project_defect_overdue' && x.link === `/projects/${demo.id}`).length;
  assert.equal(await overdue('supervisor'), 1);
  assert.equal(await overdue('resident'), 0);
});

test('projects: the facility register: a facility needs its maintainer; a fault is a work order listed on the facility', async () => {
  const srv = await L.sharedServer();
  const c = await L.compoundByName(srv, 'staff', PILOT);
  const demo = (await L.get(srv, 'staff', `/api/projects?compound=${c.id}&per_page=100`)).json.items
    .find((p) => p.title === '学道苑·东南里7号老旧小区改造');
  const org = (await L.get(srv, 'staff', `/api/projects/${demo.id}/items`)).json.items[0].contractor_org_id;
  const count = async () => (await L.get(srv, 'staff', `/api/facilities?compound=${c.id}&per_page=100`)).json.items.length;
  const n0 = await count();
  const base = { compound_id: c.id, project_id: demo.id, type: 'charger', name: '电动自行车充电桩 A1', location: '1栋北侧车棚',
    maintainer_org_id: org, warranty_until: '2029-06-30' };
  const bad = [
    [{ ...base, maintainer_org_id: undefined }, 400, 'bad_value', 'maintainer_org_id'],
    [{ ...base, maintainer_org_id: 99999999 }, 400, 'bad_value', 'maintainer_org_id'],
    [{ ...base, type: 'rocket' }, 400, 'bad_value', 'type'],
    [{ ...base, warranty_until: '2029-13-01' }, 400, 'bad_value', 'warranty_until'],
    [{ ...base, compound_id: 99999999 }, 400, 'bad_value', 'compound_id'],
    [{ ...base, project_id: 99999999 }, 404, 'not_found', 'project_id'],
    [{ ...base, interval_days: 30 }, 400, 'bad_value', 'interval_days'],
    [{ ...base, interval_days: 4000, first_due: '2026-07-01' }, 400, 'bad_value', 'interval_days'],
    [{ ...base, interval_days: 30, first_due: '2026-02-30' }, 400, 'bad_value', 'first_due'],
  ];
  for (const [body, status, code, field] of bad) {
    L.expectError(await post(srv, 'staff', '/api/facilities', body), status, code, field);
  }
  L.expectError(await post(srv, 'resident', '/api/facilities', base), 403, 'forbidden');
  assert.equal(await count(), n0, 'nothing stored');
  const f = await post(srv, 'staff', '/api/facilities',
    { ...base, standard: '每月检查漏电保护', fund_source: '合作方', interval_days: 30, first_due: '2026-07-01' });
  L.expectStatus(f, 201, 'facility');
  assert.equal(f.json.type_label, '充电桩');
  assert.equal(f.json.interval_days, 30);
  assert.equal(f.json.next_due, '2026-07-01T00:00:00+08:00', 'the first run');
  assert.ok(f.json.maintainer, 'the maintainer by name');
  const fault = await post(srv, 'resident', `/api/facilities/${f.json.id}/faults`, { description: '充电口无电' });
  L.expectStatus(fault, 201, 'fault');
  const one = (await L.get(srv, 'resident', `/api/facilities/${f.json.id}`)).json;
  assert.deepEqual(one.orders.map((o) => o.id), [fault.json.order_id]);
  assert.deepEqual(one.runs, [], 'no run due yet');
  assert.match(one.orders[0].description, /充电口无电/);
  L.expectError(await L.get(srv, 'resident_other', `/api/facilities/${f.json.id}`, { ok: false }), 404, 'not_found', 'id');
  assert.equal(await count(), n0 + 1);
});

test('projects: a test report is attached to a sign-off by content type, published with the project, and the project is updated', async () => {
  const srv = await L.sharedServer();
  const { project } = await newProject(srv, '检测报告测试');
  const rep = await userId(srv, 'resident');
  const it = (await post(srv, 'staff', `/api/projects/${project.id}/items`, { ...ITEM, representatives: [rep] })).json;
  const s = (await post(srv, 'supervisor', `/api/projects/${project.id}/signoffs`,
    { item_id: it.id, kind: 'hidden_work', title: '管道隐蔽验收' })).json;
  const url = (q) => `/api/projects/${project.id}/signoffs/${s.id}/reports?${q}`;
  const send = async (user, q, body) => L.api(srv, 'POST', url(q), { token: await L.token(srv, user), rawBody: body,
    headers: { 'Content-Type': 'application/octet-stream' } });
  const pdf = Buffer.from('%PDF-1.4\n% 闭水试验报告\n%%EOF\n');
  L.expectError(await send('supervisor', 'kind=pipes&filename=a.pdf', Buffer.from('hello, not a pdf')), 415, 'unsupported_media_type', 'file');
  L.expectError(await send('supervisor', 'kind=poetry&filename=a.pdf', pdf), 400, 'bad_value', 'kind');
  L.expectError(await send('resident', 'kind=pipes&filename=a.pdf', pdf), 403, 'forbidden');
  const none = (await L.get(srv, 'resident', `/api/projects/${project.id}/signoffs`)).json.items[0];
  assert.equal(none.reports.length, 0, 'nothing stored by the refusals');
  const ok = await send('supervisor', 'kind=pipes&filename=../闭水试验.pdf', pdf);
  L.expectStatus(ok, 201, 'report');
  assert.equal(ok.json.signoff.reports.length, 1);
  assert.equal(ok.json.signoff.reports[0].filename, '闭水试验.pdf');
  assert.equal(ok.json.signoff.reports[0].mime, 'application/pdf');
  const file = await L.api(srv, 'GET', ok.json.url, { token: await L.token(srv, 'resident') });
  L.expectStatus(file, 200, 'the published report');
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.ok(file.buf.equals(pdf), 'the same bytes');
  assert.equal((await L.api(srv, 'GET', ok.json.url, { token: await L.token(srv, 'resident_other') })).status, 404);
  const pg = await L.api(srv, 'GET', `/projects/${project.id}`, { token: await L.token(srv, 'resident') });
  assert.match(pg.text, new RegExp(`href="${ok.json.url}">闭水试验\\.pdf<`), 'the page links the report');
  // update
  const patch = async (user, body) => L.api(srv, 'PATCH', `/api/projects/${project.id}`, { token: await L.token(srv, user), body });
  L.expectError(await patch('staff', { response_minutes: 0 }), 400, 'bad_value', 'response_minutes');
  L.expectError(await patch('resident', { title: '改名' }), 403, 'forbidden');
  const up = await patch('staff', { response_minutes: 480 });
  L.expectStatus(up, 200, 'update');
  assert.equal(up.json.response_minutes, 480);
  assert.equal(up.json.title, '检测报告测试', 'the title unchanged');
});
