// 70_safety.e2e.js: on a phone (360 px) the micro-grid worker walks a patrol route, checks in at a point and
// reports a hazard found there; the grid worker grades it red on the hazard's page; a day later it is overdue
// and the sweep escalates it; closing it without a photo of the fix is refused and changes nothing, with the
// photo it closes. Then a dispute goes from tier 1 to tier 2 on its page and ends with an agreement signed by
// every party (one signature missing is refused first). No page scrolls sideways.
'use strict';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0 e2e fixed hazard')]);

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const USERS = ['grid8', 'microgrid8', 'admin', 'staff'];
  const call = async (user, method, p, body) => L.api(srv, method, p, { token: await L.token(srv, user), body });
  const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
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
  /* the clock to the next hh:00 in Shanghai (a round's window), everyone signed in again */
  async function moveTo(hh) {
    const now = await L.serverNow(srv);
    const sod = (now + 8 * 3600) % 86400;
    let shift = (hh * 3600 - sod + 86400) % 86400;
    if (shift === 0) shift = 86400;
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: shift }), 200, 'clock');
    for (const u of USERS) L.rememberToken(srv, u, (await L.login(srv, u)).token);
  }
  let page;
  try {
    const made = await call('grid8', 'POST', '/api/patrol-routes', {
      node_id: c.id, name: '浏览器测试巡查线', worker: 'microgrid8',
      points: [{ name: '3栋地下车库入口', compound_id: c.id, place_text: '3栋北侧' }, { name: '南门岗亭', compound_id: c.id }],
    });
    L.expectStatus(made, 201, 'route');
    const route = made.json;
    await moveTo(9);

    // the patrol: the worker opens the point's page on a phone, checks in and reports what he found
    page = await phone('microgrid8');
    await page.goto(`${srv.base}/patrol`);
    await noSideScroll(page, 'my patrol');
    await clickAndWait(page, `a[href="/patrol/${route.id}/${route.points[0].id}"]`);
    await noSideScroll(page, 'check-in page');
    await page.fill('#finding', '车库入口堆放大量纸箱');
    await clickAndWait(page, 'form.checkin button[type="submit"]');
    let text = await page.innerText('main');
    assert.ok(text.includes('打卡成功'), 'checked in: ' + text.slice(0, 200));
    await clickAndWait(page, 'a[href^="/hazards/"]');
    const hazardUrl = page.url();
    const hid = Number(new URL(hazardUrl).pathname.split('/').pop());
    assert.ok(hid > 0, 'on the hazard page: ' + hazardUrl);
    await page.goto(`${srv.base}/patrol-routes/${route.id}`);
    text = await page.innerText('main');
    assert.ok(text.includes('3栋地下车库入口') && text.includes('✓'), 'the point is ticked on the route\'s day');
    await shot(page, 'safety-patrol');

    // the grid worker grades it red
    page = await phone('grid8');
    await page.goto(hazardUrl);
    await noSideScroll(page, 'hazard page');
    await page.fill('#likelihood', '5');
    await page.fill('#consequence', '5');
    await page.fill('#reason', '纸箱堵塞消防通道，极易引燃');
    await clickAndWait(page, 'form.hazard-grade button[type="submit"]');
    text = await page.innerText('main');
    assert.ok(text.includes('红色'), 'graded red: ' + text.slice(0, 200));
    assert.equal((await L.get(srv, 'grid8', `/api/hazards/${hid}`)).json.grade, 'red');

    // a day and a bit later it is overdue: the sweep escalates it
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock');
    for (const u of USERS) L.rememberToken(srv, u, (await L.login(srv, u)).token);
    L.expectStatus(await call('grid8', 'POST', '/api/hazards/sweep'), 200, 'sweep');
    page = await phone('grid8');
    await page.goto(hazardUrl);
    text = await page.innerText('main');
    assert.ok(text.includes('超期已升级'), 'escalated: ' + text.slice(0, 300));

    // closing without a photo of the fix is refused, and nothing changes
    await page.fill('#note', '纸箱已清走');
    await clickAndWait(page, 'form.hazard-close button[type="submit"]');
    text = await page.innerText('main');
    assert.ok(text.includes('整改后的照片'), 'the refusal says why: ' + text.slice(0, 300));
    assert.equal((await L.get(srv, 'grid8', `/api/hazards/${hid}`)).json.is_open, true, 'still open');

    // the photo, then the closing
    await page.goto(hazardUrl);
    await page.selectOption('#photo_kind', 'fixed');
    await page.setInputFiles('#photo', { name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await clickAndWait(page, 'form.hazard-photo button[type="submit"]');
    assert.equal(await page.locator('.hazard-photos-fixed img').count(), 1, 'the photo of the fix is shown');
    await page.fill('#note', '纸箱已清走，张贴禁止堆物提示');
    await page.fill('#residual_likelihood', '1');
    await page.fill('#residual_consequence', '2');
    await clickAndWait(page, 'form.hazard-close button[type="submit"]');
    text = await page.innerText('main');
    assert.ok(text.includes('已销号'), 'closed: ' + text.slice(0, 300));
    const closed = (await L.get(srv, 'grid8', `/api/hazards/${hid}`)).json;
    assert.equal(closed.is_open, false);
    assert.equal(closed.residual_grade, 'blue');
    await shot(page, 'safety-hazard-closed');

    // a dispute: tier 1 to tier 2 with a reason, then an agreement signed by both parties
    const opened = await call('grid8', 'POST', '/api/disputes', {
      compound_id: c.id, title: '停车位占用纠纷', summary: '两户因车位占用多次争吵',
      parties: [{ name: '赵立新', phone: '13811112222', role: 'applicant' }, { name: '钱玉兰', role: 'respondent' }],
    });
    L.expectStatus(opened, 201, 'dispute');
    const d = opened.json;
    await page.goto(`${srv.base}/disputes/${d.id}`);
    await noSideScroll(page, 'dispute page');
    assert.equal(await page.locator('.badge.tier-1').count(), 1, 'tier 1');
    await page.fill('#reason', '院内调解两次未果，请法律顾问参与');
    await clickAndWait(page, 'form.dispute-escalate button[type="submit"]');
    assert.equal(await page.locator('.badge.tier-2').count(), 1, 'tier 2');
    await page.fill('#minutes', '法律顾问讲解车位权属，双方同意轮流使用');
    await clickAndWait(page, 'form.dispute-session button[type="submit"]');
    await page.fill('#agreement_text', '双方按单双日轮流使用该车位');
    await page.check(`input[name="signed_${d.parties[0].id}"]`);
    await clickAndWait(page, 'form.dispute-agreement button[type="submit"]');
    text = await page.innerText('main');
    assert.ok(text.includes('全部') || text.includes('每一方') || text.includes('签字'), 'one signature missing is refused: ' + text.slice(0, 300));
    let events = (await L.get(srv, 'grid8', `/api/disputes/${d.id}`)).json.events.map((e) => e.kind);
    assert.ok(!events.includes('agreement'), 'no agreement written');
    await page.goto(`${srv.base}/disputes/${d.id}`);
    await page.fill('#agreement_text', '双方按单双日轮流使用该车位');
    for (const p of d.parties) await page.check(`input[name="signed_${p.id}"]`);
    await clickAndWait(page, 'form.dispute-agreement button[type="submit"]');
    text = await page.innerText('main');
    assert.ok(text.includes('达成协议'), 'the agreement is recorded: ' + text.slice(0, 300));
    const after = (await L.get(srv, 'grid8', `/api/disputes/${d.id}`)).json;
    assert.equal(after.tier, 2);
    events = after.events.map((e) => e.kind);
    assert.deepEqual(events.filter((k) => k === 'agreement'), ['agreement']);
    await shot(page, 'safety-dispute');
  } finally {
    for (const x of contexts) await x.close();
  }
};
