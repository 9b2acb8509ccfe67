// 93_authz_matrix.test.js: every route of src/routes.c, called as every demo role and as nobody, against the
// table tests/api/authz_matrix.json: which callers get past the permission checks (any answer but 401, 403
// or a redirect to the sign-in page). A route without a row, a row without a route, or a caller let in or
// kept out unlike the table fails. After a deliberate change: GZ_AUTHZ_WRITE=1 rewrites the table; review
// its diff like code.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { test, assert } = L;

const TABLE = path.join(__dirname, 'authz_matrix.json');
const ROLES = ['anon', 'admin', 'staff', 'grid8', 'microgrid8', 'bldghead', 'resident', 'resident_other', 'party',
  'committee', 'property', 'contractor', 'supervisor', 'street', 'auditor', 'finance'];
// Routes that would end the caller's own session (the rest of its row would then be 401s of our making).
// Sign-in is throttled by time per address (tested in 01_auth), which would make its row depend on the clock.
const SKIP = new Set(['POST /logout', 'POST /api/logout', 'POST /login', 'POST /api/login']);

function routesOfTable() {
  const src = fs.readFileSync(path.join(L.ROOT, 'src', 'routes.c'), 'utf8');
  const start = src.indexOf('const Route g_routes[]');
  const end = src.indexOf('};', start);
  const rows = [];
  const re = /\{\s*"(GET|POST|PATCH|PUT|DELETE)",\s*"([^"]+)",\s*(\w+),\s*(\w+)/g;
  let m;
  while ((m = re.exec(src.slice(start, end)))) rows.push({ method: m[1], pattern: m[2], perm: m[4] });
  return rows;
}

/* A concrete path: every {param} becomes 1 (a {name} of a static file becomes one that exists). */
function concrete(pattern) {
  return pattern.replace(/\{name\}/g, 'app.css').replace(/\{[a-z_]+\}/g, '1');
}

function passed(res) {
  if (res.status === 401 || res.status === 403) return false;
  if (res.status >= 300 && res.status < 400 && /\/login/.test(res.headers.get('location') || '')) return false;
  return true;
}

if (L.DB_KIND === 'sqlite') {
  test('authorization matrix: every route as every role matches tests/api/authz_matrix.json', async () => {
    const srv = await L.startServer();
    const sessions = { anon: {} };
    for (const u of ROLES.slice(1)) {
      const s = await L.login(srv, u);
      assert.strictEqual(s.status, 200, `login ${u}`);
      sessions[u] = { cookie: s.cookie, csrf: s.csrf };
    }
    const got = {};
    for (const r of routesOfTable()) {
      const key = `${r.method} ${r.pattern}`;
      if (SKIP.has(key)) continue;
      const row = [];
      for (const role of ROLES) {
        const s = sessions[role];
        const headers = { Accept: r.pattern.startsWith('/api/') ? 'application/json' : 'text/html' };
        const opts = { cookie: s.cookie, csrf: s.csrf, headers };
        if (r.method !== 'GET') opts.body = {};
        const res = await fetch(srv.base + concrete(r.pattern), {
          method: r.method,
          redirect: 'manual',
          headers: {
            ...headers,
            ...(s.cookie ? { Cookie: s.cookie } : {}),
            ...(s.csrf ? { 'X-CSRF-Token': s.csrf } : {}),
            ...(r.method !== 'GET' ? { 'Content-Type': 'application/json' } : {}),
          },
          body: r.method !== 'GET' ? '{}' : undefined,
        });
        await res.arrayBuffer();
        assert.ok(res.status < 500, `${key} as ${role}: ${res.status}`);
        assert.notStrictEqual(res.status, 429, `${key} as ${role}: rate-limited, so the row would depend on the order`);
        if (passed(res)) row.push(role);
      }
      got[key] = row.join(' ');
    }
    await L.stopServer(srv);
    if (process.env.GZ_AUTHZ_WRITE) {
      fs.writeFileSync(TABLE, JSON.stringify(got, null, 1) + '\n');
      return;
    }
    const want = JSON.parse(fs.readFileSync(TABLE, 'utf8'));
    const missing = Object.keys(got).filter((k) => !(k in want));
    const stale = Object.keys(want).filter((k) => !(k in got));
    assert.deepStrictEqual(missing, [], 'routes without a row in authz_matrix.json (GZ_AUTHZ_WRITE=1 adds them)');
    assert.deepStrictEqual(stale, [], 'rows of authz_matrix.json whose route is gone');
    const differ = Object.keys(got).filter((k) => got[k] !== want[k]).map((k) => `${k}: table "${want[k]}", now "${got[k]}"`);
    assert.deepStrictEqual(differ, []);
  });
}
