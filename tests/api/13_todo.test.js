// 13_todo.test.js: GET /api/me/todo, the inbox: each kind reaches the role that must act and nobody else, follows
// the thing it points at (a report to accept, an order to do, to rate, to confirm; a payment to sign; a vote to
// cast) and leaves once it is done; the counts are those of the items.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { test, assert } = L;

let server = null;
/* One server for this file: the flows below change what waits for whom. */
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

const ROLES = ['grid8', 'contractor', 'committee', 'resident', 'resident_other', 'finance', 'supervisor', 'staff', 'street', 'auditor'];
const KINDS = ['payment_sign', 'wo_handle', 'wo_late', 'wo_confirm', 'vote_paper', 'vote_close', 'wo_rate', 'vote_cast',
  'notice', 'life_shift', 'event_promoted', 'survey_answer', 'survey_check', 'patrol_missed', 'project_defect_overdue',
  'project_signoff', 'minutes_confirm'];

async function todo(s, user) {
  const res = await L.get(s, user, '/api/me/todo');
  L.expectStatus(res, 200, `todo of ${user}`);
  return res.json;
}

/* The users whose inbox holds link under kind. */
async function whoHas(s, kind, link) {
  const out = [];
  for (const u of ROLES) if ((await todo(s, u)).items.some((x) => x.kind === kind && x.link === link)) out.push(u);
  return out;
}

async function act(s, user, id, body) {
  const res = await L.api(s, 'POST', `/api/workorders/${id}/transition`, { token: await L.token(s, user), body });
  L.expectStatus(res, 200, `${body.action} as ${user}`);
  return res.json;
}

test('todo: the counts are the items\', every kind is counted, and nobody signed in has no inbox', async () => {
  const s = await srv();
  for (const u of ROLES) {
    const t = await todo(s, u);
    assert.deepEqual(Object.keys(t.counts).sort(), [...KINDS].sort(), `${u}: a count for every kind`);
    for (const k of KINDS) assert.equal(t.counts[k], t.items.filter((x) => x.kind === k).length, `${u}: count of ${k}`);
    assert.equal(t.total, t.items.length, `${u}: total`);
    for (const x of t.items) {
      assert.match(x.link, new RegExp('^/((workorders|payments|votes|meetings|projects|notifications|life/events|life/rotas)/\\d+' +
        '|s/[0-9a-f]{24}|surveys/\\d+/responses/\\d+/check|patrol-routes/\\d+\\?date=\\d{4}-\\d{2}-\\d{2})$'), `${u}: a local link`);
      assert.ok(['overdue', 'soon', 'normal'].includes(x.urgency), `${u}: urgency ${x.urgency}`);
    }
  }
  L.expectError(await L.api(s, 'GET', '/api/me/todo'), 401, 'login_required');
  L.expectError(await L.api(s, 'GET', '/api/me/todo?kind=x', { token: await L.token(s, 'finance') }), 400, 'unknown_param', 'kind');
});

test('todo: a work order waits for the grid worker, the contractor, the reporter and the committee in turn', async () => {
  const s = await srv();
  const c = await L.compoundByName(s, 'staff', F.PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  const created = await L.api(s, 'POST', '/api/workorders', { token: await L.token(s, 'resident'),
    body: { category: 'leak', node_id: building.id, description: '楼道顶上渗水（待办测试）' } });
  L.expectStatus(created, 201, 'report');
  const o = created.json;
  const link = `/workorders/${o.id}`;
  assert.deepEqual(await whoHas(s, 'wo_handle', link), ['grid8', 'staff'], 'to accept: the dispatchers of its place');
  const item = (await todo(s, 'grid8')).items.find((x) => x.link === link);
  assert.ok(!item.title.includes('渗水'), 'the title does not repeat the description: ' + item.title);

  await act(s, 'grid8', o.id, { action: 'accept' });
  const orgs = (await L.get(s, 'grid8', `/api/workorders/orgs?order=${o.id}`)).json.items;
  const con = orgs.find((x) => /蓉城建设/.test(x.name));
  await act(s, 'grid8', o.id, { action: 'dispatch', org_ids: [con.id] });
  assert.deepEqual(await whoHas(s, 'wo_handle', link), ['contractor'], 'dispatched: the contractor\'s org handles it');

  await act(s, 'contractor', o.id, { action: 'done', note: '换了接头' });
  assert.deepEqual(await whoHas(s, 'wo_handle', link), [], 'done: nobody handles it');
  assert.deepEqual(await whoHas(s, 'wo_rate', link), ['resident'], 'done: the reporter rates it');

  const settings = { token: await L.token(s, 'staff'), body: { community_id: o.community_id, committee_confirms: true } };
  L.expectStatus(await L.api(s, 'POST', '/api/workorders/settings', settings), 200, 'committee confirms');
  await act(s, 'resident', o.id, { action: 'confirm', rating: 5 });
  assert.deepEqual(await whoHas(s, 'wo_rate', link), [], 'rated: gone from the reporter\'s inbox');
  assert.deepEqual(await whoHas(s, 'wo_confirm', link), ['committee'], 'the committee confirms after the reporter');
  await act(s, 'committee', o.id, { action: 'committee_confirm', note: '已查看' });
  assert.deepEqual(await whoHas(s, 'wo_confirm', link), [], 'closed: nothing waits');
});

test('todo: a payment waits for each signatory until they sign, and for nobody else', async () => {
  const s = await srv();
  const f = await F.pilotFunds(s);
  const p = await F.requestPayment(s, 'contractor', { payee: '蓉城建设工程有限公司', purpose: '待办测试进度款',
    category: 'works', basis: ['合同.pdf'], fund_id: f.renovation.id, amount: 88800 });
  const link = `/payments/${p.id}`;
  assert.deepEqual(await whoHas(s, 'payment_sign', link), ['committee', 'finance', 'supervisor']);
  const item = (await todo(s, 'finance')).items.find((x) => x.link === link);
  assert.match(item.title, /待办测试进度款/);
  assert.match(item.title, /888\.00/);
  L.expectStatus(await F.post(s, 'finance', `/api/payments/${p.id}/approve`, {}), 200, 'finance signs');
  assert.deepEqual(await whoHas(s, 'payment_sign', link), ['committee', 'supervisor'], 'signed: gone from finance\'s inbox');
});

test('todo: an open vote waits for the resident who holds a voice and has not voted', async () => {
  const s = await srv();
  const t = await todo(s, 'resident');
  const item = t.items.find((x) => x.kind === 'vote_cast');
  assert.ok(item, 'the resident has a vote to cast: ' + JSON.stringify(t.counts));
  for (const u of ['grid8', 'finance', 'contractor', 'street']) {
    assert.equal((await todo(s, u)).counts.vote_cast, 0, `${u} casts no ballot`);
  }
  const v = (await L.get(s, 'resident', `/api/votes/${item.link.split('/').pop()}`)).json;
  assert.equal(v.status, 'open');
});

/* The number beside 首页 on an HTML page, as a bearer-signed-in user sees it. */
async function badge(s, user, p) {
  const res = await L.get(s, user, p);
  const m = res.text.match(/<a class="todo-link" href="\/#inbox-h">[^<]*<span class="badge">(\d+)<\/span>/);
  return m ? Number(m[1]) : 0;
}

test('todo: the badge on other pages may lag by up to 30 s, the home page always counts afresh', async () => {
  const s = await srv();
  const before = (await todo(s, 'finance')).total;
  assert.equal(await badge(s, 'finance', '/funds'), before, 'the badge is the inbox count');
  const f = await F.pilotFunds(s);
  await F.requestPayment(s, 'contractor', { payee: '蓉城建设工程有限公司', purpose: '角标测试', category: 'works',
    basis: ['合同.pdf'], fund_id: f.renovation.id, amount: 100 });
  const after = (await todo(s, 'finance')).total;
  assert.equal(after, before + 1, 'the new payment waits for finance');
  L.expectStatus(await L.api(s, 'POST', '/api/debug/clock', { token: await L.token(s, 'admin'), body: { shift_seconds: 31 } }),
    200, 'the clock moves 31 s');
  assert.equal(await badge(s, 'finance', '/funds'), after, 'after 30 s other pages count afresh');
  await F.requestPayment(s, 'contractor', { payee: '蓉城建设工程有限公司', purpose: '角标测试二', category: 'works',
    basis: ['合同.pdf'], fund_id: f.renovation.id, amount: 100 });
  assert.equal(await badge(s, 'finance', '/'), after + 1, 'the home page counts afresh at once');
});

test('todo: a meeting\'s minutes wait for those who run meetings there to confirm and publish them (待我确认)', async () => {
  const s = await srv();
  const c = await L.compoundByName(s, 'staff', F.PILOT);
  const tok = await L.token(s, 'committee');
  const m = await L.api(s, 'POST', '/api/meetings', { token: tok,
    body: { node_id: c.id, kind: 'council', title: '院委会月度会议（待办测试）', starts_at: (await L.serverNow(s)) - 3600 } });
  L.expectStatus(m, 201, 'a meeting');
  const link = `/meetings/${m.json.id}`;
  assert.deepEqual(await whoHas(s, 'minutes_confirm', link), [], 'nothing to confirm before the minutes are written');
  L.expectStatus(await L.api(s, 'POST', `/api/meetings/${m.json.id}/minutes`, { token: tok,
    body: { minutes: '讨论了楼道照明。', decisions: '更换灯具。' } }), 200, 'minutes written');
  assert.deepEqual(await whoHas(s, 'minutes_confirm', link), ['committee', 'staff'], 'the committee and staff of its place');
  const item = (await todo(s, 'committee')).items.find((x) => x.link === link);
  assert.equal(item.title, '会议纪要待确认发布：院委会月度会议（待办测试）');
  const home = await L.api(s, 'GET', '/', { token: tok });
  assert.ok(home.text.includes('纪要待确认'), 'the inbox page names the kind in Chinese');
  L.expectStatus(await L.api(s, 'POST', `/api/meetings/${m.json.id}/publish`, { token: tok }), 200, 'published');
  assert.deepEqual(await whoHas(s, 'minutes_confirm', link), [], 'published: it leaves every inbox');
});
