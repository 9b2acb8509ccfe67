#!/usr/bin/env bash
# run-tests.sh: the whole test suite (unit, lint, API on SQLite and PostgreSQL, browser); ends with "N passed, N failed".
#
#   scripts/run-tests.sh [BUILD_DIR]     BUILD_DIR defaults to build-test (the ASan/UBSan build)
#
# Every step prints PASS/FAIL lines; the step's counts are summed. A step that
# cannot run at all (missing binary, PostgreSQL that will not start) counts as
# a failure. The last lines are the failed tests, each once and named with its
# step, and then "N passed, M failed". Exits 1 when anything failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build-test}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
export GZ_BIN=${GZ_BIN:-$BUILD/gongzhi}
cd "$ROOT" || exit 1

ORIG_TMP=${TMPDIR:-/tmp}
WORK=$(mktemp -d "$ORIG_TMP/gz-tests.XXXXXX")
export TMPDIR=$WORK
# Browser screenshots outlive the run, for debugging a failure.
export GZ_E2E_SHOTS=${GZ_E2E_SHOTS:-$ORIG_TMP}
# Only the steps below choose a backend.
unset GZ_TEST_PG_URL GZ_TEST_DB
PG_DIR=
TOTAL_PASS=0
TOTAL_FAIL=0
SUMMARY=()
FAILED=() # "step: test name (and the runner's reason)", one per failed test

cleanup() {
    if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
        "$ROOT/scripts/pg-test.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
    fi
    rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# fontconfig, cairo and pango keep their font caches until exit (the poster)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# record STEP PASSED FAILED [NOTE]
record() {
    TOTAL_PASS=$((TOTAL_PASS + $2))
    TOTAL_FAIL=$((TOTAL_FAIL + $3))
    SUMMARY+=("$(printf '%-24s %4d passed, %4d failed%s' "$1" "$2" "$3" "${4:+  ($4)}")")
}

# Counts PASS/FAIL lines of a runner's output file; a runner that exits
# non-zero without any FAIL line counts one failure more.
count_lines() {
    local step=$1 out=$2 rc=$3
    local p f s line
    p=$(grep -c '^PASS ' "$out")
    f=$(grep -c '^FAIL ' "$out")
    s=$(grep -c '^SKIP ' "$out") # a test that cannot run on this backend, named with its reason
    while IFS= read -r line; do
        echo "skipped: $step: ${line#SKIP }"
    done < <(grep '^SKIP ' "$out" | cut -c1-300)
    while IFS= read -r line; do
        FAILED+=("$step: ${line#FAIL }")
    done < <(grep '^FAIL ' "$out" | cut -c1-300)
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        fail_line "$step: the runner exited $rc without reporting a failure"
        f=1
    fi
    if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        fail_line "$step: the runner reported no tests"
        f=1
    fi
    record "$step" "$p" "$f" "$([ "$s" -gt 0 ] && echo "$s skipped")"
}

section() { printf '\n=== %s ===\n' "$1"; }

# A failure found by this script itself (not by a runner): printed and kept for the summary.
fail_line() {
    echo "FAIL $*"
    FAILED+=("$*")
}

# --- (a) unit tests ---------------------------------------------------------
# run_unit BIN [LABEL]: runs one cmocka binary, counts its PASSED/FAILED lines.
run_unit() {
    local bin=$1 label=${2:-$(basename "$1")}
    local out=$WORK/$label.out rc p f
    timeout 300 "$bin" >"$out" 2>&1
    rc=$?
    cat "$out"
    # one summary per cmocka group: add them up
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]\+\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]\+\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
    p=${p:-0}
    f=${f:-0}
    # cmocka names a failed test twice (when it fails and in the closing list): once here
    local name
    while IFS= read -r name; do
        FAILED+=("unit $label: $name")
    done < <(sed -n 's/^\[  FAILED  \] \([A-Za-z_][A-Za-z0-9_]*\)$/\1/p' "$out" | sort -u)
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        # crashed, a sanitizer stopped it, or it failed before cmocka's summary
        fail_line "$label: exited $rc without a cmocka failure count"
        f=1
    fi
    if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$out"; then
        if [ "$f" -eq 0 ]; then f=1; fi
        fail_line "$label: sanitizer report"
    fi
    if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        fail_line "$label: no cmocka summary"
        f=1
    fi
    record "unit $label" "$p" "$f"
}

section "unit tests ($BUILD)"
shopt -s nullglob
units=("$BUILD"/test_*)
if [ ${#units[@]} -eq 0 ]; then
    fail_line "unit: no test_* binaries in $BUILD"
    record "unit" 0 1 "no binaries"
fi
for t in "${units[@]}"; do
    [ -x "$t" ] && [ -f "$t" ] || continue
    # test_db runs again below against PostgreSQL; here it uses SQLite only.
    run_unit "$t"
done

# --- (a2) fuzz corpora --------------------------------------------------------
# Each harness of tests/fuzz, linked with its replay driver, runs every input
# kept in its corpus (make fuzz grows them): a decoder that now crashes on one
# fails here, under the same sanitizers as the unit tests.
section "fuzz corpora ($BUILD)"
for h in tests/fuzz/fuzz_*.c; do
    name=$(basename "$h" .c)
    if [ ! -x "$BUILD/$name" ]; then
        fail_line "fuzz $name: $BUILD/$name is missing"
        record "fuzz $name" 0 1 "missing"
        continue
    fi
    timeout 300 "$BUILD/$name" "tests/fuzz/corpus/$name" >"$WORK/$name.out" 2>&1
    rc=$?
    tail -n 3 "$WORK/$name.out"
    if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$WORK/$name.out"; then
        fail_line "fuzz $name: sanitizer report on a corpus input"
        rc=1
    fi
    count_lines "fuzz $name" "$WORK/$name.out" "$rc"
done

# --- (b) lint ---------------------------------------------------------------
section "lint"
if [ -x "$BUILD/gz_fmtcheck" ]; then
    mapfile -t csrc < <(find src -name '*.c' | sort)
    if "$BUILD/gz_fmtcheck" "${csrc[@]}" >"$WORK/fmtcheck.out" 2>&1; then
        cat "$WORK/fmtcheck.out"
        echo "PASS fmtcheck: format strings and SQL are literals in ${#csrc[@]} files"
        record "lint fmtcheck" 1 0
    else
        cat "$WORK/fmtcheck.out"
        fail_line "fmtcheck: non-literal format strings or SQL (above)"
        record "lint fmtcheck" 0 1
    fi
else
    fail_line "fmtcheck: $BUILD/gz_fmtcheck is missing"
    record "lint fmtcheck" 0 1 "missing"
fi
if [ -f tests/lint/run.sh ]; then
    sh tests/lint/run.sh "$BUILD/gz_fmtcheck" >"$WORK/lint.out" 2>&1
    rc=$?
    cat "$WORK/lint.out"
    count_lines "lint checker tests" "$WORK/lint.out" "$rc"
else
    fail_line "lint: tests/lint/run.sh is missing"
    record "lint checker tests" 0 1 "missing"
fi

node tests/lint/shape.js >"$WORK/shape.out" 2>&1
rc=$?
cat "$WORK/shape.out"
count_lines "lint shape" "$WORK/shape.out" "$rc"

# --- (c) API on SQLite ------------------------------------------------------
section "API tests on SQLite"
if [ -x "$GZ_BIN" ]; then
    GZ_TEST_DB=sqlite timeout 900 node tests/api/run.js 2>&1 | tee "$WORK/api-sqlite.out"
    count_lines "api sqlite" "$WORK/api-sqlite.out" "${PIPESTATUS[0]}"
else
    fail_line "api sqlite: $GZ_BIN is missing"
    record "api sqlite" 0 1 "no binary"
fi

# --- (d) API on PostgreSQL --------------------------------------------------
section "API tests on PostgreSQL 15"
PG_DIR=$(mktemp -d /tmp/gzpg.XXXXXX)
rmdir "$PG_DIR"
if PG_URL=$("$ROOT/scripts/pg-test.sh" start "$PG_DIR" 2>"$WORK/pg-start.err") && [ -n "$PG_URL" ]; then
    echo "# PostgreSQL at $PG_URL"
    if [ -x "$GZ_BIN" ]; then
        GZ_TEST_DB=pg GZ_TEST_PG_URL=$PG_URL GZ_TEST_PG_DIR=$PG_DIR timeout 900 node tests/api/run.js 2>&1 | tee "$WORK/api-pg.out"
        count_lines "api postgresql" "$WORK/api-pg.out" "${PIPESTATUS[0]}"
    else
        fail_line "api postgresql: $GZ_BIN is missing"
        record "api postgresql" 0 1 "no binary"
    fi
    if [ -x "$BUILD/test_db" ]; then
        if TEST_DB_URL=$("$ROOT/scripts/pg-test.sh" createdb "$PG_DIR" gz_unit_db 2>>"$WORK/pg-start.err"); then
            GZ_TEST_PG_URL=$TEST_DB_URL run_unit "$BUILD/test_db" "test_db[pg]"
        else
            cat "$WORK/pg-start.err"
            fail_line "test_db[pg]: cannot create its database"
            record "unit test_db[pg]" 0 1
        fi
    else
        fail_line "test_db[pg]: $BUILD/test_db is missing"
        record "unit test_db[pg]" 0 1 "missing"
    fi
    # The demo generator on PostgreSQL, into its own empty database; it also
    # checks that the same seed gives SQLite's data.
    if [ -x "$BUILD/test_demo" ]; then
        if DEMO_DB_URL=$("$ROOT/scripts/pg-test.sh" createdb "$PG_DIR" gz_unit_demo 2>>"$WORK/pg-start.err"); then
            GZ_TEST_PG_URL=$DEMO_DB_URL run_unit "$BUILD/test_demo" "test_demo[pg]"
        else
            cat "$WORK/pg-start.err"
            fail_line "test_demo[pg]: cannot create its database"
            record "unit test_demo[pg]" 0 1
        fi
    fi
    "$ROOT/scripts/pg-test.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
    PG_DIR=
else
    cat "$WORK/pg-start.err"
    fail_line "postgresql: the throwaway server did not start"
    record "api postgresql" 0 1 "PostgreSQL did not start"
fi

# --- (e) browser ------------------------------------------------------------
section "browser tests (Chromium)"
if [ -x "$GZ_BIN" ]; then
    # as long as the API runs may take: on a loaded 2-core machine the browser takes minutes
    timeout 900 node tests/e2e/run.js 2>&1 | tee "$WORK/e2e.out"
    count_lines "e2e" "$WORK/e2e.out" "${PIPESTATUS[0]}"
else
    fail_line "e2e: $GZ_BIN is missing"
    record "e2e" 0 1 "no binary"
fi

# --- summary ----------------------------------------------------------------
section "summary"
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo
if [ ${#FAILED[@]} -gt 0 ]; then
    echo "failed:"
    for line in "${FAILED[@]}"; do echo "  $line"; done
fi
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
