// 32_votes_staff.test.js: the staff side of deliberation: votes past their closing time close by themselves
// (the background job's function, run now through /api/votes/close-due on a moved clock), coordination meetings
// opened from a work order, invitees from the scope, topics put on an agenda, commenters masked to other
// residents, and the staff forms (panel, convention, decision) posting through the API's checks.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

/* Posts a page form (Bearer sessions need no CSRF token). */
async function form(s, user, p, fields) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, String(x));
  }
  return L.api(s, 'POST', p, {
    token: await L.token(s, user), rawBody: body.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

async function pilot(s) {
  const dnl = (await L.compounds(s, 'staff')).find((c) => c.name === '学道苑·东南里7号');
  return { dnl, grid: dnl.grid_id };
}

async function now(s) {
  const r = await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 0 });
  L.expectStatus(r, 200, 'clock');
  return r.json.now;
}

test('a vote past its closing time closes by itself exactly as the manual close: result, notice, audit', async () => {
  const s = await srv();
  const { grid } = await pilot(s);
  const v = await call(s, 'staff', 'POST', '/api/votes', { node_id: grid, title: '学道苑晾衣区设置', kind: 'simple', electorate: 'households' });
  L.expectStatus(v, 201, 'create');
  const t0 = await now(s);
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${v.json.id}/open`, { closes_at: t0 - 60 }), 400, 'bad_value', 'closes_at');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${v.json.id}/open`, { closes_at: t0 + 3600 }), 200, 'open');
  L.expectStatus(await call(s, 'resident', 'POST', `/api/votes/${v.json.id}/ballots`, { choice: 'yes' }), 201, 'ballot');
  // nothing is due yet
  L.expectStatus(await call(s, 'staff', 'POST', '/api/votes/close-due'), 200, 'close-due');
  assert.equal((await L.get(s, 'staff', `/api/votes/${v.json.id}`)).json.status, 'open');
  L.expectError(await call(s, 'resident', 'POST', '/api/votes/close-due'), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'POST', '/api/votes/close-due', { now: 1 }), 400, 'unknown_field');
  // two hours later: a ballot is refused, and the job's function closes the vote
  L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 7200 }), 200, 'shift');
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${v.json.id}/ballots`, { choice: 'no' }), 409, 'vote_closed');
  const due = await call(s, 'staff', 'POST', '/api/votes/close-due');
  L.expectStatus(due, 200, 'close-due');
  assert.ok(due.json.closed >= 1, JSON.stringify(due.json));
  const after = (await L.get(s, 'staff', `/api/votes/${v.json.id}`)).json;
  assert.equal(after.status, 'closed');
  assert.ok(after.notice_id > 0, 'the result is published');
  const res = (await L.get(s, 'resident', `/api/votes/${v.json.id}/result`)).json;
  assert.equal(res.yes, 1, JSON.stringify(res));
  const n = (await L.get(s, 'resident', `/api/notices/${after.notice_id}`)).json;
  assert.equal(n.kind, 'vote_result');
  assert.ok(n.title.includes('学道苑晾衣区设置'));
  // closed once: running again closes nothing more of it, and the audit chain still verifies
  const again = await call(s, 'staff', 'POST', '/api/votes/close-due');
  assert.equal(again.json.closed, 0);
  assert.equal((await L.get(s, 'auditor', '/api/audit/verify')).json.ok, true);
  // the vote page says when an open vote closes
  const v2 = await call(s, 'staff', 'POST', '/api/votes', { node_id: grid, title: '另一项', kind: 'simple', electorate: 'households' });
  const t1 = await now(s);
  L.expectStatus(await form(s, 'staff', `/votes/${v2.json.id}/open`, { closes_at: '2099-01-02T09:30' }), 303, 'open through the form');
  const opened = (await L.get(s, 'staff', `/api/votes/${v2.json.id}`)).json;
  assert.equal(opened.status, 'open');
  assert.ok(t1 > 0);
  const page = await call(s, 'resident', 'GET', `/votes/${v2.json.id}`);
  assert.match(page.text, /投票截止：2099-01-02 09:30/);
});

test('a coordination meeting opened from a work order: the order must exist, be readable and lie in the scope', async () => {
  const s = await srv();
  const { dnl, grid } = await pilot(s);
  const orders = (await L.get(s, 'staff', '/api/workorders?status=all&per_page=100')).json.items;
  const here = orders.find((o) => o.compound.id === dnl.id);
  const elsewhere = orders.find((o) => o.compound.id !== dnl.id);
  assert.ok(here && elsewhere, 'demo work orders in and outside 东南里7号');
  const base = { node_id: dnl.id, kind: 'multi_party', title: '漏水协调会', starts_at: 1767225600 };
  const m = await call(s, 'staff', 'POST', '/api/meetings', { ...base, work_order_id: here.id });
  L.expectStatus(m, 201, 'from a work order');
  assert.equal(m.json.work_order_id, here.id);
  L.expectError(await call(s, 'staff', 'POST', '/api/meetings', { ...base, kind: 'council', work_order_id: here.id }), 400, 'bad_value', 'kind');
  L.expectError(await call(s, 'staff', 'POST', '/api/meetings', { ...base, work_order_id: 99999999 }), 404, 'not_found', 'work_order_id');
  L.expectError(await call(s, 'staff', 'POST', '/api/meetings', { ...base, work_order_id: elsewhere.id }), 400, 'bad_value', 'work_order_id');
  // the committee of 东南里7号 may not read another compound's orders
  L.expectError(await call(s, 'committee', 'POST', '/api/meetings', { ...base, work_order_id: elsewhere.id }), 404, 'not_found', 'work_order_id');
  // the page pre-fills the order
  const p = await call(s, 'staff', 'GET', `/meetings/new?work_order=${here.id}`);
  L.expectStatus(p, 200, '/meetings/new?work_order');
  assert.match(p.text, new RegExp(`name="work_order_id" value="${here.id}"`));
  assert.match(p.text, /<option value="multi_party" selected>/);
  assert.match(p.text, new RegExp(`name="node_id" value="${dnl.id}"`));
  L.expectStatus(await call(s, 'staff', 'GET', '/meetings/new?work_order=99999999'), 404, 'unknown order');
  const made = await form(s, 'staff', '/meetings/new', {
    node_id: dnl.id, kind: 'multi_party', title: '工单协调', starts_at: '2026-12-01T19:30', work_order_id: here.id,
  });
  L.expectStatus(made, 303, 'form');
  const id = Number(made.headers.get('location').split('/').pop());
  const got = (await L.get(s, 'staff', `/api/meetings/${id}`)).json;
  assert.equal(got.work_order_id, here.id);
  assert.equal(got.starts_at, '2026-12-01T19:30:00+08:00', 'the form time is Beijing time');
  const page = await call(s, 'staff', 'GET', `/meetings/${id}`);
  assert.match(page.text, new RegExp(`href="/workorders/${here.id}"`));
  L.expectStatus(await call(s, 'resident', 'GET', '/meetings/new'), 403, 'a resident calls no meeting');
  assert.ok(grid > 0);
});

test('invitees come from the scope: its organisations and office-holders; topics go on the agenda once', async () => {
  const s = await srv();
  const { dnl, grid } = await pilot(s);
  const p = await call(s, 'staff', 'GET', `/meetings/new?node=${grid}`);
  L.expectStatus(p, 200, 'step 2');
  const orgs = [...p.text.matchAll(/name="org" value="(\d+)"/g)].map((x) => Number(x[1]));
  const users = [...p.text.matchAll(/name="user" value="(\d+)"/g)].map((x) => Number(x[1]));
  assert.ok(orgs.length > 0 && users.length > 0, 'organisations and office-holders to invite');
  const m = await call(s, 'staff', 'POST', '/api/meetings', {
    node_id: grid, kind: 'party_joint', title: '十二月党建联席会', starts_at: 1767225600,
    invitee_org_ids: [orgs[0]], invitee_user_ids: [users[0], users[0]], invitees: ['驻区单位代表'],
  });
  L.expectStatus(m, 201, 'meeting with invitees');
  assert.equal(m.json.attendees.length, 3, JSON.stringify(m.json.attendees));
  assert.ok(m.json.attendees.every((a) => a.name));
  assert.ok(m.json.attendees[0].represents, 'an organisation says what it is');
  assert.deepEqual(m.json.attendees.map((a) => [a.org_id, a.user_id]), [[orgs[0], 0], [0, users[0]], [0, 0]]);
  L.expectError(await call(s, 'staff', 'POST', '/api/meetings', {
    node_id: grid, kind: 'council', title: 'x', starts_at: 1767225600, invitee_org_ids: [99999999],
  }), 400, 'bad_value', 'invitee_org_ids');
  L.expectError(await call(s, 'staff', 'POST', '/api/meetings', {
    node_id: grid, kind: 'council', title: 'x', starts_at: 1767225600, invitee_user_ids: ['x'],
  }), 400, 'bad_type', 'invitee_user_ids');
  // the agenda
  const t = await call(s, 'resident', 'POST', '/api/topics', { node_id: dnl.id, title: '垃圾分类亭位置', body: '' });
  L.expectStatus(t, 201, 'topic');
  const a = await call(s, 'staff', 'POST', `/api/meetings/${m.json.id}/agenda`, { topic_id: t.json.id });
  L.expectStatus(a, 200, 'agenda');
  assert.ok(a.json.agenda.some((x) => x.topic_id === t.json.id));
  assert.equal((await L.get(s, 'resident', `/api/topics/${t.json.id}`)).json.status, 'on_agenda');
  L.expectError(await call(s, 'staff', 'POST', `/api/meetings/${m.json.id}/agenda`, { topic_id: t.json.id }), 409, 'conflict', 'topic_id');
  L.expectError(await call(s, 'resident', 'POST', `/api/meetings/${m.json.id}/agenda`, { topic_id: t.json.id }), 403, 'forbidden');
  const other = (await L.compounds(s, 'resident_other'))[0];
  const far = await call(s, 'resident_other', 'POST', '/api/topics', { node_id: other.id, title: '别处的议题' });
  L.expectStatus(far, 201, 'topic elsewhere');
  L.expectError(await call(s, 'staff', 'POST', `/api/meetings/${m.json.id}/agenda`, { topic_id: far.json.id }), 400, 'bad_value', 'topic_id');
  // from the topic's page form
  const t2 = await call(s, 'resident', 'POST', '/api/topics', { node_id: dnl.id, title: '楼道照明' });
  const tp = await call(s, 'staff', 'GET', `/topics/${t2.json.id}`);
  assert.match(tp.text, /id="topic-agenda-form"/);
  L.expectStatus(await form(s, 'staff', `/topics/${t2.json.id}/agenda`, { meeting_id: m.json.id }), 303, 'agenda from the topic page');
  assert.ok((await L.get(s, 'staff', `/api/meetings/${m.json.id}`)).json.agenda.some((x) => x.topic_id === t2.json.id));
  // the form's error is a Chinese page, and nothing changed
  const bad = await form(s, 'staff', `/meetings/${m.json.id}/agenda`, { topic_id: far.json.id });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /议题不属于这个范围/);
});

test('commenters are masked to other residents (building/unit and surname), named in full to staff and themselves', async () => {
  const s = await srv();
  const { dnl } = await pilot(s);
  const me = async (u) => (await L.get(s, u, '/api/me')).json;
  const resident = await me('resident');
  const residentName = resident.display_name || (resident.user && resident.user.display_name);
  assert.ok(residentName && residentName.length >= 2, JSON.stringify(resident));
  const t = await call(s, 'resident', 'POST', '/api/topics', { node_id: dnl.id, title: '自行车棚加顶' });
  L.expectStatus(await call(s, 'resident', 'POST', `/api/topics/${t.json.id}/comments`, { body: '下雨天车子都湿了。' }), 201, 'comment');
  const mine = (await L.get(s, 'resident', `/api/topics/${t.json.id}`)).json.comment_list[0];
  assert.equal(mine.by, residentName, 'the commenter sees their own name');
  assert.equal(mine.mine, true);
  const seen = (await L.get(s, 'bldghead', `/api/topics/${t.json.id}`)).json.comment_list[0];
  assert.ok(!seen.by.includes(residentName), 'another resident does not see the name: ' + seen.by);
  assert.ok(seen.by.endsWith(residentName[0] + '**'), 'a surname-style mask: ' + seen.by);
  assert.match(seen.by, /栋.*单元 /, 'with the building and unit: ' + seen.by);
  assert.equal((await L.get(s, 'staff', `/api/topics/${t.json.id}`)).json.comment_list[0].by, residentName, 'staff see the name');
  const page = await call(s, 'bldghead', 'GET', `/topics/${t.json.id}`);
  assert.ok(!page.text.includes(residentName), 'nor on the page');
  assert.ok(page.text.includes(residentName[0] + '**'));
  assert.ok((await call(s, 'staff', 'GET', `/topics/${t.json.id}`)).text.includes(residentName));
  // convention clauses too
  const c = await call(s, 'committee', 'POST', '/api/conventions', { node_id: dnl.id, title: '养犬公约', body: '一、牵绳。\n二、清理粪便。' });
  L.expectStatus(await call(s, 'resident', 'POST', `/api/conventions/${c.json.id}/comments`, { version: 1, clause: 1, body: '绳长不超过两米。' }), 201, 'clause comment');
  const cv = (await L.get(s, 'bldghead', `/api/conventions/${c.json.id}`)).json.comments[0];
  assert.ok(!cv.by.includes(residentName) && cv.by.endsWith(residentName[0] + '**'), cv.by);
  assert.equal((await L.get(s, 'committee', `/api/conventions/${c.json.id}`)).json.comments[0].by, residentName);
  const cp = await call(s, 'bldghead', 'GET', `/conventions/${c.json.id}`);
  assert.ok(!cp.text.includes(residentName) && cp.text.includes(residentName[0] + '**'));
  // and a comment through the topic page's form
  L.expectStatus(await form(s, 'bldghead', `/topics/${t.json.id}/comments`, { body: '赞成。' }), 303, 'comment form');
  assert.equal((await L.get(s, 'staff', `/api/topics/${t.json.id}`)).json.comment_list.length, 2);
});

test('the staff forms draw a panel from the shown seed, draft and merge a convention, and walk a decision', async () => {
  const s = await srv();
  const { dnl, grid } = await pilot(s);
  // the panel: the seed is on the form before the draw
  const pf = await call(s, 'staff', 'GET', '/panels/new');
  L.expectStatus(pf, 200, '/panels/new');
  const seed = pf.text.match(/name="seed"[^>]*value="([^"]+)"/)[1];
  assert.match(seed, /^\d{4}-\d\d-\d\d-[0-9a-f]{12}$/);
  const drawn = await form(s, 'staff', '/panels/new', {
    node_id: grid, title: '第二届居民代表', seed, dimension: 'tenure', quota_owner: 3, quota_tenant: 1, quota_old: '',
  });
  L.expectStatus(drawn, 303, 'draw');
  const pid = Number(drawn.headers.get('location').split('/').pop());
  const panel = (await L.get(s, 'resident', `/api/panels/${pid}`)).json;
  assert.equal(panel.seed, seed);
  assert.equal(panel.members.length, 4);
  const pp = await call(s, 'resident', 'GET', `/panels/${pid}`);
  assert.ok(pp.text.includes(`printf '%s' '${seed}:${panel.members[0].household_id}' | b2sum -l 256`), 'the re-run recipe');
  assert.ok(pp.text.includes(panel.members[0].lot));
  const badDraw = await form(s, 'staff', '/panels/new', { node_id: grid, title: 'x', seed, dimension: 'tenure', quota_old: 2 });
  assert.equal(badDraw.status, 400);
  assert.match(badDraw.text, /名额中有未知的层/);
  // the convention
  const cf = await form(s, 'committee', '/conventions/new', { node_id: dnl.id, title: '院落绿化公约', body: '一、爱护花木。\n二、不私占绿地。' });
  L.expectStatus(cf, 303, 'draft');
  const cid = Number(cf.headers.get('location').split('/').pop());
  const cpage = await call(s, 'resident', 'GET', `/conventions/${cid}`);
  assert.match(cpage.text, /id="clause-comment-form"/);
  assert.doesNotMatch(cpage.text, /id="version-form"/, 'no staff form for a resident');
  L.expectStatus(await form(s, 'resident', `/conventions/${cid}/comments`, { version: 1, clause: 2, body: '请写明绿地范围。' }), 303, 'comment');
  L.expectStatus(await form(s, 'committee', `/conventions/${cid}/versions`, { body: '一、爱护花木。\n二、不私占楼前绿地。', note: '合并意见' }), 303, 'v2');
  const toVote = await form(s, 'committee', `/conventions/${cid}/vote`, { quorum_pct: 40 });
  L.expectStatus(toVote, 303, 'to the vote');
  const conv = (await L.get(s, 'committee', `/api/conventions/${cid}`)).json;
  assert.equal(conv.status, 'voting');
  assert.equal(conv.versions.length, 2);
  assert.equal(toVote.headers.get('location'), `/votes/${conv.vote_id}`);
  const late = await form(s, 'committee', `/conventions/${cid}/versions`, { body: '晚了' });
  assert.equal(late.status, 409);
  assert.match(late.text, /公约已交付表决/);
  // the decision through its steps, with a passed vote as the evidence
  const df = await form(s, 'staff', '/decisions/new', { node_id: grid, title: '充电桩选址', template: 'standard' });
  L.expectStatus(df, 303, 'decision');
  const did = Number(df.headers.get('location').split('/').pop());
  L.expectStatus(await form(s, 'staff', `/decisions/${did}/advance`, { note: '院委会提议' }), 303, 'propose');
  L.expectStatus(await form(s, 'staff', `/decisions/${did}/advance`, { note: '两次讨论' }), 303, 'discuss');
  const dp = await call(s, 'staff', 'GET', `/decisions/${did}`);
  const voteId = Number(dp.text.match(/<select id="vote_id" name="vote_id" required>\s*<option value="(\d+)"/)[1]);
  const noVote = await form(s, 'staff', `/decisions/${did}/advance`, { note: '表决' });
  assert.equal(noVote.status, 400);
  assert.match(noVote.text, /这一步须有一次已结束并通过的表决/);
  L.expectStatus(await form(s, 'staff', `/decisions/${did}/advance`, { note: '表决通过', vote_id: voteId }), 303, 'vote');
  L.expectStatus(await form(s, 'staff', `/decisions/${did}/advance`, { notice_body: '充电桩建在北门。' }), 303, 'publish');
  const d = (await L.get(s, 'resident', `/api/decisions/${did}`)).json;
  assert.equal(d.done, true);
  assert.equal(d.vote_id, voteId);
  const last = await call(s, 'resident', 'GET', `/decisions/${did}`);
  assert.ok(last.text.includes(`href="/votes/${voteId}"`) && last.text.includes(`href="/notices/${d.steps[3].notice_id}"`), 'the evidence');
  assert.doesNotMatch(last.text, /id="advance-form"/);
});
