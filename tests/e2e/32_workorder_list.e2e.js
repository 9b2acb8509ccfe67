// 32_workorder_list.e2e.js: at 360 px and at 1280 px, a grid worker filters the overdue orders of their grid and
// assigns them to the contractor in one go, confirming first; a resident reports with the description
// missing, sees the mistake beside the field with everything typed and the photo kept, then submits
// and sees the order's number, who handles it and the deadline. No page scrolls sideways.
// A server of its own: its clock moves a day ahead so the new reports become overdue.
'use strict';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0 e2e kitchen photo')]);

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function noSideScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

module.exports = async function ({ browser, L, assert, shot }) {
  const srv = await L.startServer();
  const contexts = [];
  async function as(username, width) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: width < 600 ? 740 : 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(srv.base + '/login');
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', 'demo');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action="/login"] button')]);
    return page;
  }
  const call = async (user, method, p, body) => L.api(srv, method, p, { token: await L.token(srv, user), body });
  try {
    // two reports for each screen width nobody answers within their 24 hours
    const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
    const node = (await L.get(srv, 'staff', `/api/nodes/${c.id}`)).json;
    const building = (node.children || node.items || []).find((k) => k.kind === 'building');
    const reported = [];
    for (const description of ['楼道灯一直不亮', '单元门锁坏了', '车棚灯不亮', '信报箱门坏了']) {
      const res = await call('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description });
      L.expectStatus(res, 201, 'report');
      reported.push(res.json.id);
    }
    const grid = (await L.get(srv, 'grid8', `/api/workorders/${reported[0]}`)).json.grid_id;
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock');
    for (const u of ['grid8', 'resident', 'staff']) L.rememberToken(srv, u, (await L.login(srv, u)).token); // a day on: sign in again
    L.expectStatus(await call('grid8', 'POST', '/api/workorders/sweep'), 200, 'sweep');
    const con = (await L.get(srv, 'grid8', `/api/workorders/orgs?order=${reported[0]}`)).json.items.find((o) => /蓉城建设/.test(o.name));

    for (const [width, ids] of [[360, reported.slice(0, 2)], [1280, reported.slice(2)]]) {
      // the grid worker filters the overdue orders of the grid, on a phone and on a wide screen
      let page = await as('grid8', width);
      await page.goto(srv.base + '/workorders');
      assert.ok(await noSideScroll(page), `the list fits ${width} px`);
      await page.click('details.wo-filter-box summary'); // the filters are folded so the list comes first
      await page.selectOption('form.wo-filters select[name="grid"]', String(grid));
      await page.check('form.wo-filters input[name="overdue"]');
      await clickAndWait(page, 'form.wo-filters button[type="submit"]');
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('grid'), String(grid), 'the grid is in the URL');
      assert.equal(url.searchParams.get('overdue'), '1', 'overdue is in the URL');
      const total = (await L.get(srv, 'grid8', `/api/workorders?grid=${grid}&overdue=1&status=open`)).json.total;
      assert.equal(await page.innerText('p.wo-count strong'), String(total), 'the count is the filtered total');
      for (const id of ids) assert.equal(await page.locator(`tr[data-order="${id}"]`).count(), 1, `#${id} is listed`);
      assert.ok(await noSideScroll(page), `the filtered list fits ${width} px`);
      await shot(page, `workorder-list-overdue-${width}`);

      // ticks both and assigns them to the contractor: a confirmation first, then the results
      for (const id of ids) await page.check(`tr[data-order="${id}"] input[name="id"]`);
      await page.selectOption('fieldset.wo-bulk select[name="bulk"]', 'assign');
      await page.selectOption('fieldset.wo-bulk select[name="org"]', String(con.id));
      await clickAndWait(page, 'fieldset.wo-bulk button[type="submit"]');
      let text = await page.innerText('main');
      assert.ok(text.includes('确认批量处理') && text.includes('蓉城建设'), 'asked to confirm: ' + text.slice(0, 200));
      assert.equal((await L.get(srv, 'grid8', `/api/workorders/${ids[0]}`)).json.state, 'reported', 'nothing done before confirming');
      assert.ok(await noSideScroll(page), `the confirmation fits ${width} px`);
      await clickAndWait(page, 'button[value="confirm"]');
      for (const id of ids) assert.equal(await page.locator(`tr[data-order="${id}"][data-ok="1"]`).count(), 1, `#${id} assigned`);
      assert.ok(await noSideScroll(page), `the results fit ${width} px`);
      await shot(page, `workorder-bulk-results-${width}`);
      for (const id of ids) assert.equal((await L.get(srv, 'grid8', `/api/workorders/${id}`)).json.state, 'dispatched');
      await clickAndWait(page, 'main a.button');
      assert.equal(new URL(page.url()).searchParams.get('overdue'), '1', 'back to the same filtered list');

      // a resident forgets the description: the form comes back with the note beside it, nothing lost
      page = await as('resident', width);
      await page.goto(srv.base + '/workorders/new');
      assert.equal(await page.getAttribute('#photos', 'accept'), 'image/*');
      await page.selectOption('#category', 'leak');
      await page.fill('#place_text', '厨房水槽下面');
      await page.setInputFiles('#photos', { name: 'kitchen.jpg', mimeType: 'image/jpeg', buffer: JPEG });
      await clickAndWait(page, 'form.wo-report button[type="submit"]');
      assert.equal(await page.innerText('#err-description'), '请描述问题，例如哪里坏了、从什么时候开始');
      assert.equal(await page.inputValue('#place_text'), '厨房水槽下面', 'the place is kept');
      assert.equal(await page.inputValue('#category'), 'leak', 'the category is kept');
      assert.equal(await page.locator('input[name="kept_photo"]:checked').count(), 1, 'the photo is kept');
      assert.ok(await noSideScroll(page), `the form fits ${width} px`);
      await shot(page, `workorder-report-error-${width}`);
      await page.fill('#description', '水槽下水管漏水');
      await clickAndWait(page, 'form.wo-report button[type="submit"]');
      const done = new URL(page.url());
      const id = Number(done.pathname.split('/').pop());
      assert.ok(id > 0, 'on the new order: ' + page.url());
      assert.equal(await page.innerText('#submitted .wo-number'), `#${id}`);
      assert.ok((await page.innerText('#submitted .wo-handler')).includes('网格员'), 'the grid worker handles it');
      const dues = await page.locator('#submitted .wo-due').allInnerTexts();
      assert.deepEqual(dues.map((d) => d.split('（')[0]), ['24 小时内', '7 天内'], 'deadlines in hours and days');
      assert.equal(await page.locator('.wo-photos img').count(), 1, 'the kept photo is on the order');
      assert.ok(await noSideScroll(page), `the order page fits ${width} px`);
      await shot(page, `workorder-submitted-${width}`);
    }
  } finally {
    for (const ctx of contexts) await ctx.close();
    await L.stopServer(srv);
  }
};
