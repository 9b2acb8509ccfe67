#!/usr/bin/env bash
# votes.sh: benchmarks of votes: counting an Art. 278 vote of 10,000 owners from the database (goal: under
# 20 ms) beside plain SQL sums over the same rows, and casting ballots over HTTP beside reading the vote.
#
#   bench/votes.sh                          builds build-release/ (no sanitizers) unless GZ_BIN and VOTES_BENCH are set
#   GZ_BIN=... VOTES_BENCH=... bench/votes.sh
# Environment: BENCH_DURATION (default 5s), BENCH_CONNECTIONS (default 8), BENCH_REPEAT (default 3),
# BENCH_VOTERS (default 10000). Prints a markdown table and writes it to bench/last-votes.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNECTIONS:-8}
REPEAT=${BENCH_REPEAT:-3}
VOTERS=${BENCH_VOTERS:-10000}
RESULTS=$ROOT/bench/last-votes.md

die() { echo "bench: $*" >&2; exit 1; }
for tool in wrk curl node; do command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (scripts/deps.sh installs wrk)"; done

if [ -z "${GZ_BIN:-}" ] || [ -z "${VOTES_BENCH:-}" ]; then
    echo "# building build-release/ (Release, no sanitizers)" >&2
    cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-release" -j2 --target gongzhi votes_bench >/dev/null
    GZ_BIN=${GZ_BIN:-$ROOT/build-release/gongzhi}
    VOTES_BENCH=${VOTES_BENCH:-$ROOT/build-release/votes_bench}
fi
[ -x "$GZ_BIN" ] && [ -x "$VOTES_BENCH" ] || die "no binaries at $GZ_BIN / $VOTES_BENCH"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gz-bench-votes.XXXXXX")
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf -- "$WORK"
}
trap cleanup EXIT

# --- counting: engine vs plain SQL, same database, same run ---------------------------
echo "# counting a vote of $VOTERS owners" >&2
"$VOTES_BENCH" "sqlite:$WORK/count.db" "$VOTERS" 31 >"$WORK/count.out" || die "votes_bench failed: $(cat "$WORK/count.out")"
read -r _ tally_ms _ base_ms _ runs < <(sed -n 2p "$WORK/count.out")
FIXTURE=$(sed -n 1p "$WORK/count.out")

# --- casting over HTTP ------------------------------------------------------------------
"$GZ_BIN" demo --db "sqlite:$WORK/demo.db" >"$WORK/demo.out" 2>&1 || { cat "$WORK/demo.out" >&2; die "demo failed"; }
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$GZ_BIN" serve --db "sqlite:$WORK/demo.db" --listen "127.0.0.1:$PORT" --log-level warn >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for ((i = 0; i < 300; i++)); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.1; done
TOKEN=$(curl -s -H 'Content-Type: application/json' -d '{"username":"resident","password":"demo"}' \
    "http://127.0.0.1:$PORT/api/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
VOTE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/votes?status=open" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.find(v=>v.kind==="art278").id))')
[ -n "$VOTE" ] || die "no open vote in the demo"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"choice":"yes"}' "http://127.0.0.1:$PORT/api/votes/$VOTE/ballots")
[ "$status" = 201 ] || die "casting answered $status"
cat >"$WORK/cast.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"choice":"yes"}'
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
read -r cast_rps cast_p50 cast_p99 cast_err < <(bench_one cast "http://127.0.0.1:$PORT/api/votes/$VOTE/ballots" "$WORK/cast.lua")
read -r get_rps get_p50 get_p99 get_err < <(bench_one get "http://127.0.0.1:$PORT/api/votes/$VOTE")

node - "$tally_ms" "$base_ms" "$runs" "$FIXTURE" "$cast_rps" "$cast_p50" "$cast_p99" "$cast_err" \
    "$get_rps" "$get_p50" "$get_p99" "$get_err" "$CONNS" "$DURATION" "$REPEAT" "$(nproc)" >"$RESULTS" <<'EOF'
const [tally, base, runs, fixture, cR, c50, c99, cE, gR, g50, g99, gE, conns, dur, rep, cores] = process.argv.slice(2);
const f = (x, d = 2) => Number(x).toFixed(d);
console.log([
  '# gongzhi votes benchmark', '',
  `${new Date().toISOString()} · ${cores} cores · SQLite`, '',
  `Counting (${fixture}), median of ${runs} runs:`, '',
  '| what | median ms |', '|---|---:|',
  `| vote_tally: load owners and ballots, Art. 278 engine (one owner per key, areas summed) | ${f(tally, 3)} |`,
  `| baseline: SELECT SUM(area) over the same owners + COUNT of the same ballots | ${f(base, 3)} |`, '',
  `Goal under 20 ms: ${Number(tally) < 20 ? 'met' : 'NOT met'}.`, '',
  `HTTP, wrk -t2 -c${conns} -d${dur}, median of ${rep} runs (the demo resident replacing their ballot: a write transaction with audit):`, '',
  '| target | requests/s | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|',
  `| POST /api/votes/{id}/ballots | ${f(cR, 0)} | ${f(c50)} | ${f(c99)} | ${cE} |`,
  `| baseline: GET /api/votes/{id} | ${f(gR, 0)} | ${f(g50)} | ${f(g99)} | ${gE} |`,
].join('\n'));
EOF
cat "$RESULTS"
