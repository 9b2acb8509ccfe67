// soak.js BASE PID SECONDS CLIENTS GROWTH: the mixed load of bench/soak.sh and its memory samples.
'use strict';

const fs = require('node:fs');

const [base, pid, seconds, clients, growth] = [process.argv[2], process.argv[3], Number(process.argv[4]),
  Number(process.argv[5]), Number(process.argv[6])];

function rssKb() {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return m ? Number(m[1]) : NaN;
}

async function call(method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a page */ }
  return { status: res.status, json };
}

async function login(user) {
  const res = await fetch(base + '/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: 'demo' }) });
  const j = await res.json();
  if (!j.token) throw new Error('login ' + user + ': ' + JSON.stringify(j));
  return j.token;
}

(async () => {
  const t = {};
  for (const u of ['staff', 'grid8', 'resident', 'street', 'finance', 'committee']) t[u] = await login(u);
  const compounds = (await call('GET', '/api/compounds', t.grid8)).json;
  const items = Array.isArray(compounds) ? compounds : compounds.items;
  const pilot = items.find((c) => c.name === '学道苑·东南里7号') || items[0];
  const cats = (await call('GET', '/api/workorders/categories', t.resident)).json;
  const cat = (Array.isArray(cats) ? cats : cats.items)[0];
  const reads = [
    ['staff', `/api/workorders?per_page=20`], ['grid8', `/api/households?compound=${pilot.id}&per_page=20`],
    ['street', `/api/workorders?per_page=20`], ['finance', '/api/me/todo'], ['committee', '/api/votes'],
    ['resident', '/api/me'], ['staff', '/workorders'], ['grid8', `/compounds/${pilot.id}/workorders`],
  ];
  const stats = { requests: 0, errors: 0, byStatus: {} };
  const started = Date.now();
  const until = started + seconds * 1000;
  const samples = [];
  let n = 0;
  async function client(k) {
    while (Date.now() < until) {
      n++;
      let r;
      try {
        if (n % 10 === 0) {
          r = await call('POST', '/api/workorders', t.resident, { node_id: pilot.id, category: cat.code,
            description: `浸泡测试 ${k}-${n}` });
          if (r.status === 201 && r.json && r.json.id) {
            stats.requests++;
            r = await call('POST', `/api/workorders/${r.json.id}/comments`, t.grid8, { text: '已收到' });
          }
        } else {
          const [u, p] = reads[n % reads.length];
          r = await call('GET', p, t[u]);
        }
        stats.requests++;
        stats.byStatus[r.status] = (stats.byStatus[r.status] || 0) + 1;
        // every request of the mix is well formed: anything but 2xx is a failure
        if (r.status >= 300) stats.errors++;
      } catch (e) {
        stats.requests++;
        stats.errors++;
        stats.byStatus.network = (stats.byStatus.network || 0) + 1;
      }
    }
  }
  const sampler = setInterval(() => samples.push([Math.round((Date.now() - started) / 1000), rssKb()]), 30000);
  samples.push([0, rssKb()]);
  await Promise.all(Array.from({ length: clients }, (_, k) => client(k)));
  clearInterval(sampler);
  samples.push([Math.round((Date.now() - started) / 1000), rssKb()]);
  console.log('| seconds | RSS (MiB) |\n|---:|---:|');
  for (const [s, kb] of samples) console.log(`| ${s} | ${(kb / 1024).toFixed(1)} |`);
  const warm = samples.find(([s]) => s >= seconds / 6) || samples[samples.length - 1];
  const end = samples[samples.length - 1];
  const grew = ((end[1] - warm[1]) / warm[1]) * 100;
  console.log(`\nrequests ${stats.requests} (${(stats.requests / seconds).toFixed(0)}/s), errors ${stats.errors}, ` +
    `statuses ${JSON.stringify(stats.byStatus)}; memory after warm-up ${(warm[1] / 1024).toFixed(1)} MiB, ` +
    `at the end ${(end[1] / 1024).toFixed(1)} MiB (${grew >= 0 ? '+' : ''}${grew.toFixed(1)} %)`);
  const ok = stats.errors === 0 && grew <= growth;
  console.log(ok ? 'soak: PASS' : `soak: FAIL (errors ${stats.errors}, growth ${grew.toFixed(1)} % > ${growth} %)`);
  process.exit(ok ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
