#!/usr/bin/env bash
# workorders.sh: benchmarks of work orders, each beside a baseline measured in the same run:
#   1. creating orders over HTTP (POST /api/workorders: a durable commit per order, with its timeline,
#      audit event and outbox row) beside a plain C loop inserting the same work_order row into SQLite
#      with the same durability settings (WAL, synchronous=FULL, one transaction per row). Goal: >= 50%.
#   2. listing one grid's open orders (GET /api/workorders?grid=ID&status=open) with 1,000,000 orders in
#      the database (filled by workorders_bench, bench-only). Goal: p99 under 20 ms.
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

need_tools "wrk" wrk curl node
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
stop_server

node - "$create_rps" "$create_p50" "$create_p99" "$create_err" "$loop_rps" "$LOOP_ROWS" \
    "$list1_rps" "$list1_p50" "$list1_p99" "$list1_err" "$listn_rps" "$listn_p50" "$listn_p99" "$listn_err" \
    "$open_total" "$all_total" "$fill_secs" "$CONNS" "$DURATION" "$REPEAT" "$(nproc)" >"$RESULTS" <<'EOF'
const [cR, c50, c99, cE, loopR, loopRows, l1R, l150, l199, l1E, lnR, ln50, ln99, lnE, open, all, fill, conns, dur, rep, cores] = process.argv.slice(2);
const f = (x, d = 2) => Number(x).toFixed(d);
const ratio = Number(cR) / Number(loopR) * 100;
console.log([
  '# gongzhi work orders benchmark', '',
  `${new Date().toISOString()} · ${cores} cores · SQLite (WAL, synchronous=FULL) · median of ${rep} runs`, '',
  `Creating orders (wrk -t2 -c${conns} -d${dur}; each request: order row, timeline event, audit link, outbox row, one durable commit):`, '',
  '| what | orders/s | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|',
  `| POST /api/workorders over HTTP | ${f(cR, 0)} | ${f(c50)} | ${f(c99)} | ${cE} |`,
  `| baseline: C loop, the same work_order row, one transaction per row (${loopRows} rows) | ${f(loopR, 0)} | | | |`, '',
  `HTTP is ${f(ratio, 1)}% of the loop. Goal >= 50%: ${ratio >= 50 ? 'met' : 'NOT met'}.`, '',
  `Listing one grid's open orders (GET /api/workorders?grid=ID&status=open, 20 per page with the total) with ${all} orders in the database, ${open} of them open in that grid (filled in ${f(fill, 1)} s):`, '',
  '| connections | requests/s | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|',
  `| 1 | ${f(l1R, 0)} | ${f(l150)} | ${f(l199)} | ${l1E} |`,
  `| ${conns} | ${f(lnR, 0)} | ${f(ln50)} | ${f(ln99)} | ${lnE} |`, '',
  `Goal p99 under 20 ms: ${Number(l199) < 20 && Number(ln99) < 20 ? 'met' : Number(l199) < 20 ? 'met at 1 connection, NOT at ' + conns : 'NOT met'}.`,
].join('\n'));
EOF
cat "$RESULTS"
