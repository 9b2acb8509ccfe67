// run.js: browser tests in Debian's Chromium driven by playwright-core: sign in, find a household, see only masked IDs.
'use strict';

process.env.GZ_TEST_DB = 'sqlite';
const os = require('node:os');
const path = require('node:path');
const L = require('../api/lib');
const { assert } = L;

let chromium;
try {
  ({ chromium } = require(path.join(L.ROOT, 'web', 'node_modules', 'playwright-core')));
} catch (e) {
  console.log('FAIL e2e setup: playwright-core is not installed in web/node_modules: ' + e.message.split('\n')[0]);
  process.exit(1);
}

const SHOTS = process.env.GZ_E2E_SHOTS || process.env.TMPDIR || os.tmpdir();
const MASKED_ID = /\d{6}\*{8}\d{3}[\dX]/;
const FULL_ID = /\d{17}[\dXx]/;
let browser;
let srv;

async function signIn(page, username) {
  await page.goto(srv.base + '/login');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', 'demo');
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click('form.login-form button[type="submit"], form.login-form input[type="submit"], form[action="/login"] button'),
  ]);
  assert.ok(!new URL(page.url()).pathname.startsWith('/login'), `${username} is still on the login page: ${page.url()}`);
}

async function shot(page, name) {
  const p = path.join(SHOTS, `gongzhi-e2e-${name}.png`);
  try { await page.screenshot({ path: p, fullPage: true }); } catch { /* the page may be gone */ }
  return p;
}

const cases = [];
function test(name, fn) { cases.push({ name, fn }); }

test('a grid worker signs in through the form, finds a 学道苑 household by a resident\'s name and sees only the masked ID', async () => {
  const c = await L.compoundByName(srv, 'grid8', '学道苑·东南里7号');
  const list = (await L.get(srv, 'grid8', `/api/households?compound=${c.id}&per_page=20`)).json.items;
  const h = list.find((x) => L.members(x).some((m) => L.strings(m).some((s) => L.MASKED_ID.test(s))));
  const person = L.members(h).find((m) => L.strings(m).some((s) => L.MASKED_ID.test(s)));
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  try {
    await signIn(page, 'grid8');
    // The home page offers whoever may read the register a search box.
    const box = page.locator('form.search input[name="q"]');
    await box.fill(person.name);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), box.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/search');
    const link = page.locator(`a[href="/households/${h.id}"]`).first();
    await link.waitFor({ timeout: 10000 });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert.equal(new URL(page.url()).pathname, `/households/${h.id}`);
    const text = await page.innerText('body');
    await shot(page, 'grid8-household');
    assert.ok(text.includes(person.name), 'the household page names ' + person.name);
    assert.match(text, MASKED_ID, 'the household page shows a masked ID');
    assert.doesNotMatch(text, FULL_ID, 'the household page shows no full ID');
    const html = await page.content();
    assert.doesNotMatch(html, FULL_ID, 'the page source holds no full ID either');
    assert.ok(/[\u4e00-\u9fff]/.test(text), 'the page is in Chinese');
  } catch (e) {
    console.log('# screenshot: ' + await shot(page, 'grid8-failure'));
    throw e;
  } finally {
    await ctx.close();
  }
});

test('a resident opening another compound\'s household page sees a 403 page in Chinese', async () => {
  const other = (await L.compounds(srv, 'resident_other'))[0];
  const h = (await L.get(srv, 'staff', `/api/households?compound=${other.id}&per_page=1`)).json.items[0];
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  try {
    await signIn(page, 'resident');
    const res = await page.goto(`${srv.base}/households/${h.id}`);
    await shot(page, 'resident-403');
    assert.equal(res.status(), 403, 'status of another compound\'s household page');
    const text = await page.innerText('body');
    assert.ok(!text.includes(h.address), 'the 403 page does not show the address');
    assert.ok(/[\u4e00-\u9fff]/.test(text), 'the 403 page explains in Chinese: ' + text.slice(0, 200));
    assert.doesNotMatch(text, MASKED_ID, 'no register data on the 403 page');
  } finally {
    await ctx.close();
  }
});

// More browser tests live beside this file as NN_name.e2e.js, each exporting
// async function (ctx) with ctx = {browser, srv, L, assert, signIn, shot}.
for (const f of require('node:fs').readdirSync(__dirname).filter((x) => /^\d\d_.*\.e2e\.js$/.test(x)).sort()) {
  const fn = require(path.join(__dirname, f));
  test(f.replace(/\.e2e\.js$/, ''), () => fn({ browser, srv, L, assert, signIn, shot }));
}

async function main() {
  let failed = 0;
  let passed = 0;
  try {
    srv = await L.startServer();
    browser = await chromium.launch({
      executablePath: process.env.GZ_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    console.log('FAIL e2e setup: ' + String(e.message || e).split('\n')[0]);
    await L.stopAll();
    L.cleanup();
    return 1;
  }
  // node tests/e2e/run.js [name substring]: only the matching tests
  const only = process.argv[2];
  for (const t of cases) {
    if (only && !t.name.includes(only)) continue;
    try {
      await t.fn();
      passed++;
      console.log('PASS ' + t.name);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}: ${String(e && e.message || e).replace(/\s+/g, ' ').slice(0, 600)}`);
    }
  }
  await browser.close();
  const problems = await L.stopAll();
  for (const p of problems) { failed++; console.log('FAIL e2e server shut down cleanly: ' + p.replace(/\s+/g, ' ')); }
  L.cleanup();
  console.log(`# e2e: ${passed} passed, ${failed} failed; screenshots in ${SHOTS}`);
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.log('FAIL e2e runner: ' + String(e && e.stack || e).replace(/\s+/g, ' ')); process.exit(1); });
