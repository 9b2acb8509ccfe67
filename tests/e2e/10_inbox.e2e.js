// 10_inbox.e2e.js: the home page is a to-do inbox. A finance officer on a 360-px phone finds a payment to sign
// in it, signs it and sees it leave the inbox; the navigation is one line with a menu button that opens without
// script, nothing scrolls sideways, tap targets are 44 px or more; at 1280 px the links stand in the header.
'use strict';

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

/* How far the page overflows sideways, in px (0: it fits). */
function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const todo = (await L.get(srv, 'finance', '/api/me/todo')).json;
  const contexts = [];
  async function as(username, width) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: width < 600 ? 740 : 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, username);
    return page;
  }
  let page;
  try {
    // a phone: the header is one line, the menu closed, the count in sight
    page = await as('finance', 360);
    await page.goto(srv.base + '/');
    const header = await page.locator('header.site').boundingBox();
    assert.ok(header.height <= 64, `the header is one line at 360 px: ${header.height} px high`);
    assert.equal(await overflow(page), 0, 'the home page does not scroll sideways at 360 px');
    assert.equal(await page.isVisible('#site-nav'), false, 'the menu starts closed');
    const button = await page.locator('label.menu-button').boundingBox();
    assert.ok(button.height >= 44 && button.width >= 44, `the menu button is a 44-px target: ${JSON.stringify(button)}`);
    const count = await page.innerText('a.todo-link .badge');
    assert.equal(count, String(todo.total), 'the header counts what /api/me/todo lists');
    await page.click('label.menu-button');
    assert.equal(await page.isVisible('#site-nav a[href="/funds"]'), true, 'the menu button opens the links');
    const link = await page.locator('#site-nav a[href="/funds"]').boundingBox();
    assert.ok(link.height >= 44, `a menu link is a 44-px target: ${link.height}`);
    assert.equal(await overflow(page), 0, 'the open menu does not scroll sideways either');
    await shot(page, 'inbox-menu-360');

    // the payment to sign is in the inbox, one tap from its page
    const item = todo.items.find((x) => x.kind === 'payment_sign');
    assert.ok(item, 'the finance officer has a payment to sign: ' + JSON.stringify(todo.counts));
    await page.goto(srv.base + '/');
    const row = page.locator(`li[data-kind="payment_sign"] a[href="${item.link}"]`);
    assert.equal(await row.count(), 1, 'the inbox lists the payment once');
    const box = await row.boundingBox();
    assert.ok(box.height >= 44, `the inbox item is a 44-px target: ${box.height}`);
    await shot(page, 'inbox-finance-360');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), row.click()]);
    assert.equal(new URL(page.url()).pathname, item.link);
    const id = item.link.split('/').pop();
    await clickAndWait(page, `form[action="/payments/${id}/approve"] button`);
    assert.equal(await page.getAttribute('tr[data-role="finance"] td', 'class'), 'signed', 'finance signed');
    await page.goto(srv.base + '/');
    assert.equal(await page.locator(`li[data-kind="payment_sign"] a[href="${item.link}"]`).count(), 0,
      'the signed payment has left the inbox');

    // a resident's phone: no text under 18 px on the home page
    page = await as('resident', 360);
    await page.goto(srv.base + '/');
    const small = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('body *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        const st = getComputedStyle(el);
        if (own && st.display !== 'none' && st.visibility !== 'hidden' && parseFloat(st.fontSize) < 18) out.push(el.tagName + ' ' + st.fontSize);
      }
      return out;
    });
    assert.deepEqual(small, [], 'no text under 18 px for a resident');
    assert.equal(await overflow(page), 0, 'the resident\'s home page does not scroll sideways at 360 px');
    await shot(page, 'inbox-resident-360');

    // a wide screen: the links stand in the header, no menu button
    page = await as('finance', 1280);
    await page.goto(srv.base + '/');
    assert.equal(await page.isVisible('label.menu-button'), false, 'no menu button at 1280 px');
    assert.equal(await page.isVisible('#site-nav a[href="/funds"]'), true, 'the links show at 1280 px');
    assert.equal(await overflow(page), 0, 'no sideways scroll at 1280 px');
    await shot(page, 'inbox-finance-1280');
  } catch (e) {
    if (page) console.log('# screenshot: ' + await shot(page, 'inbox-failure'));
    throw e;
  } finally {
    for (const c of contexts) await c.close();
  }
};
