// 51_project_archive.test.js: the handover archive of a project: the checklist that must be complete, the ZIP
// export with its index page (refused with the missing kinds named, nothing written), the handover to the
// committee kept and downloadable again, the lists paged by keyset.
'use strict';

const zlib = require('zlib');
const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';
const KINDS = ['drawings', 'construction_records', 'test_reports', 'accounts', 'facility_list', 'maintenance_manuals'];

async function post(srv, user, p, body) {
  return L.api(srv, 'POST', p, { token: await L.token(srv, user), body });
}

/* The entries of a ZIP: name -> Buffer (stored or deflated). */
function unzip(buf) {
  const out = new Map();
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20), local = buf.readUInt32LE(p + 42);
    const nameLen = buf.readUInt16LE(p + 28), entry = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(entry, method === 8 ? zlib.inflateRawSync(data) : data);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

async function newProject(srv, title) {
  const c = await L.compoundByName(srv, 'staff', PILOT);
  const res = await post(srv, 'staff', '/api/projects', { title, compounds: [c.id] });
  L.expectStatus(res, 201, 'create project');
  return res.json;
}

async function sendDoc(srv, user, project, q, body) {
  return L.api(srv, 'POST', `/api/projects/${project.id}/archive/documents?${q}`,
    { token: await L.token(srv, user), rawBody: body, headers: { 'Content-Type': 'application/octet-stream' } });
}

const pdf = (what) => Buffer.from(`%PDF-1.4\n% ${what}\n%%EOF\n`);

test('project archive: the checklist must be complete before the ZIP is exported or handed over', async () => {
  const srv = await L.sharedServer();
  const project = await newProject(srv, '归档测试');
  const empty = await L.get(srv, 'resident', `/api/projects/${project.id}/archive`);
  L.expectStatus(empty, 200, 'checklist');
  assert.equal(empty.json.complete, false);
  assert.deepEqual(empty.json.missing, KINDS, 'every kind is missing at first');
  // bad documents: refused, nothing stored
  L.expectError(await sendDoc(srv, 'staff', project, 'kind=poetry&filename=a.pdf', pdf('x')), 400, 'bad_value', 'kind');
  L.expectError(await sendDoc(srv, 'staff', project, 'kind=drawings&filename=a.pdf', Buffer.from('not a pdf')), 415,
    'unsupported_media_type', 'file');
  L.expectError(await sendDoc(srv, 'resident', project, 'kind=drawings&filename=a.pdf', pdf('x')), 403, 'forbidden');
  assert.equal((await L.get(srv, 'staff', `/api/projects/${project.id}/archive/documents`)).json.items.length, 0,
    'nothing stored by the refusals');
  // five of six kinds: the export names the missing one and writes nothing
  for (const k of KINDS.slice(0, 5)) {
    const res = await sendDoc(srv, 'staff', project, `kind=${k}&filename=${k}.pdf&title=${encodeURIComponent('资料' + k)}`, pdf(k));
    L.expectStatus(res, 201, 'document ' + k);
  }
  const refused = await L.api(srv, 'GET', `/api/projects/${project.id}/archive.zip`, { token: await L.token(srv, 'staff') });
  L.expectError(refused, 409, 'archive_incomplete', 'archive');
  assert.match(refused.json.error.message_zh, /维护手册/, 'the message names the missing kind');
  L.expectError(await post(srv, 'staff', `/api/projects/${project.id}/handovers`, { received_by: '业委会主任' }), 409,
    'archive_incomplete', 'archive');
  assert.equal((await L.get(srv, 'staff', `/api/projects/${project.id}/handovers`)).json.items.length, 0,
    'a refused handover writes nothing');
  // the sixth: complete
  L.expectStatus(await sendDoc(srv, 'staff', project, 'kind=maintenance_manuals&filename=../维护手册.pdf', pdf('manual')),
    201, 'manual');
  const full = (await L.get(srv, 'resident', `/api/projects/${project.id}/archive`)).json;
  assert.equal(full.complete, true);
  assert.deepEqual(full.missing, []);
  const zip = await L.api(srv, 'GET', `/api/projects/${project.id}/archive.zip`, { token: await L.token(srv, 'resident') });
  L.expectStatus(zip, 200, 'export');
  assert.equal(zip.headers.get('content-type'), 'application/zip');
  const entries = unzip(zip.buf);
  assert.equal(entries.size, 7, 'the index and the six documents');
  const index = entries.get('index.html').toString('utf8');
  assert.match(index, /归档测试·移交归档/);
  assert.match(index, /维护手册\.pdf/);
  const manual = [...entries.keys()].find((k) => k.startsWith('6_维护手册/'));
  assert.ok(manual, 'the manual is in its kind\'s folder');
  assert.ok(entries.get(manual).equals(pdf('manual')), 'with its bytes');
  assert.equal((await L.api(srv, 'GET', `/api/projects/${project.id}/archive.zip`,
    { token: await L.token(srv, 'resident_other') })).status, 404, 'not for another compound');
  // handover: kept, downloadable again
  L.expectError(await post(srv, 'staff', `/api/projects/${project.id}/handovers`, {}), 400, 'missing_field', 'received_by');
  L.expectError(await post(srv, 'resident', `/api/projects/${project.id}/handovers`, { received_by: '某人' }), 403, 'forbidden');
  const h = await post(srv, 'staff', `/api/projects/${project.id}/handovers`, { received_by: '业委会主任王某' });
  L.expectStatus(h, 201, 'handover');
  assert.equal(h.json.documents, 6);
  const kept = await L.api(srv, 'GET', h.json.url, { token: await L.token(srv, 'resident') });
  L.expectStatus(kept, 200, 'the kept ZIP');
  assert.equal(unzip(kept.buf).size, 7);
  assert.equal((await L.get(srv, 'resident', `/api/projects/${project.id}/archive`)).json.last_handover.id, h.json.id);
});

test('project archive: the documents and handovers are paged by keyset', async () => {
  const srv = await L.sharedServer();
  const project = await newProject(srv, '归档分页');
  for (let i = 0; i < 3; i++)
    L.expectStatus(await sendDoc(srv, 'staff', project, `kind=drawings&filename=d${i}.pdf`, pdf('d' + i)), 201, 'doc');
  const p1 = (await L.get(srv, 'staff', `/api/projects/${project.id}/archive/documents?per_page=2`)).json;
  assert.equal(p1.items.length, 2);
  assert.equal(p1.items[0].filename, 'd2.pdf', 'newest first');
  const p2 = (await L.get(srv, 'staff', `/api/projects/${project.id}/archive/documents?per_page=2&after=${p1.next}`)).json;
  assert.deepEqual(p2.items.map((d) => d.filename), ['d0.pdf']);
  assert.equal(p2.next, null);
  const file = await L.api(srv, 'GET', p2.items[0].url, { token: await L.token(srv, 'resident') });
  L.expectStatus(file, 200, 'the document');
  assert.ok(file.buf.equals(pdf('d0')));
});
