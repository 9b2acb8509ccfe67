// 21_workorders_open311.test.js: Open311 GeoReport v2 under /open311/v2/: services, service
// definitions, requests (GET filters, one request, POST with api_key) and FixMyStreet's
// servicerequestupdates, in JSON and XML, field names and formats as the specification says,
// errors as its array of {code, description}.
'use strict';

const L = require('./lib');
const { test, assert } = L;

const W3C = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;
const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description',
  'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address',
  'address_id', 'zipcode', 'lat', 'long', 'media_url'];

function expectSpecError(res, status, xml = false) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  if (xml) {
    assert.match(res.text, new RegExp(`^<\\?xml[^>]*\\?>\\s*<errors><error><code>${status}</code><description>[^<]+</description></error></errors>$`));
    return;
  }
  const j = JSON.parse(res.text);
  assert.ok(Array.isArray(j) && j.length === 1, 'an array of errors: ' + res.text);
  assert.equal(j[0].code, status);
  assert.equal(typeof j[0].description, 'string');
  assert.ok(j[0].description.length > 0);
}

async function apiKey(s, user) {
  const res = await L.api(s, 'POST', '/api/tokens', { token: await L.token(s, user), body: { label: 'open311 test' } });
  L.expectStatus(res, 201, 'token');
  return res.json.token;
}

function form(fields) {
  return Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

async function post311(s, fields, ext = 'json') {
  return L.api(s, 'POST', `/open311/v2/requests.${ext}`, {
    rawBody: form(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

test('Open311 services.json and services.xml list the categories with the spec\'s fields', async () => {
  const s = await L.sharedServer();
  const res = await L.api(s, 'GET', '/open311/v2/services.json');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const list = JSON.parse(res.text);
  assert.ok(Array.isArray(list) && list.length >= 10);
  for (const x of list) {
    for (const f of ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']) {
      assert.ok(f in x, `service field ${f}: ${JSON.stringify(x)}`);
    }
    assert.equal(x.metadata, false);
    assert.equal(x.type, 'realtime');
  }
  assert.ok(list.some((x) => x.service_code === 'leak' && x.service_name === '漏水'));
  const xml = await L.api(s, 'GET', '/open311/v2/services.xml');
  assert.equal(xml.status, 200);
  assert.match(xml.headers.get('content-type'), /text\/xml/);
  assert.match(xml.text, /^<\?xml version="1.0" encoding="utf-8"\?>\s*<services><service><service_code>/);
  assert.match(xml.text, /<service_name>漏水<\/service_name>/);
  assert.equal((xml.text.match(/<service>/g) || []).length, list.length);
  const def = JSON.parse((await L.api(s, 'GET', '/open311/v2/services/leak.json')).text);
  assert.deepEqual(def, { service_code: 'leak', attributes: [] });
  const defx = await L.api(s, 'GET', '/open311/v2/services/leak.xml');
  assert.match(defx.text, /<service_definition><service_code>leak<\/service_code><attributes\/><\/service_definition>/);
  expectSpecError(await L.api(s, 'GET', '/open311/v2/services/ufo.json'), 404);
  expectSpecError(await L.api(s, 'GET', '/open311/v2/services/ufo.xml'), 404, true);
});

test('Open311 POST requests needs an API token as api_key, and creates an order with its SLA', async () => {
  const s = await L.startServer();
  try {
    const c = await L.compoundByName(s, 'staff', '学道苑·东南里7号');
    const before = (await L.get(s, 'resident', '/api/workorders?mine=1')).json.total;
    expectSpecError(await post311(s, { service_code: 'leak', description: 'x', address_id: c.id }), 400);
    expectSpecError(await post311(s, { api_key: 'nonsense', service_code: 'leak', address_id: c.id }), 403);
    // a web session token is not an API token
    expectSpecError(await post311(s, { api_key: await L.token(s, 'resident'), service_code: 'leak', address_id: c.id }), 403);
    const key = await apiKey(s, 'resident');
    expectSpecError(await post311(s, { api_key: key, service_code: 'ufo', address_id: c.id }), 404);
    expectSpecError(await post311(s, { api_key: key, service_code: 'leak' }), 400); // no location
    expectSpecError(await post311(s, { api_key: key, service_code: 'leak', lat: '30.6', long: 'east' }), 400);
    expectSpecError(await post311(s, { api_key: key, service_code: 'leak', address_id: '99999999' }), 400);
    const other = (await L.compounds(s, 'resident_other'))[0];
    // a place out of the key's sight is answered as one that does not exist
    expectSpecError(await post311(s, { api_key: key, service_code: 'leak', address_id: other.id }), 400);
    expectSpecError(await post311(s, { api_key: 'nonsense', service_code: 'leak', address_id: c.id }, 'xml'), 403, true);
    assert.equal((await L.get(s, 'resident', '/api/workorders?mine=1')).json.total, before, 'the refusals saved nothing');

    const res = await post311(s, { api_key: key, service_code: 'leak', description: '厨房天花板渗水，电话13812341234', address_id: c.id,
      address_string: '1栋2单元', lat: '30.657123', long: '104.080456', email: 'x@example.com', first_name: '不存' });
    assert.equal(res.status, 201, res.text);
    const body = JSON.parse(res.text);
    assert.ok(Array.isArray(body) && body.length === 1);
    assert.ok(Number.isInteger(body[0].service_request_id));
    assert.equal(typeof body[0].service_notice, 'string');
    assert.ok('account_id' in body[0]);
    const id = body[0].service_request_id;
    const mine = (await L.get(s, 'resident', `/api/workorders/${id}`)).json;
    assert.equal(mine.channel, 'open311');
    assert.equal(mine.category.code, 'leak');
    assert.equal(mine.lat_e6, 30657123);
    assert.equal(mine.lon_e6, 104080456);

    const one = JSON.parse((await L.api(s, 'GET', `/open311/v2/requests/${id}.json`)).text);
    assert.equal(one.length, 1);
    const r = one[0];
    for (const f of REQUEST_FIELDS) assert.ok(f in r, `request field ${f}`);
    assert.equal(r.service_request_id, id);
    assert.equal(r.status, 'open');
    assert.equal(r.service_code, 'leak');
    assert.equal(r.service_name, '漏水');
    assert.match(r.requested_datetime, W3C);
    assert.match(r.updated_datetime, W3C);
    assert.match(r.expected_datetime, W3C, 'expected_datetime comes from the SLA');
    assert.equal(Date.parse(r.expected_datetime) - Date.parse(r.requested_datetime), 7 * 86400 * 1000);
    assert.equal(r.lat, 30.657, 'coordinates in public are rounded to about 100 m');
    assert.equal(r.long, 104.08);
    assert.equal(r.address_id, c.id);
    assert.ok(!JSON.stringify(r).includes('x@example.com') && !JSON.stringify(r).includes('不存'), 'no personal data kept or shown');
    assert.equal(r.description, '厨房天花板渗水，电话138****1234', 'a phone typed in the description is masked in public');

    const x = await L.api(s, 'GET', `/open311/v2/requests/${id}.xml`);
    assert.match(x.text, new RegExp(`^<\\?xml[^>]*\\?>\\s*<service_requests><request><service_request_id>${id}</service_request_id><status>open</status>`));
    assert.match(x.text, /<expected_datetime>\d{4}-\d\d-\d\dT[^<]+<\/expected_datetime>/);
    assert.match(x.text, /<lat>30.657000<\/lat><long>104.080000<\/long>/);
    expectSpecError(await L.api(s, 'GET', '/open311/v2/requests/99999999.json'), 404);
    expectSpecError(await L.api(s, 'GET', '/open311/v2/requests/99999999.xml'), 404, true);

    const xmlPost = await post311(s, { api_key: key, service_code: 'streetlight', address_id: c.id, description: '路灯坏了' }, 'xml');
    assert.equal(xmlPost.status, 201);
    assert.match(xmlPost.text, /<service_requests><request><service_request_id>\d+<\/service_request_id><service_notice>[^<]+<\/service_notice><account_id\/><\/request><\/service_requests>/);
  } finally {
    await L.stopServer(s);
  }
});

test('Open311 GET requests filters by id list, service_code, status and dates, and refuses bad dates', async () => {
  const s = await L.sharedServer();
  const all = JSON.parse((await L.api(s, 'GET', '/open311/v2/requests.json')).text);
  assert.ok(all.length > 100 && all.length <= 1000, 'the last 90 days of the demo, at most 1000: ' + all.length);
  for (const f of REQUEST_FIELDS) assert.ok(f in all[0], `request field ${f}`);
  assert.deepEqual([...new Set(all.map((r) => r.status))].sort(), ['closed', 'open'], 'open and closed requests, nothing else');
  const open = JSON.parse((await L.api(s, 'GET', '/open311/v2/requests.json?status=open')).text);
  assert.ok(open.length > 0 && open.every((r) => r.status === 'open' && r.expected_datetime));
  const closed = JSON.parse((await L.api(s, 'GET', '/open311/v2/requests.json?status=closed')).text);
  assert.ok(closed.length > 0 && closed.every((r) => r.status === 'closed' && r.expected_datetime === null));
  const leaks = JSON.parse((await L.api(s, 'GET', '/open311/v2/requests.json?service_code=leak,drain')).text);
  assert.deepEqual([...new Set(leaks.map((r) => r.service_code))].sort(), ['drain', 'leak'], 'both codes asked for, and only those');
  const ids = [all[0].service_request_id, all[1].service_request_id];
  const two = JSON.parse((await L.api(s, 'GET', `/open311/v2/requests.json?service_request_id=${ids.join(',')}`)).text);
  assert.deepEqual(two.map((r) => r.service_request_id).sort(), ids.sort());
  const now = L.testNow();
  const end = new Date(now * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const start = new Date((now - 7 * 86400) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const week = JSON.parse((await L.api(s, 'GET', `/open311/v2/requests.json?start_date=${start}&end_date=${end}`)).text);
  assert.ok(week.length > 0 && week.length < all.length, `a week's requests: ${week.length} of ${all.length}`);
  for (const r of week) assert.ok(Date.parse(r.requested_datetime) >= Date.parse(start) - 1000);
  expectSpecError(await L.api(s, 'GET', '/open311/v2/requests.json?start_date=yesterday'), 400);
  expectSpecError(await L.api(s, 'GET', '/open311/v2/requests.xml?end_date=2010-01-01T00:00:00'), 400, true);
  expectSpecError(await L.api(s, 'GET', '/open311/v2/requests.json?status=pending'), 400);
  const x = await L.api(s, 'GET', '/open311/v2/requests.xml?status=open');
  assert.match(x.text, /^<\?xml[^>]*\?>\s*<service_requests>(<request>.*?<\/request>)+<\/service_requests>$/s);
  assert.doesNotMatch(x.text, /<on_behalf|reporter/, 'no reporter in public answers');
});

test('FixMyStreet servicerequestupdates lists transitions with OPEN/CLOSED statuses', async () => {
  const s = await L.sharedServer();
  const j = JSON.parse((await L.api(s, 'GET', '/open311/v2/servicerequestupdates.json?start_date=' +
    encodeURIComponent(new Date((L.testNow() - 30 * 86400) * 1000).toISOString()))).text);
  assert.ok(Array.isArray(j) && j.length > 0);
  for (const u of j) {
    for (const f of ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']) assert.ok(f in u, f);
    assert.match(u.updated_datetime, W3C);
  }
  assert.deepEqual([...new Set(j.map((u) => u.status))].sort(), ['CLOSED', 'OPEN'], 'OPEN and CLOSED updates, nothing else');
  const x = await L.api(s, 'GET', '/open311/v2/servicerequestupdates.xml');
  assert.match(x.text, /^<\?xml[^>]*\?>\s*<service_request_updates>/);
  expectSpecError(await L.api(s, 'GET', '/open311/v2/servicerequestupdates.json?start_date=never'), 400);
});
