// 68_dashboard.e2e.js: the public dashboard (成效看板) with nobody signed
// in, on a 360 px phone: its charts draw (an <svg>, no script refused by
// the Content-Security-Policy), every table holds exactly the numbers of
// GET /api/dashboard, the page never scrolls sideways, and with JavaScript
// off every number is still in the tables.
'use strict';

/* The cells of a table's body rows as text, row by row. */
async function cells(page, tableId) {
  return page.$$eval(`#${tableId} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
}

module.exports = async function ({ browser, srv, L, assert, shot }) {
  const api = (await L.api(srv, 'GET', '/api/dashboard')).json;
  const series = api.indicators.filter((i) => i.by_month);
  assert.ok(series.length >= 5, 'the series indicators: ' + series.length);
  const monthRows = (ind) => ind.by_month.map((v, m) => [`${m + 1}月`, v.display]);
  const compareRows = api.indicators.map((i) => [i.name, i.before ? i.before.display + i.before.source : '—', i.after.display,
    i.target ? i.target.display + i.target.source : '—']);
  const strip = (rows) => rows.map((r) => [r[0], r[1].replace(/，\d{4}-\d\d-\d\d$/, ''), r[2], r[3].replace(/，\d{4}-\d\d-\d\d$/, '')]);

  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
  const refused = [];
  try {
    const page = await ctx.newPage();
    page.on('console', (m) => { if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text()); });
    page.on('pageerror', (e) => refused.push(String(e)));
    const res = await page.goto(srv.base + '/dashboard');
    assert.equal(res.status(), 200, 'public: no sign-in');
    assert.match(await page.textContent('h1'), new RegExp(`${api.node.name} · ${api.year}年成效看板`));
    await page.locator('#chart-compare svg').first().waitFor({ timeout: 15000 });
    for (const ind of series) await page.locator(`#chart-${ind.code} svg`).first().waitFor({ timeout: 15000 });
    assert.deepEqual(strip(await cells(page, 'table-compare')), compareRows, 'the before/after table holds the API\'s figures');
    for (const ind of series) {
      assert.deepEqual(await cells(page, `table-${ind.code}`), monthRows(ind), `${ind.code}: the table holds the API's months`);
      const spec = JSON.parse(await page.getAttribute(`#chart-${ind.code}`, 'data-chart'));
      assert.equal(spec.series[0].data.length, 12);
      assert.deepEqual(spec.series[0].data.map((v) => v === null), ind.by_month.map((v) => v.value === null), `${ind.code}: the chart leaves out what has no value`);
    }
    const orders = api.indicators.find((i) => i.code === 'wo_orders');
    const spec = JSON.parse(await page.getAttribute('#chart-wo_orders', 'data-chart'));
    assert.deepEqual(spec.series[0].data, orders.by_month.map((v) => v.value), 'the orders chart draws the API\'s counts');
    const width = await page.$eval('#chart-wo_orders', (el) => el.getBoundingClientRect().width);
    assert.ok(width > 0 && width <= 360, 'the chart fits the phone: ' + width);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 360 px');
    assert.deepEqual(refused, [], 'no script refused');
    await shot(page, 'dashboard');
  } finally {
    await ctx.close();
  }

  const off = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 }, javaScriptEnabled: false });
  try {
    const page = await off.newPage();
    await page.goto(srv.base + '/dashboard');
    assert.equal(await page.locator('#chart-wo_orders svg').count(), 0);
    assert.deepEqual(strip(await cells(page, 'table-compare')), compareRows);
    for (const ind of series) assert.deepEqual(await cells(page, `table-${ind.code}`), monthRows(ind));
  } finally {
    await off.close();
  }
};
