#!/usr/bin/env bash
# Builds and checks the VS Code extension, offline but for the package registries: Node 24 (see
# node.sh), `npm ci` from the committed lock when node_modules is missing or stale, type-check,
# lint, unit tests of src/source.ts, the grammar's tests (grammar.sh), `vsce package` (which
# bundles with esbuild first) into target/vscode/palisade-<version>.vsix, failing on any vsce
# warning, and a check of what the .vsix holds (test/check_vsix.py). Quiet on success: a
# failing step prints its output.
# Usage: scripts/build.sh [--update-snapshots]
set -euo pipefail
cd "$(dirname "$0")/../../.."
source editors/vscode/scripts/node.sh
if [ "${1:-}" = "--update-snapshots" ]; then
    editors/vscode/scripts/grammar.sh --update-snapshots
    exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
step() {
    local what=$1
    shift
    if ! "$@" > "$log" 2>&1; then
        cat "$log" >&2
        echo "vscode: $what failed" >&2
        exit 1
    fi
}
cd editors/vscode
if ! cmp -s package-lock.json node_modules/.installed-lock.json; then
    step "npm ci" npm ci --no-audit --no-fund
    cp package-lock.json node_modules/.installed-lock.json
fi
step "type-check (npm run typecheck)" npm run -s typecheck
step "lint (npm run lint)" npm run -s lint
step "unit tests (npm run test:unit)" npm run -s test:unit
scripts/grammar.sh
version=$(node -p 'require("./package.json").version')
vsix="../../target/vscode/palisade-$version.vsix"
mkdir -p ../../target/vscode
rm -f "$vsix"
step "vsce package" npm run -s package -- --out "$vsix"
if grep -E 'WARNING|ERROR' "$log" > /dev/null; then
    cat "$log" >&2
    echo "vscode: vsce package printed warnings" >&2
    exit 1
fi
step "the check of the .vsix contents" python3 test/check_vsix.py "$vsix"
echo "vscode: built and checked target/vscode/palisade-$version.vsix"
