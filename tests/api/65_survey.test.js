// 65_survey.test.js: questionnaires: the builder and its refusals, the stratified draw re-drawn from its seed, one
// response per household across web and paper, the second person's check, and the seed's figures computed from raw
// answers with each question's own denominator.
'use strict';

const crypto = require('crypto');
const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';

async function post(srv, user, p, body) {
  return L.api(srv, 'POST', p, { token: user ? await L.token(srv, user) : undefined, body });
}
async function patch(srv, user, p, body) {
  return L.api(srv, 'PATCH', p, { token: await L.token(srv, user), body });
}

/* The seeds' questionnaire: a 5-point scale, a yes/no with a follow-up shown only on "no", an optional single
 * choice, a multiple choice, a matrix, a number and free text. */
const QUESTIONS = [
  { key: 'urgent', kind: 'scale', title: '水、电、气、排水管网改造的迫切程度', required: true,
    options: ['很不迫切', '不太迫切', '一般', '比较迫切', '非常迫切'] },
  { key: 'leisure', kind: 'single', title: '是否希望增加休闲活动空间', required: true, options: ['希望', '不希望'] },
  { key: 'why_not', kind: 'single', title: '不希望的原因', options: ['怕吵', '占车位', '其他'], when: { q: 'leisure', in: [1] } },
  { key: 'parking', kind: 'single', title: '停车是否困难', options: ['困难', '不困难'] },
  { key: 'services', kind: 'multi', title: '希望物业提供的基础服务', options: ['垃圾清运', '保洁', '停车管理'] },
  { key: 'rating', kind: 'matrix', title: '对现状的评价', rows: ['照明', '绿化'], options: ['满意', '一般', '不满意'] },
  { key: 'years', kind: 'number', title: '在本院居住年数', min: 0, max: 100 },
  { key: 'note', kind: 'text', title: '其他意见' },
];

async function pilot(srv) {
  return L.compoundByName(srv, 'staff', PILOT);
}

async function draft(srv, nodeId, questions = QUESTIONS, title = '东南里7号改造意愿调查') {
  const res = await post(srv, 'staff', '/api/surveys', { node_id: nodeId, title, intro: '请每户填写一份', questions });
  L.expectStatus(res, 201, 'create survey');
  return res.json;
}

async function allHouseholds(srv, id, user = 'staff') {
  const out = [];
  let after = 0;
  for (;;) {
    const j = (await L.get(srv, user, `/api/surveys/${id}/households?per_page=500${after ? `&after=${after}` : ''}`)).json;
    out.push(...j.items);
    if (j.next === null) return out;
    after = j.next;
  }
}

async function responseCount(srv, id) {
  let n = 0;
  let after = 0;
  for (;;) {
    const j = (await L.get(srv, 'staff', `/api/surveys/${id}/responses?per_page=200${after ? `&after=${after}` : ''}`)).json;
    n += j.items.length;
    if (j.next === null) return n;
    after = j.next;
  }
}

test('survey builder: every kind of question and a condition make a draft; bad questionnaires are refused and nothing is stored', async () => {
  const srv = await L.sharedServer();
  const c = await pilot(srv);
  const before = (await L.get(srv, 'staff', `/api/surveys?node=${c.id}&per_page=100`)).json.items.length;
  const bad = [
    [[], 'questions.1'],
    [[{ key: 'a', kind: 'single', title: 'x', options: ['only one'] }], 'questions.a'],
    [[{ key: 'a', kind: 'poll', title: 'x' }], 'questions.a'],
    [[{ key: 'a', kind: 'scale', title: 'x', options: ['1', '2', '3'] }], 'questions.a'],
    [[{ key: 'a', kind: 'number', title: 'x', min: 5, max: 1 }], 'questions.a'],
    [[{ key: 'a', kind: 'text', title: 'x' }, { key: 'a', kind: 'text', title: 'y' }], 'questions.a'],
    [[{ key: 'b', kind: 'single', title: 'x', options: ['1', '2'], when: { q: 'later', in: [0] } },
      { key: 'later', kind: 'single', title: 'y', options: ['1', '2'] }], 'questions.b'],
    [[{ key: 'a', kind: 'single', title: 'x', options: ['1', '2'] },
      { key: 'b', kind: 'text', title: 'y', when: { q: 'a', in: [2] } }], 'questions.b'],
    [[{ key: 'a', kind: 'text', title: 'x' }, { key: 'b', kind: 'text', title: 'y', when: { q: 'a', in: [0] } }], 'questions.b'],
    [[{ key: 'A B', kind: 'text', title: 'x' }], 'questions.1'],
  ];
  for (const [questions, field] of bad) {
    L.expectError(await post(srv, 'staff', '/api/surveys', { node_id: c.id, title: 't', questions }), 400, 'bad_definition', field);
  }
  L.expectError(await post(srv, 'resident', '/api/surveys', { node_id: c.id, title: 't', questions: QUESTIONS }), 403, 'forbidden');
  assert.equal((await L.get(srv, 'staff', `/api/surveys?node=${c.id}&per_page=100`)).json.items.length, before, 'nothing stored');

  const s = await draft(srv, c.id);
  assert.equal(s.status, 'draft');
  assert.equal(s.questions.length, QUESTIONS.length);
  assert.deepEqual(s.questions[2].when, { q: 'leisure', in: [1] });
  // a draft is the managers' own: a resident does not see it
  L.expectError(await L.get(srv, 'resident', `/api/surveys/${s.id}`, { ok: false }), 404, 'not_found');
  const edited = await patch(srv, 'staff', `/api/surveys/${s.id}`, { title: '改后的标题', questions: QUESTIONS.slice(0, 3) });
  L.expectStatus(edited, 200, 'edit the draft');
  assert.equal(edited.json.questions.length, 3);
  // opening needs households; then questions are fixed
  L.expectError(await post(srv, 'staff', `/api/surveys/${s.id}/open`), 409, 'no_households');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/distribute`, { mode: 'all' }), 200, 'distribute');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/open`), 200, 'open');
  L.expectError(await patch(srv, 'staff', `/api/surveys/${s.id}`, { title: 'x', questions: QUESTIONS }), 409, 'not_draft');
  L.expectError(await post(srv, 'staff', `/api/surveys/${s.id}/open`), 409, 'already_open');
  const open = (await L.get(srv, 'resident', `/api/surveys/${s.id}`)).json;
  assert.equal(open.status, 'open', 'an open survey is visible to the compound');
});

test('survey sample: quotas per stratum drawn from a published seed, re-drawn by anyone; a quota beyond its stratum draws nothing', async () => {
  const srv = await L.sharedServer();
  const c = await pilot(srv);
  const s = await draft(srv, c.id, QUESTIONS.slice(0, 2), '抽样调查');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/distribute`, { mode: 'all' }), 200, 'all');
  const all = await allHouseholds(srv, s.id);
  assert.equal(all.length, await L.householdTotal(srv, 'staff', c.id), 'every household of the compound');
  const strata = {};
  for (const h of all) (strata[h.stratum] = strata[h.stratum] || []).push(h.household_id);
  const names = Object.keys(strata).sort();
  assert.ok(names.length >= 2, 'the pilot has several strata: ' + names.join(','));
  const quotas = {};
  for (const k of names) quotas[k] = Math.floor(strata[k].length / 2);
  const seed = '2024-03-01 公示的种子 8848';
  L.expectError(await post(srv, 'staff', `/api/surveys/${s.id}/distribute`,
    { mode: 'sample', seed, quotas: { ...quotas, [names[0]]: strata[names[0]].length + 1 } }), 409, 'quota_too_large', 'quotas');
  assert.equal((await allHouseholds(srv, s.id)).length, all.length, 'the refused draw changed nothing');
  L.expectError(await post(srv, 'staff', `/api/surveys/${s.id}/distribute`, { mode: 'sample', quotas }), 400, 'bad_value', 'seed');
  const d = await post(srv, 'staff', `/api/surveys/${s.id}/distribute`, { mode: 'sample', seed, quotas });
  L.expectStatus(d, 200, 'draw');
  const want = Object.values(quotas).reduce((a, b) => a + b, 0);
  assert.equal(d.json.households, want);
  // re-draw it here: SHA-256("seed:id") ascending within each stratum, the first quota of each
  const key = (id) => crypto.createHash('sha256').update(`${seed}:${id}`).digest('hex');
  const expected = [];
  for (const k of names) {
    const order = strata[k].slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
    expected.push(...order.slice(0, quotas[k]));
  }
  const drawn = (await allHouseholds(srv, s.id)).map((h) => h.household_id);
  assert.deepEqual(drawn.slice().sort((a, b) => a - b), expected.sort((a, b) => a - b));
  // the public record of the draw: anyone who sees the compound reads the seed and the keys
  const pub = (await L.get(srv, 'resident', `/api/surveys/${s.id}/sample?per_page=500`, { ok: false }));
  L.expectError(pub, 404, 'not_found'); // still a draft: not public yet
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/open`), 200, 'open');
  const rec = (await L.get(srv, 'resident', `/api/surveys/${s.id}/sample?per_page=500`)).json;
  assert.equal(rec.seed, seed);
  assert.deepEqual(rec.sample.quotas, quotas);
  assert.equal(rec.items.length, want);
  for (const it of rec.items) assert.equal(it.key, key(it.household_id));
  assert.ok(rec.items.every((it) => !('token' in it)), 'the public record carries no answer token');

  // a sampled household that refused is replaced by the next of its stratum in the published order, logged
  const k0 = names.find((k) => quotas[k] >= 1 && strata[k].length > quotas[k]);
  const order0 = strata[k0].slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
  const gone = order0[0];
  const goneToken = (await allHouseholds(srv, s.id)).find((h) => h.household_id === gone).token;
  const replUrl = `/api/surveys/${s.id}/replacements`;
  L.expectError(await post(srv, 'staff', replUrl, { household_id: gone, reason: 'lazy' }), 400, 'bad_value', 'reason');
  L.expectError(await post(srv, 'grid8', replUrl, { household_id: gone, reason: 'refused' }), 403, 'forbidden');
  L.expectError(await post(srv, 'staff', replUrl, { household_id: order0[quotas[k0]], reason: 'refused' }), 409, 'not_sent', 'household_id');
  const rp = await post(srv, 'staff', replUrl, { household_id: gone, reason: 'refused' });
  L.expectStatus(rp, 201, 'replace');
  assert.equal(rp.json.replaced_by, order0[quotas[k0]]);
  L.expectError(await post(srv, 'staff', replUrl, { household_id: gone, reason: 'absent' }), 409, 'already_replaced', 'household_id');
  const log = (await L.get(srv, 'staff', replUrl)).json.items;
  assert.deepEqual(log.map((x) => [x.household_id, x.reason, x.stratum, x.replaced_by]), [[gone, 'refused', k0, order0[quotas[k0]]]]);
  const row = (await L.get(srv, 'staff', `/api/surveys/${s.id}/strata`)).json.items.find((x) => x.stratum === k0);
  assert.deepEqual([row.target, row.replaced, row.sent, row.achieved], [quotas[k0], 1, quotas[k0] + 1, 0]);
  // the replaced household's link no longer takes answers
  L.expectError(await post(srv, null, `/api/answer/${goneToken}`, { answers: { urgent: 3, leisure: 0 } }), 409, 'not_sent', 'token');
});

/* The raw answers of the seeds' survey: 130 households, 44 of them headed by someone 65 or over. Water, power and
 * drainage: 102 "very" + 18 "fairly" urgent = 120 (92.3 %; 78.5 %, 13.8 %). Leisure space: 110 want it (84.6 %),
 * 41 of the 44 over-65s (93.2 %). Of the 20 who do not, 15 say why (the follow-up's own denominator); parking is
 * answered by 100. */
function seedAnswers(old, young) {
  const out = [];
  const list = old.map((h) => ({ h, old: true })).concat(young.map((h) => ({ h, old: false })));
  let oldNo = 0;
  let youngNo = 0;
  list.forEach((x, i) => {
    const a = { urgent: i < 102 ? 5 : i < 120 ? 4 : 1 + (i % 3) };
    let no;
    if (x.old) no = oldNo++ < 3;
    else no = youngNo++ < 17;
    a.leisure = no ? 1 : 0;
    if (no && (x.old || youngNo <= 12)) a.why_not = i % 3; // 3 old + 12 young of the 20 answer the follow-up
    if (i < 100) a.parking = i % 2;
    if (i % 2 === 0) a.services = [0, 2];
    a.rating = [0, i % 4 === 0 ? null : 1];
    a.years = 10 + (i % 30);
    out.push({ h: x.h, a });
  });
  return out;
}

test('survey results: the seed\'s figures come out of 130 raw answers, each question over its own denominator, 65+ against younger', async () => {
  const srv = await L.sharedServer();
  // the community: a sample of 44 households headed by someone 65 or over and 86 younger, drawn by stratum
  const community = L.grantNode((await L.grants(srv, 'staff'))[0]);
  const s = await draft(srv, community, QUESTIONS, '改造需求调查（种子数据）');
  const strata = (await L.get(srv, 'staff', `/api/surveys/${s.id}/strata`)).json.items;
  const quotas = {};
  const take = (pred, total) => {
    for (const st of strata.filter((x) => pred(x.stratum))) {
      const n = Math.min(total, st.households);
      if (n > 0) quotas[st.stratum] = n;
      total -= n;
    }
    assert.equal(total, 0, 'the community has enough households: ' + JSON.stringify(strata));
  };
  take((k) => k.startsWith('65p/'), 44);
  take((k) => k.startsWith('u40/') || k.startsWith('40_64/'), 86);
  const d = await post(srv, 'staff', `/api/surveys/${s.id}/distribute`, { mode: 'sample', seed: 'seed-2023-survey', quotas });
  L.expectStatus(d, 200, 'draw');
  assert.equal(d.json.households, 130);
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/open`), 200, 'open');
  const hh = await allHouseholds(srv, s.id);
  const old = hh.filter((h) => h.age_band === '65p');
  const young = hh.filter((h) => h.age_band === 'u40' || h.age_band === '40_64');
  assert.equal(old.length, 44);
  assert.equal(young.length, 86);
  const answers = seedAnswers(old.slice(0, 44), young.slice(0, 86));
  for (const { h, a } of answers) {
    L.expectStatus(await post(srv, null, `/api/answer/${h.token}`, { answers: a }), 200, `answer of ${h.household_id}`);
  }
  const r = (await L.get(srv, 'staff', `/api/surveys/${s.id}/results?by=age65`)).json;
  assert.equal(r.respondents, 130);
  const achieved = (await L.get(srv, 'staff', `/api/surveys/${s.id}/strata`)).json.items.filter((x) => x.sent > 0);
  for (const st of achieved) assert.equal(st.answered, quotas[st.stratum], `achieved = target in ${st.stratum}`);
  assert.equal(r.sent, hh.length);
  const q = (k) => r.questions.find((x) => x.key === k);
  const all = (k) => q(k).by_group[0];
  const g65 = (k) => q(k).by_group.find((g) => g.group === '65p');
  assert.equal(all('urgent').answered, 130);
  assert.equal(all('urgent').top2.pct10, 923, '92.3 % call it urgent');
  assert.equal(all('urgent').options[4].pct10, 785, '78.5 % very urgent');
  assert.equal(all('urgent').options[3].pct10, 138, '13.8 % fairly urgent');
  assert.equal(all('leisure').options[0].count, 110);
  assert.equal(all('leisure').options[0].pct10, 846, '84.6 % want leisure space');
  assert.equal(g65('leisure').answered, 44);
  assert.equal(g65('leisure').options[0].pct10, 932, '93.2 % of the over-65s');
  // weighted to the stratum targets beside the unweighted: every stratum achieved its target, so each weight is 1
  assert.equal(q('urgent').weighted_pm[4], 785);
  assert.equal(q('leisure').weighted_pm[0], 846);
  // a conditional question is counted only among those it was shown to, and only those who answered
  assert.equal(all('why_not').shown, 20);
  assert.equal(all('why_not').answered, 15);
  assert.equal(all('why_not').skipped, 5);
  assert.equal(all('parking').answered, 100, 'a skipped question has its own denominator');
  assert.equal(all('parking').options[0].pct10, 500);
  assert.equal(all('services').answered, 65);
  assert.equal(all('services').options[0].pct10, 1000, 'a multiple choice: each option over who answered');
  assert.equal(all('rating').rows[1].answered, 97, 'each statement of a matrix over its own answers');
  assert.equal(all('years').answered, 130);

  // the XLSX export is a workbook
  const x = await L.api(srv, 'GET', `/api/surveys/${s.id}/results.xlsx?by=age65`, { token: await L.token(srv, 'staff') });
  L.expectStatus(x, 200, 'xlsx');
  assert.equal(x.buf.slice(0, 2).toString(), 'PK');
  assert.match(x.headers.get('content-type'), /spreadsheetml/);

  // results are the managers' until the survey closes, then the compound's
  L.expectError(await L.get(srv, 'resident', `/api/surveys/${s.id}/results`, { ok: false }), 403, 'forbidden');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/close`), 200, 'close');
  const pub = (await L.get(srv, 'resident', `/api/surveys/${s.id}/results?by=age65`)).json;
  assert.equal(pub.questions.find((x) => x.key === 'leisure').by_group[0].options[0].pct10, 846);
  const unk = pub.questions.find((x) => x.key === 'leisure').by_group.find((g) => g.group === 'unknown');
  assert.equal(unk.answered, null, 'a group under 5 (here none) is hidden from the public');
  const unkStaff = r.questions.find((x) => x.key === 'leisure').by_group.find((g) => g.group === 'unknown');
  assert.equal(unkStaff.answered, 0, 'the survey\'s managers see every cell');
  L.expectError(await post(srv, null, `/api/answer/${old[0].token}`, { answers: { urgent: 3, leisure: 0 } }), 409, 'not_open');
  L.expectError(await L.get(srv, 'staff', `/api/surveys/${s.id}/results?by=gender`, { ok: false }), 400, 'bad_value', 'by');
});

test('survey answers: one response per household across web and paper, edited until close; skipped and bad answers refused', async () => {
  const srv = await L.sharedServer();
  const c = await pilot(srv);
  const s = await draft(srv, c.id, QUESTIONS, '一户一份');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/distribute`, { mode: 'all' }), 200, 'all');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/open`), 200, 'open');
  const hh = await allHouseholds(srv, s.id);
  const [a, b, p] = hh;
  const url = `/api/answer/${a.token}`;
  const bad = [
    [{ urgent: 5, leisure: 0, why_not: 1 }, 400, 'skipped_question', 'why_not'],
    [{ urgent: 6, leisure: 0 }, 400, 'bad_answer', 'urgent'],
    [{ urgent: 5 }, 400, 'missing_answer', 'leisure'],
    [{ urgent: 5, leisure: 0, colour: 1 }, 400, 'unknown_question', 'answers'],
    [{ urgent: 5, leisure: 0, services: [0, 0] }, 400, 'bad_answer', 'services'],
    [{ urgent: 5, leisure: 0, rating: [0] }, 400, 'bad_answer', 'rating'],
    [{ urgent: 5, leisure: 0, years: 101 }, 400, 'bad_answer', 'years'],
    [{ urgent: 5, leisure: 0, note: 'x'.repeat(501) }, 400, 'bad_answer', 'note'],
  ];
  for (const [ans, status, code, field] of bad) L.expectError(await post(srv, null, url, { answers: ans }), status, code, field);
  L.expectError(await post(srv, null, '/api/answer/0123456789abcdef01234567', { answers: { urgent: 1, leisure: 0 } }), 404, 'bad_token');
  assert.equal(await responseCount(srv, s.id), 0, 'nothing stored');

  // two submissions at once: one response, edited in place
  const [r1, r2] = await Promise.all([
    post(srv, null, url, { answers: { urgent: 2, leisure: 1, why_not: 0 } }),
    post(srv, null, url, { answers: { urgent: 3, leisure: 1, why_not: 1 } }),
  ]);
  L.expectStatus(r1, 200, 'first');
  L.expectStatus(r2, 200, 'second');
  assert.equal(r1.json.id, r2.json.id, 'one response');
  const edit = await post(srv, null, url, { answers: { urgent: 4, leisure: 0 } });
  assert.equal(edit.json.id, r1.json.id);
  const mine = (await L.api(srv, 'GET', url)).json;
  assert.deepEqual(mine.response.answers, { urgent: 4, leisure: 0 });
  assert.equal(await responseCount(srv, s.id), 1);

  // paper for a household that answered online is queued for staff, not counted, and the other way round
  const q1 = await post(srv, 'grid8', `/api/surveys/${s.id}/paper`, { household_id: a.household_id, answers: { urgent: 1, leisure: 0 } });
  L.expectStatus(q1, 202, 'queued');
  assert.equal(q1.json.id, r1.json.id, 'the response there stays');
  assert.deepEqual((await L.api(srv, 'GET', url)).json.response.answers, { urgent: 4, leisure: 0 }, 'the online answer is unchanged');
  const paper = await post(srv, 'grid8', `/api/surveys/${s.id}/paper`, { household_id: p.household_id, answers: { urgent: 5, leisure: 1, why_not: 2 } });
  L.expectStatus(paper, 201, 'paper entry');
  L.expectError(await post(srv, 'microgrid8', `/api/surveys/${s.id}/paper`, { household_id: p.household_id, answers: { urgent: 1, leisure: 0 } }),
    409, 'already_answered', 'household_id');
  const q2 = await post(srv, null, `/api/answer/${p.token}`, { answers: { urgent: 1, leisure: 0 } });
  L.expectStatus(q2, 202, 'queued');
  const queue = (await L.get(srv, 'staff', `/api/surveys/${s.id}/conflicts`)).json.items;
  assert.deepEqual(queue.map((x) => [x.household_id, x.first_channel, x.channel]), [[a.household_id, 'web', 'paper'], [p.household_id, 'paper', 'web']]);
  L.expectError(await post(srv, 'grid8', `/api/surveys/${s.id}/paper`, { household_id: 999999, answers: { urgent: 1, leisure: 0 } }),
    409, 'not_sent', 'household_id');
  L.expectError(await post(srv, 'resident', `/api/surveys/${s.id}/paper`, { household_id: b.household_id, answers: { urgent: 1, leisure: 0 } }),
    403, 'forbidden');

  // unchecked paper is not counted; the keyer cannot check; a second keying that differs is refused
  let res = (await L.get(srv, 'staff', `/api/surveys/${s.id}/results`)).json;
  assert.equal(res.respondents, 1);
  const check = `/api/surveys/${s.id}/responses/${paper.json.id}/check`;
  L.expectError(await post(srv, 'grid8', check, { answers: { urgent: 5, leisure: 1, why_not: 2 } }), 409, 'same_person');
  L.expectError(await post(srv, 'microgrid8', check, { answers: { urgent: 5, leisure: 1, why_not: 1 } }), 409, 'check_mismatch', 'why_not');
  const entered = (await L.get(srv, 'staff', `/api/surveys/${s.id}/responses?status=entered`)).json.items;
  assert.deepEqual(entered.map((x) => x.id), [paper.json.id]);
  L.expectStatus(await post(srv, 'microgrid8', check, { answers: { urgent: 5, leisure: 1, why_not: 2 } }), 200, 'check');
  L.expectError(await post(srv, 'staff', check, { answers: { urgent: 5, leisure: 1, why_not: 2 } }), 409, 'not_entered');
  res = (await L.get(srv, 'staff', `/api/surveys/${s.id}/results`)).json;
  assert.equal(res.respondents, 2);
  const checked = (await L.get(srv, 'staff', `/api/surveys/${s.id}/responses?status=checked`)).json.items[0];
  assert.equal(checked.channel, 'paper');
  assert.notEqual(checked.entered_by, checked.checked_by);

  // staff settle the queue: keep the online answer; replace the checked paper by the later online one
  const settle = (cid, body, user = 'staff') => post(srv, user, `/api/surveys/${s.id}/conflicts/${cid}/settle`, body);
  L.expectError(await settle(queue[0].id, { choice: 'maybe' }), 400, 'bad_value', 'choice');
  L.expectError(await settle(queue[0].id, { choice: 'keep' }, 'grid8'), 403, 'forbidden');
  L.expectStatus(await settle(queue[0].id, { choice: 'keep' }), 200, 'keep');
  L.expectError(await settle(queue[0].id, { choice: 'replace' }), 409, 'conflict_settled');
  L.expectStatus(await settle(queue[1].id, { choice: 'replace' }), 200, 'replace');
  assert.deepEqual((await L.get(srv, 'staff', `/api/surveys/${s.id}/conflicts`)).json.items, []);
  assert.deepEqual((await L.api(srv, 'GET', url)).json.response.answers, { urgent: 4, leisure: 0 }, 'kept');
  const now = (await L.api(srv, 'GET', `/api/answer/${p.token}`)).json.response;
  assert.deepEqual([now.channel, now.status, now.answers], ['web', 'submitted', { urgent: 1, leisure: 0 }]);
  res = (await L.get(srv, 'staff', `/api/surveys/${s.id}/results`)).json;
  assert.deepEqual(res.by_channel, { web: 2, paper: 0, visit: 0 });
  // the door-to-door visit: a third channel, counted at once; keyed twice is refused, a web answer after it queued
  const v = await post(srv, 'grid8', `/api/surveys/${s.id}/visit`, { household_id: b.household_id, answers: { urgent: 2, leisure: 0 } });
  L.expectStatus(v, 201, 'visit');
  L.expectError(await post(srv, 'microgrid8', `/api/surveys/${s.id}/visit`, { household_id: b.household_id, answers: { urgent: 2, leisure: 0 } }),
    409, 'already_answered', 'household_id');
  L.expectStatus(await post(srv, null, `/api/answer/${b.token}`, { answers: { urgent: 5, leisure: 0 } }), 202, 'queued');
  res = (await L.get(srv, 'staff', `/api/surveys/${s.id}/results?by=channel`)).json;
  assert.deepEqual(res.by_channel, { web: 2, paper: 0, visit: 1 });
  assert.deepEqual(res.groups.map((g) => [g.key, g.respondents]), [['all', 3], ['web', 2], ['paper', 0], ['visit', 1]]);
});

test('survey pages and inbox: the resident answers on the phone page, a paper form waits in another worker\'s inbox, results show a table beside the chart', async () => {
  const srv = await L.sharedServer();
  const c = await pilot(srv);
  const s = await draft(srv, c.id, QUESTIONS.slice(0, 4), '页面与待办');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/distribute`, { mode: 'all' }), 200, 'all');
  const builder = await L.get(srv, 'staff', `/surveys/${s.id}`);
  assert.match(builder.text, /id="strata"/, 'the draft shows its strata');
  L.expectStatus(await post(srv, 'staff', `/api/surveys/${s.id}/open`), 200, 'open');
  const hh = await allHouseholds(srv, s.id);

  // the resident's inbox holds the survey of their household, linking to its answer page
  const todo = async (u) => (await L.get(srv, u, '/api/me/todo')).json.items;
  const mine = (await todo('resident')).filter((x) => x.kind === 'survey_answer' && x.title.includes('页面与待办'));
  assert.equal(mine.length, 1);
  const token = mine[0].link.replace('/s/', '');
  assert.ok(hh.some((h) => h.token === token), 'the link is one of the survey\'s households');
  assert.equal((await todo('resident_other')).filter((x) => x.kind === 'survey_answer' && x.title.includes('页面与待办')).length, 0,
    'a resident of another compound was not sent it');

  // the answer page, no sign-in: big form, the follow-up marked conditional; a form post drops a hidden answer
  const page = await L.api(srv, 'GET', `/s/${token}`);
  L.expectStatus(page, 200, 'answer page');
  assert.match(page.text, /水、电、气、排水管网改造的迫切程度/);
  assert.match(page.text, /data-when-q="leisure" data-when-in="1"/);
  const form = new URLSearchParams([['urgent', '5'], ['leisure', '0'], ['why_not', '2'], ['parking', '1']]);
  const sent = await L.api(srv, 'POST', `/s/${token}`, { rawBody: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  L.expectStatus(sent, 200, 'form answer');
  const stored = (await L.api(srv, 'GET', `/api/answer/${token}`)).json.response;
  assert.deepEqual(stored.answers, { urgent: 5, leisure: 0, parking: 1 });
  assert.equal((await todo('resident')).filter((x) => x.kind === 'survey_answer' && x.title.includes('页面与待办')).length, 0, 'answered: gone');

  // a paper form keyed by grid8 waits in microgrid8's and staff's inbox, not in grid8's
  const other = hh.find((h) => h.token !== token);
  const p = await post(srv, 'grid8', `/api/surveys/${s.id}/paper`, { household_id: other.household_id, answers: { urgent: 3, leisure: 0 } });
  L.expectStatus(p, 201, 'paper');
  const link = `/surveys/${s.id}/responses/${p.json.id}/check`;
  const has = async (u) => (await todo(u)).some((x) => x.kind === 'survey_check' && x.link === link);
  assert.equal(await has('grid8'), false);
  assert.equal(await has('microgrid8'), true);
  assert.equal(await has('staff'), true);
  assert.equal(await has('resident'), false);
  const checkPage = await L.get(srv, 'microgrid8', link);
  assert.doesNotMatch(checkPage.text, /checked/, 'the second keying starts blank');
  L.expectStatus(await post(srv, 'microgrid8', `/api${link}`, { answers: { urgent: 3, leisure: 0 } }), 200, 'check');
  assert.equal(await has('staff'), false, 'checked: gone');

  // slips: one QR per household; results: a table with the numbers beside the chart
  const slips = await L.get(srv, 'staff', `/surveys/${s.id}/slips`);
  assert.equal((slips.text.match(/<section class="slip">/g) || []).length, Math.min(60, hh.length));
  assert.match(slips.text, /<svg/);
  const res = await L.get(srv, 'staff', `/surveys/${s.id}/results`);
  assert.match(res.text, /id="table-leisure"/);
  assert.match(res.text, /data-chart=/);
  assert.match(res.text, /<td>希望<\/td><td>2（100\.0%）<\/td>/);
  const list = await L.get(srv, 'staff', '/surveys');
  assert.match(list.text, new RegExp(`/surveys/${s.id}"`));
});

test('survey demo: the seeds\' 2023 survey is built through the model from raw answers and shows the published figures', async () => {
  const srv = await L.sharedServer();
  const list = (await L.get(srv, 'staff', '/api/surveys?per_page=100')).json.items;
  const demo = list.find((x) => x.title === '老旧院落改造居民意愿调查（2023年）');
  assert.ok(demo, 'the demo survey is listed');
  assert.equal(demo.status, 'closed');
  assert.equal(demo.seed, '2023-03-15 合江亭社区居委会公示');
  const r = (await L.get(srv, 'street', `/api/surveys/${demo.id}/results?by=age65`)).json;
  assert.equal(r.respondents, 130);
  const q = (k) => r.questions.find((x) => x.key === k).by_group;
  assert.equal(q('urgent')[0].top2.pct10, 923);
  assert.equal(q('urgent')[0].options[4].pct10, 785);
  assert.equal(q('urgent')[0].options[3].pct10, 138);
  assert.equal(q('leisure')[0].options[0].pct10, 846);
  assert.equal(q('leisure').find((g) => g.group === '65p').options[0].pct10, 932);
  const page = await L.get(srv, 'street', `/surveys/${demo.id}/results`);
  assert.match(page.text, /<td>4＋5（比较＋非常）<\/td><td>120（92\.3%）<\/td>/);
});
