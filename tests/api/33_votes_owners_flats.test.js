// 33_votes_owners_flats.test.js: who the owners are and what they own (issue 9, items 1-5): every flat of a
// vote's scope counts, an unknown owner as one who did not vote, and an owners' vote opens on an incomplete
// register only with a reason in the audit log; a flat has one area, read alike by votes and levies; an owner
// is a person who may own several flats and live elsewhere; two heads at one door are two households; each
// developer is one owner of its compound. Each test builds its own building in 学道苑·东南里7号 on its own server.
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

async function call(s, user, method, p, body) {
  return L.api(s, method, p, { token: await L.token(s, user), body });
}

async function pilot(s) {
  return L.compoundByName(s, 'staff', '学道苑·东南里7号');
}

/* A new building with one unit in 东南里7号: {building, unit}. */
async function newBuilding(s, name) {
  const dnl = await pilot(s);
  const b = await call(s, 'staff', 'POST', '/api/nodes', { parent_id: dnl.id, kind: 'building', name });
  L.expectStatus(b, 201, 'building');
  const u = await call(s, 'staff', 'POST', '/api/nodes', { parent_id: b.json.id, kind: 'unit', name: '1单元' });
  L.expectStatus(u, 201, 'unit');
  return { dnl, building: b.json.id, unit: u.json.id };
}

async function household(s, unit, door, area, extra = {}) {
  const h = await call(s, 'staff', 'POST', '/api/households', { unit_id: unit, door, area, ...extra });
  L.expectStatus(h, 201, `household ${door}`);
  return h.json;
}

/* SQL on the server's database, for what only the database shows (the audit log's text). */
function sql(s, q) {
  return s.db.sqlitePath ? L.mustRun('sqlite3', [s.db.sqlitePath, q]).stdout
    : L.mustRun('psql', ['-X', '-q', '-t', '-A', s.db.url, '-c', q]).stdout;
}

/* A paper ballot entered by staff and confirmed by the committee of 东南里7号. */
async function paperYes(s, vote, householdId) {
  const b = await call(s, 'staff', 'POST', `/api/votes/${vote}/paper-ballots`, { household_id: householdId, choice: 'yes' });
  L.expectStatus(b, 201, 'paper ballot');
  L.expectStatus(await call(s, 'committee', 'POST', `/api/votes/${vote}/ballots/${b.json.id}/confirm`), 200, 'confirm');
  return b;
}

async function ownersVote(s, node, title) {
  const v = await call(s, 'staff', 'POST', '/api/votes', { node_id: node, title, kind: 'art278', matter: 5 });
  L.expectStatus(v, 201, 'vote');
  return v.json.id;
}

async function importCsv(s, csv, dry) {
  return L.api(s, 'POST', `/api/import?dry_run=${dry ? 1 : 0}&format=csv`, {
    token: await L.token(s, 'staff'), rawBody: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' },
  });
}

test('47 flats with 3 registered owners: every flat counts, 3 yes votes do not pass, and opening needs a reason', async () => {
  const s = await srv();
  const { building, unit } = await newBuilding(s, '47号楼');
  const hh = [];
  for (let i = 1; i <= 47; i++) hh.push(await household(s, unit, String(100 + i), 6000));
  for (let i = 0; i < 3; i++) {
    const o = await call(s, 'staff', 'POST', `/api/households/${hh[i].id}/owners`,
      { name: `业主${i + 1}`, id_number: L.makeId(`1101051970010100${i + 1}`), area: 6000 });
    L.expectStatus(o, 201, 'owner');
  }
  const vote = await ownersVote(s, building, '47号楼屋面维修（使用维修资金）');
  // it does not open on such a register, and nothing changes
  const auditOpen = () => Number(sql(s, `SELECT COUNT(*) FROM audit_event WHERE entity = 'vote' AND entity_id = ${vote} AND action = 'open'`).trim());
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${vote}/open`), 409, 'register_incomplete', 'incomplete_register_reason');
  assert.equal((await L.get(s, 'staff', `/api/votes/${vote}`)).json.status, 'draft');
  assert.equal(auditOpen(), 0);
  // the vote shows how complete its register is
  const draft = (await L.get(s, 'staff', `/api/votes/${vote}`)).json;
  assert.deepEqual(
    [draft.register.units, draft.register.owners_total, draft.register.area_total, draft.register.units_unregistered,
      draft.register.too_incomplete],
    [47, 47, 47 * 6000, 44, true]);
  const page = await call(s, 'resident', 'GET', `/votes/${vote}`);
  L.expectStatus(page, 200, 'vote page');
  assert.match(page.text, /id="register-unregistered">其中 44 套房没有登记业主/);
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${vote}/open`, { incomplete_register_reason: '' }), 400, 'missing_field', 'incomplete_register_reason');
  // staff confirm with a reason: it opens, and the reason is in the audit log
  const reason = '其余44套为直管公房，产权单位已书面确认不参加表决';
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${vote}/open`, { incomplete_register_reason: reason }), 200, 'open');
  assert.equal(auditOpen(), 1);
  const logged = sql(s, `SELECT after_json FROM audit_event WHERE entity = 'vote' AND entity_id = ${vote} AND action = 'open'`);
  assert.ok(logged.includes(reason) && logged.includes('"units_unregistered":44'), logged);
  for (let i = 0; i < 3; i++) await paperYes(s, vote, hh[i].id);
  // a flat without a registered owner has nobody to vote for it
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${vote}/paper-ballots`, { household_id: hh[3].id, choice: 'yes' }),
    403, 'not_in_electorate', 'household_id');
  const closed = await call(s, 'staff', 'POST', `/api/votes/${vote}/close`);
  L.expectStatus(closed, 200, 'close');
  const r = closed.json.result;
  assert.deepEqual([r.units, r.owners_total, r.area_total, r.owners_yes, r.owners_not_voted, r.units_unregistered],
    [47, 47, 282000, 3, 44, 44]);
  assert.equal(r.quorum, false);
  assert.equal(r.passed, false, '3 owners of 47 flats are not two thirds');
  const notice = (await L.get(s, 'resident', `/api/notices/${closed.json.vote.notice_id}`)).json;
  assert.ok(notice.body.includes('其中 44 个专有部分'), notice.body);
});

test('a flat has one area: an owner cannot bring another, and votes and levies read the same number', async () => {
  const s = await srv();
  const { building, unit, dnl } = await newBuilding(s, '面积楼');
  const h = await household(s, unit, '101', 6000);
  const id = L.makeId('11010519650505001');
  L.expectError(await call(s, 'staff', 'POST', `/api/households/${h.id}/owners`, { name: '周业主', id_number: id, area: 7000 }),
    409, 'conflict', 'area');
  const o = await call(s, 'staff', 'POST', `/api/households/${h.id}/owners`, { name: '周业主', id_number: id, area: 6000 });
  L.expectStatus(o, 201, 'owner with the flat\'s own area');
  assert.equal(o.json.area, 6000);
  // the area changes in one place, for the household, its owner and the vote
  L.expectStatus(await call(s, 'staff', 'PATCH', `/api/households/${h.id}`, { area: 6150 }), 200, 'area');
  const after = (await L.get(s, 'staff', `/api/households/${h.id}`)).json;
  assert.equal(after.area, 6150);
  assert.equal(after.owners[0].area, 6150);
  const vote = await ownersVote(s, building, '面积楼外墙维修');
  assert.equal((await L.get(s, 'staff', `/api/votes/${vote}`)).json.register.area_total, 6150);
  // a second household at the same door shares the flat: no second area, no second owner, no second charge
  L.expectError(await call(s, 'staff', 'POST', '/api/households', { unit_id: unit, door: '101', area: 6150 }), 409, 'conflict', 'door');
  const second = await household(s, unit, '101', 6150, { number: '2' });
  assert.equal(second.flat_id, after.flat_id);
  assert.equal(second.address.endsWith('101（户号2）'), true, second.address);
  L.expectError(await call(s, 'staff', 'POST', '/api/households', { unit_id: unit, door: '101', area: 6200, number: '3' }), 409, 'conflict', 'area');
  const reg = (await L.get(s, 'staff', `/api/votes/${vote}`)).json.register;
  assert.deepEqual([reg.units, reg.owners_total, reg.area_total], [1, 1, 6150]);
  // the levy charges the flat's area once, to its first household
  L.expectStatus(await call(s, 'finance', 'POST', '/api/funds/setup', { compound_id: dnl.id }), 201, 'sub-accounts');
  const fund = (await L.get(s, 'finance', `/api/funds?compound=${dnl.id}`)).json.items.find((f) => f.kind === 'maintenance');
  const levy = await call(s, 'finance', 'POST', '/api/levies', { fund_id: fund.id, name: '面积楼维修资金', rule: 'per_area', rate: 500 });
  L.expectStatus(levy, 201, 'levy');
  const charges = (await L.get(s, 'finance', `/api/levies/${levy.json.id}`)).json.arrears;
  const mine = charges.filter((c) => c.household_id === h.id || c.household_id === second.id);
  assert.deepEqual(mine.map((c) => [c.household_id, c.area, c.due]), [[h.id, 6150, 30750]]);
});

/* The households of a building of 东南里7号 by door label ("101", "101（户号2）"). */
async function householdsOf(s, building) {
  const dnl = await pilot(s);
  const all = [];
  for (let page = 1; ; page++) {
    const j = (await L.get(s, 'staff', `/api/households?compound=${dnl.id}&page=${page}&per_page=200`)).json;
    all.push(...j.items);
    if (all.length >= j.total || j.items.length === 0) break;
  }
  const out = new Map();
  for (const h of all.filter((x) => x.building === building)) out.set(h.number ? `${h.door}/${h.number}` : h.door, h);
  return out;
}

test('an owner of two flats who lives in one, and an owner living elsewhere, import and count once by the sum of their areas', async () => {
  const s = await srv();
  const { building } = await newBuilding(s, '多套楼');
  const a = L.makeId('11010519700303001'), c = L.makeId('11010519720404002');
  const csv = '院落,楼栋,单元,门牌,面积,姓名,身份证号,居住类型,与户主关系,是否产权人\n' +
    `学道苑·东南里7号,多套楼,1单元,101,60,甲,${a},常住,户主,是\n` +
    `学道苑·东南里7号,多套楼,1单元,102,55.5,甲,${a},常住,户主,是\n` +
    '学道苑·东南里7号,多套楼,1单元,102,,乙,,流动,户主,否\n' +
    `学道苑·东南里7号,多套楼,1单元,103,70,丙,${c},不在此居住,,是\n` +
    '学道苑·东南里7号,多套楼,1单元,104,60,丁,,流动,户主,否\n';
  const dry = await importCsv(s, csv, true);
  L.expectStatus(dry, 200, 'dry run');
  assert.equal(dry.json.persons_new, 3, '甲 lives at 101 only, 丙 elsewhere');
  assert.deepEqual(dry.json.notes.map((n) => [n.line, n.code]), [[3, 'same_owner']]);
  L.expectStatus(await importCsv(s, csv, false), 200, 'import');
  const hh = await householdsOf(s, '多套楼');
  assert.deepEqual([...hh.keys()].sort(), ['101', '102', '103', '104']);
  assert.deepEqual(L.members(hh.get('102')).map((m) => m.name), ['乙']);
  assert.equal(L.members(hh.get('103')).length, 0, '丙 lives elsewhere');
  const d102 = (await L.get(s, 'staff', `/api/households/${hh.get('102').id}`)).json;
  assert.deepEqual(d102.owners.map((o) => [o.name, o.area]), [['甲', 5550]]);
  const vote = await ownersVote(s, building, '多套楼楼道改造');
  const reg = (await L.get(s, 'staff', `/api/votes/${vote}`)).json.register;
  // 甲 (two flats) and 丙 are two owners; 104's owner is not on the register: one more, who cannot vote
  assert.deepEqual([reg.units, reg.owners_total, reg.area_total, reg.units_unregistered], [4, 3, 24550, 1]);
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${vote}/open`, { incomplete_register_reason: '104室产权人正在核实' }),
    200, 'open');
  // 甲 votes once for both flats, from the flat let to 乙
  await paperYes(s, vote, hh.get('102').id);
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${vote}/paper-ballots`, { household_id: hh.get('101').id, choice: 'no' }),
    409, 'ballot_exists', 'household_id');
  const r = (await L.get(s, 'staff', `/api/votes/${vote}/result`)).json;
  assert.deepEqual([r.owners_yes, r.area_yes, r.owners_total, r.area_total], [1, 11550, 3, 24550]);
  // the same owner in another compound is the same owner there too
  const other = await L.compoundByName(s, 'staff', '学道苑·拱背桥25号1栋');
  const node = (await L.get(s, 'staff', `/api/nodes/${other.id}`)).json;
  const unit = (await L.get(s, 'staff', `/api/nodes/${node.children[0].id}`)).json.children[0];
  const far = await household(s, unit.id, '999', 5000);
  const o = await call(s, 'staff', 'POST', `/api/households/${far.id}/owners`, { name: '甲', id_number: a });
  L.expectStatus(o, 201, 'a third flat');
  assert.equal(o.json.id, d102.owners[0].id, 'one owner, whatever compound the flat is in');
});

test('an ID number held by an owner the registrar may not see answers as a new number does, and still counts once', async () => {
  // The rule of the register's duplicate checks (11_pii_oracles) holds for owners: grid8 sees ID numbers
  // masked only, so a number held by another owner gives them the answer a fresh number gives, a new
  // owner under the name they typed; the vote counts the two owner rows of one number as one owner, and
  // the duplicate is in the audit log. Staff, who see the other owner in full, join it.
  const s = await srv();
  const { building, unit } = await newBuilding(s, '暗号楼');
  const hh = [];
  for (const door of ['101', '102', '103', '104']) hh.push(await household(s, unit, door, 6000));
  const x = L.makeId('11010519750606001'), y = L.makeId('11010519750606002');
  const first = await call(s, 'staff', 'POST', `/api/households/${hh[0].id}/owners`, { name: '甲', id_number: x });
  L.expectStatus(first, 201, 'the owner staff register');
  const taken = await call(s, 'grid8', 'POST', `/api/households/${hh[1].id}/owners`, { name: '化名', id_number: x });
  L.expectStatus(taken, 201, 'a number held out of sight');
  const fresh = await call(s, 'grid8', 'POST', `/api/households/${hh[2].id}/owners`, { name: '化名', id_number: y });
  L.expectStatus(fresh, 201, 'a number nobody holds');
  const strip = (res) => ({ status: res.status, body: { ...res.json, id: '(new)', id_number: '(the typed number, masked)' } });
  assert.deepEqual(strip(taken), strip(fresh), 'the two answers differ only by the new id and the mask of what was typed');
  assert.notEqual(taken.json.id, first.json.id, 'not the other owner');
  const listed = (await L.get(s, 'grid8', `/api/households/${hh[1].id}`)).json.owners;
  assert.deepEqual(listed.map((o) => [o.id, o.name]), [[taken.json.id, '化名']]);
  // the same flat twice is still refused, as before (its owners are listed to whoever edits it)
  L.expectError(await call(s, 'grid8', 'POST', `/api/households/${hh[1].id}/owners`, { name: '化名', id_number: x }),
    409, 'conflict', 'id_number');
  // x owns 101 and 102, y 103, nobody is registered for 104: three owners
  const vote = await ownersVote(s, building, '暗号楼外墙维修');
  const reg = (await L.get(s, 'staff', `/api/votes/${vote}`)).json.register;
  assert.deepEqual([reg.units, reg.owners_total, reg.units_unregistered], [4, 3, 1]);
  const dups = sql(s, `SELECT entity_id || ' ' || after_json FROM audit_event WHERE entity = 'owner' AND action = 'id_duplicate' `
    + `AND entity_id IN (${taken.json.id}, ${fresh.json.id})`).trim().split('\n');
  assert.deepEqual(dups.map((l) => [Number(l.split(' ')[0]), JSON.parse(l.slice(l.indexOf(' ') + 1)).same_id_number_as_owners]),
    [[taken.json.id, [first.json.id]]]);
  // staff see both owners in full: a flat of theirs joins the first
  const joined = await call(s, 'staff', 'POST', `/api/households/${hh[3].id}/owners`, { name: '甲', id_number: x });
  L.expectStatus(joined, 201, 'staff add the fourth flat');
  assert.equal(joined.json.id, first.json.id);
});

test('two heads at one door are two households, a household number keeps them apart, and the import says why', async () => {
  const s = await srv();
  await newBuilding(s, '合住楼');
  const csv = '院落,楼栋,单元,门牌,面积,姓名,居住类型,与户主关系\n' +
    '学道苑·东南里7号,合住楼,1单元,201,60,张一,常住,户主\n' +
    '学道苑·东南里7号,合住楼,1单元,201,,张二,常住,配偶\n' +
    '学道苑·东南里7号,合住楼,1单元,201,,李一,流动,户主\n' +
    '学道苑·东南里7号,合住楼,1单元,201,,李二,流动,子女\n';
  const dry = await importCsv(s, csv, true);
  L.expectStatus(dry, 200, 'dry run');
  assert.equal(dry.json.households_new, 2);
  assert.deepEqual(dry.json.notes.map((n) => [n.line, n.code]), [[4, 'split_by_head']]);
  assert.match(dry.json.notes[0].message, /李一是门牌“201”的又一位户主（上一位在第 2 行）：分为另一户，户号 2/);
  L.expectStatus(await importCsv(s, csv, false), 200, 'import');
  let hh = await householdsOf(s, '合住楼');
  assert.deepEqual(L.members(hh.get('201')).map((m) => m.name), ['张一', '张二']);
  assert.deepEqual(L.members(hh.get('201/2')).map((m) => m.name), ['李一', '李二']);
  assert.equal(hh.get('201').flat_id, hh.get('201/2').flat_id, 'one flat');
  assert.equal(hh.get('201/2').area, 6000, 'its one area');
  // with a 户号 column the numbers decide; two heads under one number stay one household, and the report says so
  const numbered = '院落,楼栋,单元,门牌,面积,姓名,居住类型,与户主关系,户号\n' +
    '学道苑·东南里7号,合住楼,1单元,202,58,王一,常住,户主,510101\n' +
    '学道苑·东南里7号,合住楼,1单元,202,,赵一,常住,户主,510102\n' +
    '学道苑·东南里7号,合住楼,1单元,202,,王二,常住,户主,510101\n';
  const res = await importCsv(s, numbered, false);
  L.expectStatus(res, 200, 'numbered import');
  assert.equal(res.json.households_new, 2);
  assert.deepEqual(res.json.notes.map((n) => [n.line, n.code]).sort(), [[2, 'split_by_number'], [4, 'merged_heads']]);
  hh = await householdsOf(s, '合住楼');
  assert.deepEqual(L.members(hh.get('202/510101')).map((m) => m.name), ['王一', '王二']);
  assert.deepEqual(L.members(hh.get('202/510102')).map((m) => m.name), ['赵一']);
});

test('each developer is one owner of its compound: two developers are two owners, and the vote page shows their share', async () => {
  const s = await srv();
  const { building, unit } = await newBuilding(s, '新建楼');
  const h = [];
  for (let i = 1; i <= 5; i++) h.push(await household(s, unit, String(300 + i), 6000 + 100 * i, { housing: 'vacant' }));
  const dev = async (k, name) => call(s, 'staff', 'POST', `/api/households/${h[k].id}/owners`,
    { name, is_developer: true, area: h[k].area });
  const first = await dev(0, '甲置业有限公司');
  L.expectStatus(first, 201, 'developer');
  L.expectStatus(await dev(1, '甲置业有限公司'), 201, 'developer');
  L.expectStatus(await dev(2, '乙置业有限公司'), 201, 'developer');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/households/${h[3].id}/owners`,
    { name: '买受人', id_number: L.makeId('11010519800808001'), area: h[3].area }), 201, 'a buyer');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/households/${h[4].id}/owners`,
    { name: '买受人', id_number: L.makeId('11010519800808001'), area: h[4].area }), 201, 'the buyer\'s second flat');
  const vote = await ownersVote(s, building, '新建楼电梯加装');
  L.expectStatus(await call(s, 'staff', 'POST', `/api/votes/${vote}/open`), 200, 'open: every flat has its owner');
  // two developers and one buyer of two flats: three owners
  const live = (await L.get(s, 'staff', `/api/votes/${vote}/result`)).json;
  assert.deepEqual([live.units, live.owners_total, live.developer_owners, live.area_developer], [5, 3, 2, 18600]);
  const reg = (await L.get(s, 'staff', `/api/votes/${vote}`)).json.register;
  assert.deepEqual([reg.units, reg.owners_total, reg.developer_units, reg.developer_owners, reg.area_developer],
    [5, 3, 3, 2, 6100 + 6200 + 6300]);
  assert.deepEqual(reg.developers.map((d) => [d.name, d.units, d.area]),
    [['乙置业有限公司', 1, 6300], ['甲置业有限公司', 2, 12300]]);
  const page = await call(s, 'resident', 'GET', `/votes/${vote}`);
  assert.match(page.text, /id="register-developers">开发商未售部分： 3 套，面积 186.00 平方米，计 2 人/);
  assert.match(page.text, /甲置业有限公司：2 套， 123.00 平方米/);
  // the same developer in another compound is another owner
  const other = await L.compoundByName(s, 'staff', '学道苑·拱背桥25号1栋');
  const node = (await L.get(s, 'staff', `/api/nodes/${other.id}`)).json;
  const u2 = (await L.get(s, 'staff', `/api/nodes/${node.children[0].id}`)).json.children[0];
  const far = await household(s, u2.id, '998', 5000, { housing: 'vacant' });
  const there = await call(s, 'staff', 'POST', `/api/households/${far.id}/owners`, { name: '甲置业有限公司', is_developer: true });
  L.expectStatus(there, 201, 'developer elsewhere');
  assert.notEqual(there.json.id, first.json.id);
  // a developer's unsold flats vote as one owner
  await paperYes(s, vote, h[0].id);
  L.expectError(await call(s, 'staff', 'POST', `/api/votes/${vote}/paper-ballots`, { household_id: h[1].id, choice: 'no' }),
    409, 'ballot_exists', 'household_id');
  const r = (await L.get(s, 'staff', `/api/votes/${vote}/result`)).json;
  assert.deepEqual([r.owners_yes, r.area_yes], [1, 12300]);
  assert.deepEqual([first.json.kind, first.json.name, first.json.is_developer], ['developer', '甲置业有限公司', true]);
  // a developer is named, not identified by an ID number
  L.expectError(await call(s, 'staff', 'POST', `/api/households/${h[3].id}/owners`,
    { name: '丙置业', is_developer: true, id_number: L.makeId('11010519700101001') }), 400, 'bad_value', 'id_number');
});
