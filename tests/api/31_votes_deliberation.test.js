// 31_votes_deliberation.test.js: 提议 → 讨论 → 表决 → 公示: topics and support, meetings with agenda,
// attendance and published minutes, a representatives' panel drawn reproducibly from a seed, a convention
// drafted in versions with clause comments and put to the vote, and decisions through 一征三议两公开.
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

async function pilot(s) {
  const dnl = (await L.compounds(s, 'staff')).find((c) => c.name === '学道苑·东南里7号');
  return { dnl, grid: dnl.grid_id };
}

test('the demo holds the pilot history: the renovation topic, council minutes and the 一征三议两公开 notices', async () => {
  const s = await srv();
  const topics = (await L.get(s, 'resident', '/api/topics')).json.items;
  const reno = topics.find((t) => t.title.startsWith('学道苑老旧院落改造'));
  assert.ok(reno && reno.supporters >= 3, 'the renovation topic with its supporters');
  const meetings = (await L.get(s, 'resident', '/api/meetings?per_page=200')).json.items;
  assert.ok(meetings.some((m) => m.kind === 'council') && meetings.some((m) => m.kind === 'party_joint'), JSON.stringify(meetings));
  const council = (await L.get(s, 'resident', `/api/meetings/${meetings.find((m) => m.kind === 'council').id}`)).json;
  assert.equal(council.status, 'published');
  assert.ok(council.minutes.length > 10 && council.notice_id > 0, 'published minutes are public');
  assert.equal(council.agenda[0].topic_id, reno.id);
  const kinds = new Set((await L.get(s, 'resident', '/api/notices?per_page=200')).json.items.map((n) => n.kind));
  for (const k of ['vote_result', 'minutes', 'decision', 'execution']) assert.ok(kinds.has(k), 'a notice of kind ' + k);
});

test('a resident proposes a topic on their compound and supports it once; staff put it on a meeting agenda', async () => {
  const s = await srv();
  const { dnl, grid } = await pilot(s);
  const t = await call(s, 'resident', 'POST', '/api/topics', { node_id: dnl.id, title: '楼道加装扶手', body: '老人上下楼不便。' });
  L.expectStatus(t, 201, 'propose');
  assert.equal(t.json.status, 'open');
  L.expectError(await call(s, 'resident', 'POST', '/api/topics', { node_id: dnl.id, title: '公告栏', source: 'board' }), 403, 'forbidden');
  const other = (await L.compounds(s, 'resident_other'))[0];
  // a compound the resident may not see is answered as one that does not exist
  L.expectError(await call(s, 'resident', 'POST', '/api/topics', { node_id: other.id, title: '别处的事' }), 404, 'not_found', 'node_id');
  L.expectStatus(await call(s, 'bldghead', 'POST', `/api/topics/${t.json.id}/support`), 200, 'support');
  L.expectStatus(await call(s, 'resident', 'POST', `/api/topics/${t.json.id}/support`), 200, 'support 2');
  L.expectError(await call(s, 'resident', 'POST', `/api/topics/${t.json.id}/support`), 409, 'already_supported');
  L.expectStatus(await call(s, 'committee', 'POST', `/api/topics/${t.json.id}/comments`, { body: '建议两侧都装。' }), 201, 'comment');
  const got = (await L.get(s, 'resident', `/api/topics/${t.json.id}`)).json;
  assert.equal(got.supporters, 2);
  assert.equal(got.comment_list.length, 1);
  // the meeting
  const m = await call(s, 'staff', 'POST', '/api/meetings', {
    node_id: grid, kind: 'council', title: '第四季度居民议事会', starts_at: 1767225600, place: '合议轩',
    topic_ids: [t.json.id], invitees: ['刘主任（院委会）', '楼栋长', '居民代表'],
  });
  L.expectStatus(m, 201, 'meeting');
  assert.equal((await L.get(s, 'resident', `/api/topics/${t.json.id}`)).json.status, 'on_agenda');
  L.expectError(await call(s, 'resident', 'POST', '/api/meetings', { node_id: grid, kind: 'council', title: 'x', starts_at: 1 }), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'POST', '/api/meetings', { node_id: grid, kind: 'party', title: 'x', starts_at: 1 }), 400, 'bad_value', 'kind');
  L.expectError(await call(s, 'staff', `POST`, `/api/meetings/${m.json.id}/publish`), 409, 'no_minutes');
  const att = m.json.attendees;
  L.expectStatus(await call(s, 'staff', 'POST', `/api/meetings/${m.json.id}/attendance`, { present: [att[0].id, att[2].id] }), 200, 'attendance');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/meetings/${m.json.id}/minutes`, { minutes: '讨论了扶手方案。', decisions: '由院委会询价。' }), 200, 'minutes');
  // minutes are not public before they are published
  assert.equal((await L.get(s, 'resident', `/api/meetings/${m.json.id}`)).json.minutes, null);
  const pub = await call(s, 'staff', 'POST', `/api/meetings/${m.json.id}/publish`);
  L.expectStatus(pub, 200, 'publish');
  assert.equal(pub.json.status, 'published');
  assert.deepEqual(pub.json.attendees.map((a) => a.present), [true, false, true]);
  const n = (await L.get(s, 'resident', `/api/notices/${pub.json.notice_id}`)).json;
  assert.equal(n.kind, 'minutes');
  assert.ok(n.body.includes('由院委会询价'));
  L.expectError(await call(s, 'staff', 'POST', `/api/meetings/${m.json.id}/minutes`, { minutes: '改写' }), 409, 'minutes_published');
});

test('a representatives panel drawn from a published seed is the same every time and fills its quotas', async () => {
  const s = await srv();
  const { grid } = await pilot(s);
  const body = { node_id: grid, title: '居民代表', seed: '2026-公开抽签-001', dimension: 'tenure', quotas: { owner: 3, tenant: 2 } };
  const a = await call(s, 'staff', 'POST', '/api/panels', body);
  L.expectStatus(a, 201, 'draw');
  const b = await call(s, 'staff', 'POST', '/api/panels', body);
  L.expectStatus(b, 201, 'draw again');
  assert.deepEqual(b.json.members.map((m) => m.household_id), a.json.members.map((m) => m.household_id), 'same seed, same panel');
  assert.equal(a.json.members.length, 5);
  assert.equal(a.json.members.filter((m) => m.stratum === 'owner').length, 3);
  assert.equal(a.json.members.filter((m) => m.stratum === 'tenant').length, 2);
  assert.equal(a.json.candidates, a.json.candidate_list.length);
  assert.equal(a.json.candidates, 139, 'every occupied household of 学道苑 is a candidate');
  // within a stratum the chosen hold the smallest lots, in order
  const owners = a.json.members.filter((m) => m.stratum === 'owner').map((m) => m.lot);
  assert.deepEqual([...owners].sort(), owners);
  for (const m of a.json.members) assert.match(m.lot, /^[0-9a-f]{64}$/);
  for (const m of a.json.members) assert.match(m.name, /^.\*\*$/u, 'only the surname is public');
  const c = await call(s, 'staff', 'POST', '/api/panels', { ...body, seed: '2026-公开抽签-002' });
  assert.notDeepEqual(c.json.members.map((m) => m.household_id), a.json.members.map((m) => m.household_id));
  // a shop stratum: shops of the scope are drawn under their negated id
  const withShop = await call(s, 'staff', 'POST', '/api/panels', { ...body, quotas: { owner: 2, shop: 1 } });
  L.expectStatus(withShop, 201, 'draw with a shop');
  const shops = withShop.json.members.filter((m) => m.stratum === 'shop');
  assert.equal(shops.length, 1);
  assert.ok(shops[0].shop_id > 0 && shops[0].household_id === 0 && shops[0].name, JSON.stringify(shops[0]));
  assert.ok(withShop.json.candidate_list.some(([id, st]) => id === -shops[0].shop_id && st === 'shop'));
  assert.equal(withShop.json.candidates, 139 + withShop.json.candidate_list.filter(([, st]) => st === 'shop').length);
  L.expectError(await call(s, 'staff', 'POST', '/api/panels', { ...body, quotas: { landlord: 1 } }), 400, 'bad_value', 'quotas');
  L.expectError(await call(s, 'staff', 'POST', '/api/panels', { ...body, dimension: 'height' }), 400, 'bad_value', 'dimension');
  L.expectError(await call(s, 'resident', 'POST', '/api/panels', body), 403, 'forbidden');
  // a vote of the representatives: only panel members vote
  const v = await call(s, 'staff', 'POST', '/api/votes', {
    node_id: grid, title: '代表表决：扶手方案', kind: 'simple', electorate: 'representatives', panel_id: a.json.id,
  });
  L.expectStatus(v, 201, 'representatives vote');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${v.json.id}/open`), 200, 'open');
  const r = await L.get(s, 'staff', `/api/votes/${v.json.id}/result`);
  assert.equal(r.json.electorate, 5);
});

test('a convention goes through versions and clause comments to a final vote (a missed quorum rejects it)', async () => {
  const s = await srv();
  const { dnl } = await pilot(s);
  const c = await call(s, 'committee', 'POST', '/api/conventions', { node_id: dnl.id, title: '东南里7号停车公约', body: '一、按位停车。\n二、不占消防通道。' });
  L.expectStatus(c, 201, 'draft');
  L.expectStatus(await call(s, 'resident', 'POST', `/api/conventions/${c.json.id}/comments`, { version: 1, clause: 2, body: '请标出消防通道。' }), 201, 'comment');
  L.expectError(await call(s, 'resident', 'POST', `/api/conventions/${c.json.id}/comments`, { version: 1, clause: 3, body: '没有第三条' }), 400, 'bad_value', 'clause');
  L.expectError(await call(s, 'resident', 'POST', `/api/conventions/${c.json.id}/versions`, { body: 'x' }), 403, 'forbidden');
  const v2 = await call(s, 'committee', 'POST', `/api/conventions/${c.json.id}/versions`, { body: '一、按位停车。\n二、不占用地面标线标出的消防通道。', note: '合并意见' });
  L.expectStatus(v2, 201, 'version 2');
  assert.deepEqual(v2.json.versions.map((x) => x.version), [1, 2]);
  assert.equal(v2.json.comments.length, 1);
  const tv = await call(s, 'committee', 'POST', `/api/conventions/${c.json.id}/vote`, {});
  L.expectStatus(tv, 201, 'to the vote');
  assert.equal(tv.json.status, 'voting');
  L.expectError(await call(s, 'committee', 'POST', `/api/conventions/${c.json.id}/versions`, { body: '晚了' }), 409, 'conflict');
  const vid = tv.json.vote_id;
  L.expectStatus(await call(s, 'committee', 'POST', `/api/votes/${vid}/open`), 200, 'open');
  L.expectStatus(await call(s, 'resident', 'POST', `/api/votes/${vid}/ballots`, { choice: 'yes' }), 201, 'resident votes');
  // a 50% quorum of 56 households is not met by one ballot: rejected
  L.expectStatus(await call(s, 'committee', 'POST', `/api/votes/${vid}/close`), 200, 'close');
  assert.equal((await L.get(s, 'resident', `/api/conventions/${c.json.id}`)).json.status, 'rejected');
});

test('a decision goes through 一征三议两公开: the vote step needs a passed vote, publications publish', async () => {
  const s = await srv();
  const { grid } = await pilot(s);
  const d = await call(s, 'staff', 'POST', '/api/decisions', { node_id: grid, title: '充电棚建设', template: 'yizheng' });
  L.expectStatus(d, 201, 'decision');
  assert.equal(d.json.steps.length, 6);
  L.expectError(await call(s, 'staff', 'POST', '/api/decisions', { node_id: grid, title: 'x', template: 'other' }), 400, 'bad_value', 'template');
  for (let i = 0; i < 3; i++) {
    L.expectStatus(await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, { note: `第${i + 1}步` }), 200, 'step ' + i);
  }
  L.expectError(await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, { note: '决议' }), 400, 'missing_field', 'vote_id');
  const votes = (await L.get(s, 'staff', '/api/votes?per_page=200')).json.items;
  const open = votes.find((v) => v.status === 'open' && v.kind === 'art278');
  const passed = votes.find((v) => v.status === 'closed' && v.passed === true && v.kind === 'art278');
  L.expectError(await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, { vote_id: open.id }), 409, 'vote_not_passed');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, { vote_id: passed.id }), 200, 'vote step');
  L.expectError(await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, {}), 400, 'missing_field', 'notice_body');
  const p1 = await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, { notice_body: '决议内容。' });
  L.expectStatus(p1, 200, 'first publication');
  const p2 = await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, { notice_body: '已建成。' });
  L.expectStatus(p2, 200, 'second publication');
  assert.equal(p2.json.done, true);
  const n1 = (await L.get(s, 'resident', `/api/notices/${p2.json.steps[4].notice_id}`)).json;
  const n2 = (await L.get(s, 'resident', `/api/notices/${p2.json.steps[5].notice_id}`)).json;
  assert.deepEqual([n1.kind, n2.kind], ['decision', 'execution']);
  L.expectError(await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, {}), 409, 'conflict');
});

test('every deliberation page answers in Chinese to a resident of 学道苑, and not to a resident elsewhere', async () => {
  const s = await srv();
  const ids = async (p) => (await L.get(s, 'staff', p)).json.items.map((x) => x.id);
  const [vote] = await ids('/api/votes?per_page=200');
  const [notice] = await ids('/api/notices');
  const [topic] = await ids('/api/topics');
  const [meeting] = await ids('/api/meetings');
  const [conv] = await ids('/api/conventions');
  const pages = ['/votes', `/votes/${vote}`, '/notices', `/notices/${notice}`, '/topics', `/topics/${topic}`, '/meetings',
    `/meetings/${meeting}`, `/conventions/${conv}`];
  for (const p of pages) {
    const res = await call(s, 'resident', 'GET', p);
    L.expectStatus(res, 200, p);
    assert.match(res.headers.get('content-type'), /text\/html/);
    assert.ok(/[\u4e00-\u9fff]/.test(res.text), p + ' is in Chinese');
  }
  for (const p of [`/votes/${vote}`, `/meetings/${meeting}`, `/conventions/${conv}`]) {
    L.expectStatus(await call(s, 'resident_other', 'GET', p), 403, 'resident_other ' + p);
  }
  L.expectStatus(await call(s, 'resident', 'GET', '/votes/new'), 403, 'a resident does not open votes');
});
