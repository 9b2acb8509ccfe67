// 51_funds_levy.e2e.js: the finance officer creates a levy through the page after previewing each household's
// amount, records a resident's payment and gets its receipt; the resident then finds the payment in their own
// household's maintenance sub-account.
'use strict';

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const funds = (await L.get(srv, 'finance', `/api/funds?compound=${dnl.id}`)).json.items;
  const m = funds.find((f) => f.kind === 'maintenance');
  const household = L.grantNode((await L.grants(srv, 'resident')).find((g) => g.role === 'resident'));
  const name = '电梯维修续筹（浏览器测试）';
  const contexts = [];
  async function as(username, mobile = true) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: mobile ? { width: 390, height: 844 } : { width: 1200, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, username);
    return page;
  }
  let page;
  try {
    // finance opens the maintenance fund and starts a levy
    page = await as('finance', false);
    await page.goto(`${srv.base}/funds/${m.id}`);
    await clickAndWait(page, `a[href="/funds/${m.id}/levies/new"]`);
    await page.fill('#name', name);
    await page.selectOption('#rule', 'per_area');
    await page.fill('#rate', '5');
    await clickAndWait(page, 'form.levy-form button[type="submit"]');
    // the preview: one line per household, a count and a total, and nothing created yet
    const rows = await page.$$eval('table.levy-preview tbody tr', (trs) => trs.length);
    const count = Number(await page.innerText('.summary .count'));
    const total = await page.innerText('.summary .total');
    assert.ok(rows > 0 && rows === count, `the preview lists every household (${rows} rows, ${count} counted)`);
    await shot(page, 'levy-preview');
    const before = (await L.get(srv, 'finance', `/api/levies?fund=${m.id}`)).json.total;
    await clickAndWait(page, 'form.levy-confirm button[type="submit"]');
    const lm = new URL(page.url()).pathname.match(/^\/levies\/(\d+)$/);
    assert.ok(lm, 'confirming leads to the levy: ' + page.url());
    const levy = (await L.get(srv, 'finance', `/api/levies/${lm[1]}`)).json;
    assert.equal((await L.get(srv, 'finance', `/api/levies?fund=${m.id}`)).json.total, before + 1);
    assert.equal((levy.due / 100).toFixed(2), total, 'what is charged is what the preview showed');

    // the resident pays 12.34 yuan by transfer; finance records it and gets the receipt
    await page.selectOption('#household_id', String(household));
    await page.fill('#pay-amount', '12.34');
    await page.selectOption('#method', 'transfer');
    await clickAndWait(page, 'form.levy-pay-form button[type="submit"]');
    assert.match(new URL(page.url()).pathname, /^\/receipts\/\d+$/);
    const receipt = await page.innerText('article.receipt');
    const no = `SJ${lm[1]}-000001`;
    assert.ok(receipt.includes(no) && receipt.includes('12.34') && receipt.includes('转账'), 'the receipt: ' + receipt);
    await shot(page, 'levy-receipt');

    // the resident, on a phone, finds it in their household's sub-account
    page = await as('resident');
    await page.goto(`${srv.base}/funds`);
    await clickAndWait(page, `a[href="/households/${household}/funds"]`);
    const text = await page.innerText('body');
    await shot(page, 'resident-subaccount');
    assert.ok(text.includes('维修资金分户账'), 'the sub-account page');
    assert.ok(text.includes(no), 'the payment is in the statement with its receipt number');
    assert.ok(text.includes('12.34'), 'with its amount');
  } catch (e) {
    if (page) console.log('# screenshot: ' + await shot(page, 'levy-failure'));
    throw e;
  } finally {
    for (const c of contexts) await c.close();
  }
};
