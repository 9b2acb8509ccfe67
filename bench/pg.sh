#!/usr/bin/env bash
# pg.sh: the same demo on SQLite and on a local PostgreSQL 15, the same requests, in the same run:
# households JSON (20 rows), one work order, community staff's work-order list, and creating orders
# at 8 connections. Goal (issue "fast at a million"): PostgreSQL at >= 0.5x SQLite on every row.
#
#   bench/pg.sh                    builds build-release/ unless GZ_BIN is set
# Environment: BENCH_DURATION (default 5s), BENCH_CONNECTIONS (default 8), BENCH_REPEAT (default 3).
# Prints a markdown table and writes it to bench/last-pg.md.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
RESULTS=$ROOT/bench/last-pg.md

need_tools "wrk" wrk curl node
build_release
make_workdir gz-bench-pg
PG_DIR=
pg_cleanup() {
    cleanup
    if [ -n "$PG_DIR" ]; then "$ROOT/scripts/pg-test.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; fi
}
trap pg_cleanup EXIT

echo "# building the demo on SQLite and on PostgreSQL" >&2
make_demo
PG_DIR=${TMPDIR:-/tmp}/gz-bench-pg.$$ # pg-test.sh needs a path the postgres user can reach
PG_URL=$("$ROOT/scripts/pg-test.sh" start "$PG_DIR")
"$GZ_BIN" demo --db "$PG_URL" --key-file "$WORK/pg.key" >"$WORK/pgdemo.out" 2>&1 ||
    { cat "$WORK/pgdemo.out" >&2; die "demo on PostgreSQL failed"; }

# measure BACKEND DB KEYFILE: the four rows against one backend, appended to $WORK/rows.txt as
# "backend|row|rps|p50|p99|errors".
measure() {
    local backend=$1 db=$2 key=$3
    start_server "$db" --key-file "$key"
    TOKEN=$(token grid8)
    local compound hh staff order home body
    compound=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/compounds" |
        json '(Array.isArray(j) ? j : j.items)[0].id')
    read -r rps p50 p99 err < <(bench_one "$backend-households" \
        "http://127.0.0.1:$PORT/api/households?compound=$compound&per_page=20" "$CONNS")
    echo "$backend|households JSON, 20 rows (grid worker)|$rps|$p50|$p99|$err" >>"$WORK/rows.txt"
    TOKEN=$(token staff)
    order=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/workorders?per_page=1" | json 'j.items[0].id')
    read -r rps p50 p99 err < <(bench_one "$backend-order" "http://127.0.0.1:$PORT/api/workorders/$order" "$CONNS")
    echo "$backend|a work order (staff)|$rps|$p50|$p99|$err" >>"$WORK/rows.txt"
    read -r rps p50 p99 err < <(bench_one "$backend-list" "http://127.0.0.1:$PORT/api/workorders?per_page=20" "$CONNS")
    echo "$backend|staff's work-order list, 20 per page|$rps|$p50|$p99|$err" >>"$WORK/rows.txt"
    TOKEN=$(token resident)
    home=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/me" | json 'j.roles.find(r=>r.role==="resident").node_id')
    body="{\"category\":\"leak\",\"node_id\":$home,\"description\":\"楼道顶上渗水，下雨天更明显\"}"
    post_lua "$WORK/create-$backend.lua" "$body"
    read -r rps p50 p99 err < <(bench_one "$backend-create" "http://127.0.0.1:$PORT/api/workorders" "$CONNS" \
        "$WORK/create-$backend.lua")
    echo "$backend|creating a work order, $CONNS connections|$rps|$p50|$p99|$err" >>"$WORK/rows.txt"
    stop_server
}

echo "# wrk -t2 -c$CONNS -d$DURATION, $REPEAT runs each, median by requests/s" >&2
: >"$WORK/rows.txt"
measure sqlite "$WORK/demo.db" "$WORK/demo.db.key"
measure postgresql "$PG_URL" "$WORK/pg.key"

node - "$WORK/rows.txt" "$CONNS" "$DURATION" "$REPEAT" "$(nproc)" "$(postgres --version 2>/dev/null ||
    "$(ls -d /usr/lib/postgresql/*/bin | tail -n1)/postgres" --version)" >"$RESULTS" <<'EOF'
const [file, conns, dur, rep, cores, pgv] = process.argv.slice(2);
const rows = require('fs').readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('|'));
const sq = rows.filter((r) => r[0] === 'sqlite'), pg = rows.filter((r) => r[0] === 'postgresql');
const f = (x, d = 2) => Number(x).toFixed(d);
const out = ['# gongzhi: PostgreSQL beside SQLite', '',
  `${new Date().toISOString()} · ${cores} cores · the same demo on both · wrk -t2 -c${conns} -d${dur} · median of ${rep} runs · ${pgv}`, '',
  '| what | SQLite req/s | p99 ms | PostgreSQL req/s | p99 ms | PostgreSQL / SQLite | errors |', '|---|---:|---:|---:|---:|---:|---:|'];
let met = true;
sq.forEach((s, i) => {
  const p = pg[i], ratio = Number(p[2]) / Number(s[2]);
  if (!(ratio >= 0.5)) met = false;
  out.push(`| ${s[1]} | ${f(s[2], 0)} | ${f(s[4])} | ${f(p[2], 0)} | ${f(p[4])} | ${f(ratio)}x | ${Number(s[5]) + Number(p[5])} |`);
});
out.push('', `Goal PostgreSQL >= 0.5x SQLite on every row: ${met ? 'met' : 'NOT met'}.`);
console.log(out.join('\n'));
EOF
cat "$RESULTS"
