#!/usr/bin/env bash
# The VS Code extension's whole check, run by .ci/run: builds, lints, tests the grammar,
# packages and inspects the .vsix (scripts/build.sh), then runs the extension in a real VS Code
# (e2e/run.sh). `run.sh --update-snapshots` only rewrites the grammar's snapshots, after review.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "--update-snapshots" ]; then
    exec scripts/build.sh --update-snapshots
fi
scripts/build.sh
e2e/run.sh
