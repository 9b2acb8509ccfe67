// 40_vote.e2e.js: staff open a renovation-plan vote for 学道苑's 139 households, a resident votes online,
// the building head enters a paper ballot that another person confirms, staff close the vote, and the
// published notice shows the tallies.
'use strict';

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const grid = dnl.grid_id;
  const residentHome = L.grantNode((await L.grants(srv, 'resident')).find((g) => g.role === 'resident'));
  const households = (await L.get(srv, 'staff', `/api/households?compound=${dnl.id}&per_page=200`)).json.items;
  const paperHome = households.find((h) => h.building === '1栋' && h.housing === 'owned' && h.id !== residentHome &&
    L.members(h).length > 0);
  assert.ok(paperHome, 'an owner-occupied flat in 1栋 for the paper ballot');

  const contexts = [];
  async function as(username, mobile = false) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: mobile ? { width: 390, height: 844 } : { width: 1200, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, username);
    return page;
  }
  let page;
  try {
    // staff draft and open the vote
    page = await as('staff');
    await page.goto(srv.base + '/votes/new');
    await page.selectOption('#node_id', String(grid));
    await page.fill('#title', '学道苑二期改造方案（加装电梯试点）');
    await page.fill('#body', '依据《民法典》第二百七十八条第七项表决。');
    await page.selectOption('#kind', 'art278');
    await page.selectOption('#matter', '7');
    await page.selectOption('#method', 'yes_no');
    await page.selectOption('#electorate', 'owners');
    await clickAndWait(page, 'form[action="/votes/new"] button[type="submit"]');
    const voteUrl = page.url();
    const id = Number(new URL(voteUrl).pathname.split('/').pop());
    assert.ok(id > 0, 'on the new vote page: ' + voteUrl);
    assert.ok((await page.innerText('main')).includes('草稿'), 'the vote starts as a draft');
    await clickAndWait(page, `form[action="/votes/${id}/open"] button`);
    assert.ok((await page.innerText('main')).includes('投票中'));

    // a resident votes online, on a phone
    page = await as('resident', true);
    await page.goto(voteUrl);
    await page.check('form.ballot input[name="choice"][value="yes"]');
    await clickAndWait(page, `form[action="/votes/${id}/ballot"] button[type="submit"]`);
    assert.ok((await page.innerText('#my-ballot')).includes('同意'), 'the resident sees their ballot');
    await shot(page, 'vote-resident');

    // the building head enters a paper ballot; it waits for a second person
    page = await as('bldghead');
    await page.goto(voteUrl);
    await page.selectOption('#household_id', String(paperHome.id));
    await page.check(`form[action="/votes/${id}/paper"] input[name="choice"][value="yes"]`);
    await clickAndWait(page, `form[action="/votes/${id}/paper"] button[type="submit"]`);
    const pending = await page.innerText('ul.pending');
    assert.ok(pending.includes(paperHome.address) && pending.includes('另一人'), 'pending for confirmation: ' + pending);
    assert.equal(await page.locator(`form[action^="/votes/${id}/ballots/"]`).count(), 0, 'the enterer cannot confirm it');

    // the committee confirms it
    page = await as('committee');
    await page.goto(voteUrl);
    await clickAndWait(page, `form[action^="/votes/${id}/ballots/"] button`);
    assert.equal(await page.locator('ul.pending').count(), 0, 'nothing left to confirm');

    // staff close the vote; the result and the notice show the tallies
    page = await as('staff');
    await page.goto(voteUrl);
    await clickAndWait(page, `form[action="/votes/${id}/close"] button`);
    // closing asks first (a page of its own, no script needed)
    await clickAndWait(page, '#close-confirm button[type="submit"]');
    const result = await page.innerText('#result');
    assert.ok(result.includes('未通过'), 'two owners of 134 miss the quorum: ' + result.slice(0, 300));
    await clickAndWait(page, '#result a[href^="/notices/"]');
    const notice = await page.innerText('main');
    await shot(page, 'vote-notice');
    const r = (await L.get(srv, 'staff', `/api/votes/${id}/result`)).json;
    assert.equal(r.owners_yes, 2);
    assert.equal(r.owners_participating, 2);
    assert.equal(r.units, 139);
    assert.ok(notice.includes('表决结果公示') && notice.includes('未通过'), notice.slice(0, 300));
    assert.ok(notice.includes(`业主总人数 ${r.owners_total} 人`), 'the notice names the owners in all');
    assert.match(notice, /同意：面积 [\d.]+ 平方米，2 人/, 'the notice shows the yes tally');
    assert.ok(notice.includes('公示期至'), 'the notice shows its objection period');
  } catch (e) {
    if (page) console.log('# screenshot: ' + await shot(page, 'vote-failure'));
    throw e;
  } finally {
    for (const c of contexts) await c.close();
  }
};
