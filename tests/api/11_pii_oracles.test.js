// 11_pii_oracles.test.js: masked personal data cannot be recovered by asking questions. A search matches
// a phone or an ID number only whole (or the last 4 digits its mask shows), and every search is audited
// with a keyed hash of its text and limited per user.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';
const PHONE = '16612345670';              // not in the demo register
const FRESH_ID = L.makeId('51010419720315123');

/* A server with a test clock and, when given, a configuration file of its own. */
async function server(config = null) {
  const extraArgs = [];
  if (config) {
    const file = path.join(L.tmpDir(), `quota-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.conf`);
    fs.writeFileSync(file, Object.entries(config).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
    extraArgs.push('--config', file);
  }
  return L.startServer({ testClock: true, extraArgs });
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

async function search(s, user, q) {
  return call(s, user, 'GET', '/api/search?q=' + encodeURIComponent(q));
}

function personIds(res) {
  return res.json.items.filter((x) => x.type === 'person').map((x) => x.person_id);
}

/* Rows of one SQL query on the test database (both backends), columns joined by '|'. */
function sqlRows(db, sql) {
  const out = db.sqlitePath ? L.mustRun('sqlite3', [db.sqlitePath, sql]).stdout
    : L.mustRun('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', db.url, '-c', sql]).stdout;
  return out.split('\n').map((x) => x.trim()).filter(Boolean);
}

/* A pilot household (grid 8) and a new resident in it with PHONE and FRESH_ID, added by staff. */
async function newResident(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const h = (await L.get(s, 'staff', `/api/households?compound=${c.id}&per_page=5`)).json.items[0];
  const res = await call(s, 'staff', 'POST', `/api/households/${h.id}/persons`,
    { name: '查询测试', residency: 'permanent', phone: PHONE, id_number: FRESH_ID });
  L.expectStatus(res, 201, 'add a resident');
  return { household: h, person: res.json };
}

test('a search matches a phone or ID number only whole, or the last 4 digits its mask shows, never a part', async () => {
  const s = await server();
  try {
    const { person } = await newResident(s);
    for (const part of ['166', '1661234', '6612345', '2345', '166123456', '1661234567', FRESH_ID.slice(0, 14), FRESH_ID.slice(6, 14)]) {
      const res = await search(s, 'grid8', part);
      L.expectStatus(res, 200, `search ${part}`);
      assert.ok(!personIds(res).includes(person.id), `searching ${part} must not find the resident by a hidden part`);
    }
    for (const whole of [PHONE, '166-1234-5670', '166 1234 5670', '5670', FRESH_ID]) {
      const res = await search(s, 'grid8', whole);
      L.expectStatus(res, 200, `search ${whole}`);
      assert.ok(personIds(res).includes(person.id), `searching ${whole} finds the resident`);
      assert.ok(!L.strings(res.json).some((x) => L.FULL_PHONE.test(x) || L.FULL_ID.test(x)), 'the hits are masked');
    }
  } finally {
    await L.stopServer(s);
  }
});

test('every search is audited: who, what kind, whom it found, and the text only as a keyed hash', async () => {
  const s = await server();
  try {
    const { person } = await newResident(s);
    const me = (await L.get(s, 'grid8', '/api/me')).json;
    const uid = me.id ?? me.user_id ?? (me.user && me.user.id);
    const before = sqlRows(s.db, "SELECT COUNT(*) FROM audit_event WHERE entity = 'search'")[0];
    L.expectStatus(await search(s, 'grid8', PHONE), 200, 'search by phone');
    L.expectStatus(await search(s, 'grid8', '查询测试'), 200, 'search by name');
    const rows = sqlRows(s.db, "SELECT actor_id, action, after_json FROM audit_event WHERE entity = 'search' ORDER BY seq");
    assert.equal(rows.length, Number(before) + 2, 'two searches, two events');
    const [phoneEv, nameEv] = rows.slice(-2).map((r) => {
      const [actor, action, ...json] = r.split('|');
      return { actor: Number(actor), action, after: JSON.parse(json.join('|')) };
    });
    assert.equal(phoneEv.actor, uid, 'the searcher is named');
    assert.equal(phoneEv.action, 'search');
    assert.equal(phoneEv.after.kind, 'phone');
    assert.match(phoneEv.after.q_hash, /^[0-9a-f]{32}$/);
    assert.deepEqual(phoneEv.after.person_ids, [person.id], 'whom it found');
    assert.equal(nameEv.after.kind, 'text');
    const text = rows.slice(-2).join('\n');
    assert.ok(!text.includes(PHONE) && !text.includes('5670') && !text.includes('查询测试'), 'never the text itself: ' + text);
  } finally {
    await L.stopServer(s);
  }
});

test('the 31st search in a minute answers 429 rate_limited, for that user only, until the minute has passed', async () => {
  const s = await server();
  try {
    await L.warm(s, 'grid8', 'staff', 'admin');
    for (let i = 0; i < 30; i++) L.expectStatus(await search(s, 'grid8', '王'), 200, `search ${i + 1}`);
    L.expectError(await search(s, 'grid8', '王'), 429, 'rate_limited');
    // the search page counts with the API
    const page = await L.login(s, 'grid8');
    const form = await L.api(s, 'POST', '/search', {
      cookie: page.cookie, rawBody: `csrf=${encodeURIComponent(page.csrf)}&q=${encodeURIComponent('王')}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 429, 'the page is limited too');
    L.expectStatus(await search(s, 'staff', '王'), 200, 'another user searches on');
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 61 }), 200, 'clock');
    L.expectStatus(await search(s, 'grid8', '王'), 200, 'a minute later');
  } finally {
    await L.stopServer(s);
  }
});

test('searches by a whole phone or ID number have a daily limit of their own (pii_search_per_day)', async () => {
  const s = await server({ pii_search_per_day: 3 });
  try {
    await L.warm(s, 'grid8', 'admin');
    for (const q of ['13800000000', '13800000001', FRESH_ID]) L.expectStatus(await search(s, 'grid8', q), 200, q);
    L.expectError(await search(s, 'grid8', '13800000002'), 429, 'rate_limited');
    L.expectStatus(await search(s, 'grid8', '王'), 200, 'other searches go on');
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 86401 }), 200, 'clock');
    const next = await L.login(s, 'grid8'); // yesterday's session has expired
    L.expectStatus(await L.api(s, 'GET', '/api/search?q=13800000002', { token: next.token }), 200, 'the next day');
  } finally {
    await L.stopServer(s);
  }
});
