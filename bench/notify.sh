#!/usr/bin/env bash
# notify.sh: benchmarks of the notify sender: its throughput against a local fake bot (messages a
# second draining a backlog of due deliveries), and the latency a request that emits an event pays
# (POST /api/workorders, one connection) with the sender idle and with it busy posting to a bot
# (goal: under 1 ms added).
#
#   bench/notify.sh                         builds build-release/ (no sanitizers) unless GZ_BIN is set
#   GZ_BIN=... bench/notify.sh
# Environment: BENCH_MESSAGES (default 2000), BENCH_REQUESTS (default 400). Prints a markdown table and
# writes it to bench/last-notify.md. The server runs with --test-clock: bots on loopback are accepted
# only there, and the clock is moved to make a backlog due at once.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
RESULTS=$ROOT/bench/last-notify.md

need_tools "curl and node" curl node
build_release
make_workdir gz-bench-notify
make_demo
start_server "$WORK/demo.db" --test-clock
BENCH_BASE="http://127.0.0.1:$PORT" node "$ROOT/bench/notify.js" >"$RESULTS"
cat "$RESULTS"
