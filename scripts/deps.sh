#!/usr/bin/env bash
# deps.sh: installs what is missing on Debian 12 for building, testing or benchmarking gongzhi; safe to run again.
#
#   scripts/deps.sh build   compiler, CMake, the C libraries, Node and npm, then the
#                           pinned front-end assets (npm ci in web/)
#   scripts/deps.sh test    build + PostgreSQL 15 server, Debian's Chromium, the sqlite3 CLI
#   scripts/deps.sh bench   build + nginx-light and wrk (the baseline and the load generator), PostgreSQL (bench/pg.sh)
#   scripts/deps.sh fuzz    build + clang (libFuzzer) for make fuzz
#
# Nothing is installed that is already there: each package is checked with
# dpkg-query, and apt-get runs (update, then install --no-install-recommends)
# only when something is missing. Runs as root (CI) or through sudo.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

BUILD_PKGS=(gcc make cmake pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev
    libsodium-dev libcurl4-openssl-dev libxlsxwriter-dev libcsv-dev libzip-dev libexpat1-dev
    libfreexl-dev libcmocka-dev libqrencode-dev ca-certificates
    libcairo2-dev libpango1.0-dev fonts-noto-cjk)
TEST_PKGS=(postgresql-15 chromium sqlite3 libreoffice-calc-nogui zbar-tools nginx-light systemd openssl poppler-utils)
BENCH_PKGS=(nginx-light wrk postgresql-15)
FUZZ_PKGS=(clang)
NODE_MIN_MAJOR=18

step() { echo "deps: $*"; }
die() {
    echo "deps: ERROR: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 build|test|bench" >&2
    exit 2
}

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# Runs a command as root: directly, or through sudo when that is possible.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "not root and sudo is missing: as root, run: apt-get install $*"
    fi
}

APT_UPDATED=0
apt_install() {
    [ "$#" -gt 0 ] || return 0
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script supports Debian 12; install by hand: $*"
    if [ "$APT_UPDATED" -eq 0 ]; then
        step "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null ||
            die "apt-get update failed (network? sources.list?)"
        APT_UPDATED=1
    fi
    step "installing: $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" ||
        die "apt-get install failed for: $*"
}

# Installs those of the named packages that are missing.
ensure_pkgs() {
    local what=$1
    shift
    local missing=()
    for p in "$@"; do
        installed "$p" || missing+=("$p")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        step "$what packages: all present"
    else
        apt_install "${missing[@]}"
        for p in "${missing[@]}"; do
            installed "$p" || die "package $p is still not installed after apt-get install"
        done
        step "$what packages: installed ${missing[*]}"
    fi
}

node_major() {
    node -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0
}

# True when the node on PATH comes from Debian's nodejs package.
node_is_debian() {
    local path
    path=$(readlink -f "$(command -v node)")
    dpkg-query -S "$path" 2>/dev/null | grep -q '^nodejs:'
}

# Node >= 18 and npm. A node that is already there (nvm, NodeSource, a
# tarball) is kept: installing Debian's nodejs over it would shadow or
# break it. Debian's npm only goes with Debian's node.
ensure_node() {
    if command -v node >/dev/null 2>&1; then
        local major
        major=$(node_major)
        if [ "$major" -lt "$NODE_MIN_MAJOR" ]; then
            if node_is_debian; then
                die "Debian's node is version $major, older than $NODE_MIN_MAJOR: is this Debian 12?"
            fi
            die "node $(node --version) at $(command -v node) is older than $NODE_MIN_MAJOR; upgrade it or remove it from PATH so Debian's nodejs can be installed"
        fi
        if ! command -v npm >/dev/null 2>&1; then
            if node_is_debian; then
                apt_install npm
            else
                die "node $(node --version) at $(command -v node) has no npm beside it; install npm for that node (Debian's npm only works with Debian's nodejs)"
            fi
        fi
        step "node $(node --version), npm $(npm --version 2>/dev/null || echo '?'): present"
        return 0
    fi
    local missing=()
    installed nodejs || missing+=(nodejs)
    installed npm || missing+=(npm)
    apt_install "${missing[@]}"
    command -v node >/dev/null 2>&1 || die "node is still missing after installing nodejs"
    command -v npm >/dev/null 2>&1 || die "npm is still missing after installing npm"
    [ "$(node_major)" -ge "$NODE_MIN_MAJOR" ] || die "node $(node --version) is older than $NODE_MIN_MAJOR"
    step "node $(node --version), npm $(npm --version): installed"
}

# The pinned front-end assets: npm ci when node_modules is missing, lacks a
# file the build embeds (an interrupted install leaves an empty folder), or
# is older than the lock file (the lock changed since the last install).
ensure_web_assets() {
    local web=$ROOT/web
    [ -f "$web/package.json" ] || die "$web/package.json is missing"
    [ -f "$web/package-lock.json" ] || die "$web/package-lock.json is missing: the pinned versions live there (create it with 'npm install' in web/ and commit it)"
    if [ -f "$web/node_modules/htmx.org/dist/htmx.min.js" ] && [ -f "$web/node_modules/echarts/dist/echarts.min.js" ] &&
        [ -d "$web/node_modules/playwright-core" ] && [ -f "$web/node_modules/axe-core/axe.min.js" ] && [ ! "$web/package-lock.json" -nt "$web/node_modules" ]; then
        step "front-end assets (web/node_modules): up to date"
        return 0
    fi
    step "front-end assets: npm ci in web/"
    (cd "$web" && npm ci --no-audit --no-fund) ||
        die "npm ci failed in $web (network? registry?); the build embeds htmx and ECharts from web/node_modules"
    # npm ci recreates node_modules, but mark it explicitly so the next run
    # sees it newer than the lock file whatever npm did to the mtime.
    touch "$web/node_modules"
    step "front-end assets: installed"
}

main() {
    [ "$#" -eq 1 ] || usage
    local mode=$1
    case "$mode" in
    build | test | bench | fuzz) ;;
    *) usage ;;
    esac
    command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this script supports Debian 12"
    ensure_pkgs build "${BUILD_PKGS[@]}"
    ensure_node
    case "$mode" in
    test) ensure_pkgs test "${TEST_PKGS[@]}" ;;
    bench) ensure_pkgs bench "${BENCH_PKGS[@]}" ;;
    fuzz) ensure_pkgs fuzz "${FUZZ_PKGS[@]}" ;;
    esac
    ensure_web_assets
    step "ready for '$mode'"
}

main "$@"
