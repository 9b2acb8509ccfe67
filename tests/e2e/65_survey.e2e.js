// 65_survey.e2e.js: a resident on a 360-px phone opens the survey waiting in their inbox, sees the follow-up
// question only after answering "反对", answers and comes back to edit; nothing scrolls sideways. The results page
// of the seeds' survey draws its charts and its tables hold the API's numbers.
'use strict';

function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const item = (await L.get(srv, 'resident', '/api/me/todo')).json.items.find((x) => x.kind === 'survey_answer');
  assert.ok(item, 'the resident has a survey to answer');
  const token = item.link.replace('/s/', '');
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
  const refused = [];
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => refused.push(String(e)));
    page.on('console', (m) => { if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text()); });
    await signIn(page, 'resident');
    await page.goto(srv.base + item.link);
    assert.equal(await overflow(page), 0, 'the answer page fits 360 px');
    assert.equal(await page.isVisible('#q-concern'), false, 'the follow-up starts hidden');
    const choice = await page.locator('#q-lift label.choice').first().boundingBox();
    assert.ok(choice.height >= 40, `choices are big targets: ${choice.height}`);
    await page.check('#q-lift input[value="1"]');
    assert.equal(await page.isVisible('#q-concern'), true, 'answering 反对 shows why');
    await page.fill('#q-floor input', '5');
    await page.check('#q-concern input[value="0"]');
    await shot(page, 'survey-answer');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form.survey-form button[type="submit"]')]);
    assert.match(await page.innerText('#answer-note'), /已提交/);
    const stored = (await L.api(srv, 'GET', `/api/answer/${token}`)).json.response.answers;
    assert.deepEqual(stored, { lift: 1, floor: 5, concern: [0] });
    // back to edit: answering 赞成 hides the follow-up and drops its answer
    await page.goto(srv.base + item.link);
    assert.equal(await page.isChecked('#q-lift input[value="1"]'), true, 'the page shows the answers given');
    await page.check('#q-lift input[value="0"]');
    assert.equal(await page.isVisible('#q-concern'), false);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form.survey-form button[type="submit"]')]);
    assert.deepEqual((await L.api(srv, 'GET', `/api/answer/${token}`)).json.response.answers, { lift: 0, floor: 5 });
    assert.deepEqual(refused, [], 'no script refused');
  } finally {
    await ctx.close();
  }

  // the seeds' survey: charts drawn, tables equal to the API's numbers
  const demo = (await L.get(srv, 'staff', '/api/surveys?per_page=100')).json.items.find((x) => x.status === 'closed');
  const api = (await L.get(srv, 'street', `/api/surveys/${demo.id}/results?by=age65`)).json;
  const rctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
  try {
    const page = await rctx.newPage();
    await signIn(page, 'street');
    await page.goto(srv.base + `/surveys/${demo.id}/results`);
    await page.locator('#chart-leisure svg').first().waitFor({ timeout: 15000 });
    const rows = await page.$$eval('#table-leisure tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
    const q = api.questions.find((x) => x.key === 'leisure');
    const pct = (p) => `${Math.floor(p / 10)}.${p % 10}`;
    assert.deepEqual(rows.map((r) => r[1]), q.by_group[0].options.map((o) => `${o.count}（${pct(o.pct10)}%）`),
      'the table holds the API\'s counts and percentages');
    assert.equal(rows[0][1], '110（84.6%）');
    assert.equal(await overflow(page), 0, 'the results page fits 360 px');
    await shot(page, 'survey-results');
  } finally {
    await rctx.close();
  }
};
