// 68_results.test.js: the indicators (results/) computed from hand-built
// records and compared with figures worked out by hand from those records:
// in a month nobody has reported anything in yet, three orders in the pilot
// compound (two done at known times and rated, one left open) and one
// partner income; the catalogue's values, the dashboard's month and the
// site plan's colours must equal them exactly. Then the baselines and
// targets (source and date, audited, bad input refused with nothing
// written), who may see which place, and the public dashboard.
'use strict';

const zlib = require('zlib');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';
const secs = (iso) => Math.floor(Date.parse(iso) / 1000);
const DAY = 86400;

/* "2026-08" of Unix seconds t, in Shanghai. */
function monthOf(t) {
  return new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 7);
}

test('indicators of a hand-built month equal the figures worked out from its records, and the dashboard, the plan and the 台账 show the same', async () => {
  const s = await L.startServer();
  try {
    const keys = await L.apiTokens(s, 'resident', 'grid8', 'contractor', 'staff', 'admin', 'finance');
    const call = (user, method, p, body) => L.api(s, method, p, { token: keys[user], body });
    const step = async (user, id, body) => L.expectStatus(await call(user, 'POST', `/api/workorders/${id}/transition`, body), 200, body.action);
    const shift = async (seconds) => L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: seconds }), 200, 'clock');
    const c = await L.compoundByName(s, 'staff', PILOT);
    const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
    const building = (node.children || node.items || []).find((k) => k.kind === 'building');
    assert.ok(building, 'the pilot compound has a building');
    // two months on, at the start of a day: a month nobody has reported anything in yet
    await shift(62 * DAY);
    const now0 = (await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 0 })).json.now;
    const month = monthOf(now0);
    const openBefore = await planValue(s, c.id, building.id);

    const ids = [];
    for (const d of ['路灯不亮', '楼道灯坏了', '井盖松动']) {
      const res = await call('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description: d });
      L.expectStatus(res, 201, 'report');
      ids.push(res.json.id);
    }
    const orgs = (await call('grid8', 'GET', `/api/workorders/orgs?order=${ids[0]}`)).json.items;
    const lead = orgs.find((x) => /蓉城建设/.test(x.name));
    for (const id of ids.slice(0, 2)) {
      await step('grid8', id, { action: 'accept', class: 'routine' });
      await step('grid8', id, { action: 'dispatch', org_ids: [lead.id], lead_org_id: lead.id });
      await step('contractor', id, { action: 'progress', note: '已到现场' });
    }
    await shift(2 * 3600);
    await step('contractor', ids[0], { action: 'done', note: '已修好' });
    await shift(5 * 3600 + 30 * 60);
    await step('contractor', ids[1], { action: 'done', note: '已修好' });
    await step('resident', ids[0], { action: 'confirm', rating: 5 });
    await step('resident', ids[1], { action: 'confirm', rating: 4 });

    // money: one partner income into the renovation account this month
    const funds = (await call('finance', 'GET', `/api/funds?compound=${c.id}`)).json.items;
    const renovation = funds.find((f) => f.kind === 'renovation');
    L.expectStatus(await call('finance', 'POST', `/api/funds/${renovation.id}/income`, { kind: 'partner', counterparty: '成效测试公司',
      amount: 250075, purpose: '充电桩投资', facility: '充电桩 2 个', revenue_share_bp: 500, term_years: 3 }), 201, 'income');

    // the figures by hand, from each order's own times
    const orders = [];
    for (const id of ids) orders.push((await call('staff', 'GET', `/api/workorders/${id}`)).json);
    const done = orders.filter((o) => o.done_at);
    assert.equal(done.length, 2);
    const minutes = done.map((o) => Math.floor((secs(o.done_at) - secs(o.created_at)) / 60)).sort((a, b) => a - b);
    const onTime = done.filter((o) => secs(o.done_at) <= secs(o.resolve_due)).length;
    assert.ok(minutes[0] >= 120 && minutes[1] >= 450, 'the work took two and seven and a half hours: ' + minutes);

    const j = (await call('staff', 'GET', `/api/indicators?node=${c.id}&period=${month}`)).json;
    const ind = Object.fromEntries(j.indicators.map((i) => [i.code, i]));
    assert.equal(j.node.id, c.id);
    assert.equal(j.period.label, month);
    assert.equal(ind.wo_orders.current_value.value, 3);
    assert.equal(ind.wo_on_time.current_value.num, onTime);
    assert.equal(ind.wo_on_time.current_value.den, 2);
    assert.equal(ind.wo_on_time.current_value.value, Math.floor((onTime * 2000 + 2) / 4));
    assert.equal(ind.wo_median_minutes.current_value.value, Math.floor((minutes[0] + minutes[1]) / 2));
    assert.equal(ind.wo_rating.current_value.value, 450, 'ratings 5 and 4: 4.50');
    assert.equal(ind.wo_rating.current_value.display, '4.50分');
    assert.equal(ind.money_in.current_value.value, 250075);
    assert.equal(ind.money_in.current_value.display, '2,500.75元');
    assert.equal(ind.money_in_renovation.current_value.value, 250075);
    assert.equal(ind.money_in_maintenance.current_value.value, 0);
    assert.equal(ind.money_out.current_value.value, 0);
    assert.equal(ind.votes_passed.current_value.value, null, 'no vote closed this month: a rate over nothing is —');
    assert.equal(ind.votes_passed.current_value.display, '—');
    assert.equal(ind.households.current_value.value, (await call('staff', 'GET', `/api/households?compound=${c.id}&per_page=1`)).json.total);
    assert.equal(ind.wo_on_time.current_value.href, `/workorders?compound=${c.id}&from=${month}-01&to=${month}-${lastDay(month)}`);
    assert.ok(j.rows_read >= 3, 'the cost is reported: ' + j.rows_read);

    // the quarter holding the month counts the same orders (nothing else was reported in it before)
    const q = `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5)) + 2) / 3)}`;
    const jq = (await call('staff', 'GET', `/api/indicators?node=${c.id}&period=${q}`)).json;
    assert.ok(jq.indicators.find((i) => i.code === 'wo_orders').current_value.value >= 3);

    // the public dashboard's month is the same figure, with no login
    const d = (await L.api(s, 'GET', `/api/dashboard?node=${c.id}&year=${month.slice(0, 4)}`)).json;
    const mi = d.months.indexOf(month);
    const dind = Object.fromEntries(d.indicators.map((i) => [i.code, i]));
    assert.equal(dind.wo_orders.by_month[mi].value, 3);
    assert.equal(dind.wo_rating.by_month[mi].value, 450);
    assert.equal(dind.money_in.by_month[mi].value, 250075);
    assert.equal(dind.wo_on_time.after.href, undefined, 'the public figures carry no list links');

    // the site plan: the one order left open colours its building
    assert.equal(await planValue(s, c.id, building.id), openBefore + 1);

    // 台账: the same month's ledgers, generated, not typed
    const wx = await call('staff', 'GET', `/api/reports/workorders.xlsx?node=${c.id}&period=${month}`);
    assert.equal(wx.status, 200);
    assert.match(wx.headers.get('content-type'), /spreadsheetml/);
    const sheet1 = unzipText(wx.buf, 'xl/worksheets/sheet1.xml');
    for (const id of ids) assert.ok(sheet1.includes(`<v>${id}</v>`), `order ${id} is in the ledger`);
    assert.equal((sheet1.match(/<row r="(\d+)"/g) || []).length, 3 + 3, 'three heading rows and the three orders');
    const strings = unzipText(wx.buf, 'xl/sharedStrings.xml');
    assert.ok(strings.includes(PILOT), 'the compound is named');
    assert.ok(!strings.includes('路灯不亮'), 'no description (it may hold personal data)');
    const sheet2 = unzipText(wx.buf, 'xl/worksheets/sheet2.xml');
    assert.match(sheet2, /<row r="4"[^>]*>.*<c r="B4"[^>]*><v>3<\/v><\/c><c r="C4"[^>]*><v>2<\/v><\/c><c r="D4"[^>]*><v>(\d)<\/v><\/c><c r="E4"[^>]*><v>1<\/v>/, 'by category: 3 reported, 2 done, 1 open');
    assert.equal(Number(sheet2.match(/<c r="D4"[^>]*><v>(\d)<\/v>/)[1]), onTime);
    const fx = await call('staff', 'GET', `/api/reports/funds.xlsx?node=${c.id}&period=${month}`);
    assert.equal(fx.status, 200);
    assert.ok(unzipText(fx.buf, 'xl/sharedStrings.xml').includes('成效测试公司'), 'the income is in the fund ledger');
    assert.ok(unzipText(fx.buf, 'xl/worksheets/sheet2.xml').includes('<v>2500.75</v>'), 'to the fen');
    L.expectStatus(await call('staff', 'GET', `/api/reports/meetings.xlsx?node=${c.id}&period=${month}`), 200, 'meetings ledger');
    L.expectError(await call('staff', 'GET', `/api/reports/patrols.xlsx?node=${c.id}`), 404, 'not_found', 'kind');
    L.expectError(await call('resident', 'GET', `/api/reports/workorders.xlsx?node=${c.id}`), 403, 'forbidden');
    L.expectError(await call('staff', 'GET', `/api/reports/workorders.xlsx?node=${c.id}&period=2026-Q9`), 400, 'bad_period', 'period');
  } finally {
    await L.stopServer(s);
  }
});

/* One file of a zip (an XLSX) as text. */
function unzipText(buf, name) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20), local = buf.readUInt32LE(p + 42);
    const nameLen = buf.readUInt16LE(p + 28), entry = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (entry === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  throw new Error('no ' + name + ' in the zip');
}

/* the last day of month "YYYY-MM" as "DD" */
function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0');
}

/* The open orders the site plan shows on building b of compound c. */
async function planValue(s, c, b) {
  const res = await L.api(s, 'GET', `/plans/${c}.svg`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^image\/svg\+xml/);
  const m = res.text.match(new RegExp(`data-building="${b}" data-value="(\\d+)"`));
  assert.ok(m, 'the building is on the plan');
  return Number(m[1]);
}

test('indicators: baselines and targets: entered with source and date, shown as before and target; bad input refused, nothing written', async () => {
  const s = await L.startServer();
  try {
    const keys = await L.apiTokens(s, 'staff', 'resident', 'grid8');
    const call = (user, method, p, body) => L.api(s, method, p, { token: keys[user], body });
    const c = await L.compoundByName(s, 'staff', PILOT);
    const body = { code: 'wo_on_time', node_id: c.id, kind: 'baseline', value: 615, source: '2025年入户调查', date: '2025-03-10' };
    const res = await call('staff', 'POST', '/api/indicators/refs', body);
    L.expectStatus(res, 201, 'baseline');
    L.expectStatus(await call('staff', 'POST', '/api/indicators/refs', { ...body, kind: 'target', value: 950, source: '社区年度目标', date: '2026-12-31' }), 201, 'target');
    // bad input: each refused with its field, nothing written
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { ...body, code: 'happiness' }), 400, 'unknown_indicator', 'code');
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { ...body, value: 1001 }), 400, 'bad_value', 'value');
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { ...body, value: -1 }), 400, 'bad_value', 'value');
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { ...body, date: '2025-02-30' }), 400, 'bad_value', 'date');
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { ...body, kind: 'wish' }), 400, 'bad_value', 'kind');
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { ...body, source: '' }), 400, 'missing_field', 'source');
    L.expectError(await call('resident', 'POST', '/api/indicators/refs', body), 403, 'forbidden');
    L.expectError(await call('staff', 'POST', '/api/indicators/refs', { ...body, node_id: 99999999 }), 404, 'not_found', 'node_id');
    const j = (await call('staff', 'GET', `/api/indicators?node=${c.id}`)).json;
    const on = j.indicators.find((i) => i.code === 'wo_on_time');
    assert.deepEqual(on.baseline, { value: 615, display: '61.5%', source: '2025年入户调查', date: '2025-03-10' });
    assert.deepEqual(on.target, { value: 950, display: '95.0%', source: '社区年度目标', date: '2026-12-31' });
    const d = (await L.api(s, 'GET', `/api/dashboard?node=${c.id}`)).json;
    assert.deepEqual(d.indicators.find((i) => i.code === 'wo_on_time').before, on.baseline);
    // the page shows it beside the year's value, readable without JavaScript
    const page = await L.api(s, 'GET', `/dashboard?node=${c.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<tr data-code="wo_on_time"><th[^>]*>工单按时办结率<\/th><td class="num">61\.5%<br><small>2025年入户调查，2025-03-10<\/small>/);
    // entered again: replaced, not doubled
    L.expectStatus(await call('staff', 'POST', '/api/indicators/refs', { ...body, value: 600 }), 201, 'again');
    const j2 = (await call('staff', 'GET', `/api/indicators?node=${c.id}`)).json;
    assert.equal(j2.indicators.find((i) => i.code === 'wo_on_time').baseline.value, 600);
    assert.equal(j2.indicators.find((i) => i.code === 'wo_rating').baseline, null);
  } finally {
    await L.stopServer(s);
  }
});

test('indicators: a place the caller may not see is not there; bad periods and places are refused; the dashboard is public', async () => {
  const s = await L.sharedServer();
  const c = await L.compoundByName(s, 'staff', PILOT);
  const other = (await L.compounds(s, 'staff')).find((x) => x.id !== c.id && !/东南里/.test(x.name) && x.grid_id !== c.grid_id);
  assert.ok(other, 'a compound of another grid');
  L.expectError(await L.api(s, 'GET', `/api/indicators?node=${other.id}`, { token: await L.token(s, 'grid8') }), 404, 'not_found', 'node');
  L.expectStatus(await L.api(s, 'GET', `/api/indicators?node=${c.id}`, { token: await L.token(s, 'grid8') }), 200, 'own grid');
  L.expectError(await L.api(s, 'GET', `/api/indicators?node=${c.id}`), 401, 'login_required');
  for (const p of ['2026-13', '2026-Q5', '26', '2026-00', '1999', 'x']) {
    L.expectError(await L.api(s, 'GET', `/api/indicators?node=${c.id}&period=${p}`, { token: await L.token(s, 'staff') }), 400, 'bad_period', 'period');
  }
  L.expectError(await L.api(s, 'GET', '/api/dashboard?year=2026-05'), 400, 'bad_period', 'year');
  L.expectError(await L.api(s, 'GET', '/api/dashboard?node=99999999'), 404, 'not_found', 'node');
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  L.expectError(await L.api(s, 'GET', `/api/dashboard?node=${building.id}`), 400, 'bad_scope', 'node');
  // the plan is an image: its errors are pages
  L.expectStatus(await L.api(s, 'GET', `/plans/${building.id}.svg`), 404, 'a building is not a compound');
  L.expectStatus(await L.api(s, 'GET', `/plans/${c.id}.svg?by=colour`), 400, 'no such colouring');
  L.expectStatus(await L.api(s, 'GET', `/plans/${c.id}.svg?by=arrears`, { token: await L.token(s, 'resident') }), 403, 'arrears need the funds');
  L.expectStatus(await L.api(s, 'GET', `/plans/${c.id}.svg?by=arrears`, { token: await L.token(s, 'finance') }), 200, 'finance sees arrears');
  const pub = await L.api(s, 'GET', '/api/dashboard');
  assert.equal(pub.status, 200, 'no login needed');
  assert.equal(pub.json.node.kind, 'street', 'the default place is the street');
  assert.doesNotMatch(pub.text, L.FULL_PHONE);
});

test('indicators: the notice-board poster is an A4 PDF with the place, its figures, the months drawn and a QR code back to the dashboard', async () => {
  const s = await L.sharedServer();
  const c = await L.compoundByName(s, 'staff', PILOT);
  const d = (await L.api(s, 'GET', `/api/dashboard?node=${c.id}`)).json;
  const res = await L.api(s, 'GET', `/posters/${c.id}.pdf`);
  assert.equal(res.status, 200, 'public, like the dashboard');
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.buf.subarray(0, 5).toString(), '%PDF-');
  const dir = fs.mkdtempSync('/tmp/gz-poster-');
  try {
    const pdf = path.join(dir, 'p.pdf');
    fs.writeFileSync(pdf, res.buf);
    const info = execFileSync('pdfinfo', [pdf]).toString();
    assert.match(info, /Pages:\s+1\n/);
    assert.match(info, /Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    assert.ok(text.replace(/\s+/g, '').includes(`${c.name}${d.year}年成果展示`.replace(/\s+/g, '')), 'the title, set in Chinese: ' + text.slice(0, 200));
    const orders = d.indicators.find((i) => i.code === 'wo_orders');
    assert.match(text, new RegExp(`报事工单数\\s+—\\s+${orders.after.display}`), 'the year\'s orders as the dashboard counts them');
    const rating = d.indicators.find((i) => i.code === 'wo_rating');
    assert.ok(text.includes(rating.after.display), 'the mean rating');
    for (let m = 1; m <= 12; m++) assert.ok(text.includes(`${m}月`), `month ${m} under the bars`);
    // rendered to an image, the QR code reads back as the dashboard's address
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdf, path.join(dir, 'p')]);
    const qr = execFileSync('zbarimg', ['-q', '--raw', path.join(dir, 'p.png')], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    assert.equal(qr, `${s.base}/dashboard?node=${c.id}&year=${d.year}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.equal((await L.api(s, 'GET', '/posters/99999999.pdf')).status, 404);
  assert.equal((await L.api(s, 'GET', `/posters/${c.id}.svg`)).status, 404);
  assert.equal((await L.api(s, 'GET', `/posters/${c.id}.pdf?year=20x6`)).status, 400);
});
