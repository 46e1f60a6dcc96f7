#!/usr/bin/env bash
# The TextMate grammar's tests, run by run.sh (with Node and node_modules in place):
#   1. its keywords, builtin functions and builtin types equal the language's (test/grammar-sync.mjs);
#   2. vscode-tmgrammar-test assertions for every token class (test/grammar/*.pal);
#   3. vscode-tmgrammar-snap snapshots of every .pal file of stdlib/ and spec/, kept in
#      test/snapshots/ (the tool writes a snapshot beside its file, so the files are copied to a
#      scratch folder under target/ with their snapshots). A changed tokenisation fails with the
#      diff; review it, then accept it with `editors/vscode/run.sh --update-snapshots`.
# Quiet on success. Usage: scripts/grammar.sh [--update-snapshots]
set -euo pipefail
cd "$(dirname "$0")/.."
root=../..
update=false
[ "${1:-}" = "--update-snapshots" ] && update=true
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() { grep -v "^✓" "$log" >&2 || true; echo "grammar: $1" >&2; exit 1; }

node test/grammar-sync.mjs > "$log" 2>&1 || fail "the grammar's words differ from the language's"
npx vscode-tmgrammar-test -c -g syntaxes/palisade.tmLanguage.json "test/grammar/*.pal" > "$log" 2>&1 ||
    fail "assertions failed (test/grammar/)"

scratch="$root/target/vscode-grammar"
rm -rf "$scratch"
mkdir -p "$scratch"
sources=$(cd "$root" && find stdlib spec -name '*.pal' | LC_ALL=C sort)
for f in $sources; do
    mkdir -p "$scratch/$(dirname "$f")"
    cp "$root/$f" "$scratch/$f"
    if [ -f "test/snapshots/$f.snap" ]; then cp "test/snapshots/$f.snap" "$scratch/$f.snap"; fi
done
if $update; then
    npx vscode-tmgrammar-snap -u -g syntaxes/palisade.tmLanguage.json -s source.palisade \
        "$scratch/**/*.pal" > "$log" 2>&1 || fail "snapshots could not be written"
    rm -rf test/snapshots
    for f in $sources; do
        mkdir -p "test/snapshots/$(dirname "$f")"
        cp "$scratch/$f.snap" "test/snapshots/$f.snap"
    done
    echo "grammar: snapshots of $(echo "$sources" | wc -w) files written to editors/vscode/test/snapshots/"
    exit 0
fi
# A snapshot whose .pal file is gone, or a .pal file without a snapshot, is a failure too.
expected=$(echo "$sources" | sed 's/$/.snap/')
kept=$( (cd test/snapshots 2>/dev/null && find . -name '*.snap' | sed 's|^\./||' | LC_ALL=C sort) || true)
if [ "$expected" != "$kept" ]; then
    diff <(echo "$expected") <(echo "$kept") > "$log" || true
    fail "snapshots are missing (<) or left over (>): run editors/vscode/run.sh --update-snapshots"
fi
npx vscode-tmgrammar-snap -g syntaxes/palisade.tmLanguage.json -s source.palisade \
    "$scratch/**/*.pal" > "$log" 2>&1 ||
    fail "the tokens of stdlib/ or spec/ changed (diff above); if intended: editors/vscode/run.sh --update-snapshots"
