// shape.js: checks the house's shape (docs/ARCHITECTURE.md) on src/: who may
// include whom, which floor's files may name a table in SQL, and that model
// files know no HTTP (neither its headers nor the request type). Prints PASS/FAIL lines; exits 1 on a failure.
//
//   node tests/lint/shape.js [--list]    --list prints every violation found
//
// Violations already known are listed in tests/lint/shape-debt.txt while
// the capabilities are brought into shape: a violation not in that list
// fails, and so does a listed one that is gone (the list only shrinks).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
const DOC = path.join(ROOT, 'docs', 'ARCHITECTURE.md');
const DEBT = path.join(__dirname, 'shape-debt.txt');

/* Rows of the markdown table between <!-- name --> and <!-- /name -->. */
function docTable(text, name) {
  const m = text.match(new RegExp(`<!-- ${name} -->([\\s\\S]*?)<!-- /${name} -->`));
  if (!m) throw new Error(`docs/ARCHITECTURE.md has no <!-- ${name} --> table`);
  const rows = [];
  for (const line of m[1].split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 2 || /^-+$/.test(cells[0]) || cells[0] === 'folder' || cells[0] === 'floor') continue;
    rows.push([cells[0], cells[1].split(',').map((x) => x.trim()).filter(Boolean)]);
  }
  return rows;
}

/* Adapter files of a capability: the only ones that may speak HTTP. */
function isAdapter(file) {
  const b = path.basename(file);
  return /^(api|pages|web|messages|open311|export)[a-z0-9_]*\.[ch]$/.test(b) || /_(api|pages|forms)\.[ch]$/.test(b);
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.[ch]$/.test(e.name)) out.push(p);
  }
  return out;
}

/* The code of a C file without its comments and literals. */
function code(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/'(?:[^'\\\n]|\\.)*'/g, "''");
}

/* The text of every string literal of a C file, comments removed. */
function literals(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (c === "'") { i++; while (i < src.length && src[i] !== "'") i += src[i] === '\\' ? 2 : 1; i++; continue; }
    if (c === '"') {
      let j = i + 1, s = '';
      while (j < src.length && src[j] !== '"') { s += src[j]; j += src[j] === '\\' ? 2 : 1; }
      out.push(s);
      i = j + 1;
      continue;
    }
    i++;
  }
  return out.join(' ');
}

/* Every header of src/ that FILE includes, directly or through other
 * headers: a model file that reaches http/ through another floor's web.h
 * speaks HTTP as surely as one that includes it itself. */
const includeMemo = new Map();
function includesOf(rel, seen = new Set()) {
  if (includeMemo.has(rel)) return includeMemo.get(rel);
  const out = new Set();
  if (seen.has(rel)) return out;
  seen.add(rel);
  const file = path.join(SRC, rel);
  if (!fs.existsSync(file)) return out;
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*#\s*include\s+"([a-z0-9_]+\/[^"]+)"/gm)) {
    out.add(m[1]);
    for (const h of includesOf(m[1], seen)) out.add(h);
  }
  includeMemo.set(rel, out);
  return out;
}

function main() {
  const list = process.argv.includes('--list');
  const doc = fs.readFileSync(DOC, 'utf8');
  const owner = new Map();
  for (const [floor, tables] of docTable(doc, 'tables')) for (const t of tables) owner.set(t, floor);
  const mayInclude = new Map(docTable(doc, 'floors'));
  const capabilities = new Set([...mayInclude.keys()].filter((f) => !['core', 'store', 'http', 'auth', 'site', '.'].includes(f)));

  const found = new Set();
  for (const file of walk(SRC).sort()) {
    const rel = path.relative(SRC, file);
    const folder = rel.includes('/') ? rel.split('/')[0] : '.';
    const text = fs.readFileSync(file, 'utf8');
    const allowed = mayInclude.get(folder);
    if (!allowed) { found.add(`folder\t${rel}\tnot in the floors table of docs/ARCHITECTURE.md`); continue; }
    const adapter = isAdapter(rel) || folder === '.';
    for (const m of text.matchAll(/^\s*#\s*include\s+"([a-z0-9_]+)\/[^"]+"/gm)) {
      const to = m[1];
      if (to !== folder && !allowed.includes(to)) found.add(`include\t${rel}\t${to}/`);
      if (capabilities.has(folder) && !adapter && (to === 'http' || to === 'site')) found.add(`http-in-model\t${rel}\t${to}/`);
    }
    if (capabilities.has(folder) && !adapter) {
      for (const h of includesOf(rel)) {
        const to = h.split('/')[0];
        if (to === 'http' || to === 'site') found.add(`http-in-model\t${rel}\t${to}/`);
      }
    }
    if (capabilities.has(folder) && !adapter && /\bReq\b/.test(code(text))) found.add(`req-in-model\t${rel}\tReq`);
    const sql = literals(text);
    const named = new Set();
    for (const m of sql.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)/g)) named.add(m[1]);
    for (const t of [...named].sort()) {
      const o = owner.get(t);
      if (o && o !== folder) found.add(`table\t${rel}\t${t} (${o})`);
    }
  }

  const debt = new Set(fs.existsSync(DEBT) ? fs.readFileSync(DEBT, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : []);
  if (list) for (const v of [...found].sort()) console.log(v);
  const fresh = [...found].filter((v) => !debt.has(v)).sort();
  const gone = [...debt].filter((v) => !found.has(v)).sort();
  const counts = {};
  for (const v of found) { const k = v.split('\t')[0]; counts[k] = (counts[k] || 0) + 1; }
  console.log(`# shape: ${found.size} known violations (${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'})`);
  if (fresh.length) {
    console.log(`FAIL shape: ${fresh.length} new violation(s) of docs/ARCHITECTURE.md:`);
    for (const v of fresh) console.log('  ' + v.replace(/\t/g, '  '));
  } else {
    console.log('PASS shape: no new include, table or http-in-model violation');
  }
  if (gone.length) {
    console.log(`FAIL shape debt: ${gone.length} line(s) of tests/lint/shape-debt.txt no longer occur: remove them`);
    for (const v of gone) console.log('  ' + v.replace(/\t/g, '  '));
  } else {
    console.log('PASS shape debt: every listed violation still occurs (the list only shrinks)');
  }
  return fresh.length || gone.length ? 1 : 0;
}

process.exit(main());
