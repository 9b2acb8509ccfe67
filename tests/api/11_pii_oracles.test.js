// 11_pii_oracles.test.js: masked personal data cannot be recovered by asking questions. A search matches
// a phone or an ID number only whole (or the last 4 digits its mask shows), every search is audited with a
// keyed hash of its text and limited per user; the duplicate check of an ID number answers a caller who may
// not see the other record exactly as it answers a new number, is limited per user and audited.
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

/* A resident with an ID number in another grid (outside grid8's scope), and that number as staff reveal it. */
async function residentElsewhere(s) {
  const other = (await L.compounds(s, 'resident_other'))[0];
  const items = (await L.get(s, 'staff', `/api/households?compound=${other.id}&per_page=50`)).json.items;
  const h = items.find((x) => L.members(x).some((m) => L.MASKED_ID.test(m.id_number || '')));
  assert.ok(h, 'a household with an ID number outside grid 8');
  const p = L.members(h).find((m) => L.MASKED_ID.test(m.id_number || ''));
  const pii = (await L.get(s, 'staff', `/api/persons/${p.id}/pii`)).json;
  assert.ok(L.idValid(pii.id_number), 'the revealed number is an ID number');
  return { person: p, id: pii.id_number };
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

test('setting an ID number that belongs to someone the caller may not see answers exactly as a new number does', async () => {
  // The invariant: for a caller without PERM_PII_FULL over the person who holds a number, setting that
  // number answers with the same status and the same body as setting a valid number nobody holds (only
  // the mask of the number they typed differs); the duplicate goes to the audit log. A caller who may see
  // the other record in full (staff) is told: 409 conflict.
  const s = await server();
  try {
    const elsewhere = await residentElsewhere(s);
    const c = await L.compoundByName(s, 'staff', PILOT);
    const h = (await L.get(s, 'grid8', `/api/households?compound=${c.id}&per_page=5`)).json.items[1];
    const created = await call(s, 'grid8', 'POST', `/api/households/${h.id}/persons`, { name: '核对甲', residency: 'permanent' });
    L.expectStatus(created, 201, 'a resident without an ID number');
    const a = created.json.id;
    const strip = (res) => ({ status: res.status, body: { ...res.json, id_number: '(the typed number, masked)' } });

    const taken = await call(s, 'grid8', 'PATCH', `/api/persons/${a}`, { id_number: elsewhere.id });
    L.expectStatus(taken, 200, 'a number held out of sight');
    const fresh = await call(s, 'grid8', 'PATCH', `/api/persons/${a}`, { id_number: FRESH_ID });
    L.expectStatus(fresh, 200, 'a number nobody holds');
    assert.deepEqual(strip(taken), strip(fresh), 'the two answers differ only by the mask of what was typed');
    assert.equal(taken.json.id_number, elsewhere.id.slice(0, 6) + '********' + elsewhere.id.slice(14));

    // a number held inside grid 8 is no different for grid8, who sees it masked only
    const c2 = (await L.get(s, 'staff', `/api/households/${h.id}`)).json;
    const inside = L.members(c2).find((m) => m.id !== a && L.MASKED_ID.test(m.id_number || ''))
      || L.members((await L.get(s, 'staff', `/api/households/${(await L.get(s, 'staff', `/api/households?compound=${c.id}&per_page=5`)).json.items[0].id}`)).json)
        .find((m) => L.MASKED_ID.test(m.id_number || ''));
    assert.ok(inside, 'a pilot resident with an ID number');
    const insideId = (await L.get(s, 'staff', `/api/persons/${inside.id}/pii`)).json.id_number;
    L.expectStatus(await call(s, 'grid8', 'PATCH', `/api/persons/${a}`, { id_number: insideId }), 200, 'a number held inside the grid');

    // staff see both records in full: they are told
    L.expectError(await call(s, 'staff', 'PATCH', `/api/persons/${a}`, { id_number: elsewhere.id }), 409, 'conflict', 'id_number');

    const dups = sqlRows(s.db, `SELECT after_json FROM audit_event WHERE action = 'id_duplicate' AND entity_id = ${a} ORDER BY seq`);
    assert.equal(dups.length, 2, 'both duplicates are in the audit log');
    assert.deepEqual(JSON.parse(dups[0]).same_id_number_as, [elsewhere.person.id]);
    assert.deepEqual(JSON.parse(dups[1]).same_id_number_as, [inside.id]);
    assert.ok(!dups.join('').includes(elsewhere.id), 'the log holds no number');
  } finally {
    await L.stopServer(s);
  }
});

test('ID numbers entered are limited per user and hour (id_checks_per_hour): then 429, other edits go on', async () => {
  const s = await server({ id_checks_per_hour: 3 });
  try {
    await L.warm(s, 'grid8', 'admin');
    const c = await L.compoundByName(s, 'staff', PILOT);
    const h = (await L.get(s, 'grid8', `/api/households?compound=${c.id}&per_page=5`)).json.items[2];
    const created = await call(s, 'grid8', 'POST', `/api/households/${h.id}/persons`, { name: '核对乙', residency: 'permanent' });
    L.expectStatus(created, 201, 'a resident');
    const a = created.json.id;
    const ids = ['51010419720315124', '51010419720315125', '51010419720315126', '51010419720315127'].map(L.makeId);
    for (const id of ids.slice(0, 3)) L.expectStatus(await call(s, 'grid8', 'PATCH', `/api/persons/${a}`, { id_number: id }), 200, id);
    L.expectError(await call(s, 'grid8', 'PATCH', `/api/persons/${a}`, { id_number: ids[3] }), 429, 'rate_limited');
    const still = (await L.get(s, 'grid8', `/api/households/${h.id}`)).json;
    assert.equal(L.members(still).find((m) => m.id === a).id_number, ids[2].slice(0, 6) + '********' + ids[2].slice(14), 'nothing changed');
    L.expectStatus(await call(s, 'grid8', 'PATCH', `/api/persons/${a}`, { name: '核对丙' }), 200, 'an edit without an ID number');
    L.expectStatus(await call(s, 'admin', 'POST', '/api/debug/clock', { shift_seconds: 3601 }), 200, 'clock');
    L.expectStatus(await call(s, 'grid8', 'PATCH', `/api/persons/${a}`, { id_number: ids[3] }), 200, 'an hour later');
  } finally {
    await L.stopServer(s);
  }
});
