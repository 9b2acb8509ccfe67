// 34_votes_print.test.js: the A4 print pages (notice, decision, a vote's result, a household's paper ballot)
// with letterhead, 落款, seal and QR code; a printed ballot's code entered instead of the household; and
// closing a vote only after the confirmation step.
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

async function chargingVote(s) {
  const j = (await L.get(s, 'staff', '/api/votes?per_page=200')).json;
  const v = j.items.find((x) => /电动自行车集中充电棚/.test(x.title));
  assert.ok(v, 'the demo vote on the charging shed');
  return v;
}

/* An owner household of 1栋 of 东南里7号 with no ballot in the vote yet. */
async function freshHousehold(s, vid) {
  const dnl = (await L.compounds(s, 'staff')).find((c) => c.name === '学道苑·东南里7号');
  const hh = (await L.get(s, 'staff', `/api/households?compound=${dnl.id}&per_page=200`)).json.items;
  const voted = new Set((await L.get(s, 'staff', `/api/votes/${vid}/ballots`)).json.items.map((b) => b.household_id));
  const fresh = hh.filter((h) => h.building === '1栋' && h.housing === 'owned' && !voted.has(h.id));
  assert.ok(fresh.length >= 2, 'two owner households of 1栋 that have not voted');
  return fresh;
}

function printShape(text, what) {
  assert.match(text, /@page \{ size: A4;/, what + ': an A4 page');
  assert.match(text, /<header class="letterhead">[^<]+<\/header>/, what + ': the letterhead');
  assert.match(text, /<p class="para"><span class="no">1\.<\/span>/, what + ': numbered paragraphs');
  assert.match(text, /<span class="seal">（盖章）<\/span>/, what + ': the seal area');
  assert.match(text, /<p class="date">\d{4}年\d{1,2}月\d{1,2}日<\/p>/, what + ': the date');
  assert.match(text, /<figure class="qr" id="doc-qr"><svg [^>]*viewBox="0 0 (\d+) \1"[^>]*><rect [^>]*\/><path fill="#000" d="M/, what + ': the QR code');
}

test('a printed paper ballot carries a code that names its household and is entered in its place', async () => {
  const s = await srv();
  const v = await chargingVote(s);
  const [h, other] = await freshHousehold(s, v.id);
  const paper = await call(s, 'bldghead', 'GET', `/votes/${v.id}/paper-ballots/${h.id}/print`);
  L.expectStatus(paper, 200, 'the paper ballot');
  printShape(paper.text, 'ballot');
  assert.ok(paper.text.includes(h.address), 'the ballot names the flat');
  const code = (paper.text.match(/<figcaption>(GZB1-\d+-\d+-[0-9a-f]{16})<\/figcaption>/) || [])[1];
  assert.ok(code, 'the code is printed beside its QR code');
  assert.equal(code.split('-').slice(1, 3).join('-'), `${v.id}-${h.id}`);
  // not for a resident, nor outside the building head's building
  L.expectStatus(await call(s, 'resident', 'GET', `/votes/${v.id}/paper-ballots/${h.id}/print`), 403, 'a resident prints no ballots');
  const outside = (await L.get(s, 'staff', `/api/households?compound=${(await L.compounds(s, 'resident_other'))[0].id}&per_page=1`)).json.items[0];
  L.expectStatus(await call(s, 'staff', 'GET', `/votes/${v.id}/paper-ballots/${outside.id}/print`), 404, 'no ballot for a household outside the vote');
  // a forged code: another household with the printed MAC, another vote, a wrong MAC, a household that disagrees
  const forged = [`GZB1-${v.id}-${other.id}-${code.split('-')[3]}`, `GZB1-${v.id + 1}-${h.id}-${code.split('-')[3]}`,
    code.slice(0, -1) + (code.endsWith('0') ? '1' : '0'), code + '0', 'x'];
  for (const bad of forged)
    L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`, { ballot_code: bad, choice: 'yes' }), 400, 'bad_value', 'ballot_code');
  L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`, { ballot_code: code, household_id: other.id, choice: 'yes' }), 400, 'bad_value', 'ballot_code');
  L.expectError(await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`, { choice: 'yes' }), 400, 'missing_field', 'household_id');
  const pendingBefore = (await L.get(s, 'staff', `/api/votes/${v.id}`)).json.ballots_pending;
  const entered = await call(s, 'bldghead', 'POST', `/api/votes/${v.id}/paper-ballots`, { ballot_code: code, choice: 'no' });
  L.expectStatus(entered, 201, 'entered by its code');
  assert.equal(entered.json.household_id, h.id);
  assert.equal(entered.json.choice, 'no');
  assert.equal((await L.get(s, 'staff', `/api/votes/${v.id}`)).json.ballots_pending, pendingBefore + 1, 'one ballot more, awaiting confirmation');
});

test('notices, decisions and a vote print on A4 with a QR code of their page; an open vote prints as 进行中', async () => {
  const s = await srv();
  const n = (await L.get(s, 'resident', '/api/notices?per_page=1')).json.items[0];
  assert.ok(n, 'a notice of the demo');
  const np = await call(s, 'resident', 'GET', `/notices/${n.id}/print`);
  L.expectStatus(np, 200, 'notice print page');
  printShape(np.text, 'notice');
  assert.ok(np.text.includes(`<h1>${n.title}</h1>`), 'the title: ' + n.title);
  assert.match((await call(s, 'resident', 'GET', `/notices/${n.id}`)).text, new RegExp(`href="/notices/${n.id}/print"`), 'the notice links its print page');
  L.expectStatus(await call(s, 'resident_other', 'GET', `/notices/${n.id}/print`), 403, 'not outside its place');
  const v = await chargingVote(s);
  const vp = await call(s, 'staff', 'GET', `/votes/${v.id}/print`);
  L.expectStatus(vp, 200, 'the count so far, for staff');
  printShape(vp.text, 'vote');
  assert.match(vp.text, /<strong>进行中<\/strong>/);
  assert.doesNotMatch(vp.text, /未通过/, 'an open vote is never shown as not passed');
  L.expectStatus(await call(s, 'resident', 'GET', `/votes/${v.id}/print`), 409, 'a resident sees no count before the close (as /api/votes/{id}/result answers)');
  const page = await call(s, 'resident', 'GET', `/votes/${v.id}`);
  assert.match(page.text, /<li id="gap-owners">人数还差 <strong>\d+<\/strong> 人<\/li>/, 'how many more owners');
  assert.match(page.text, /<li id="gap-area">面积还差 <strong>[\d.]+<\/strong> 平方米<\/li>/, 'how much more area');
  assert.doesNotMatch(page.text, /id="not-voted"/, 'the list of flats not voted is for staff');
  const staffPage = await call(s, 'bldghead', 'GET', `/votes/${v.id}`);
  assert.match(staffPage.text, /<details id="not-voted">/);
  const d = await call(s, 'staff', 'POST', '/api/decisions', { node_id: v.node_id, title: '充电棚建设', template: 'yizheng' });
  L.expectStatus(d, 201, 'a decision');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/decisions/${d.json.id}/advance`, { note: '征集意见两周' }), 200, 'a step');
  const dp = await call(s, 'resident', 'GET', `/decisions/${d.json.id}/print`);
  L.expectStatus(dp, 200, 'decision print page');
  printShape(dp.text, 'decision');
  assert.ok(dp.text.includes('征集意见两周'), 'the step done');
});

test('closing a vote from its page asks first; only the confirmed form closes it', async () => {
  const s = await srv();
  const v = await chargingVote(s);
  const ask = await call(s, 'staff', 'GET', `/votes/${v.id}/close`);
  L.expectStatus(ask, 200, 'the confirmation page');
  assert.match(ask.text, new RegExp(`<form method="post" action="/votes/${v.id}/close" id="close-confirm">`));
  assert.match(ask.text, /name="confirm" value="yes"/);
  L.expectStatus(await call(s, 'resident', 'GET', `/votes/${v.id}/close`), 403, 'not for a resident');
  const unconfirmed = await L.api(s, 'POST', `/votes/${v.id}/close`, {
    token: await L.token(s, 'staff'), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, rawBody: '' });
  assert.equal(unconfirmed.status, 303, 'sent to the question');
  assert.equal(unconfirmed.headers.get('location'), `/votes/${v.id}/close`);
  assert.equal((await L.get(s, 'staff', `/api/votes/${v.id}`)).json.status, 'open', 'still open');
  const confirmed = await L.api(s, 'POST', `/votes/${v.id}/close`, {
    token: await L.token(s, 'staff'), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, rawBody: 'confirm=yes' });
  assert.equal(confirmed.status, 303, 'closed, back to the vote');
  assert.equal((await L.get(s, 'staff', `/api/votes/${v.id}`)).json.status, 'closed');
  const vp = await call(s, 'resident', 'GET', `/votes/${v.id}/print`);
  L.expectStatus(vp, 200, 'the result, for everyone once closed');
  assert.doesNotMatch(vp.text, /<strong>进行中<\/strong>/);
});

/* The households a user is offered paper ballots for on the vote's page, in its order. */
async function offered(s, user, vid) {
  const page = await call(s, user, 'GET', `/votes/${vid}`);
  L.expectStatus(page, 200, 'the vote page');
  return [...page.text.matchAll(new RegExp(`href="/votes/${vid}/paper-ballots/(\\d+)/print"`, 'g'))].map((m) => Number(m[1]));
}

test('every paper ballot still wanted prints in one go: one page per household, each with its own code', async () => {
  // its own server: the file's earlier tests close the demo vote on the shared one
  const s = await L.startServer();
  const v = await chargingVote(s);
  const want = await offered(s, 'bldghead', v.id);
  assert.ok(want.length > 1, 'the building head has flats not yet voted');
  const res = await call(s, 'bldghead', 'GET', `/votes/${v.id}/paper-ballots/print`);
  L.expectStatus(res, 200, 'the batch');
  printShape(res.text, 'batch');
  const sheets = [...res.text.matchAll(/<section class="ballot" data-household="(\d+)">([\s\S]*?)<\/section>/g)];
  assert.deepEqual(sheets.map((m) => Number(m[1])), want, 'one ballot per flat offered, in the page\'s order');
  for (const [, hid, body] of sheets) {
    const code = (body.match(/<figcaption>(GZB1-\d+-\d+-[0-9a-f]{16})<\/figcaption>/) || [])[1];
    assert.ok(code, 'each sheet carries its code');
    assert.equal(code.split('-').slice(1, 3).join('-'), `${v.id}-${hid}`, 'the code names the sheet\'s household');
    assert.match(body, /<svg /, 'and its QR code');
  }
  assert.equal((res.text.match(/<header class="letterhead">/g) || []).length, want.length, 'every sheet has the letterhead');
  assert.match(res.text, /section\.ballot \+ section\.ballot \{ break-before: page;/, 'each sheet starts a new page');
  assert.match(res.text, new RegExp(`id="ballot-count">本次共 ${want.length} 张选票`));
  assert.match((await call(s, 'bldghead', 'GET', `/votes/${v.id}`)).text, new RegExp(`href="/votes/${v.id}/paper-ballots/print"`),
    'the vote page links the batch');
  // from a cursor: the rest; a cursor that names no flat of the list is refused
  const rest = await call(s, 'bldghead', 'GET', `/votes/${v.id}/paper-ballots/print?after=${want[0]}`);
  assert.deepEqual([...rest.text.matchAll(/<section class="ballot" data-household="(\d+)">/g)].map((m) => Number(m[1])), want.slice(1));
  L.expectStatus(await call(s, 'bldghead', 'GET', `/votes/${v.id}/paper-ballots/print?after=999999999`), 400, 'a stale cursor');
  // staff print the whole compound, or one building of it
  const all = await offered(s, 'staff', v.id);
  assert.ok(all.length > want.length, 'staff are offered more flats');
  const building = L.grantNode((await L.grants(s, 'bldghead')).find((g) => g.role === 'building_head'));
  const one = await call(s, 'staff', 'GET', `/votes/${v.id}/paper-ballots/print?node=${building}`);
  assert.deepEqual([...one.text.matchAll(/<section class="ballot" data-household="(\d+)">/g)].map((m) => Number(m[1])), want,
    'one building: the building head\'s flats');
  L.expectStatus(await call(s, 'resident', 'GET', `/votes/${v.id}/paper-ballots/print`), 403, 'a resident prints no ballots');
  const closed = (await L.get(s, 'staff', '/api/votes?per_page=200')).json.items.find((x) => x.status === 'closed');
  L.expectStatus(await call(s, 'staff', 'GET', `/votes/${closed.id}/paper-ballots/print`), 409, 'no ballots for a closed vote');
});
