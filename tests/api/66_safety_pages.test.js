// 66_safety_pages.test.js: the 平安 pages beside the JSON API, through the same model: emergency plans, an incident's
// live timeline and its published review (residents read it, without who wrote each line), the quarter's prepared
// review with the heat map on the compound plan (results' /plans/{id}.svg?by=hazards) and a plain table beside it,
// a place's patrol routes with skipped points named; who may not see them gets 403/404; forms change nothing on
// bad input.
'use strict';

const L = require('./lib');
const F = require('./funds_lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

async function page(s, user, p) {
  return L.api(s, 'GET', p, { token: await L.token(s, user) });
}

async function form(s, user, p, fields) {
  return L.api(s, 'POST', p, {
    token: await L.token(s, user), rawBody: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

const PLAN = { kind: 'gas', title: '燃气泄漏应急预案', roles: '院委会主任：总指挥', contacts: '燃气抢修 96777', steps: '1. 关阀；2. 开窗；3. 疏散', supplies: '可燃气体检测仪1台' };

test('safety pages: a plan, an incident declared from its page, lines added live, closed, the review residents read', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const plan = (await call(s, 'grid8', 'POST', '/api/emergency-plans', { compound_id: c, ...PLAN })).json;
  let res = await page(s, 'microgrid8', `/emergency-plans?compound=${c}`);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('燃气泄漏应急预案'), 'listed');
  res = await page(s, 'microgrid8', `/emergency-plans/${plan.id}`);
  assert.ok(res.text.includes('1. 关阀；2. 开窗；3. 疏散'), 'the steps are shown');
  assert.ok(!res.text.includes('action="/emergency-plans/' + plan.id + '/incident"'), 'a patroller is not offered the declaration');
  assert.equal((await page(s, 'resident', `/emergency-plans/${plan.id}`)).status, 403);
  res = await form(s, 'grid8', `/emergency-plans/${plan.id}/incident`, { title: '' });
  assert.equal(res.status, 400, 'a title is required');
  res = await form(s, 'grid8', `/emergency-plans/${plan.id}/incident`, { title: '3栋厨房燃气泄漏' });
  assert.equal(res.status, 303);
  const url = res.headers.get('location');
  const id = Number(url.split('/').pop());
  assert.equal((await form(s, 'microgrid8', `${url}/entry`, { text: '微网格员到场，已关闭燃气总阀' })).status, 303);
  assert.equal((await form(s, 'microgrid8', `${url}/entry`, { text: '' })).status, 400, 'an empty line is refused');
  res = await page(s, 'grid8', url);
  assert.ok(res.text.includes('微网格员到场，已关闭燃气总阀') && res.text.includes('处置中'), 'the live timeline');
  assert.equal((await page(s, 'resident', url)).status, 404, 'an open incident is not shown to residents');
  assert.equal((await form(s, 'microgrid8', `${url}/close`, { cause: 'x', response: 'y', lessons: 'z' })).status, 403, 'a patroller does not close');
  assert.equal((await form(s, 'grid8', `${url}/close`, { cause: '软管老化', response: '10分钟内关阀疏散', lessons: '每季检查软管' })).status, 303);
  res = await page(s, 'resident', url);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('软管老化') && res.text.includes('微网格员到场，已关闭燃气总阀'), 'the published review with its timeline');
  const inc = (await L.get(s, 'resident', `/api/incidents/${id}`)).json;
  assert.ok(inc.timeline.every((e) => !('actor_id' in e)), 'without who wrote each line');
  res = await page(s, 'resident', `/incidents?compound=${c}`);
  assert.ok(res.text.includes('3栋厨房燃气泄漏'), 'residents find the closed one in the list');
});

test('safety pages: the assessment shows the prepared review and the heat map on the compound plan with its table', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const node = (await L.get(s, 'staff', `/api/nodes/${c}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  const h = await call(s, 'grid8', 'POST', '/api/hazards', { compound_id: c, source: 'patrol', title: '楼道堆物', place_text: `${building.name}楼道`, likelihood: 5, consequence: 5 });
  L.expectStatus(h, 201, 'hazard');
  const now = await L.serverNow(s);
  const d = new Date((now + 8 * 3600) * 1000);
  const q = `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  const res = await page(s, 'grid8', `/assessments?compound=${c}`);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes(`/plans/${c}.svg?by=hazards&amp;quarter=${q}`), 'the heat map is the compound plan');
  assert.ok(res.text.includes('heatmap-table') && res.text.includes(`${building.name}楼道`), 'a plain table beside it');
  const svg = await L.api(s, 'GET', `/plans/${c}.svg?by=hazards&quarter=${q}`, { token: await L.token(s, 'grid8') });
  assert.equal(svg.status, 200);
  assert.ok(svg.headers.get('content-type').startsWith('image/svg+xml'));
  const m = svg.text.match(new RegExp(`data-building="${building.id}" data-value="(\\d+)"`));
  assert.ok(m && Number(m[1]) >= 1, 'the building of the hazard is coloured by it');
  assert.equal((await L.api(s, 'GET', `/plans/${c}.svg?by=hazards&quarter=${q}`, { token: await L.token(s, 'resident') })).status, 403, 'residents do not see the register on the plan');
  assert.equal((await L.api(s, 'GET', `/plans/${c}.svg?by=hazards&quarter=2026-Q9`, { token: await L.token(s, 'grid8') })).status, 400, 'a malformed quarter');
  assert.equal((await page(s, 'resident', `/assessments?compound=${c}`)).status, 403);
  assert.equal((await page(s, 'grid8', `/assessments?compound=${c}&quarter=2026-Q7`)).status, 400);
});

test('safety pages: the routes of a place with each round\'s state; the hazard page offers its forms to managers only', async () => {
  const s = await srv();
  const c = (await L.compoundByName(s, 'staff', F.PILOT)).id;
  const r = await call(s, 'grid8', 'POST', '/api/patrol-routes', { node_id: c, name: '页面测试路线', worker: 'microgrid8', points: [{ name: '东门岗亭', compound_id: c }] });
  L.expectStatus(r, 201, 'route');
  let res = await page(s, 'microgrid8', `/patrol-routes?node=${c}`);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('页面测试路线') && res.text.includes('上午巡'), 'the route with its rounds');
  assert.equal((await page(s, 'resident', `/patrol-routes?node=${c}`)).status, 403);
  res = await page(s, 'microgrid8', '/patrol');
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('页面测试路线'), 'the worker finds the route he walks on his own page');
  res = await page(s, 'grid8', '/patrol');
  assert.ok(!res.text.includes('页面测试路线'), 'not on the page of someone who does not walk it');
  assert.equal((await page(s, 'resident', '/patrol')).status, 403);
  const h = (await call(s, 'microgrid8', 'POST', '/api/hazards', { compound_id: c, source: 'patrol', title: '井盖缺失', likelihood: 5, consequence: 5 })).json;
  res = await page(s, 'microgrid8', `/hazards/${h.id}`);
  assert.ok(res.text.includes('class="hazard-photo"') && !res.text.includes('class="hazard-close"'), 'a patroller uploads, does not close');
  res = await page(s, 'grid8', `/hazards/${h.id}`);
  assert.ok(res.text.includes('class="hazard-close"') && res.text.includes('class="hazard-grade"'), 'a manager grades and closes');
  res = await form(s, 'grid8', `/hazards/${h.id}/close`, { note: '已加盖' });
  assert.equal(res.status, 400, 'a red one without a photo of the fix');
  assert.ok(res.text.includes('整改后的照片'));
  assert.equal((await L.get(s, 'grid8', `/api/hazards/${h.id}`)).json.is_open, true, 'nothing written');
  res = await page(s, 'grid8', '/safety');
  assert.ok(res.text.includes(`/assessments?compound=${c}`) && res.text.includes('/patrol-routes?node='), 'the hub links them');
});
