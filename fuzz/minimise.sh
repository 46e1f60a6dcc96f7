#!/usr/bin/env bash
# Minimises one fuzz target's corpus in place: keeps the smallest set of inputs that reaches the
# same coverage (libFuzzer's merge), so the corpus a run leaves stays small: ./minimise.sh TARGET
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target: parse, check, schema, eval, edits, fmt, lsp, dockerfile, github or bundle}
before=$(find "corpus/$target" -type f | wc -l)
size_before=$(du -sh "corpus/$target" | cut -f1)
cargo fuzz cmin -s none --release "$target" "corpus/$target" -- -rss_limit_mb=2048 -timeout=10 > /dev/null 2>&1
after=$(find "corpus/$target" -type f | wc -l)
echo "$target: $before inputs ($size_before) → $after inputs ($(du -sh "corpus/$target" | cut -f1))"
