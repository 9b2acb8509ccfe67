// 41_meeting.e2e.js: staff call a residents' council through the form (scope, time, invitees from the scope),
// record attendance and minutes, approve and publish them; a resident finds the minutes on the notice board.
'use strict';

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const grid = dnl.grid_id;
  const title = '学道苑居民议事会（浏览器测试）';
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
    page = await as('staff');
    await page.goto(srv.base + '/meetings');
    await clickAndWait(page, 'a[href="/meetings/new"]');
    // step 1: the scope
    await page.selectOption('#node', String(grid));
    await clickAndWait(page, '#meeting-scope button[type="submit"]');
    // step 2: the meeting
    await page.selectOption('#kind', 'council');
    await page.fill('#title', title);
    await page.fill('#starts_at', '2026-12-20T19:30');
    await page.fill('#place', '合议轩');
    const org = page.locator('input[name="org"]').first();
    const orgLabel = (await org.locator('xpath=..').innerText()).trim();
    await org.check();
    await page.locator('input[name="user"]').first().check();
    await page.fill('#invitees', '居民代表（东南里7号）');
    await clickAndWait(page, '#meeting-form button[type="submit"]');
    const url = page.url();
    const id = Number(new URL(url).pathname.split('/').pop());
    assert.ok(id > 0, 'on the new meeting page: ' + url);
    let main = await page.innerText('main');
    assert.ok(main.includes(title) && main.includes('2026-12-20 19:30'), main.slice(0, 300));
    assert.ok(main.includes(orgLabel.split(/\s/)[0]), 'the invited organisation is listed: ' + orgLabel);

    // attendance: the organisation and the resident representative came, the office-holder did not
    const boxes = page.locator('#attendance-form input[name="present"]');
    assert.equal(await boxes.count(), 3, 'three invitees');
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    await clickAndWait(page, '#attendance-form button[type="submit"]');
    main = await page.innerText('main');
    assert.ok(main.includes('（出席）') && main.includes('（缺席）'), 'attendance recorded: ' + main.slice(0, 400));

    // minutes, then approval and publication
    await page.fill('#minutes', '议定楼道扶手由院委会询价，下次会议确定方案。');
    await page.fill('#decisions', '一、院委会两周内询价三家。');
    await clickAndWait(page, '#minutes-form button[type="submit"]');
    assert.equal(await page.inputValue('#minutes'), '议定楼道扶手由院委会询价，下次会议确定方案。');
    await clickAndWait(page, '#publish-form button[type="submit"]');
    assert.equal(await page.locator('#manage').count(), 0, 'nothing left to change once published');
    await shot(page, 'meeting-published');

    // a resident on a phone finds the minutes on the notice board
    page = await as('resident', true);
    await page.goto(srv.base + '/notices');
    const link = page.locator('a', { hasText: '会议纪要：' + title }).first();
    await link.waitFor({ timeout: 10000 });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    const notice = await page.innerText('main');
    await shot(page, 'meeting-notice');
    assert.ok(notice.includes('议定楼道扶手由院委会询价') && notice.includes('院委会两周内询价三家'), notice.slice(0, 400));
    assert.ok(notice.includes('公示期至'), 'the notice shows its objection period');
    // and the meeting page shows the minutes to the resident now
    await page.goto(url);
    assert.ok((await page.innerText('main')).includes('议定楼道扶手由院委会询价'));
    assert.equal(await page.locator('#manage').count(), 0, 'no staff forms for a resident');
  } catch (e) {
    if (page) console.log('# screenshot: ' + await shot(page, 'meeting-failure'));
    throw e;
  } finally {
    for (const c of contexts) await c.close();
  }
};
