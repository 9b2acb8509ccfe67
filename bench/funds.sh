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

. "$(dirname "$0")/lib.sh"
ENTRIES=${BENCH_ENTRIES:-1000000}
RESULTS=$ROOT/bench/last-funds.md

need_tools "wrk" wrk curl node
build_release FUNDS_BENCH funds_bench
make_workdir gz-bench-funds

# --- the database: the demo plus ENTRIES journal entries ---------------------------------
echo "# building the demo and adding $ENTRIES journal entries" >&2
make_demo
"$FUNDS_BENCH" "sqlite:$WORK/demo.db" "$ENTRIES" 101 >"$WORK/fill.out" || die "funds_bench failed: $(cat "$WORK/fill.out")"
FIXTURE=$(sed -n 1p "$WORK/fill.out")
read -r _ bal_ms _ stmt_ms _ pk_ms _ sum_ms _ runs _ BANK _ HOUSEHOLD < <(sed -n 2p "$WORK/fill.out")

# --- HTTP -----------------------------------------------------------------------------------
start_server "$WORK/demo.db"
TOKEN=$(token finance)
FUND=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/ledger/accounts/$BANK" | json 'j.fund_id')
[ -n "$FUND" ] || die "the bank account $BANK does not answer"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/households/$HOUSEHOLD/funds")
[ "$status" = 200 ] || die "the household statement answered $status"
post_lua "$WORK/post.lua" "{\"fund_id\":$FUND,\"memo\":\"bench interest\",\"lines\":[{\"account_code\":\"1001\",\"debit\":1},{\"account_code\":\"4004\",\"credit\":1}]}"

echo "# wrk -t2 -c$CONNS -d$DURATION, $REPEAT runs each" >&2
read -r b_rps b_p50 b_p99 b_err < <(bench_one balance "http://127.0.0.1:$PORT/api/ledger/accounts/$BANK" "$CONNS")
read -r s_rps s_p50 s_p99 s_err < <(bench_one statement "http://127.0.0.1:$PORT/api/households/$HOUSEHOLD/funds" "$CONNS")
read -r m_rps m_p50 m_p99 m_err < <(bench_one me "http://127.0.0.1:$PORT/api/me" "$CONNS")
read -r p_rps p_p50 p_p99 p_err < <(bench_one post "http://127.0.0.1:$PORT/api/ledger" "$CONNS" "$WORK/post.lua")

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
