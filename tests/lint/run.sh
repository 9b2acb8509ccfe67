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

# 6-10. Kinds and counts: the checker as the build's compiler launcher
#    (gz_fmtcheck --cc CC ARGS...), compiling kinds_good.c and kinds_bad.c.
cc=${CC:-cc}
cflags="-std=gnu11 -D_GNU_SOURCE -I$root/src $(pkg-config --cflags jansson 2>/dev/null)"
# shellcheck disable=SC2086 # cflags is a list of words
out=$("$check" --cc "$cc" $cflags -c "$here/kinds_good.c" -o "$tmp/good.o" 2>&1); rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ] && [ -s "$tmp/good.o" ]; then pass lint_kinds_good_compiles_silently
else fail lint_kinds_good_compiles_silently "rc=$rc $out"; fi

echo stale > "$tmp/bad.o"
# shellcheck disable=SC2086
"$check" --cc "$cc" $cflags -c "$here/kinds_bad.c" -o "$tmp/bad.o" > "$tmp/kinds.out" 2>&1; rc=$?
grep -n '/\* BAD' "$here/kinds_bad.c" | cut -d: -f1 | sort -n > "$tmp/kwant"
sed -n 's/^[^:]*kinds_bad\.c:\([0-9][0-9]*\):.*/\1/p' "$tmp/kinds.out" | sort -n -u > "$tmp/kgot"
missing=$(comm -23 "$tmp/kwant" "$tmp/kgot" | tr '\n' ' ')
extra=$(comm -13 "$tmp/kwant" "$tmp/kgot" | tr '\n' ' ')
if [ $rc -eq 1 ] && [ -s "$tmp/kwant" ] && [ -z "$missing" ]; then pass lint_kinds_bad_all_reported
else fail lint_kinds_bad_all_reported "rc=$rc, lines not reported: $missing"; fi
if [ -z "$extra" ]; then pass lint_kinds_bad_nothing_else; else fail lint_kinds_bad_nothing_else "unmarked lines reported: $extra"; fi
# The object is not left behind, so the next build checks the file again.
if [ ! -e "$tmp/bad.o" ]; then pass lint_kinds_bad_leaves_no_object; else fail lint_kinds_bad_leaves_no_object; fi

# A file that does not compile at all gets the compiler's own error and status.
printf '#include "core/buf.h"\nvoid f(Buf *b) { buf_printf(b, "%%h", "x") }\n' > "$tmp/syntax.c"
# shellcheck disable=SC2086
out=$("$check" --cc "$cc" $cflags -c "$tmp/syntax.c" -o "$tmp/syntax.o" 2>&1); rc=$?
case $out in
*"syntax.c:2:"*"error:"*) if [ $rc -ne 0 ]; then pass lint_kinds_compile_error_passes_through
                        else fail lint_kinds_compile_error_passes_through "rc=0"; fi ;;
*) fail lint_kinds_compile_error_passes_through "rc=$rc $out" ;;
esac

exit $failed
