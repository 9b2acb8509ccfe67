// 15_charts.e2e.js: the charts draw (an <svg> appears, with no script
// refused by the Content-Security-Policy) on a 360 px phone (the work
// orders' also at 1280 px), their tables
// hold the API's numbers, and with JavaScript off the tables are all there.
'use strict';

/* The cells of a table's body rows as text, row by row. */
async function cells(page, tableId) {
  return page.$$eval(`#${tableId} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
}

module.exports = async function ({ browser, srv, L, assert, signIn, shot }) {
  const api = (await L.get(srv, 'staff', '/api/workorders/stats')).json;
  const weeks = api.weeks.map((w) => [...w.counts.map(String), String(w.total)]);
  /* a duration in days, hours and minutes, as the page writes it */
  const took = (m) => {
    const parts = [[Math.floor(m / 1440), '天'], [Math.floor((m % 1440) / 60), '小时'], [m % 60, '分钟']].filter(([n]) => n);
    return parts.length ? parts.map(([n, u]) => `${n} ${u}`).join(' ') : '0 分钟';
  };
  const pct = (p) => (p === null ? '—' : `${Math.floor(p / 10)}.${p % 10}`);
  const grids = api.grids.map((g) => [g.name, String(g.orders), String(g.resolved), String(g.on_time), pct(g.on_time_permille),
    g.median_resolve_minutes === null ? '—' : took(g.median_resolve_minutes)]);

  for (const width of [360, 1280]) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 780 } });
    const refused = [];
    try {
      const page = await ctx.newPage();
      page.on('console', (m) => { if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text()); });
      page.on('pageerror', (e) => refused.push(String(e)));
      await signIn(page, 'staff');
      await page.goto(srv.base + '/workorders/stats');
      for (const id of ['chart-weeks', 'chart-ontime', 'chart-median'])
        await page.locator(`#${id} svg`).first().waitFor({ timeout: 15000 });
      const drawn = await page.$eval('#chart-weeks', (el) => el.getBoundingClientRect().width);
      assert.ok(drawn > 0 && drawn <= width, `the chart fits ${width} px: ${drawn}`);
      const fonts = await page.$$eval('#chart-weeks svg text', (ts) => ts.map((t) => parseFloat(getComputedStyle(t).fontSize || t.getAttribute('font-size'))));
      assert.ok(fonts.length > 0 && Math.min(...fonts) >= 14, 'labels at 14 px or more: ' + fonts.join(','));
      const rows = await cells(page, 'table-weeks');
      assert.deepEqual(rows.map((r) => r.slice(1)), weeks, 'the weeks table holds the API\'s counts');
      assert.deepEqual(await cells(page, 'table-grids'), grids, 'the grids table holds the API\'s rates and medians');
      const spec = JSON.parse(await page.getAttribute('#chart-weeks', 'data-chart'));
      assert.deepEqual(spec.series.map((s) => s.data), [0, 1, 2, 3].map((k) => api.weeks.map((w) => w.counts[k])), 'the chart draws the same numbers');
      assert.deepEqual(refused, [], 'no script refused');
      await shot(page, `charts-workorders-${width}`);
    } finally {
      await ctx.close();
    }
  }

  // JavaScript off: no chart, every number still in the tables
  const off = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 }, javaScriptEnabled: false });
  try {
    const page = await off.newPage();
    await signIn(page, 'staff');
    await page.goto(srv.base + '/workorders/stats');
    assert.equal(await page.locator('#chart-weeks svg').count(), 0);
    assert.deepEqual((await cells(page, 'table-weeks')).map((r) => r.slice(1)), weeks);
    assert.deepEqual(await cells(page, 'table-grids'), grids);
  } finally {
    await off.close();
  }

  // a closed owners' vote: its progress toward both thresholds, lines drawn
  const votes = (await L.get(srv, 'resident', '/api/votes?per_page=100')).json.items;
  const vote = votes.find((v) => v.kind === 'art278' && v.status === 'closed');
  const p = (await L.get(srv, 'resident', `/api/votes/${vote.id}/progress`)).json;
  const vctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
  try {
    const page = await vctx.newPage();
    await signIn(page, 'resident');
    await page.goto(srv.base + `/votes/${vote.id}`);
    await page.locator('#chart-progress svg').first().waitFor({ timeout: 15000 });
    const rows = await cells(page, 'table-progress');
    assert.deepEqual(rows.map((r) => r[1]),
      [p.participation_area, p.participation_owners, p.yes_area, p.yes_owners].map((f) => pct(f.permille)), 'the shares the API gives');
    assert.equal(rows[1][2], `${p.participation_owners.num} / ${p.participation_owners.den}`);
    assert.equal(rows[3][2], `${p.yes_owners.num} / ${p.yes_owners.den}`);
    const spec = JSON.parse(await page.getAttribute('#chart-progress', 'data-chart'));
    assert.deepEqual(spec.lines.map((l) => l.value), [p.quorum_line.permille / 10, p.pass_line.permille / 10], 'both lines drawn');
    await shot(page, 'charts-vote');
  } finally {
    await vctx.close();
  }

  // a fund: money in and out by month, arrears by building (finance may read the levies)
  const c = await L.compoundByName(srv, 'staff', '学道苑·东南里7号');
  const fund = (await L.get(srv, 'finance', `/api/funds?compound=${c.id}`)).json.items.find((x) => x.kind === 'maintenance');
  const monthly = (await L.get(srv, 'finance', `/api/funds/${fund.id}/monthly`)).json;
  const arrears = (await L.get(srv, 'finance', `/api/funds/${fund.id}/arrears`)).json;
  const yuan = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  const fctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
  try {
    const page = await fctx.newPage();
    await signIn(page, 'finance');
    await page.goto(srv.base + `/funds/${fund.id}`);
    await page.locator('#chart-monthly svg').first().waitFor({ timeout: 15000 });
    await page.locator('#chart-arrears svg').first().waitFor({ timeout: 15000 });
    assert.deepEqual(await cells(page, 'table-monthly'), monthly.months.map((m) => [m.month, yuan(m.in), yuan(m.out)]));
    assert.deepEqual(await cells(page, 'table-arrears'), arrears.buildings.map((b) => [b.name, String(b.households), yuan(b.outstanding)]));
    await shot(page, 'charts-fund');
  } finally {
    await fctx.close();
  }
};
