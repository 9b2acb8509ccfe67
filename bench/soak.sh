#!/usr/bin/env bash
# soak.sh: `make soak`: SOAK_SECONDS (default 1800) of mixed load on the demo community (reads of lists,
# pages and single records by several roles, reports, comments and transitions of work orders), sampling
# the server's resident memory every 30 s. Fails when any request fails (5xx, a dropped connection) or
# when memory at the end exceeds memory after the warm-up (the first sixth) by more than SOAK_GROWTH
# percent (default 10). Prints the samples as a table.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
SECONDS_TOTAL=${SOAK_SECONDS:-1800}
CLIENTS=${SOAK_CLIENTS:-8}
GROWTH=${SOAK_GROWTH:-10}

need_tools "node and curl" node curl
build_release
make_workdir gz-soak
echo "# building the demo database" >&2
make_demo
start_server "$WORK/demo.db" --threads 4
node "$ROOT/bench/soak.js" "http://127.0.0.1:$PORT" "$SERVER_PID" "$SECONDS_TOTAL" "$CLIENTS" "$GROWTH"
