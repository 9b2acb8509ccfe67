#!/usr/bin/env bash
# run.sh: `make bench`: wrk on the households API and page beside nginx serving a static file of the same size.
#
#   bench/run.sh                 builds build-release/ (no sanitizers) unless GZ_BIN is set
#   GZ_BIN=path bench/run.sh     benchmarks that binary
# Environment: BENCH_THREADS (server threads, default 2), BENCH_DURATION
# (default 10s), BENCH_CONNECTIONS (default 64), BENCH_REPEAT (default 3).
# Prints a markdown table and writes it to bench/last-results.md.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
THREADS=${BENCH_THREADS:-2}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
RESULTS=$ROOT/bench/last-results.md
COUNT_SOCKET_ERRORS=1

need_tools "wrk and nginx-light" wrk nginx curl node
build_release
make_workdir gz-bench

# --- the demo database and the server ----------------------------------------
echo "# building the demo database" >&2
start=$(date +%s%N)
make_demo
demo_ms=$((($(date +%s%N) - start) / 1000000))
demo_secs=$((demo_ms / 1000)).$(printf '%03d' $((demo_ms % 1000)))

start_server "$WORK/demo.db" --threads "$THREADS"
GZ_PORT=$PORT

curl -s -D "$WORK/login.h" -o "$WORK/login.json" -H 'Content-Type: application/json' \
    -d '{"username":"grid8","password":"demo"}' "http://127.0.0.1:$GZ_PORT/api/login"
TOKEN=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).token)' "$WORK/login.json")
COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \(gz_session=[^;]*\).*/\1/p' "$WORK/login.h" | head -n1)
[ -n "$TOKEN" ] && [ -n "$COOKIE" ] || die "cannot sign in as grid8: $(cat "$WORK/login.json")"

curl -s -H "Authorization: Bearer $TOKEN" -o "$WORK/compounds.json" "http://127.0.0.1:$GZ_PORT/api/compounds"
COMPOUND=$(node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1]));
const items = Array.isArray(j) ? j : j.items;
const c = items.find((x) => x.name === "学道苑·东南里7号") || items[0];
console.log(c.id);' "$WORK/compounds.json")
API_PATH="/api/households?compound=$COMPOUND&per_page=20"
curl -s -H "Authorization: Bearer $TOKEN" -o "$WORK/households.json" "http://127.0.0.1:$GZ_PORT$API_PATH"
ROWS=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).items.length)' "$WORK/households.json")
HOUSEHOLD=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).items[0].id)' "$WORK/households.json")
SIZE=$(stat -c %s "$WORK/households.json")
PAGE_PATH="/households/$HOUSEHOLD"
page_status=$(curl -s -o "$WORK/page.html" -w '%{http_code}' -H "Cookie: $COOKIE" "http://127.0.0.1:$GZ_PORT$PAGE_PATH")
[ "$page_status" = 200 ] || die "GET $PAGE_PATH answered $page_status"
PAGE_SIZE=$(stat -c %s "$WORK/page.html")

# --- nginx with a static file of exactly the JSON's size --------------------------
start_nginx
nginx_file static.json "$WORK/households.json"

# --- wrk ------------------------------------------------------------------------
# bench_one NAME URL [HEADER]: wrk_median of URL, sending HEADER when given.
bench_one() {
    if [ -n "${3:-}" ]; then
        wrk_median "$1" "$CONNS" -H "$3" "$2"
    else
        wrk_median "$1" "$CONNS" "$2"
    fi
}

echo "# wrk -t2 -c$CONNS -d$DURATION, $REPEAT runs each, median by requests/s" >&2
read -r ng_rps ng_p50 ng_p99 ng_err < <(bench_one nginx "http://127.0.0.1:$NG_PORT/static.json")
read -r api_rps api_p50 api_p99 api_err < <(bench_one api "http://127.0.0.1:$GZ_PORT$API_PATH" "Authorization: Bearer $TOKEN")
read -r pg_rps pg_p50 pg_p99 pg_err < <(bench_one page "http://127.0.0.1:$GZ_PORT$PAGE_PATH" "Cookie: $COOKIE")
RSS_KB=$(sed -n 's/^VmHWM:\s*\([0-9]\+\) kB/\1/p' "/proc/$SERVER_PID/status")

# --- report -----------------------------------------------------------------------
node - "$ng_rps" "$ng_p50" "$ng_p99" "$ng_err" "$api_rps" "$api_p50" "$api_p99" "$api_err" \
    "$pg_rps" "$pg_p50" "$pg_p99" "$pg_err" "$RSS_KB" "$SIZE" "$PAGE_SIZE" "$ROWS" "$THREADS" "$CONNS" "$DURATION" \
    "$REPEAT" "$(nproc)" "$("$GZ_BIN" version 2>/dev/null | head -n1)" "$demo_secs" >"$RESULTS" <<'EOF'
const a = process.argv.slice(2);
const [ngR, ngP50, ngP99, ngE, apR, apP50, apP99, apE, pgR, pgP50, pgP99, pgE, rss, size, pageSize, rows, threads, conns, dur, rep, cores, version, demoSecs] = a;
const f = (x, d = 2) => Number(x).toFixed(d);
const ratio = (x) => (100 * Number(x) / Number(ngR)).toFixed(0) + '%';
const rssMb = (Number(rss) / 1024).toFixed(1);
const lines = [
  '# gongzhi benchmark',
  '',
  `${new Date().toISOString()} · ${version || 'gongzhi'} · ${cores} cores · server threads ${threads} · ` +
    `wrk -t2 -c${conns} -d${dur} --latency, median of ${rep} runs · demo database (SQLite, built in ${demoSecs} s)`,
  '',
  '| target | bytes | requests/s | p50 ms | p99 ms | vs nginx | errors |',
  '|---|---:|---:|---:|---:|---:|---:|',
  `| nginx static file (same size as the JSON) | ${size} | ${f(ngR, 0)} | ${f(ngP50)} | ${f(ngP99)} | 100% | ${ngE} |`,
  `| GET /api/households?compound=ID (${rows} rows, Bearer) | ${size} | ${f(apR, 0)} | ${f(apP50)} | ${f(apP99)} | ${ratio(apR)} | ${apE} |`,
  `| GET /households/{id} (page, cookie) | ${pageSize} | ${f(pgR, 0)} | ${f(pgP50)} | ${f(pgP99)} | ${ratio(pgR)} | ${pgE} |`,
  '',
  `Server peak RSS (VmHWM): ${rssMb} MB.`,
  '',
  'Goals: JSON endpoint >= 50% of nginx requests/s: ' + (Number(apR) >= 0.5 * Number(ngR) ? 'met' : 'NOT met') +
    '; p99 < 10 ms at 64 connections: ' + (Number(apP99) < 10 ? 'met' : 'NOT met') +
    '; RSS < 64 MB: ' + (Number(rss) < 64 * 1024 ? 'met' : 'NOT met') + '.',
];
console.log(lines.join('\n'));
EOF
cat "$RESULTS"
