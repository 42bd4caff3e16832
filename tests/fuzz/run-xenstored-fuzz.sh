#!/bin/sh
# Builds tests/fuzz/fuzz_xenstored.c with clang's libFuzzer + ASan and runs
# it for a bounded time.  Exit 77 (SKIP) only when clang/libFuzzer is absent.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v clang >/dev/null 2>&1 || { echo "clang not found"; exit 77; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/xsdfuzz.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
x=$src/xenstored
if ! clang -g -O1 -fsanitize=fuzzer,address -std=gnu11 -D__XEN_TOOLS__ \
    -I"$x" -I"$src/libxenctrl/include" -o "$dir/fuzz" \
    "$src/tests/fuzz/fuzz_xenstored.c" "$x/store.c" "$x/perms.c" \
    "$x/txn.c" "$x/watch.c" "$x/quota.c" "$x/conn.c" "$x/ops.c" \
    "$x/control.c" 2>"$dir/cc.log"; then
    if grep -q -i "fuzzer" "$dir/cc.log" && ! clang -fsanitize=fuzzer \
        -x c /dev/null -o /dev/null 2>/dev/null; then
        echo "libFuzzer not available"; exit 77
    fi
    cat "$dir/cc.log"; exit 1
fi
mkdir "$dir/corpus"
"$dir/fuzz" -max_total_time="${XSD_FUZZ_TIME:-60}" -rss_limit_mb=1024 \
    -print_final_stats=1 "$dir/corpus" >"$dir/run.log" 2>&1
rc=$?
tail -n 20 "$dir/run.log"
exit $rc
