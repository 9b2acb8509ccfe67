#!/usr/bin/env bash
# safety.sh: the hazard register's page with 100,000 hazards in one compound (filled by safety_bench,
# bench-only): the page (GET /hazards?compound=ID, HTML, the first 50 newest first), a cursor page half
# way down, and the same as JSON (GET /api/hazards?compound=ID), each beside nginx serving a file of the
# same bytes in the same run. Goal: p99 under 20 ms. Reported, not asserted.
#
#   bench/safety.sh                                 builds build-release/ unless GZ_BIN and SAFETY_BENCH are set
#   GZ_BIN=... SAFETY_BENCH=... bench/safety.sh
# Environment: BENCH_HAZARDS (default 100000), BENCH_DURATION (default 5s), BENCH_CONNECTIONS (default 8),
# BENCH_REPEAT (default 3). Writes bench/last-safety.md.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
HAZARDS=${BENCH_HAZARDS:-100000}
RESULTS=$ROOT/bench/last-safety.md

need_tools "wrk and nginx-light" wrk nginx curl node
build_release SAFETY_BENCH safety_bench
make_workdir gz-bench-safety

echo "# building the demo and adding $HAZARDS hazards" >&2
make_demo
"$SAFETY_BENCH" "sqlite:$WORK/demo.db" "$HAZARDS" >"$WORK/fill.out" || die "safety_bench failed: $(cat "$WORK/fill.out")"
COMPOUND=$(json 'j.compound_id' <"$WORK/fill.out")
fill_secs=$(json 'j.seconds' <"$WORK/fill.out")

start_server "$WORK/demo.db"
TOKEN=$(token grid8)
FIRST=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/hazards?compound=$COMPOUND" | json 'j.items[0].id')
[ -n "$FIRST" ] || die "the register does not answer"
HALF=$((FIRST / 2))
start_nginx
: >"$WORK/rows.txt"
echo "# the register: wrk -c1 and -c$CONNS -d$DURATION, $REPEAT runs each, beside nginx" >&2
for spec in "the page, first 50|/hazards?compound=$COMPOUND" "the page, cursor half way|/hazards?compound=$COMPOUND&after=$HALF" \
    "JSON, first 50|/api/hazards?compound=$COMPOUND" "JSON, cursor half way|/api/hazards?compound=$COMPOUND&after=$HALF"; do
    IFS='|' read -r label path <<<"$spec"
    url="http://127.0.0.1:$PORT$path"
    status=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")
    [ "$status" = 200 ] || die "$label answered $status"
    nginx_file body "$WORK/body"
    read -r ng_rps ng_p50 ng_p99 ng_err < <(wrk_median nginx "$CONNS" "http://127.0.0.1:$NG_PORT/body")
    read -r a1_rps a1_p50 a1_p99 a1_err < <(bench_one one "$url" 1)
    read -r an_rps an_p50 an_p99 an_err < <(bench_one many "$url" "$CONNS")
    echo "$label|$path|$(stat -c %s "$WORK/body")|$a1_rps|$a1_p99|$an_rps|$an_p50|$an_p99|$((a1_err + an_err))|$ng_rps" >>"$WORK/rows.txt"
done
stop_pid NGINX_PID
stop_server

node - "$WORK/rows.txt" "$HAZARDS" "$fill_secs" "$CONNS" "$DURATION" "$REPEAT" "$(nproc)" >"$RESULTS" <<'JS'
const [rowsFile, hazards, fill, conns, dur, rep, cores] = process.argv.slice(2);
const f = (x, d = 2) => Number(x).toFixed(d);
const rows = require('fs').readFileSync(rowsFile, 'utf8').trim().split('\n').map((l) => l.split('|'));
console.log([
  '# gongzhi hazard register benchmark', '',
  `${new Date().toISOString()} · ${cores} cores · SQLite · median of ${rep} runs of wrk -d${dur}`, '',
  `${hazards} hazards in one compound (filled in ${f(fill, 1)} s); the register is keyset-paged (?after=) on the (compound_id, id) index.`, '',
  `| what | path | bytes | 1 conn req/s | 1 conn p99 ms | ${conns} conns req/s | p50 ms | p99 ms | errors | nginx req/s | vs nginx |`,
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(([l, p, b, r1, p991, rn, p50, p99, e, ng]) => `| ${l} | ${p} | ${b} | ${f(r1, 0)} | ${f(p991)} | ${f(rn, 0)} | ${f(p50)} | ${f(p99)} | ${e} | ${f(ng, 0)} | ${f(100 * rn / ng, 0)}% |`), '',
  `Goal p99 under 20 ms on every row: ${rows.every((r) => Number(r[4]) < 20 && Number(r[7]) < 20) ? 'met' : 'NOT met'}.`,
].join('\n'));
JS
cat "$RESULTS"
