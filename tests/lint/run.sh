#!/bin/sh
# run.sh: tests of the format-string checker (tools/fmtcheck.c) on its own
# samples. Usage: tests/lint/run.sh [path/to/gz_fmtcheck]
# Without an argument (or $FMTCHECK) it compiles the checker into a temp dir.
# Prints one "PASS name" / "FAIL name" line per test; exits 1 if any failed.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

check=${1:-${FMTCHECK:-}}
if [ -z "$check" ]; then
    check=$tmp/gz_fmtcheck
    ${CC:-cc} -std=gnu11 -O1 -o "$check" "$root/tools/fmtcheck.c" || { echo "FAIL lint_build"; exit 1; }
fi

failed=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; failed=1; }

# 1. Every accepted form passes, with no output at all.
out=$("$check" "$here/good.c"); rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then pass lint_good_passes; else fail lint_good_passes "rc=$rc $out"; fi

# 2-3. bad.c: the reported lines are exactly the lines marked /* BAD */.
"$check" "$here/bad.c" > "$tmp/bad.out"; rc=$?
grep -n '/\* BAD \*/' "$here/bad.c" | cut -d: -f1 | sort -n > "$tmp/want"
sed -n 's/^[^:]*:\([0-9][0-9]*\):.*/\1/p' "$tmp/bad.out" | sort -n -u > "$tmp/got"
missing=$(comm -23 "$tmp/want" "$tmp/got" | tr '\n' ' ')
extra=$(comm -13 "$tmp/want" "$tmp/got" | tr '\n' ' ')
if [ $rc -eq 1 ] && [ -s "$tmp/want" ] && [ -z "$missing" ]; then pass lint_bad_all_reported
else fail lint_bad_all_reported "rc=$rc, lines not reported: $missing"; fi
if [ -z "$extra" ]; then pass lint_bad_nothing_else; else fail lint_bad_nothing_else "unmarked lines reported: $extra"; fi

# 4. The layer that implements a function may forward non-literals, and
#    only for that function.
mkdir -p "$tmp/src/store" "$tmp/src/core" "$tmp/src/http" "$tmp/src/grid"
printf 'void f(Db *db, const char *sql) { db_exec_script(db, sql); db_exec_args(db, sql, a); }\n' > "$tmp/src/store/m.c"
printf 'void f(Buf *b, const char *fmt, va_list ap) { buf_vprintf(b, fmt, ap); }\n' > "$tmp/src/core/c.c"
printf 'bool bad(Req *r, const char *zh, const char *en) { reply_error(r, 400, "x", NULL, zh, en); }\n' > "$tmp/src/http/j.c"
if "$check" "$tmp/src/store/m.c" "$tmp/src/core/c.c" "$tmp/src/http/j.c" > "$tmp/ex.out"; then pass lint_layer_exemptions
else fail lint_layer_exemptions "$(cat "$tmp/ex.out")"; fi
printf 'void f(Db *db, const char *sql) { db_exec_script(db, sql); }\n' > "$tmp/src/grid/g.c"
printf 'void f(Buf *b, const char *fmt) { buf_printf(b, fmt); }\n' > "$tmp/src/store/p.c"
printf 'void f(Buf *b, const char *fmt, va_list ap) { buf_vprintf(b, fmt, ap); }\n' > "$tmp/src/grid/v.c"
n=$("$check" "$tmp/src/grid/g.c" "$tmp/src/store/p.c" "$tmp/src/grid/v.c" | wc -l)
if [ "$n" -eq 3 ]; then pass lint_exemption_is_per_layer; else fail lint_exemption_is_per_layer "$n findings, want 3"; fi

# 5. An unreadable file is an error, not a silent pass.
"$check" "$tmp/no-such-file.c" 2>/dev/null; rc=$?
if [ $rc -eq 2 ]; then pass lint_missing_file_fails; else fail lint_missing_file_fails "rc=$rc"; fi

exit $failed
