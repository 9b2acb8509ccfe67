// 31_workorder_committee.e2e.js: community staff switch on the committee's confirmation on the work
// order settings page; a resident confirms a fix with 4 stars from a phone and the order waits for the
// compound committee, whose member confirms it on the order page; staff switch it off again.
'use strict';

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const node = (await L.get(srv, 'staff', `/api/nodes/${dnl.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  const call = async (user, method, p, body) => L.api(srv, method, p, { token: await L.token(srv, user), body });
  // a fixed streetlight, set up through the API
  let res = await call('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description: '院门口路灯不亮（e2e 两方结单）' });
  assert.equal(res.status, 201, res.text);
  const id = res.json.id;
  const community = res.json.community_id;
  assert.equal((await call('grid8', 'POST', `/api/workorders/${id}/transition`, { action: 'accept' })).status, 200);
  const con = (await L.get(srv, 'grid8', `/api/workorders/orgs?order=${id}`)).json.items.find((o) => /蓉城建设/.test(o.name));
  assert.equal((await call('grid8', 'POST', `/api/workorders/${id}/transition`, { action: 'dispatch', org_ids: [con.id] })).status, 200);
  assert.equal((await call('contractor', 'POST', `/api/workorders/${id}/transition`, { action: 'done', note: '换了灯' })).status, 200);

  const contexts = [];
  async function as(username, mobile = false) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: mobile ? { width: 390, height: 844 } : { width: 1200, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    if (username) await signIn(page, username);
    return page;
  }
  let page;
  try {
    // staff switch the committee's confirmation on
    page = await as('staff');
    await page.goto(srv.base + '/workorders');
    await clickAndWait(page, 'a[href="/workorders/config"]');
    await page.goto(`${srv.base}/workorders/config?community=${community}`);
    assert.ok((await page.innerText('main')).includes('结单设置'));
    await page.check('#settings input[name="committee_confirms"]');
    await clickAndWait(page, '#settings button[type="submit"]');
    assert.ok((await page.innerText('main')).includes('已保存'), 'saved');
    assert.ok(await page.isChecked('#settings input[name="committee_confirms"]'), 'the switch stays on');
    await shot(page, 'workorder-config');

    // the resident confirms from a phone: the order now waits for the committee
    page = await as('resident', true);
    await page.goto(`${srv.base}/workorders/${id}`);
    assert.ok((await page.innerText('main')).includes('院委会在您确认后再确认'), 'the resident is told');
    await page.check('input[name="rating"][value="4"]');
    await clickAndWait(page, 'button[value="confirm"]');
    let text = await page.innerText('main');
    assert.ok(text.includes('待院委会确认'), 'waiting for the committee: ' + text.slice(0, 200));
    assert.equal(await page.locator('button[value="confirm"]').count(), 0, 'no second confirmation offered');

    // the committee member confirms on the order page
    page = await as('committee', true);
    await page.goto(`${srv.base}/workorders/${id}`);
    assert.equal(await page.locator('button[value="committee_reject"]').count(), 1, 'the committee may also reject');
    assert.ok((await page.innerText('main')).includes('等待院委会确认后结单'), 'the page says what it waits for');
    await shot(page, 'workorder-awaiting-committee');
    await page.fill('form:has(button[value="committee_confirm"]) textarea[name="note"]', '院委会看过，亮了');
    await clickAndWait(page, 'button[value="committee_confirm"]');
    text = await page.innerText('main');
    assert.ok(text.includes('已结单') && text.includes('4 / 5'), 'closed with the reporter\'s rating');
    await shot(page, 'workorder-committee-closed');
  } finally {
    // switch it off again through the page
    page = await as('staff');
    await page.goto(`${srv.base}/workorders/config?community=${community}`);
    await page.uncheck('#settings input[name="committee_confirms"]');
    await clickAndWait(page, '#settings button[type="submit"]');
    for (const c of contexts) await c.close();
  }
};
