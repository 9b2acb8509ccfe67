// 55_life.e2e.js: a resident on a 360-px phone books an event and gets a QR code; a volunteer at the door checks
// them in by the code the QR holds; the event's points appear on the resident's page, and a voucher is redeemed
// with them. Nothing scrolls sideways.
'use strict';

function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const node = (await L.compoundByName(srv, 'staff', '学道苑·东南里7号')).id;
  const t = L.testNow() + 2 * 86400;
  const ev = await L.api(srv, 'POST', '/api/events', { token: await L.token(srv, 'staff'), body: {
    node_id: node, title: '社区观影：老电影之夜', audience: 'all', place: '院坝', starts_at: t, ends_at: t + 7200,
    capacity: 5, points: 40 } });
  L.expectStatus(ev, 201, 'the event');
  const before = (await L.get(srv, 'resident', '/api/points')).json.balance;

  const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
  const door = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  try {
    // the resident books on the phone
    const page = await phone.newPage();
    await signIn(page, 'resident');
    await page.goto(srv.base + `/life/events/${ev.json.id}`);
    assert.equal(await overflow(page), 0, 'the event page fits 360 px');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action$="/book"] button')]);
    assert.match(await page.innerText('#my-booking'), /报名成功/);
    const code = (await page.innerText('#code')).trim();
    assert.match(code, /^\d+$/);
    assert.equal(await page.locator('#qr svg').count(), 1, 'the QR code is drawn');
    assert.equal(await overflow(page), 0, 'the QR fits 360 px');
    await shot(page, 'life-booked');

    // a volunteer at the door scans it (the QR holds the booking number)
    const desk = await door.newPage();
    await signIn(desk, 'committee');
    await desk.goto(srv.base + `/life/events/${ev.json.id}`);
    assert.equal((await desk.innerText('#attended')).trim(), '0');
    await desk.fill('#checkin-form input[name="code"]', code);
    await Promise.all([desk.waitForNavigation({ waitUntil: 'load' }), desk.click('#checkin-form button')]);
    assert.match(await desk.innerText('#checkin-ok'), /已签到/);
    assert.equal((await desk.innerText('#attended')).trim(), '1');
    await shot(desk, 'life-checkin');

    // the points appear on the resident's page; a voucher is redeemed with them
    await page.goto(srv.base + '/life');
    assert.equal(Number((await page.innerText('#points')).trim()), before + 40);
    const voucher = page.locator('#rewards li', { hasText: '社区食堂餐券' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), voucher.locator('button').click()]);
    assert.match(await page.innerText('#redeemed'), /兑换成功/);
    assert.equal(Number((await page.innerText('#points')).trim()), before + 40 - 10);
    assert.equal(await overflow(page), 0, 'the life page fits 360 px');
    assert.equal((await L.get(srv, 'resident', '/api/points')).json.balance, before + 30);
    await shot(page, 'life-redeemed');
  } finally {
    await phone.close();
    await door.close();
  }
};
