// 16_plain_words.test.js: what users read is Chinese: the import form says 只检查不导入 with no "dry run", and the
// places offered for a new vote are named with their kind in Chinese (网格, 院落), not "grid" or "compound".
'use strict';

const L = require('./lib');
const { test, assert } = L;

let server = null;
async function srv() {
  if (!server) server = L.startServer();
  return server;
}

test('plain words: the import form and the new-vote places carry no English', async () => {
  const s = await srv();
  const tok = await L.token(s, 'staff');
  const imp = await L.api(s, 'GET', '/import', { token: tok });
  L.expectStatus(imp, 200, 'the import form');
  assert.match(imp.text, /只检查不导入/);
  assert.doesNotMatch(imp.text, /dry run/i);
  const nv = await L.api(s, 'GET', '/votes/new', { token: tok });
  L.expectStatus(nv, 200, 'the new vote form');
  const select = (nv.text.match(/<select id="node_id"[^>]*>([\s\S]*?)<\/select>/) || [])[1] || '';
  const options = [...select.matchAll(/<option value="\d+">([^<]*)<\/option>/g)].map((m) => m[1]);
  assert.ok(options.length > 0, 'places are offered');
  for (const o of options) assert.match(o, /（(街道|社区|网格|微网格|院落|楼栋|单元)）$/, 'the kind in Chinese: ' + o);
});
