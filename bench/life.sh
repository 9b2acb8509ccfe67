#!/usr/bin/env bash
# life.sh: benchmarks of community life: the rota generator for 200 volunteers over four weeks (goal: under
# 100 ms), and event booking under 64 concurrent clients: rounds of 64 sign-ups racing for the seats of one
# event (capacity 20), counting that no event is overbooked (exactly 20 confirmed, 44 waiting, seats_taken 20).
#
#   bench/life.sh                          builds build-release/ (no sanitizers) unless GZ_BIN and LIFE_BENCH are set
#   GZ_BIN=... LIFE_BENCH=... bench/life.sh
# Environment: BENCH_VOLUNTEERS (default 200), BENCH_WEEKS (default 4), BENCH_ROUNDS (default 10),
# BENCH_CLIENTS (default 64). Prints a markdown table and writes it to bench/last-life.md.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
VOLS=${BENCH_VOLUNTEERS:-200}
WEEKS=${BENCH_WEEKS:-4}
ROUNDS=${BENCH_ROUNDS:-10}
CLIENTS=${BENCH_CLIENTS:-64}
RESULTS=$ROOT/bench/last-life.md

need_tools "curl and node" curl node
build_release LIFE_BENCH life_bench
make_workdir gz-bench-life

echo "# the rota generator: $VOLS volunteers, $WEEKS weeks" >&2
"$LIFE_BENCH" "$VOLS" "$WEEKS" 31 >"$WORK/rota.out" || die "life_bench failed: $(cat "$WORK/rota.out")"
FIXTURE=$(sed -n 1p "$WORK/rota.out")
read -r _ rota_ms _ rota_worst _ filled _ runs _ valid < <(sed -n 2p "$WORK/rota.out")

echo "# booking: $ROUNDS rounds of $CLIENTS concurrent clients" >&2
make_demo
start_server "$WORK/demo.db"
TOKEN=$(token staff)
NODE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/compounds?per_page=200" |
    json '(j.items||[]).find(c=>c.name==="学道苑·东南里7号").id')
[ -n "$NODE" ] || die "the pilot compound is missing"

node - "http://127.0.0.1:$PORT" "$TOKEN" "$NODE" "$ROUNDS" "$CLIENTS" >"$WORK/book.out" <<'JS'
const [base, token, node, rounds, clients] = process.argv.slice(2);
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(clients) });
function post(path, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(base + path, { method: 'POST', agent, headers: { 'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(data), Authorization: 'Bearer ' + token } }, (res) => {
      let s = '';
      res.on('data', (d) => (s += d)).on('end', () => resolve({ status: res.statusCode, json: JSON.parse(s || 'null') }));
    });
    req.on('error', reject);
    req.end(data);
  });
}
function get(path) {
  return new Promise((resolve, reject) => {
    http.get(base + path, { agent, headers: { Authorization: 'Bearer ' + token } }, (res) => {
      let s = '';
      res.on('data', (d) => (s += d)).on('end', () => resolve(JSON.parse(s)));
    }).on('error', reject);
  });
}
(async () => {
  const CAP = 20;
  let total = 0, ok = 0, errors = 0, over = 0, ms = 0;
  const lat = [];
  for (let r = 0; r < Number(rounds); r++) {
    const t = Math.floor(Date.now() / 1000) + 86400 * (r + 1);
    const ev = await post('/api/events', { node_id: Number(node), title: `压测活动${r}`, starts_at: t, ends_at: t + 3600,
      capacity: CAP });
    if (ev.status !== 201) throw new Error('event: ' + JSON.stringify(ev.json));
    const t0 = process.hrtime.bigint();
    const res = await Promise.all(Array.from({ length: Number(clients) }, (_, i) => {
      const s = process.hrtime.bigint();
      return post(`/api/events/${ev.json.id}/bookings`, { for_name: `居民${r}-${i}`, consent: true })
        .then((x) => { lat.push(Number(process.hrtime.bigint() - s) / 1e6); return x; });
    }));
    ms += Number(process.hrtime.bigint() - t0) / 1e6;
    total += res.length;
    ok += res.filter((x) => x.status === 201).length;
    errors += res.filter((x) => x.status !== 201).length;
    const confirmed = res.filter((x) => x.status === 201 && x.json.status === 'confirmed').length;
    const got = await get(`/api/events/${ev.json.id}`);
    if (confirmed !== CAP || got.event.seats_taken !== CAP || got.event.waiting !== Number(clients) - CAP) over++;
  }
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  console.log(`${total} ${ok} ${errors} ${over} ${(total / (ms / 1000)).toFixed(0)} ${q(0.5).toFixed(2)} ${q(0.99).toFixed(2)}`);
  agent.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
JS
read -r b_total b_ok b_err b_over b_rps b_p50 b_p99 <"$WORK/book.out"

node - "$FIXTURE" "$rota_ms" "$rota_worst" "$filled" "$runs" "$valid" "$ROUNDS" "$CLIENTS" "$b_total" "$b_ok" \
    "$b_err" "$b_over" "$b_rps" "$b_p50" "$b_p99" "$(nproc)" >"$RESULTS" <<'JS'
const [fixture, med, worst, filled, runs, valid, rounds, clients, total, ok, err, over, rps, p50, p99, cores] =
  process.argv.slice(2);
console.log([
  '# gongzhi community life benchmark', '',
  `${new Date().toISOString()} · ${cores} cores · SQLite`, '',
  `Rota generation (${fixture}), ${runs} runs:`, '',
  '| what | median ms | worst ms | slots filled | availability and rest held |', '|---|---:|---:|---:|---|',
  `| life_rota_generate | ${Number(med).toFixed(3)} | ${Number(worst).toFixed(3)} | ${filled} | ${valid} |`, '',
  `Goal under 100 ms: ${Number(med) < 100 ? 'met' : 'NOT met'}.`, '',
  `Booking: ${rounds} events of capacity 20, each with ${clients} concurrent clients signing up at once:`, '',
  '| sign-ups | answered 201 | errors | overbooked events | sign-ups/s | p50 ms | p99 ms |',
  '|---:|---:|---:|---:|---:|---:|---:|',
  `| ${total} | ${ok} | ${err} | ${over} | ${rps} | ${p50} | ${p99} |`, '',
  `No overbooking: ${Number(over) === 0 && Number(err) === 0 ? 'met' : 'NOT met'}.`,
].join('\n'));
JS
cat "$RESULTS"
[ "$b_over" = 0 ] || die "an event was overbooked"
