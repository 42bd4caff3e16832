# tests/e2e scenario: `xl -N create` over the xl.cfg corpus of tests/cli/cfg
# (80-cfg-json.img.sh copies it in).  Each config's stdout, stderr and
# exit status go to the serial log as "E2E-JSON NAME |line",
# "E2E-JSONERR NAME |line" and "E2E-JSONRC NAME RC" lines.  Booted with
# `run.sh --reference` this records what Debian's xl 4.17 prints, which
# tests/cli/cfg/make-expected-xen.sh keeps as tests/cli/cfg/expected-xen/.
# Not in scenarios.list: it gathers data, it does not check our xl.
# e2e-timeout: 120
. /e2e/lib.sh

cd /e2e/cfg || { e2e_fail corpus "no /e2e/cfg in the image"; exit 0; }
n=0
for cfg in *.cfg; do
    name=${cfg%.cfg}
    args=""
    [ -f "$name.args" ] && args=$(cat "$name.args")
    # shellcheck disable=SC2086
    e2e_timeout 20 xl -N create "$cfg" $args >"$E2E_TMP/json" \
        2>"$E2E_TMP/jsonerr"
    rc=$?
    sed "s/^/E2E-JSON $name |/" "$E2E_TMP/json"
    sed "s/^/E2E-JSONERR $name |/" "$E2E_TMP/jsonerr"
    echo "E2E-JSONRC $name $rc"
    n=$((n + 1))
done
[ "$n" -gt 0 ] && e2e_pass corpus "$n configs through xl -N create" ||
    e2e_fail corpus "no config in /e2e/cfg"
