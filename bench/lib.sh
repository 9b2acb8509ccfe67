# lib.sh: what the bench scripts share (sourced, not run): settings, tools, building, the server, tokens, wrk medians.
#
# Sourcing sets ROOT, DURATION (BENCH_DURATION, default 5s), CONNS (BENCH_CONNECTIONS, default 8) and
# REPEAT (BENCH_REPEAT, default 3); a script with other defaults sets its own after sourcing.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNECTIONS:-8}
REPEAT=${BENCH_REPEAT:-3}
# run.sh compares with nginx, where a refused or timed-out socket is an error too: it sets this to 1.
COUNT_SOCKET_ERRORS=0
WORK=
SERVER_PID=
NGINX_PID=

die() { echo "bench: $*" >&2; exit 1; }

# need_tools HINT TOOL...: dies naming the first missing tool and what installs it (nginx may sit in /usr/sbin).
need_tools() {
    local hint=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || die "$tool is missing (scripts/deps.sh installs $hint)"
    done
}

# build_release [VAR TARGET]: unless GZ_BIN (and the helper binary's variable VAR) are set, builds
# build-release/ (Release, no sanitizers) and points the unset ones at it; dies when a binary is missing.
build_release() {
    local var=${1:-} target=${2:-}
    if [ -z "${GZ_BIN:-}" ] || { [ -n "$var" ] && [ -z "${!var:-}" ]; }; then
        echo "# building build-release/ (Release, no sanitizers)" >&2
        cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null
        cmake --build "$ROOT/build-release" -j2 --target gongzhi ${target:+"$target"} >/dev/null
        GZ_BIN=${GZ_BIN:-$ROOT/build-release/gongzhi}
        if [ -n "$var" ] && [ -z "${!var:-}" ]; then printf -v "$var" '%s' "$ROOT/build-release/$target"; fi
    fi
    if [ -n "$var" ]; then
        [ -x "$GZ_BIN" ] && [ -x "${!var}" ] || die "no binaries at $GZ_BIN / ${!var}"
    else
        [ -x "$GZ_BIN" ] || die "no binary at $GZ_BIN"
    fi
}

# stop_pid VAR: ends the process (one this script started) whose id VAR holds, and empties VAR.
stop_pid() {
    local pid=${!1:-}
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    fi
    printf -v "$1" '%s' ''
}
stop_server() { stop_pid SERVER_PID; }
cleanup() {
    stop_pid SERVER_PID
    stop_pid NGINX_PID
    [ -z "$WORK" ] || rm -rf -- "$WORK"
}

# make_workdir PREFIX: a fresh WORK directory under TMPDIR, removed (with the servers stopped) at exit.
make_workdir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    trap cleanup EXIT
}

# make_demo: the demo database at $WORK/demo.db.
make_demo() {
    "$GZ_BIN" demo --db "sqlite:$WORK/demo.db" >"$WORK/demo.out" 2>&1 || { cat "$WORK/demo.out" >&2; die "demo failed"; }
}

free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_http URL: waits up to 30 s for URL to answer; dies otherwise.
wait_http() {
    local url=$1 i
    for ((i = 0; i < 300; i++)); do
        if curl -s -o /dev/null "$url"; then return 0; fi
        sleep 0.1
    done
    die "nothing answers at $url"
}

# start_server DB [SERVE_ARG...]: serves sqlite:DB (or DB itself when it is a postgresql:// URL) on a
# free port; sets PORT and SERVER_PID.
# wrk's connections all come from one address, which the server's per-address limit (64) is there
# to refuse in production: the benchmark lifts it.
start_server() {
    local db=$1
    shift
    case $db in postgresql://*) ;; *) db=sqlite:$db ;; esac
    PORT=$(free_port)
    "$GZ_BIN" serve --db "$db" --listen "127.0.0.1:$PORT" --max-connections-per-ip 100000 "$@" --log-level warn \
        >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    local i
    for ((i = 0; i < 300; i++)); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && return 0; sleep 0.1; done
    die "the server does not answer: $(tail -5 "$WORK/server.log")"
}

# json EXPR: evaluates EXPR (JavaScript, the parsed stdin as j) and prints it.
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(eval(process.argv[1]))})' "$1"; }

# token USER: a demo user's bearer token from the server on PORT.
token() {
    curl -s -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"demo\"}" \
        "http://127.0.0.1:$PORT/api/login" | json 'j.token'
}

# post_lua FILE BODY: a wrk script POSTing the JSON BODY with the bearer TOKEN.
post_lua() {
    cat >"$1" <<EOF
wrk.method = "POST"
wrk.body = '$2'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF
}

# median FILE: the line of FILE (REPEAT lines) in the middle by its first number.
median() { sort -n -k1,1 "$1" | sed -n "$(((REPEAT + 1) / 2))p"; }

# wrk_median NAME CONNS WRK_ARG...: REPEAT runs of wrk with CONNS connections for DURATION; prints
# "rps p50_ms p99_ms errors" of the median run by requests/s.
wrk_median() {
    local name=$1 conns=$2 i
    shift 2
    : >"$WORK/$name.runs"
    for ((i = 1; i <= REPEAT; i++)); do
        wrk -t"$((conns < 2 ? 1 : 2))" -c"$conns" -d"$DURATION" --latency "$@" >"$WORK/$name.$i.txt"
        node -e '
const t = require("fs").readFileSync(process.argv[1], "utf8");
const ms = (v, u) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60000 }[u]);
const lat = (p) => { const m = t.match(new RegExp("^\\s*" + p + "%\\s+([\\d.]+)(us|ms|s|m)\\s*$", "m")); return m ? ms(m[1], m[2]) : NaN; };
const rps = Number((t.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
const bad = t.match(/Non-2xx or 3xx responses:\s+(\d+)/);
const sock = process.argv[2] === "1" && t.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
const errs = (bad ? Number(bad[1]) : 0) + (sock ? Number(sock[1]) + Number(sock[3]) + Number(sock[4]) : 0);
console.log(rps, lat(50), lat(99), errs);' "$WORK/$name.$i.txt" "$COUNT_SOCKET_ERRORS" >>"$WORK/$name.runs"
    done
    median "$WORK/$name.runs"
}

# bench_one NAME URL CONNS [SCRIPT]: wrk_median of URL with the wrk SCRIPT, or else a GET with the bearer TOKEN.
bench_one() {
    local name=$1 url=$2 conns=$3 script=${4:-}
    if [ -n "$script" ]; then
        wrk_median "$name" "$conns" -s "$script" "$url"
    else
        wrk_median "$name" "$conns" -H "Authorization: Bearer $TOKEN" "$url"
    fi
}

# start_nginx: nginx serving $WORK/www on a free port (NG_PORT, NGINX_PID), the baseline every
# figure is set beside; nginx_file NAME FILE puts a copy of FILE at http://127.0.0.1:$NG_PORT/NAME.
start_nginx() {
    local nginx user_line=""
    nginx=$(command -v nginx || echo /usr/sbin/nginx)
    mkdir -p "$WORK/www" "$WORK/nginx/logs" "$WORK/nginx/tmp"
    NG_PORT=$(free_port)
    [ "$(id -u)" -eq 0 ] && user_line="user root;"
    cat >"$WORK/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type application/json;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$NG_PORT;
        root $WORK/www;
    }
}
EOF
    "$nginx" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" 2>"$WORK/nginx/stderr" &
    NGINX_PID=$!
    : >"$WORK/www/ping"
    wait_http "http://127.0.0.1:$NG_PORT/ping"
}
nginx_file() {
    cp "$2" "$WORK/www/$1"
    [ "$(curl -s "http://127.0.0.1:$NG_PORT/$1" | wc -c)" -eq "$(stat -c %s "$2")" ] || die "nginx serves the wrong size of $1"
}
