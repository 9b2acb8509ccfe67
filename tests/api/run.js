// run.js: runs every tests/api/NN_*.test.js against the real binary (GZ_TEST_DB=sqlite|pg); prints PASS/FAIL lines.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');

async function main() {
  const filter = process.argv[2] || process.env.GZ_TEST_FILTER || '';
  if (!fs.existsSync(lib.GZ_BIN)) {
    console.log(`FAIL api[${lib.DB_KIND}] setup: binary ${lib.GZ_BIN} not found`);
    return 1;
  }
  const files = fs.readdirSync(__dirname).filter((f) => /^\d\d_.*\.test\.js$/.test(f)).sort();
  for (const f of files) require(path.join(__dirname, f));
  console.log(`# api tests on ${lib.DB_KIND}: ${lib.tests.length} tests from ${files.length} files, binary ${lib.GZ_BIN}`);
  const started = Date.now();
  try {
    lib.pristineDb(); // builds the demo template once, so its time is not charged to the first test
  } catch (e) {
    console.log(`FAIL api[${lib.DB_KIND}] setup: demo database: ${e.message.replace(/\s+/g, ' ')}`);
    lib.cleanup();
    return 1;
  }
  console.log(`# demo database built in ${Date.now() - started} ms`);
  const { passed, failed, skipped } = await lib.runAll(filter);
  const problems = await lib.stopAll();
  let extra = 0;
  for (const p of problems) {
    extra++;
    console.log(`FAIL server shut down cleanly: ${p.replace(/\s+/g, ' ')}`);
  }
  if (problems.length === 0) console.log('PASS servers shut down cleanly without sanitizer reports');
  lib.cleanup();
  console.log(`# api[${lib.DB_KIND}]: ${passed + (problems.length ? 0 : 1)} passed, ${failed + extra} failed${skipped ? `, ${skipped} skipped` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed + extra > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.log(`FAIL api[${lib.DB_KIND}] runner: ${String(e && e.stack || e).replace(/\s+/g, ' ')}`);
  lib.cleanup();
  process.exit(1);
});
