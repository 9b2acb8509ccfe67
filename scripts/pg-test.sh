#!/usr/bin/env bash
# pg-test.sh: a throwaway PostgreSQL 15 cluster for the tests, on loopback only.
#
#   scripts/pg-test.sh start DIR          create and start a cluster in DIR; prints its URL
#                                         postgresql://gongzhi@127.0.0.1:PORT/gongzhi_test
#   scripts/pg-test.sh createdb DIR NAME  another empty database owned by gongzhi; prints its URL
#   scripts/pg-test.sh stop DIR           stop the cluster and remove DIR
#
# Only the URL goes to stdout; progress and errors go to stderr. As root (CI)
# the cluster runs as the postgres system user; otherwise as the caller.
# Trust authentication is safe here only because the server listens on
# 127.0.0.1 alone and its unix socket lives inside DIR.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
FIRST_PORT=54329
LAST_PORT=54429

die() { echo "pg-test.sh: $*" >&2; exit 1; }
usage() {
    echo "usage: $0 start DIR | createdb DIR NAME | stop DIR" >&2
    exit 1
}

need_pg() {
    if [ ! -x "$PGBIN/initdb" ]; then
        echo "pg-test.sh: $PGBIN/initdb is missing: install postgresql-15 (scripts/deps.sh does)" >&2
        exit 2
    fi
}

# Runs a PostgreSQL program as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cmd_start() {
    local dir=$1
    need_pg
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        die "$dir exists and is not empty; choose a new directory"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' system user: install postgresql-15"
        chown postgres: "$dir"
        chmod 700 "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "$dir is not reachable by the postgres user (its parent directories must be); use a directory under /tmp"
    fi
    local sock="$dir/sock"
    # A unix socket path is limited to 107 bytes.
    [ ${#sock} -le 80 ] || die "$dir is too long a path for the server's unix socket; use a shorter one"
    as_owner mkdir -p "$sock"

    as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # A test server: speed over durability, loopback only.
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
EOF
    local port started=
    for ((port = FIRST_PORT; port <= LAST_PORT; port++)); do
        if port_in_use "$port"; then continue; fi
        rm -f "$dir/server.log"
        if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 30 start >/dev/null 2>&1; then
            started=1
            break
        fi
        # Taken between our check and the bind: try the next one.
        grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || {
            cat "$dir/server.log" >&2 || true
            die "the server did not start (log above)"
        }
    done
    [ -n "$started" ] || die "no free port in $FIRST_PORT..$LAST_PORT"
    echo "$port" >"$dir/port"

    as_owner "$PGBIN/psql" -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE gongzhi LOGIN" >&2 || die "cannot create role gongzhi"
    as_owner "$PGBIN/createdb" -h "$sock" -p "$port" -U postgres -O gongzhi gongzhi_test >&2 ||
        die "cannot create database gongzhi_test"
    echo "postgresql://gongzhi@127.0.0.1:$port/gongzhi_test"
}

cluster_port() {
    local dir=$1
    [ -f "$dir/port" ] && [ -f "$dir/data/PG_VERSION" ] || die "$dir holds no cluster made by pg-test.sh start"
    cat "$dir/port"
}

cmd_createdb() {
    local dir=$1 name=$2
    need_pg
    [[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name '$name': use lower-case letters, digits and _"
    dir=$(cd "$dir" 2>/dev/null && pwd) || die "no directory $1"
    local port
    port=$(cluster_port "$dir")
    as_owner "$PGBIN/createdb" -h "$dir/sock" -p "$port" -U postgres -O gongzhi "$name" >&2 ||
        die "cannot create database $name"
    echo "postgresql://gongzhi@127.0.0.1:$port/$name"
}

cmd_stop() {
    local dir=$1
    dir=$(cd "$dir" 2>/dev/null && pwd) || die "no directory $1"
    cluster_port "$dir" >/dev/null
    if [ -x "$PGBIN/pg_ctl" ]; then
        as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
            echo "pg-test.sh: the server in $dir was not running" >&2
    fi
    rm -rf -- "$dir"
}

[ $# -ge 1 ] || usage
case $1 in
start) [ $# -eq 2 ] || usage; cmd_start "$2" ;;
createdb) [ $# -eq 3 ] || usage; cmd_createdb "$2" "$3" ;;
stop) [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
*) usage ;;
esac
