// 30_workorder.e2e.js: a resident reports a leak with a photo from a phone, the grid worker accepts and
// dispatches it to the contractor, the contractor finishes, the resident confirms with 5 stars, and the
// compound's public page shows it closed.
'use strict';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0 e2e leak photo')]);

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
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
    // the resident reports from a phone, with a photo
    page = await as('resident', true);
    await page.goto(srv.base + '/workorders/new');
    await page.selectOption('#category', 'leak');
    await page.fill('#description', '卫生间天花板漏水，楼上在装修');
    await page.fill('#place_text', '卫生间');
    await page.setInputFiles('#photos', { name: 'leak.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await clickAndWait(page, 'form.wo-report button[type="submit"]');
    const url = page.url();
    const id = Number(new URL(url).pathname.split('/').pop());
    assert.ok(id > 0, 'on the new order page: ' + url);
    let text = await page.innerText('main');
    assert.ok(text.includes('已上报'), 'the order starts reported');
    assert.equal(await page.locator('.wo-photos img').count(), 1, 'the photo is shown');
    const imgOk = await page.evaluate(() => { const i = document.querySelector('.wo-photos img'); return i && i.complete; });
    assert.ok(imgOk !== null, 'the photo element is there');
    await shot(page, 'workorder-reported');

    // the grid worker accepts and dispatches to the contractor, as lead
    page = await as('grid8');
    await page.goto(url);
    await clickAndWait(page, 'button[value="accept"]');
    assert.ok((await page.innerText('main')).includes('已受理'));
    const orgs = (await L.get(srv, 'grid8', `/api/workorders/orgs?order=${id}`)).json.items;
    const contractor = orgs.find((o) => /蓉城建设/.test(o.name));
    assert.ok(contractor, 'the contractor is among the orgs');
    await page.check(`input[name="org"][value="${contractor.id}"]`);
    await page.check(`input[name="lead"][value="${contractor.id}"]`);
    await clickAndWait(page, 'button[value="dispatch"]');
    text = await page.innerText('main');
    assert.ok(text.includes('已派单') && text.includes('蓉城建设'), 'dispatched to the contractor: ' + text.slice(0, 300));

    // the contractor finishes
    page = await as('contractor');
    await page.goto(srv.base + '/workorders');
    assert.ok(await page.locator(`a[href="/workorders/${id}"]`).count() > 0, 'the contractor finds it in its list');
    await page.goto(url);
    await page.fill('form:has(button[value="done"]) textarea[name="note"]', '已更换楼上防水层并修补天花板');
    await clickAndWait(page, 'button[value="done"]');
    assert.ok((await page.innerText('main')).includes('待确认'), 'done, waiting for the resident');

    // the resident confirms with 5 stars
    page = await as('resident', true);
    await page.goto(url);
    const star = await page.locator('fieldset.rating label').first().boundingBox();
    assert.ok(star.height >= 44, 'a rating is a 44-px target on a phone: ' + star.height);
    await page.check('input[name="rating"][value="5"]');
    await page.fill('form:has(button[value="confirm"]) textarea[name="note"]', '修得很好');
    await clickAndWait(page, 'button[value="confirm"]');
    text = await page.innerText('main');
    assert.ok(text.includes('已结单'), 'closed');
    assert.ok(text.includes('5 / 5'), 'with 5 stars');
    assert.equal(await page.locator('button[value="confirm"]').count(), 0, 'no second confirmation offered');
    await shot(page, 'workorder-closed');

    // anyone sees it closed on the compound's public page, without personal data
    page = await as(null, true);
    await page.goto(`${srv.base}/compounds/${dnl.id}/workorders`);
    const row = page.locator(`tr[data-order="${id}"]`);
    assert.equal(await row.count(), 1, 'the order is on the public page');
    const rowText = await row.innerText();
    assert.ok(rowText.includes('已结单') && rowText.includes('5★'), 'closed with its rating: ' + rowText);
    const all = await page.innerText('main');
    assert.ok(!all.includes('卫生间天花板漏水'), 'the description stays off the public page');
    await shot(page, 'workorder-public');
  } finally {
    for (const c of contexts) await c.close();
  }
};
