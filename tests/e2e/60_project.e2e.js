// 60_project.e2e.js: on a phone (360 px), the supervisor fills in the inspection form of the demo's drainage
// item with one failed check, the defect appears on the project page, and the named representative signs a
// material check with one tap; no page scrolls sideways. Then the archive: with every document of the checklist
// uploaded, staff download the archive ZIP from the project page and it holds its index page.
'use strict';

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const demo = (await L.get(srv, 'staff', `/api/projects?compound=${dnl.id}&per_page=100`)).json.items
    .find((p) => p.title === '学道苑·东南里7号老旧小区改造');
  const items = (await L.get(srv, 'staff', `/api/projects/${demo.id}/items`)).json.items;
  const drain = items.find((i) => i.kind === 'drainage');
  const contexts = [];
  async function phone(username) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, username);
    return page;
  }
  const noSideScroll = async (page, what) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 360, `${what}: no horizontal scroll at 360 px (${w})`);
  };
  try {
    let page = await phone('supervisor');
    await page.goto(`${srv.base}/projects/${demo.id}`);
    await noSideScroll(page, 'project page');
    await clickAndWait(page, `a[href="/projects/${demo.id}/items/${drain.id}/inspect"]`);
    await noSideScroll(page, 'inspection form');
    for (const k of ['safety', 'materials', 'progress', 'flow_test']) await page.check(`input[name="check_${k}"][value="ok"]`);
    await page.check('input[name="check_slope"][value="fail"]');
    await page.fill('textarea[name="notes"]', '检查井周边坡度不足（浏览器测试）');
    await clickAndWait(page, 'form.inspect button');
    assert.equal(new URL(page.url()).pathname, `/projects/${demo.id}`);
    assert.match(await page.textContent('body'), /坡度符合设计不合格/);
    await shot(page, 'project-after-inspection');

    const s = await L.api(srv, 'POST', `/api/projects/${demo.id}/signoffs`, { token: await L.token(srv, 'supervisor'),
      body: { item_id: drain.id, kind: 'material', title: '管材进场检查（浏览器测试）' } });
    assert.equal(s.status, 201);
    page = await phone('resident');
    await page.goto(`${srv.base}/projects/${demo.id}`);
    await noSideScroll(page, 'project page for a representative');
    await clickAndWait(page, `form[action="/projects/${demo.id}/signoffs/${s.json.id}/sign"] button`);
    assert.equal(await page.$(`form[action="/projects/${demo.id}/signoffs/${s.json.id}/sign"]`), null, 'signed: the button is gone');

    // the archive: no ZIP link while a kind is missing; the ZIP with its index page once complete
    const kinds = ['drawings', 'construction_records', 'test_reports', 'accounts', 'facility_list', 'maintenance_manuals'];
    const staffToken = await L.token(srv, 'staff');
    for (const k of kinds.slice(0, 5)) {
      const up = await L.api(srv, 'POST', `/api/projects/${demo.id}/archive/documents?kind=${k}&filename=${k}.pdf`,
        { token: staffToken, rawBody: Buffer.from(`%PDF-1.4\n% ${k}\n%%EOF\n`), headers: { 'Content-Type': 'application/octet-stream' } });
      assert.equal(up.status, 201);
    }
    page = await phone('staff');
    await page.goto(`${srv.base}/projects/${demo.id}`);
    assert.equal(await page.$('a.archive-zip'), null, 'no ZIP while the manuals are missing');
    const last = await L.api(srv, 'POST', `/api/projects/${demo.id}/archive/documents?kind=maintenance_manuals&filename=m.pdf`,
      { token: staffToken, rawBody: Buffer.from('%PDF-1.4\n% manual\n%%EOF\n'), headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(last.status, 201);
    await page.goto(`${srv.base}/projects/${demo.id}`);
    await noSideScroll(page, 'project page with the archive');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.archive-zip')]);
    const fs = require('fs');
    const zip = fs.readFileSync(await download.path());
    assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP');
    assert.ok(zip.includes(Buffer.from('index.html')), 'with its index page');
    assert.ok(zip.includes(Buffer.from('6_维护手册/')), 'and the manuals in their folder');
  } finally {
    for (const c of contexts) await c.close();
  }
};
