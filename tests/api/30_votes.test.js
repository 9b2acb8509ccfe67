// 30_votes.test.js: owners' votes under Civil Code Art. 278 and simple votes: the demo's renovation vote
// counted by the engine, casting and replacing ballots, paper ballots confirmed by a second person,
// proxies, closing, the published notice, exports, and every refusal leaving nothing changed.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
/* One server for this file (a test clock, so objection periods can pass). */
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

async function pilot(s) {
  const list = await L.compounds(s, 'staff');
  const dnl = list.find((c) => c.name === '学道苑·东南里7号');
  assert.ok(dnl, 'the pilot compound 学道苑·东南里7号');
  return { dnl, grid: dnl.grid_id };
}

async function votesByTitle(s, user, re) {
  const j = (await L.get(s, user, '/api/votes?per_page=200')).json;
  return j.items.filter((v) => re.test(v.title));
}

/* Households of a building of 东南里7号, from the register. */
async function householdsOf(s, building) {
  const { dnl } = await pilot(s);
  const all = [];
  for (let page = 1; ; page++) {
    const j = (await L.get(s, 'staff', `/api/households?compound=${dnl.id}&page=${page}&per_page=200`)).json;
    all.push(...j.items);
    if (all.length >= j.total || j.items.length === 0) break;
  }
  return all.filter((h) => h.building === building);
}

/* The checks a resident can redo by hand: every figure adds up and each rule's two sides are what they say. */
function checkArt278Figures(r) {
  assert.equal(r.kind, 'art278');
  assert.equal(r.owners_participating, r.owners_yes + r.owners_no + r.owners_abstain, 'owners taking part');
  assert.equal(r.area_participating, r.area_yes + r.area_no + r.area_abstain, 'area taking part');
  assert.equal(r.owners_total, r.owners_participating + r.owners_not_voted, 'owners in all');
  assert.equal(r.area_total, r.area_participating + r.area_not_voted, 'area in all');
  const [qa, qn, pa, pn] = r.checks;
  assert.equal(qa.left, 3 * r.area_participating);
  assert.equal(qa.right, 2 * r.area_total);
  assert.equal(qn.left, 3 * r.owners_participating);
  assert.equal(qn.right, 2 * r.owners_total);
  assert.equal(qa.ok, qa.left >= qa.right);
  assert.equal(qn.ok, qn.left >= qn.right);
  // three quarters of those taking part (at least), or more than half; the expected figures follow the rule
  const tq = r.threshold === 'three_quarters';
  assert.deepEqual([pa.left, pa.right, pn.left, pn.right], tq
    ? [4 * r.area_yes, 3 * r.area_participating, 4 * r.owners_yes, 3 * r.owners_participating]
    : [2 * r.area_yes, r.area_participating, 2 * r.owners_yes, r.owners_participating]);
  assert.equal(pa.ok, tq ? pa.left >= pa.right : pa.left > pa.right);
  assert.equal(pn.ok, tq ? pn.left >= pn.right : pn.left > pn.right);
  assert.equal(r.quorum, qa.ok && qn.ok);
  assert.equal(r.passed, r.checks.every((c) => c.ok) && r.owners_participating > 0);
}

test('the demo renovation vote of 学道苑 passed with 98% of the owners, counted by the Art. 278 engine', async () => {
  const s = await srv();
  const [v] = await votesByTitle(s, 'resident', /^学道苑老旧院落改造方案/);
  assert.ok(v, 'the renovation-plan vote is listed for the resident');
  assert.equal(v.status, 'closed');
  assert.equal(v.kind, 'art278');
  assert.equal(v.matter, 7);
  assert.equal(v.passed, true);
  const r = (await L.get(s, 'resident', `/api/votes/${v.id}/result`)).json;
  checkArt278Figures(r);
  assert.equal(r.threshold, 'three_quarters');
  assert.equal(r.units, 139, 'the 139 households of 学道苑 are the exclusive units');
  assert.ok(r.owners_total < 139, 'owners of several flats count once: ' + r.owners_total);
  assert.equal(Math.round((100 * r.owners_yes) / r.owners_total), 98, `consent ${r.owners_yes}/${r.owners_total}`);
  assert.equal(r.nonvoters_yes, false);
  // its notice is published, readable by the resident, and names the figures
  const n = (await L.get(s, 'resident', `/api/notices/${v.notice_id}`)).json;
  assert.equal(n.kind, 'vote_result');
  assert.equal(n.source_entity, 'vote');
  assert.equal(n.source_id, v.id);
  assert.ok(n.body.includes(`${r.owners_yes} 人`) && n.body.includes('通过'), n.body);
  assert.ok(n.body.includes('3×参与面积'), 'the notice shows the products to check by hand');
});

test('a resident casts online, a second ballot replaces the first, and only one counts', async () => {
  const s = await srv();
  const [v] = await votesByTitle(s, 'resident', /电动自行车集中充电棚/);
  assert.equal(v.status, 'open');
  const before = (await L.get(s, 'resident', `/api/votes/${v.id}`)).json;
  assert.equal(before.can_vote, true);
  assert.equal(before.my_ballot, null);
  const first = await call(s, 'resident', 'POST', `/api/votes/${v.id}/ballots`, { choice: 'no' });
  L.expectStatus(first, 201, 'first ballot');
  assert.equal(first.json.replaced, false);
  const second = await call(s, 'resident', 'POST', `/api/votes/${v.id}/ballots`, { choice: 'yes' });
  L.expectStatus(second, 200, 'second ballot');
  assert.equal(second.json.replaced, true);
  assert.equal(second.json.id, first.json.id);
  const after = (await L.get(s, 'resident', `/api/votes/${v.id}`)).json;
  assert.equal(after.ballots_counted, before.ballots_counted + 1);
  assert.equal(after.my_ballot.choice, 'yes');
  // the result is not shown to residents before the close
  L.expectError(await call(s, 'resident', 'GET', `/api/votes/${v.id}/result`), 409, 'vote_open');
  const live = (await L.get(s, 'staff', `/api/votes/${v.id}/result`)).json;
  assert.equal(live.final, false);
  checkArt278Figures(live);
});

test('a bad choice, a voter outside the electorate and someone without a vote are refused', async () => {
  const s = await srv();
  const [v] = await votesByTitle(s, 'resident', /电动自行车集中充电棚/);
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${v.id}/ballots`, { choice: 'maybe' }), 400, 'bad_value', 'choice');
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${v.id}/ballots`, { choice: 'yes', extra: 1 }), 400, 'unknown_field');
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${v.id}/ballots`, { option_ids: [1] }), 400, 'bad_value');
  // staff run votes but do not cast ballots
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${v.id}/ballots`, { choice: 'yes' }), 403, 'forbidden');
  // resident_other lives in another grid: the vote is not theirs to see
  const other = await call(s, 'resident_other', 'POST', `/api/votes/${v.id}/ballots`, { choice: 'yes' });
  assert.equal(other.status, 403, other.text);
  // a households' vote of 2栋: the resident (1栋) is outside its electorate
  const b2 = await householdsOf(s, '2栋');
  const { dnl } = await pilot(s);
  const node = (await L.get(s, 'staff', `/api/nodes/${dnl.id}`)).json;
  const bld2 = (node.children || []).find((c) => c.name === '2栋');
  assert.ok(bld2 && b2.length > 0, 'building 2栋 of 东南里7号');
  const created = await call(s, 'staff', 'POST', '/api/votes', {
    node_id: bld2.id, title: '2栋楼道灯更换', kind: 'simple', method: 'yes_no', electorate: 'households',
  });
  L.expectStatus(created, 201, 'create');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${created.json.id}/open`), 200, 'open');
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${created.json.id}/ballots`, { choice: 'yes' }), 403, 'not_in_electorate');
  const still = (await L.get(s, 'staff', `/api/votes/${created.json.id}`)).json;
  assert.equal(still.ballots_counted, 0, 'nothing was recorded');
});

test('paper ballots entered by the building head count only once a second person confirms them', async () => {
  const s = await srv();
  const [v] = await votesByTitle(s, 'bldghead', /电动自行车集中充电棚/);
  const b1 = await householdsOf(s, '1栋');
  const pend = (await L.get(s, 'bldghead', `/api/votes/${v.id}/ballots?pending=1&per_page=200`)).json.items;
  assert.ok(pend.length >= 1, 'the demo leaves paper ballots of 1栋 waiting');
  const voted = new Set((await L.get(s, 'staff', `/api/votes/${v.id}/ballots?per_page=200`)).json.items.map((b) => b.household_id));
  const fresh = b1.find((h) => h.housing === 'owned' && !voted.has(h.id));
  assert.ok(fresh, 'an owner household of 1栋 that has not voted');
  const before = (await L.get(s, 'staff', `/api/votes/${v.id}`)).json;
  // a proxy needs the proxy document
  L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`,
    { household_id: fresh.id, choice: 'yes', channel: 'proxy', proxy_name: '王某' }), 400, 'missing_field', 'proxy_document');
  const entered = await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`,
    { household_id: fresh.id, choice: 'yes', channel: 'proxy', proxy_name: '王某', proxy_document: '授权委托书 2024-001' });
  L.expectStatus(entered, 201, 'paper ballot');
  assert.equal(entered.json.counted, false);
  let now = (await L.get(s, 'staff', `/api/votes/${v.id}`)).json;
  assert.equal(now.ballots_counted, before.ballots_counted, 'not counted before confirmation');
  assert.equal(now.ballots_pending, before.ballots_pending + 1);
  // the same person cannot confirm their own entry
  L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/ballots/${entered.json.id}/confirm`), 409, 'same_person');
  // a second ballot for the same voter is refused (they may change it online themselves)
  L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`,
    { household_id: fresh.id, choice: 'no' }), 409, 'ballot_exists');
  const ok = await call(s, 'committee', 'POST', `/api/votes/${v.id}/ballots/${entered.json.id}/confirm`);
  L.expectStatus(ok, 200, 'confirm');
  now = (await L.get(s, 'staff', `/api/votes/${v.id}`)).json;
  assert.equal(now.ballots_counted, before.ballots_counted + 1);
  assert.equal(now.ballots_pending, before.ballots_pending);
  const list = (await L.get(s, 'staff', `/api/votes/${v.id}/ballots?per_page=200`)).json.items;
  const row = list.find((b) => b.id === entered.json.id);
  assert.equal(row.channel, 'proxy');
  assert.equal(row.proxy_document, '授权委托书 2024-001');
  // outside the building head's building
  const b2 = await householdsOf(s, '2栋');
  L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`, { household_id: b2[0].id, choice: 'yes' }), 403, 'forbidden');
});

test('closing counts, publishes the notice, and refuses every later ballot and change', async () => {
  const s = await srv();
  const [v] = await votesByTitle(s, 'staff', /电动自行车集中充电棚/);
  const pend = (await L.get(s, 'staff', `/api/votes/${v.id}/ballots?pending=1&per_page=200`)).json.items;
  assert.ok(pend.length >= 1, 'the demo leaves paper ballots waiting for confirmation');
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${v.id}/close`), 403, 'forbidden');
  const closed = await call(s, 'staff', 'POST', `/api/votes/${v.id}/close`);
  L.expectStatus(closed, 200, 'close');
  const r = closed.json.result;
  checkArt278Figures(r);
  assert.equal(r.final, true);
  assert.equal(r.pending_ballots, pend.length, 'unconfirmed paper ballots are reported and not counted');
  assert.equal(r.counted_ballots, (await L.get(s, 'staff', `/api/votes/${v.id}`)).json.ballots_counted);
  const fromResident = (await L.get(s, 'resident', `/api/votes/${v.id}/result`)).json;
  assert.deepEqual(fromResident, r, 'the stored result is what everyone reads');
  const nid = closed.json.vote.notice_id;
  assert.ok(nid > 0);
  const n = (await L.get(s, 'resident', `/api/notices/${nid}`)).json;
  assert.equal(n.kind, 'vote_result');
  assert.equal(n.period_days, 7);
  assert.equal(n.in_objection_period, true);
  // after the close
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${v.id}/ballots`, { choice: 'no' }), 409, 'vote_closed');
  L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`,
    { household_id: (await householdsOf(s, '1栋'))[0].id, choice: 'no' }), 409, 'vote_closed');
  L.expectError(await call(s, 'committee', 'POST', `/api/votes/${v.id}/ballots/${pend[0].id}/confirm`), 409, 'vote_closed');
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${v.id}/close`), 409, 'conflict');
  const again = (await L.get(s, 'resident', `/api/votes/${v.id}/result`)).json;
  assert.deepEqual(again, r, 'nothing changed');
  // exports
  const csv = await call(s, 'resident', 'GET', `/api/votes/${v.id}/result.csv`);
  L.expectStatus(csv, 200, 'csv');
  assert.ok(csv.text.includes('同意人数') && csv.text.includes(String(r.owners_yes)), csv.text.slice(0, 300));
  const xlsx = await call(s, 'resident', 'GET', `/api/votes/${v.id}/result.xlsx`);
  L.expectStatus(xlsx, 200, 'xlsx');
  assert.equal(xlsx.buf.slice(0, 2).toString(), 'PK', 'an XLSX is a zip');
});

test('a published notice is never edited: changes are refused, a correction is a new notice', async () => {
  const s = await srv();
  const { grid } = await pilot(s);
  const pub = await call(s, 'staff', 'POST', '/api/notices', { node_id: grid, kind: 'general', title: '停水通知', body: '周三停水。' });
  L.expectStatus(pub, 201, 'publish');
  for (const m of ['PATCH', 'PUT', 'DELETE']) {
    L.expectError(await call(s, 'staff', m, `/api/notices/${pub.json.id}`, m === 'DELETE' ? undefined : { body: '周四停水。' }), 409, 'notice_immutable');
  }
  const same = (await L.get(s, 'resident', `/api/notices/${pub.json.id}`)).json;
  assert.equal(same.body, '周三停水。');
  L.expectError(await call(s, 'resident', 'POST', '/api/notices', { node_id: grid, title: 'x', body: 'y' }), 403, 'forbidden');
  L.expectError(await call(s, 'staff', 'POST', '/api/notices', { node_id: grid, kind: 'rumour', title: 'x', body: 'y' }), 400, 'bad_value', 'kind');
  const fix = await call(s, 'staff', 'POST', '/api/notices', { node_id: grid, title: '更正：停水通知', body: '改为周四停水。', corrects_id: pub.json.id });
  L.expectStatus(fix, 201, 'correction');
  assert.equal(fix.json.corrects_id, pub.json.id);
  const old = (await L.get(s, 'resident', `/api/notices/${pub.json.id}`)).json;
  assert.equal(old.corrected_by, fix.json.id);
  assert.equal(old.body, '周三停水。', 'the original stays as it was');
  // the notice board exports to CSV and XLSX, corrections pointing at what they correct
  const csv = await call(s, 'resident', 'GET', '/api/notices.csv');
  L.expectStatus(csv, 200, 'notices csv');
  assert.ok(csv.text.includes('停水通知') && csv.text.includes(`,${pub.json.id}\r\n`), csv.text.slice(0, 400));
  const xlsx = await call(s, 'resident', 'GET', '/api/notices.xlsx');
  L.expectStatus(xlsx, 200, 'notices xlsx');
  assert.equal(xlsx.buf.slice(0, 2).toString(), 'PK');
  // objections within the period; none after it
  const obj = await call(s, 'resident', 'POST', `/api/notices/${pub.json.id}/objections`, { body: '周三家中有老人需要用水。' });
  L.expectStatus(obj, 201, 'objection');
  const withObj = (await L.get(s, 'staff', `/api/notices/${pub.json.id}`)).json;
  assert.equal(withObj.objections, 1);
});

test('objections are taken during the 7-day notice period and refused after it', async () => {
  // its own server: the clock only moves forward
  const s = await L.startServer();
  try {
    const { grid } = await pilot(s);
    const pub = await call(s, 'staff', 'POST', '/api/notices', { node_id: grid, title: '绿化调整', body: '拟移栽两棵树。' });
    L.expectStatus(pub, 201, 'publish');
    L.expectStatus(await call(s, 'resident', 'POST', `/api/notices/${pub.json.id}/objections`, { body: '请保留老树。' }), 201, 'objection');
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 7 * 86400 + 60 }), 200, 'clock');
    const late = await L.login(s, 'resident'); // sessions age with the clock
    L.expectError(await L.api(s, 'POST', `/api/notices/${pub.json.id}/objections`, { token: late.token, body: { body: '晚了' } }),
      409, 'objection_period_over');
    const n = (await L.api(s, 'GET', `/api/notices/${pub.json.id}`, { token: late.token })).json;
    assert.equal(n.objections, 1);
    assert.equal(n.in_objection_period, false);
  } finally {
    await L.stopServer(s);
  }
});

test('a single-choice naming poll counts options; an Art. 278 vote must be yes/no by the owners', async () => {
  const s = await srv();
  const { grid, dnl } = await pilot(s);
  L.expectError(await call(s, 'staff', 'POST', '/api/votes', { node_id: grid, title: 'x', kind: 'art278' }), 400, 'missing_field', 'matter');
  L.expectError(await call(s, 'staff', 'POST', '/api/votes', { node_id: grid, title: 'x', kind: 'art278', matter: 7, electorate: 'households' }), 400, 'bad_value', 'electorate');
  L.expectError(await call(s, 'staff', 'POST', '/api/votes', { node_id: grid, title: 'x', kind: 'art278', matter: 10 }), 400, 'bad_value', 'matter');
  L.expectError(await call(s, 'staff', 'POST', '/api/votes', { node_id: grid, title: 'x', kind: 'simple', method: 'single', options: ['a'] }), 400, 'missing_field', 'options');
  L.expectError(await call(s, 'resident', 'POST', '/api/votes', { node_id: dnl.id, title: 'x', kind: 'simple' }), 403, 'forbidden');
  const poll = await call(s, 'staff', 'POST', '/api/votes', {
    node_id: dnl.id, title: '议事室命名', kind: 'simple', method: 'single', electorate: 'households', options: ['合议轩', '议事厅', '邻里堂'],
  });
  L.expectStatus(poll, 201, 'poll');
  const opts = poll.json.options;
  assert.equal(opts.length, 3);
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${poll.json.id}/ballots`, { option_ids: [opts[0].id] }), 409, 'vote_not_open');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${poll.json.id}/open`), 200, 'open');
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${poll.json.id}/ballots`, { option_ids: [opts[0].id, opts[1].id] }), 400, 'bad_value', 'option_ids');
  L.expectError(await call(s, 'resident', 'POST', `/api/votes/${poll.json.id}/ballots`, { option_ids: [999999] }), 400, 'bad_value', 'option_ids');
  L.expectStatus(await call(s, 'resident', 'POST', `/api/votes/${poll.json.id}/ballots`, { option_ids: [opts[0].id] }), 201, 'cast');
  L.expectStatus(await call(s, 'bldghead', 'POST', `/api/votes/${poll.json.id}/ballots`, { option_ids: [opts[0].id] }), 201, 'cast 2');
  const closed = await call(s, 'staff', 'POST', `/api/votes/${poll.json.id}/close`);
  L.expectStatus(closed, 200, 'close');
  const r = closed.json.result;
  assert.equal(r.cast, 2);
  assert.equal(r.winner.label, '合议轩');
  assert.equal(r.options[0].votes, 2);
  assert.equal(r.electorate, 56, 'the 56 households of 东南里7号');
});

test('a secret ballot keeps each choice out of the ballot list and the audit log', async () => {
  const s = await srv();
  const { dnl } = await pilot(s);
  const v = await call(s, 'staff', 'POST', '/api/votes', {
    node_id: dnl.id, title: '院委会选举（无记名）', kind: 'simple', electorate: 'households', secret: true,
  });
  L.expectStatus(v, 201, 'create');
  assert.equal(v.json.secret, true);
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${v.json.id}/open`), 200, 'open');
  const cast = await call(s, 'resident', 'POST', `/api/votes/${v.json.id}/ballots`, { choice: 'no' });
  L.expectStatus(cast, 201, 'cast');
  const list = (await L.get(s, 'staff', `/api/votes/${v.json.id}/ballots?per_page=200`)).json.items;
  assert.equal(list.length, 1);
  assert.equal(list[0].choice, null, 'the organisers do not see who chose what');
  assert.equal((await L.get(s, 'resident', `/api/votes/${v.json.id}`)).json.my_ballot.choice, 'no', 'the voter sees their own');
  const sql = `SELECT after_json FROM audit_event WHERE entity = 'ballot' AND entity_id = ${cast.json.id}`;
  const out = s.db.sqlitePath ? L.mustRun('sqlite3', [s.db.sqlitePath, sql]).stdout
    : L.mustRun('psql', ['-X', '-q', '-t', '-A', s.db.url, '-c', sql]).stdout;
  assert.ok(out.includes('"secret"') && !out.includes('"no"'), out);
});

test('one flat is one owner: a co-owner added to the register does not add an owner or area', async () => {
  const s = await srv();
  const { dnl } = await pilot(s);
  const home = L.grantNode((await L.grants(s, 'resident')).find((g) => g.role === 'resident'));
  const v = await call(s, 'staff', 'POST', '/api/votes', { node_id: dnl.id, title: '屋面防水维修（使用维修资金）', kind: 'art278', matter: 5 });
  L.expectStatus(v, 201, 'create');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${v.json.id}/open`), 200, 'open');
  const before = (await L.get(s, 'staff', `/api/votes/${v.json.id}/result`)).json;
  const co = await call(s, 'staff', 'POST', `/api/households/${home}/owners`, { name: '共有人', id_number: L.makeId('11010519800101001') });
  L.expectStatus(co, 201, 'co-owner');
  const after = (await L.get(s, 'staff', `/api/votes/${v.json.id}/result`)).json;
  assert.deepEqual([after.units, after.owners_total, after.area_total], [before.units, before.owners_total, before.area_total]);
  L.expectStatus(await call(s, 'resident', 'POST', `/api/votes/${v.json.id}/ballots`, { choice: 'yes' }), 201, 'the resident votes for the flat');
  const yes = (await L.get(s, 'staff', `/api/votes/${v.json.id}/result`)).json;
  assert.equal(yes.owners_yes, 1);
  assert.equal(yes.ignored_ballots, 0);
  assert.equal(yes.threshold, 'more_than_half', 'matter 5 needs more than half');
});
