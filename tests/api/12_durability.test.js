// 12_durability.test.js: an acknowledged write survives kill -9, with 16 clients writing at once
// (on SQLite their writes share group commits: each is answered only after the fsync that covers it).
'use strict';

const L = require('./lib');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';

test('16 clients report at once, the server is killed with SIGKILL mid-flight; every acknowledged report is there after restart', async () => {
  const db = L.pristineDb();
  let s = await L.startServer({ db });
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  assert.ok(building, 'the pilot compound has a building');
  const tok = await L.token(s, 'resident');

  const acked = [];
  const refused = [];
  let stop = false;
  async function writer(w) {
    for (let i = 0; !stop; i++) {
      const description = `耐久测试 ${w}-${i}`;
      let res;
      try {
        res = await L.api(s, 'POST', '/api/workorders', {
          token: tok, body: { category: 'leak', node_id: building.id, description, place_text: '1单元' },
        });
      } catch {
        return; // the server is gone: this request was never acknowledged
      }
      if (res.status === 201) acked.push({ id: res.json.id, description });
      else refused.push(`${res.status} ${res.text.slice(0, 200)}`);
    }
  }
  const writers = Array.from({ length: 16 }, (_, w) => writer(w));
  // Kill once a good number of writes is acknowledged, while all 16 are still writing.
  const deadline = Date.now() + 60000;
  while (acked.length < 160 && Date.now() < deadline) await L.sleep(20);
  await L.killServer(s);
  stop = true;
  await Promise.all(writers);
  assert.deepEqual(refused, [], 'no write was refused while the server ran');
  assert.ok(acked.length >= 160, `160 writes acknowledged before the kill, got ${acked.length}`);

  s = await L.startServer({ db });
  const seen = [];
  for (const a of acked) {
    const res = await L.get(s, 'staff', `/api/workorders/${a.id}`, { ok: false });
    if (res.status === 200 && res.json.description === a.description) seen.push(a.id);
  }
  assert.equal(seen.length, acked.length, 'every acknowledged report is stored with its text');
  await L.stopServer(s);
});
