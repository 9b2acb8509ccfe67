// 42_print.e2e.js: an open owners' vote reads 进行中 with how many owners and how much area it still needs;
// a household's paper ballot prints with a QR code that the desk scans into the entry form; closing the
// vote asks first; the result notice and a decision print to A4 PDF, and the QR codes in the PDFs (rendered
// by pdftoppm) decode (zbarimg) to their public pages.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const dnl = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const grid = dnl.grid_id;
  const residentHome = L.grantNode((await L.grants(srv, 'resident')).find((g) => g.role === 'resident'));
  const households = (await L.get(srv, 'staff', `/api/households?compound=${dnl.id}&per_page=200`)).json.items;
  const paperHome = households.find((h) => h.building === '1栋' && h.housing === 'owned' && h.id !== residentHome &&
    L.members(h).length > 0);
  assert.ok(paperHome, 'an owner-occupied flat in 1栋 for the paper ballot');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-e2e-print-'));

  /* The QR code of a print page, as a PNG of its element, decoded by zbarimg. */
  async function qrText(page, name) {
    const png = path.join(tmp, name + '.png');
    await page.locator('#doc-qr svg').screenshot({ path: png });
    return execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim();
  }

  /* The QR code of a printed PDF: its pages rendered at 300 dpi (pdftoppm), decoded by zbarimg (the code stands
   * by the sign-off, on whichever page that falls). */
  function pdfQrText(pdf, name) {
    const dir = fs.mkdtempSync(path.join(tmp, name + '-'));
    const file = path.join(dir, name + '.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '300', '-png', file, path.join(dir, 'page')]);
    const pngs = fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort().map((f) => path.join(dir, f));
    // zbarimg exits 4 when some page has no code: what counts is what it read
    const res = spawnSync('zbarimg', ['--raw', '-q', ...pngs], { encoding: 'utf8' });
    assert.ok(res.status === 0 || res.status === 4, 'zbarimg ran: ' + res.stderr);
    return res.stdout.trim();
  }

  const contexts = [];
  async function as(username, mobile = false) {
    const ctx = await browser.newContext({ locale: 'zh-CN', deviceScaleFactor: 2,
      viewport: mobile ? { width: 360, height: 780 } : { width: 1200, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, username);
    return page;
  }
  let page;
  try {
    // staff open an owners' vote on the grid (drafted through the API: 40_vote drafts one through the form)
    const staffToken = await L.token(srv, 'staff');
    const created = await L.api(srv, 'POST', '/api/votes', { token: staffToken, body: {
      node_id: grid, title: '学道苑屋面防水维修', body: '依据《民法典》第二百七十八条第七项表决。\n维修资金列支。',
      kind: 'art278', matter: 7, method: 'yes_no', electorate: 'owners' } });
    L.expectStatus(created, 201, 'the vote');
    const id = created.json.id;
    L.expectStatus(await L.api(srv, 'POST', `/api/votes/${id}/open`, { token: staffToken }), 200, 'opened');
    const voteUrl = `${srv.base}/votes/${id}`;

    // a resident on a 360-px phone reads 进行中 and the gap to both thresholds, never 未通过
    page = await as('resident', true);
    await page.goto(voteUrl);
    const gap = await page.innerText('#quorum-gap');
    assert.ok(gap.includes('进行中'), 'the open vote is marked in progress: ' + gap);
    assert.match(gap, /人数还差 \d+ 人/);
    assert.match(gap, /面积还差 [\d.]+ 平方米/);
    assert.ok(!(await page.innerText('main')).includes('未通过'), 'an open vote never reads as not passed');
    await shot(page, 'print-vote-resident');

    // the building head prints the household's ballot; its QR code is the ballot's code, and scanning it enters the ballot
    page = await as('bldghead');
    await page.goto(voteUrl);
    assert.ok((await page.innerText('#not-voted summary')).includes('尚未投票'), 'staff see the flats not yet voted');
    await page.goto(`${voteUrl}/paper-ballots/${paperHome.id}/print`);
    assert.ok((await page.innerText('body')).includes(paperHome.address), 'the ballot names the flat');
    const code = await qrText(page, 'ballot');
    // every ballot of the building in one print: one A4 page per household
    const batch = await page.context().newPage();
    await batch.goto(`${voteUrl}/paper-ballots/print`);
    const sheets = await batch.locator('section.ballot').count();
    assert.ok(sheets > 1, 'several ballots: ' + sheets);
    const bpdf = await batch.pdf({ format: 'A4' });
    const pages = (bpdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, sheets, 'each ballot on its own page');
    await batch.close();
    assert.match(code, new RegExp(`^GZB1-${id}-${paperHome.id}-[0-9a-f]{16}$`), 'the ballot QR code identifies vote and household');
    await page.goto(voteUrl);
    await page.fill('#ballot_code', code);
    await page.check(`form[action="/votes/${id}/paper"] input[name="choice"][value="no"]`);
    await clickAndWait(page, `form[action="/votes/${id}/paper"] button[type="submit"]`);
    const pending = await page.innerText('ul.pending');
    assert.ok(pending.includes(paperHome.address), 'entered by scanning, for the right flat: ' + pending);

    // staff: the count so far reads 进行中; closing asks first, cancelling leaves it open
    page = await as('staff');
    await page.goto(voteUrl);
    assert.ok((await page.innerText('#result-lead')).includes('进行中'), 'the count so far is in progress');
    await clickAndWait(page, `form[action="/votes/${id}/close"] button`);
    assert.equal(new URL(page.url()).pathname, `/votes/${id}/close`, 'the question page');
    assert.ok((await page.innerText('main')).includes('确认结束投票'));
    await shot(page, 'print-close-confirm');
    await clickAndWait(page, '#close-confirm a');
    assert.equal((await L.get(srv, 'staff', `/api/votes/${id}`)).json.status, 'open', 'cancelling closes nothing');
    await clickAndWait(page, `form[action="/votes/${id}/close"] button`);
    await clickAndWait(page, '#close-confirm button[type="submit"]');
    assert.equal((await L.get(srv, 'staff', `/api/votes/${id}`)).json.status, 'closed', 'confirmed: closed');
    assert.ok((await page.innerText('#result-lead')).includes('未通过'), 'closed, the result is final');

    // the result notice prints to A4 PDF; its QR code opens the notice's page
    await clickAndWait(page, '#result a[href^="/notices/"]');
    const noticePath = new URL(page.url()).pathname;
    await clickAndWait(page, '#notice-print');
    assert.equal(new URL(page.url()).pathname, noticePath + '/print');
    assert.ok((await page.innerText('.letterhead')).length > 0, 'the letterhead');
    assert.ok((await page.innerText('.signoff')).includes('盖章'), 'the seal area');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF');
    assert.ok(pdf.length > 5000, 'with the page in it: ' + pdf.length + ' bytes');
    const noticeQr = pdfQrText(pdf, 'notice');
    assert.equal(noticeQr, srv.base + '/public' + noticePath, 'the printed QR code opens the notice\'s public page');
    await shot(page, 'print-notice');

    // a decision too
    const d = await L.api(srv, 'POST', '/api/decisions', { token: staffToken, body: { node_id: grid, title: '屋面防水维修决策', template: 'yizheng' } });
    L.expectStatus(d, 201, 'a decision');
    await page.goto(`${srv.base}/decisions/${d.json.id}`);
    await clickAndWait(page, '#decision-print');
    const dpdf = await page.pdf({ format: 'A4' });
    assert.equal(dpdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(pdfQrText(dpdf, 'decision'), `${srv.base}/public/decisions/${d.json.id}`, 'the printed QR code opens the decision\'s public page');
    // what the QR codes open is readable by a phone that has never signed in
    const anonCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
    contexts.push(anonCtx);
    const anon = await anonCtx.newPage();
    await anon.goto(noticeQr);
    assert.equal(new URL(anon.url()).pathname, '/public' + noticePath, 'no sign-in asked');
    assert.ok((await anon.innerText('h1')).length > 0, 'the notice is shown');
  } catch (e) {
    if (page) console.log('# screenshot: ' + await shot(page, 'print-failure'));
    throw e;
  } finally {
    for (const c of contexts) await c.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
};
