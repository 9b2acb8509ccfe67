#!/usr/bin/env bash
# votes.sh: benchmarks of votes: counting an Art. 278 vote of 10,000 owners from the database (goal: under
# 20 ms) beside plain SQL sums over the same rows, and casting ballots over HTTP beside reading the vote.
#
#   bench/votes.sh                          builds build-release/ (no sanitizers) unless GZ_BIN and VOTES_BENCH are set
#   GZ_BIN=... VOTES_BENCH=... bench/votes.sh
# Environment: BENCH_DURATION (default 5s), BENCH_CONNECTIONS (default 8), BENCH_REPEAT (default 3),
# BENCH_VOTERS (default 10000). Prints a markdown table and writes it to bench/last-votes.md.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
VOTERS=${BENCH_VOTERS:-10000}
RESULTS=$ROOT/bench/last-votes.md

need_tools "wrk" wrk curl node
build_release VOTES_BENCH votes_bench
make_workdir gz-bench-votes

# --- counting: engine vs plain SQL, same database, same run ---------------------------
echo "# counting a vote of $VOTERS owners" >&2
"$VOTES_BENCH" "sqlite:$WORK/count.db" "$VOTERS" 31 >"$WORK/count.out" || die "votes_bench failed: $(cat "$WORK/count.out")"
read -r _ tally_ms _ base_ms _ runs < <(sed -n 2p "$WORK/count.out")
FIXTURE=$(sed -n 1p "$WORK/count.out")

# --- casting over HTTP ------------------------------------------------------------------
make_demo
start_server "$WORK/demo.db"
TOKEN=$(token resident)
VOTE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/votes?status=open" |
    json 'j.items.find(v=>v.kind==="art278").id')
[ -n "$VOTE" ] || die "no open vote in the demo"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"choice":"yes"}' "http://127.0.0.1:$PORT/api/votes/$VOTE/ballots")
[ "$status" = 201 ] || die "casting answered $status"
post_lua "$WORK/cast.lua" '{"choice":"yes"}'

echo "# wrk -t2 -c$CONNS -d$DURATION, $REPEAT runs each" >&2
read -r cast_rps cast_p50 cast_p99 cast_err < <(bench_one cast "http://127.0.0.1:$PORT/api/votes/$VOTE/ballots" "$CONNS" "$WORK/cast.lua")
read -r get_rps get_p50 get_p99 get_err < <(bench_one get "http://127.0.0.1:$PORT/api/votes/$VOTE" "$CONNS")

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
