#!/usr/bin/env bash
# funds.sh: benchmarks of the ledger: with 1,000,000 journal entries in the demo database, an account's
# balance and a household's statement (goal: under 10 ms each) beside same-run baselines (a primary-key
# read; the balance derived by summing every line), then the same over HTTP, and posting entries over HTTP.
#
#   bench/funds.sh                          builds build-release/ (no sanitizers) unless GZ_BIN and FUNDS_BENCH are set
#   GZ_BIN=... FUNDS_BENCH=... bench/funds.sh
# Environment: BENCH_ENTRIES (default 1000000), BENCH_DURATION (default 5s), BENCH_CONNECTIONS (default 8),
# BENCH_REPEAT (default 3). Prints a markdown table and writes it to bench/last-funds.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENTRIES=${BENCH_ENTRIES:-1000000}
DURATION=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNECTIONS:-8}
REPEAT=${BENCH_REPEAT:-3}
RESULTS=$ROOT/bench/last-funds.md

die() { echo "bench: $*" >&2; exit 1; }
for tool in wrk curl node; do command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (scripts/deps.sh installs wrk)"; done

if [ -z "${GZ_BIN:-}" ] || [ -z "${FUNDS_BENCH:-}" ]; then
    echo "# building build-release/ (Release, no sanitizers)" >&2
    cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-release" -j2 --target gongzhi funds_bench >/dev/null
    GZ_BIN=${GZ_BIN:-$ROOT/build-release/gongzhi}
    FUNDS_BENCH=${FUNDS_BENCH:-$ROOT/build-release/funds_bench}
fi
[ -x "$GZ_BIN" ] && [ -x "$FUNDS_BENCH" ] || die "no binaries at $GZ_BIN / $FUNDS_BENCH"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gz-bench-funds.XXXXXX")
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf -- "$WORK"
}
trap cleanup EXIT

# --- the database: the demo plus ENTRIES journal entries ---------------------------------
echo "# building the demo and adding $ENTRIES journal entries" >&2
"$GZ_BIN" demo --db "sqlite:$WORK/demo.db" >"$WORK/demo.out" 2>&1 || { cat "$WORK/demo.out" >&2; die "demo failed"; }
"$FUNDS_BENCH" "sqlite:$WORK/demo.db" "$ENTRIES" 101 >"$WORK/fill.out" || die "funds_bench failed: $(cat "$WORK/fill.out")"
FIXTURE=$(sed -n 1p "$WORK/fill.out")
read -r _ bal_ms _ stmt_ms _ pk_ms _ sum_ms _ runs _ BANK _ HOUSEHOLD < <(sed -n 2p "$WORK/fill.out")

# --- HTTP -----------------------------------------------------------------------------------
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$GZ_BIN" serve --db "sqlite:$WORK/demo.db" --listen "127.0.0.1:$PORT" --log-level warn >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for ((i = 0; i < 300; i++)); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.1; done
TOKEN=$(curl -s -H 'Content-Type: application/json' -d '{"username":"finance","password":"demo"}' \
    "http://127.0.0.1:$PORT/api/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
FUND=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/ledger/accounts/$BANK" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).fund_id))')
[ -n "$FUND" ] || die "the bank account $BANK does not answer"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/households/$HOUSEHOLD/funds")
[ "$status" = 200 ] || die "the household statement answered $status"
cat >"$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"fund_id":$FUND,"memo":"bench interest","lines":[{"account_code":"1001","debit":1},{"account_code":"4004","credit":1}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.method = "POST"
wrk.body = '{"fund_id":$FUND,"memo":"bench interest","lines":[{"account_code":"1001","debit":1},{"account_code":"4004","credit":1}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF

# bench_one NAME URL [SCRIPT]: REPEAT runs; "rps p50_ms p99_ms errors" of the median run by rps.
bench_one() {
    local name=$1 url=$2 script=${3:-} i
    : >"$WORK/$name.runs"
    for ((i = 1; i <= REPEAT; i++)); do
        if [ -n "$script" ]; then
            wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$script" "$url" >"$WORK/$name.$i.txt"
        else
            wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$url" >"$WORK/$name.$i.txt"
        fi
        node -e '
const t = require("fs").readFileSync(process.argv[1], "utf8");
const ms = (v, u) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60000 }[u]);
const lat = (p) => { const m = t.match(new RegExp("^\\s*" + p + "%\\s+([\\d.]+)(us|ms|s|m)\\s*$", "m")); return m ? ms(m[1], m[2]) : NaN; };
const rps = Number((t.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
const bad = t.match(/Non-2xx or 3xx responses:\s+(\d+)/);
console.log(rps, lat(50), lat(99), bad ? Number(bad[1]) : 0);' "$WORK/$name.$i.txt" >>"$WORK/$name.runs"
    done
    sort -n -k1,1 "$WORK/$name.runs" | sed -n "$(((REPEAT + 1) / 2))p"
}
echo "# wrk -t2 -c$CONNS -d$DURATION, $REPEAT runs each" >&2
read -r b_rps b_p50 b_p99 b_err < <(bench_one balance "http://127.0.0.1:$PORT/api/ledger/accounts/$BANK")
read -r s_rps s_p50 s_p99 s_err < <(bench_one statement "http://127.0.0.1:$PORT/api/households/$HOUSEHOLD/funds")
read -r m_rps m_p50 m_p99 m_err < <(bench_one me "http://127.0.0.1:$PORT/api/me")
read -r p_rps p_p50 p_p99 p_err < <(bench_one post "http://127.0.0.1:$PORT/api/ledger" "$WORK/post.lua")

node - "$FIXTURE" "$bal_ms" "$stmt_ms" "$pk_ms" "$sum_ms" "$runs" "$b_rps" "$b_p50" "$b_p99" "$b_err" \
    "$s_rps" "$s_p50" "$s_p99" "$s_err" "$m_rps" "$m_p50" "$m_p99" "$m_err" "$p_rps" "$p_p50" "$p_p99" "$p_err" \
    "$CONNS" "$DURATION" "$REPEAT" "$(nproc)" >"$RESULTS" <<'EOF'
const a = process.argv.slice(2);
const [fixture, bal, stmt, pk, sum, runs] = a;
const row = (name, i) => `| ${name} | ${Number(a[i]).toFixed(0)} | ${Number(a[i + 1]).toFixed(2)} | ${Number(a[i + 2]).toFixed(2)} | ${a[i + 3]} |`;
const [conns, dur, rep, cores] = a.slice(22);
const f = (x, d = 3) => Number(x).toFixed(d);
console.log([
  '# gongzhi funds benchmark', '',
  `${new Date().toISOString()} · ${cores} cores · SQLite`, '',
  `Fixture: ${fixture}.`, '',
  `In the database, median of ${runs} runs (the derived sum: 11 runs):`, '',
  '| what | median ms |', '|---|---:|',
  `| an account's balance (the cached column) | ${f(bal, 4)} |`,
  `| a household's statement (its latest 50 lines) | ${f(stmt, 4)} |`,
  `| baseline: one row by primary key | ${f(pk, 4)} |`,
  `| baseline: the bank balance derived by summing every line | ${f(sum)} |`, '',
  `Goal under 10 ms: ${Number(bal) < 10 && Number(stmt) < 10 ? 'met' : 'NOT met'}.`, '',
  `HTTP, wrk -t2 -c${conns} -d${dur}, median of ${rep} runs, as the finance officer:`, '',
  '| target | requests/s | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|',
  row('GET /api/ledger/accounts/{bank} (balance)', 6),
  row('GET /api/households/{id}/funds (statement)', 10),
  row('baseline: GET /api/me', 14),
  row('POST /api/ledger (a balanced entry: write transaction, balance check, audit event)', 18),
].join('\n'));
EOF
cat "$RESULTS"
