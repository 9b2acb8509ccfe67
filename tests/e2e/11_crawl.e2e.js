// 11_crawl.e2e.js: every role of the demo, and someone not signed in, opens on a 360-px phone every page its
// navigation leads to (following the links of each page it opens, one representative per route shape, a cap of
// shapes per role so the whole crawl stays under three minutes), and each page must: answer 200, log no console
// error, not scroll sideways, show no English word (ids, units and file formats aside) in its text, placeholders,
// tooltips, alternatives or title, write no duration in minutes that reads better in hours and days, give every
// control a tap target of 44 px or more, for a resident set its text at 18 px or more, and pass axe-core with no
// serious or critical violation. Nothing is submitted: the crawl
// only follows links (GET), never a form.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ALL_ROLES = [null, 'resident', 'resident_other', 'bldghead', 'microgrid8', 'grid8', 'staff', 'party', 'committee',
  'property', 'contractor', 'supervisor', 'finance', 'street', 'auditor', 'admin'];
/* GZ_CRAWL_ROLES=grid8,staff (- for anonymous) crawls only those, to look into one role's problems */
const ROLES = process.env.GZ_CRAWL_ROLES ? process.env.GZ_CRAWL_ROLES.split(',').map((x) => (x === '-' ? null : x)) : ALL_ROLES;
const RESIDENTS = new Set(['resident', 'resident_other']);
/* Route shapes opened per role at most, and pages in all: the time the crawl may take. */
const SHAPES_PER_ROLE = Number(process.env.GZ_CRAWL_SHAPES || 8);
const WORKERS = Number(process.env.GZ_CRAWL_WORKERS || 2);
const BUDGET_MS = Number(process.env.GZ_CRAWL_BUDGET_MS || 170000);

/* Links the crawl never follows: the API and files, the language switch (it changes the session), downloads,
 * an audited reveal of personal data, and signing in again. */
const SKIP = [/^\/api\//, /^\/static\//, /^\/open311\//, /^\/lang/, /^\/login/, /^\/logout/, /\/reveal$/, /\.(xlsx|csv|pdf|png|jpe?g)(\?|$)/,
  /\/documents\/\d+$/, /\/export/];

/* axe-core (web/node_modules, pinned in web/package.json): its source is evaluated in each page opened (the
 * DevTools protocol is not bound by the page's Content-Security-Policy, which refuses inline scripts), then run
 * on the whole document; a serious or critical violation is a problem. */
const AXE_SRC = fs.readFileSync(path.join(__dirname, '..', '..', 'web', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const AXE_IMPACTS = new Set(['serious', 'critical']);

async function axeViolations(page, timed) {
  await timed('axe-load', () => page.evaluate(AXE_SRC + '\n;0'));
  // only the rules that can find a serious or critical violation (a rule's impact bounds its violations'): the
  // others (region, landmarks, heading order...) cost time and could fail nothing
  const res = await timed('axe', () => page.evaluate(() => {
    const rules = window.axe._audit.rules.filter((r) => r.enabled !== false && (!r.impact || r.impact === 'serious' || r.impact === 'critical'));
    return window.axe.run(document, { runOnly: { type: 'rule', values: rules.map((r) => r.id) }, resultTypes: ['violations'] });
  }));
  return res.violations.filter((v) => AXE_IMPACTS.has(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/* Latin words a Chinese page may show: file formats, units, codes and marks that are names, not words. */
const ALLOW = new Set(['QR', 'PDF', 'pdf', 'Excel', 'CSV', 'XLSX', 'xlsx', 'csv', 'xls', 'JPEG', 'jpg', 'PNG', 'png', 'GBK', 'UTF', 'ID', 'GZB', 'kWh', 'km', 'cm', 'mm',
  'WiFi', 'EV', 'APP', 'App', 'PPP', 'A4']);

/* The English words of a text: runs of two or more Latin letters, outside identifiers (a token with a digit in
 * it: a payment number FK000012, a file HT-2024-017.pdf, masked or not) and the allowed names. */
function latinWords(text) {
  const out = new Set();
  for (const tok of text.match(/[A-Za-z0-9*][A-Za-z0-9*._\-/]*/g) || []) {
    if (/\d/.test(tok)) continue;
    for (const w of tok.match(/[A-Za-z]{2,}/g) || []) if (!ALLOW.has(w)) out.add(w);
  }
  return [...out];
}

/* Durations a page writes in minutes where people think in hours and days: 60 minutes or more, or a column or
 * field whose unit is minutes. */
function minuteDurations(text) {
  const out = [];
  for (const m of text.matchAll(/(\d[\d,]*)\s*分钟/g)) if (Number(m[1].replace(/,/g, '')) >= 60) out.push(m[0]);
  for (const m of text.matchAll(/[（(]分钟[）)]/g)) out.push(m[0]);
  return out;
}

/* The text a user sees outside the body's text: placeholders, tooltips, images' alternatives, accessible names,
 * the words on input buttons. */
function attributeText() {
  const out = [];
  for (const el of document.querySelectorAll('[placeholder], [title], img[alt], [aria-label], input[type=submit][value], input[type=button][value]'))
    for (const a of ['placeholder', 'title', 'alt', 'aria-label', 'value'])
      if (el.hasAttribute(a) && (a !== 'value' || el.matches('input[type=submit], input[type=button]'))) out.push(el.getAttribute(a));
  out.push(document.title);
  return out.join('\n');
}

/* A page's shape: its path with every number replaced, and the names of its query keys. */
function shapeOf(u) {
  const keys = [...u.searchParams.keys()].sort().join('&');
  return u.pathname.replace(/\/\d+/g, '/N') + (keys ? '?' + keys : '');
}

/* What the page shows that breaks the phone-first rules, measured in the page. */
function measure(resident) {
  const out = { overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, small: [], tiny: [] };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const name = (el) => (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' "' + (el.innerText || el.value || el.name || '').trim().slice(0, 20) + '"');
  // controls: buttons, fields, selects, button-like links and the navigation's links; a check box or radio by its label
  for (const el of document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a.button, header nav a, summary')) {
    let box = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) box = el.closest('label') || (el.labels && el.labels[0]) || el;
    if (!visible(box)) continue;
    const r = box.getBoundingClientRect();
    if (r.height < 44 - 0.5) out.tiny.push(`${name(box)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  if (resident) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      if (!t.textContent.trim() || !el || seen.has(el) || !visible(el)) continue;
      // a chart's own labels (SVG) are exempt: every chart has its table beside it, whose text is measured
      if (el.closest('svg')) continue;
      seen.add(el);
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < 18 - 0.01) out.small.push(`${name(el)} ${px}px`);
    }
  }
  return out;
}

module.exports = async function ({ browser, srv, assert, signIn }) {
  const started = Date.now();
  const problems = [];
  let opened = 0;
  const spent = { signin: 0, load: 0, checks: 0, 'axe-load': 0, axe: 0 }; // ms, summed over the workers
  const timed = async (what, fn) => { const t = Date.now(); try { return await fn(); } finally { spent[what] += Date.now() - t; } };
  async function crawl(role) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e && e.message || e)));
    try {
      const who = role || '(anonymous)';
      if (role) await timed('signin', () => signIn(page, role));
      const queue = ['/'];
      const shapes = new Set();
      while (queue.length && shapes.size < SHAPES_PER_ROLE) {
        if (Date.now() - started > BUDGET_MS) throw new Error(`the crawl took over ${BUDGET_MS / 1000} s at ${who}`);
        const u = new URL(queue.shift(), srv.base);
        const shape = shapeOf(u);
        if (shapes.has(shape)) continue;
        shapes.add(shape);
        consoleErrors.length = 0;
        const res = await timed('load', () => page.goto(u.href, { waitUntil: 'load' }));
        opened++;
        const at = `${who} ${u.pathname}${u.search}`;
        if (res.status() !== 200) { problems.push(`${at}: status ${res.status()}`); continue; }
        const m = await timed('checks', () => page.evaluate(measure, RESIDENTS.has(role)));
        if (m.overflow > 0) problems.push(`${at}: scrolls ${m.overflow} px sideways at 360 px`);
        if (m.tiny.length) problems.push(`${at}: tap targets under 44 px: ${m.tiny.slice(0, 4).join('; ')}`);
        if (m.small.length) problems.push(`${at}: resident text under 18 px: ${m.small.slice(0, 4).join('; ')}`);
        const text = await timed('checks', () => page.innerText('body'));
        const words = latinWords(text);
        if (words.length) problems.push(`${at}: English words: ${words.slice(0, 8).join(' ')}`);
        const attrs = await timed('checks', () => page.evaluate(attributeText));
        const attrWords = latinWords(attrs);
        if (attrWords.length) problems.push(`${at}: English words in attributes: ${attrWords.slice(0, 8).join(' ')}`);
        const minutes = minuteDurations(text + '\n' + attrs);
        if (minutes.length) problems.push(`${at}: durations in minutes: ${minutes.slice(0, 4).join(' ')}`);
        for (const v of await axeViolations(page, timed)) problems.push(`${at}: axe ${v}`);
        for (const e of consoleErrors) problems.push(`${at}: console error: ${e.slice(0, 160)}`);
        // the links of this page, in page order: the navigation first, then the content
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
        for (const h of hrefs) {
          if (!h || h.startsWith('#') || /^(mailto|tel|javascript):/.test(h)) continue;
          const v = new URL(h, u.href);
          if (v.origin !== new URL(srv.base).origin || SKIP.some((re) => re.test(v.pathname + v.search))) continue;
          if (!shapes.has(shapeOf(v))) queue.push(v.pathname + v.search);
        }
      }
      if (process.env.GZ_CRAWL_REPORT) console.log(`# ${who}: ${shapes.size} shapes, ${Math.round((Date.now() - started) / 1000)} s`);
    } finally {
      await ctx.close();
    }
  }
  /* a few roles at a time: the server answers one while the browser lays out another */
  const pending = [...ROLES];
  await Promise.all(Array.from({ length: WORKERS }, async () => {
    while (pending.length) await crawl(pending.shift());
  }));
  problems.sort();
  if (process.env.GZ_CRAWL_REPORT) console.log(problems.join('\n'));
  console.log(`# crawl: ${opened} pages of ${ROLES.length} roles in ${Math.round((Date.now() - started) / 1000)} s; ` +
    Object.entries(spent).map(([k, v]) => `${k} ${Math.round(v / 1000)} s`).join(', '));
  assert.deepEqual(problems, [], `${problems.length} problems:\n` + problems.slice(0, 40).join('\n'));
};
