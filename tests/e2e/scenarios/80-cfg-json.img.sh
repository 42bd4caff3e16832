# tests/e2e: image additions for 80-cfg-json: the xl.cfg corpus of
# tests/cli/cfg (the .cfg files and their .args overrides).
mkdir -p "$IMG/e2e/cfg"
cp "$E2E_DIR"/../cli/cfg/*.cfg "$E2E_DIR"/../cli/cfg/*.args "$IMG/e2e/cfg/"
