#!/usr/bin/env bash
# Runs one fuzz target for a number of seconds on one core: ./run.sh TARGET SECONDS
# Built without sanitizers (`-s none`), which works on stable Rust.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target: parse, check, schema, eval, edits, fmt, lsp, dockerfile, github, terraform or bundle}
seconds=${2:-1200}
# cargo-fuzz is installed from crates.io the first time (into ~/.cargo/bin).
cargo fuzz --version > /dev/null 2>&1 || cargo install --locked cargo-fuzz
[ -d "corpus/$target" ] || ./seed.sh
cargo fuzz build -s none --release "$target"
cargo fuzz run -s none --release "$target" "corpus/$target" -- \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
