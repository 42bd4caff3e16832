#!/bin/sh
# Builds tests/fuzz/fuzz_cfg.c with clang -fsanitize=fuzzer,address and
# runs it for FUZZ_SECONDS (default 60) on a seed corpus made of the
# golden configs.  Exit 77 (skip) when clang or libFuzzer is missing.
set -u
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
CC=${FUZZ_CC:-clang}
command -v "$CC" > /dev/null 2>&1 || { echo "no $CC: skip"; exit 77; }
T=$(mktemp -d /tmp/cfgfuzz.XXXXXX)
trap 'rm -rf "$T"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, long n)'\
'{(void)d;(void)n;return 0;}\n' > "$T/probe.c"
"$CC" -fsanitize=fuzzer,address -o "$T/probe" "$T/probe.c" \
    > /dev/null 2>&1 || { echo "no libFuzzer: skip"; exit 77; }
S="$top_srcdir/libxl"
"$CC" -g -O1 -fsanitize=fuzzer,address -D__XEN_TOOLS__ \
    -I"$top_builddir" -I"$S/include" -I"$S" -o "$T/fuzz_cfg" \
    "$top_srcdir/tests/fuzz/fuzz_cfg.c" "$S/cfg_parse.c" "$S/cfg_get.c" \
    "$S/config_keys.c" "$S/config_parse.c" "$S/dev_disk.c" \
    "$S/dev_vif.c" "$S/dev_pci.c" "$S/json_config.c" "$S/json_config_parse.c" \
    "$S/config_types.c" "$S/config_util.c" "$S/vdev.c" \
    "$S/dev_misc.c" "$S/config_parse_dev.c" "$S/config_parse_x86.c" \
    "$S/config_parse_platform.c" \
    "$S/config_devfree.c" "$S/json_config_dev.c" \
    "$S/json_config_parse_dev.c" "$S/dev_vdispl.c" "$S/dev_vsnd.c" \
    "$S/vsnd_types.c" "$S/json_vsnd.c" "$S/cpuid_policy.c" "$S/json_cpuid.c" \
    -lyajl -luuid || exit 1
mkdir -p "$T/corpus"
cp "$top_srcdir"/tests/cli/cfg/*.cfg "$T/corpus/"
cd "$T" || exit 99
./fuzz_cfg -max_total_time="${FUZZ_SECONDS:-60}" -rss_limit_mb=1024 \
    -max_len=4096 corpus > "$T/log" 2>&1
rc=$?
tail -5 "$T/log"
if [ $rc != 0 ]; then
    grep -A30 'ERROR' "$T/log" | head -60
    ls crash-* leak-* timeout-* 2>/dev/null
fi
exit $rc
