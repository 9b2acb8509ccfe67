#!/usr/bin/env bash
# workorders.sh: benchmarks of work orders, each beside a baseline measured in the same run:
#   1. creating orders over HTTP (POST /api/workorders: a durable commit per order, with its timeline,
#      audit event and outbox row) beside a plain C loop inserting the same work_order row into SQLite
#      with the same durability settings (WAL, synchronous=FULL, one transaction per row). Goal: >= 50%.
#      Also at 1 and 16 connections (group commit: goal >= 80% of the loop at 1, >= 200% at 16).
#   2. listing one grid's open orders (GET /api/workorders?grid=ID&status=open) with 1,000,000 orders in
#      the database (filled by workorders_bench, bench-only). Goal: p99 under 20 ms.
#   3. at that size, the list as community staff, street office and auditor: first page, a cursor page
#      half way down, a filtered page; each beside nginx serving a file of the same bytes. Goal >= 50%.
#
#   bench/workorders.sh                               builds build-release/ unless GZ_BIN and WO_BENCH are set
#   GZ_BIN=... WO_BENCH=... bench/workorders.sh
# Environment: BENCH_DURATION (default 5s), BENCH_CONNECTIONS (default 8), BENCH_REPEAT (default 3),
# BENCH_ORDERS (default 1000000), BENCH_LOOP_ROWS (default 2000). Writes bench/last-workorders.md.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
ORDERS=${BENCH_ORDERS:-1000000}
LOOP_ROWS=${BENCH_LOOP_ROWS:-2000}
RESULTS=$ROOT/bench/last-workorders.md

need_tools "wrk and nginx-light" wrk nginx curl node
build_release WO_BENCH workorders_bench
make_workdir gz-bench-wo

echo "# building the demo database" >&2
make_demo
for copy in http loop fill; do cp "$WORK/demo.db" "$WORK/$copy.db"; cp "$WORK/demo.db.key" "$WORK/$copy.db.key"; done

# --- 1. creating orders: HTTP beside the plain loop -------------------------------------
echo "# creating orders over HTTP: wrk -t2 -c$CONNS -d$DURATION, $REPEAT runs" >&2
start_server "$WORK/http.db"
TOKEN=$(token resident)
HOME_NODE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/me" | json 'j.roles.find(r=>r.role==="resident").node_id')
BODY="{\"category\":\"leak\",\"node_id\":$HOME_NODE,\"description\":\"楼道顶上渗水，下雨天更明显\"}"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$BODY" "http://127.0.0.1:$PORT/api/workorders")
[ "$status" = 201 ] || die "creating an order answered $status"
post_lua "$WORK/create.lua" "$BODY"
read -r create_rps create_p50 create_p99 create_err < <(bench_one create "http://127.0.0.1:$PORT/api/workorders" "$CONNS" "$WORK/create.lua")
read -r create1_rps create1_p50 create1_p99 create1_err < <(bench_one create1 "http://127.0.0.1:$PORT/api/workorders" 1 "$WORK/create.lua")
read -r create16_rps create16_p50 create16_p99 create16_err < <(bench_one create16 "http://127.0.0.1:$PORT/api/workorders" 16 "$WORK/create.lua")
stop_server

echo "# baseline: $LOOP_ROWS single-row transactions straight into SQLite" >&2
: >"$WORK/loop.runs"
for ((i = 1; i <= REPEAT; i++)); do
    "$WO_BENCH" loop "$WORK/loop.db" "$LOOP_ROWS" | json 'j.rows_per_second' >>"$WORK/loop.runs"
done
loop_rps=$(median "$WORK/loop.runs")

# --- 2. listing one grid's open orders among 1,000,000 ---------------------------------
echo "# filling $ORDERS orders (bench-only)" >&2
"$WO_BENCH" fill "$WORK/fill.db" "$ORDERS" >"$WORK/fill.out" || die "fill failed"
fill_secs=$(json 'j.seconds' <"$WORK/fill.out")
start_server "$WORK/fill.db"
TOKEN=$(token grid8)
GRID=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/me" | json 'j.roles.find(r=>r.role==="grid_worker").node_id')
LIST="http://127.0.0.1:$PORT/api/workorders?grid=$GRID&status=open"
curl -s -H "Authorization: Bearer $TOKEN" "$LIST" >"$WORK/list.json"
open_total=$(json 'j.total' <"$WORK/list.json")
all_total=$(curl -s -H "Authorization: Bearer $(token staff)" "http://127.0.0.1:$PORT/api/workorders?per_page=1" | json 'j.total')
echo "# listing: wrk -t2 -c1 and -c$CONNS -d$DURATION, $REPEAT runs" >&2
read -r list1_rps list1_p50 list1_p99 list1_err < <(bench_one list1 "$LIST" 1)
read -r listn_rps listn_p50 listn_p99 listn_err < <(bench_one listn "$LIST" "$CONNS")

# --- 3. the list at every scope beside nginx -------------------------------------------
echo "# lists at every scope beside nginx: wrk -c$CONNS -d$DURATION, $REPEAT runs" >&2
start_nginx
: >"$WORK/scopes.txt"
MAX_ID=$(curl -s -H "Authorization: Bearer $(token staff)" "http://127.0.0.1:$PORT/api/workorders?per_page=1" | json 'j.items[0].id')
HALF=$((MAX_ID / 2))
for spec in "staff first|staff|per_page=20" "staff cursor half way|staff|per_page=20&after=$HALF" \
    "staff leaks (filter)|staff|per_page=20&category=leak" "staff open|staff|per_page=20&status=open" \
    "street office first|street|per_page=20" "auditor first|auditor|per_page=20" \
    "grid worker cursor half way|grid8|per_page=20&after=$HALF"; do
    IFS='|' read -r label user query <<<"$spec"
    TOKEN=$(token "$user")
    url="http://127.0.0.1:$PORT/api/workorders?$query"
    status=$(curl -s -o "$WORK/scope.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")
    [ "$status" = 200 ] || die "$label answered $status"
    nginx_file scope.json "$WORK/scope.json"
    read -r ng_rps ng_p50 ng_p99 ng_err < <(wrk_median nginx "$CONNS" "http://127.0.0.1:$NG_PORT/scope.json")
    read -r ap_rps ap_p50 ap_p99 ap_err < <(bench_one scope "$url" "$CONNS")
    echo "$label|$query|$(stat -c %s "$WORK/scope.json")|$ap_rps|$ap_p50|$ap_p99|$ap_err|$ng_rps" >>"$WORK/scopes.txt"
done
stop_pid NGINX_PID
stop_server

node - "$create_rps" "$create_p50" "$create_p99" "$create_err" "$loop_rps" "$LOOP_ROWS" \
    "$create1_rps|$create1_p50|$create1_p99|$create1_err" "$create16_rps|$create16_p50|$create16_p99|$create16_err" "$WORK/scopes.txt" \
    "$list1_rps" "$list1_p50" "$list1_p99" "$list1_err" "$listn_rps" "$listn_p50" "$listn_p99" "$listn_err" \
    "$open_total" "$all_total" "$fill_secs" "$CONNS" "$DURATION" "$REPEAT" "$(nproc)" >"$RESULTS" <<'EOF'
const [cR, c50, c99, cE, loopR, loopRows, c1, c16, scopesFile, l1R, l150, l199, l1E, lnR, ln50, ln99, lnE, open, all, fill, conns, dur, rep, cores] = process.argv.slice(2);
const f = (x, d = 2) => Number(x).toFixed(d);
const ratio = Number(cR) / Number(loopR) * 100;
const [c1R, c150, c199, c1E] = c1.split('|');
const [c16R, c1650, c1699, c16E] = c16.split('|');
const scopes = require('fs').readFileSync(scopesFile, 'utf8').trim().split('\n').map((l) => l.split('|'));
console.log([
  '# gongzhi work orders benchmark', '',
  `${new Date().toISOString()} · ${cores} cores · SQLite (WAL, synchronous=FULL) · median of ${rep} runs`, '',
  `Creating orders (wrk -t2 -c${conns} -d${dur}; each request: order row, timeline event, audit link, outbox row, one durable commit):`, '',
  '| what | orders/s | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|',
  `| POST /api/workorders over HTTP | ${f(cR, 0)} | ${f(c50)} | ${f(c99)} | ${cE} |`,
  `| baseline: C loop, the same work_order row, one transaction per row (${loopRows} rows) | ${f(loopR, 0)} | | | |`, '',
  `| POST /api/workorders, 1 connection | ${f(c1R, 0)} | ${f(c150)} | ${f(c199)} | ${c1E} |`,
  `| POST /api/workorders, 16 connections | ${f(c16R, 0)} | ${f(c1650)} | ${f(c1699)} | ${c16E} |`, '',
  `HTTP is ${f(ratio, 1)}% of the loop at ${conns} connections, ${f(100 * c1R / loopR, 1)}% at 1 (goal >= 80%: ${c1R >= 0.8 * loopR ? 'met' : 'NOT met'}), ${f(100 * c16R / loopR, 1)}% at 16 (goal >= 200%, group commit: ${c16R >= 2 * loopR ? 'met' : 'NOT met'}).`, '',
  `Listing one grid's open orders (GET /api/workorders?grid=ID&status=open, 20 per page with the total) with ${all} orders in the database, ${open} of them open in that grid (filled in ${f(fill, 1)} s):`, '',
  '| connections | requests/s | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|',
  `| 1 | ${f(l1R, 0)} | ${f(l150)} | ${f(l199)} | ${l1E} |`,
  `| ${conns} | ${f(lnR, 0)} | ${f(ln50)} | ${f(ln99)} | ${lnE} |`, '',
  `Goal p99 under 20 ms: ${Number(l199) < 20 && Number(ln99) < 20 ? 'met' : Number(l199) < 20 ? 'met at 1 connection, NOT at ' + conns : 'NOT met'}.`, '',
  `The list at every scope with ${all} orders (wrk -c${conns}), each beside nginx serving a file of the same bytes in the same run:`, '',
  '| list | query | bytes | requests/s | p50 ms | p99 ms | errors | nginx requests/s | vs nginx |', '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ...scopes.map(([label, q, bytes, r, p50, p99, e, ng]) => `| ${label} | ${q} | ${bytes} | ${f(r, 0)} | ${f(p50)} | ${f(p99)} | ${e} | ${f(ng, 0)} | ${f(100 * r / ng, 0)}% |`), '',
  `Goal >= 50% of nginx and p99 < 20 ms on every row: ${scopes.every(([, , , r, , p99, , ng]) => Number(r) >= 0.5 * Number(ng) && Number(p99) < 20) ? 'met' : 'NOT met'}.`,
].join('\n'));
EOF
cat "$RESULTS"
