// 50_funds.e2e.js: a contractor requests a payment through the form, the supervisor, the finance officer and the
// committee each sign it in their own browser, finance pays it, and a resident finds it on the public notice page.
'use strict';

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const funds = (await L.get(srv, 'contractor', `/api/funds?compound=${dnl.id}`)).json.items;
  const reno = funds.find((f) => f.kind === 'renovation');
  const purpose = '单元门禁更换进度款（浏览器测试）';
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
    // the contractor fills in the request on a phone
    page = await as('contractor');
    await page.goto(`${srv.base}/funds/${reno.id}`);
    await clickAndWait(page, `a[href="/funds/${reno.id}/payments/new"]`);
    await page.fill('#payee', '蓉城建设工程有限公司');
    await page.fill('#amount', '8888.88');
    await page.fill('#purpose', purpose);
    await page.selectOption('#category', 'works');
    await page.fill('#project', '学道苑门禁改造');
    await page.fill('#basis', '门禁合同 HT-2024-031.pdf\n安装验收记录.pdf');
    await clickAndWait(page, 'form.payment-form button[type="submit"]');
    const m = new URL(page.url()).pathname.match(/^\/payments\/(\d+)$/);
    assert.ok(m, 'the form leads to the new payment: ' + page.url());
    const id = m[1];
    assert.equal(await page.getAttribute('p.status', 'data-status'), 'pending');
    assert.equal(await page.$('form[action$="/approve"]'), null, 'the contractor gets no signing button');

    // three people sign, each in their own browser
    for (const [user, role] of [['supervisor', 'supervisor'], ['finance', 'finance'], ['committee', 'committee']]) {
      page = await as(user, user !== 'finance');
      await page.goto(`${srv.base}/payments/${id}`);
      await clickAndWait(page, `form[action="/payments/${id}/approve"] button`);
      const cell = await page.getAttribute(`tr[data-role="${role}"] td`, 'class');
      assert.equal(cell, 'signed', `${user} signed`);
    }
    assert.equal(await page.getAttribute('p.status', 'data-status'), 'approved');

    // the finance officer pays; the payment is published
    page = await as('finance', false);
    await page.goto(`${srv.base}/payments/${id}`);
    await clickAndWait(page, `form[action="/payments/${id}/disburse"] button`);
    assert.equal(await page.getAttribute('p.status', 'data-status'), 'disbursed');
    const noticeHref = await page.getAttribute('a.notice-link', 'href');
    assert.ok(noticeHref, 'a link to the public notice');
    await shot(page, 'funds-disbursed');

    // a resident finds it on the public notice page, with payee, amount and basis
    page = await as('resident');
    await page.goto(`${srv.base}/notices`);
    const list = await page.innerText('body');
    assert.ok(list.includes('蓉城建设工程有限公司') && list.includes('8888.88'), 'the notice list names the payment: ' + list.slice(0, 500));
    await page.goto(srv.base + noticeHref);
    const text = await page.innerText('body');
    await shot(page, 'funds-notice');
    assert.ok(text.includes(purpose), 'the notice gives the purpose');
    assert.ok(text.includes('HT-2024-031'), 'the notice gives the basis');
    assert.ok(text.includes('8888.88'), 'the notice gives the amount');
  } catch (e) {
    if (page) console.log('# screenshot: ' + await shot(page, 'funds-failure'));
    throw e;
  } finally {
    for (const c of contexts) await c.close();
  }
};
