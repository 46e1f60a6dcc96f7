#!/usr/bin/env bash
# Runs every benchmark scenario (P1-P7, F1, L1, L2, S1, D1, D2 and the value-representation measurements) once and
# writes benches/RESULTS.md from that run: criterion medians, ratios against each peer, each
# target checked, machine, date and commit, then benches/ANALYSIS.md.
#
#   benches/run.sh                          the full run (10,000 manifests, a 10-minute serve soak; about 22 minutes)
#   PALISADE_BENCH_QUICK=1 benches/run.sh   a short smoke run of the same steps
#   benches/run.sh --report                 RESULTS.md again from the last run's data
#
# Nothing is timed until the equivalence checks pass: every peer engine must decide as
# Palisade on every input (the peer benchmarks also run the checks themselves, first).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${PALISADE_BENCH_QUICK:-0}" = 1 ]; then
    warm=0.5 measure=1 manifests=1000 serve_secs=3 soak_secs=20
else
    warm=2 measure=5 manifests=10000 serve_secs=10 soak_secs=600
fi
criterion=target/criterion
work=target/bench-run

report() {
    cargo build --release --locked -p palisade-benches --bin bench-report
    target/release/bench-report "$criterion" "$work/memory" "$work/meta" benches/ANALYSIS.md \
        "$work/lsp" "$work/serve" "$work/docker" "$work/github" "$work/list" "$work/terraform" \
        > benches/RESULTS.md
    echo "== wrote benches/RESULTS.md"
    sed -n '/^## Targets/,/^## P1/p' benches/RESULTS.md
}

if [ "${1:-}" = --report ]; then
    report
    exit 0
fi

rm -rf "$criterion" "$work"
mkdir -p "$work"

# What is measured is the tree as it is now: its commit, and whether it had changes.
commit=$(git rev-parse --short HEAD)
if [ -n "$(git status --porcelain)" ]; then commit="$commit (with uncommitted changes)"; fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== building (release)"
cargo build --release --locked -p palisade-cli -p palisade-benches --bins

echo "== equivalence and input checks"
cargo test --release --locked -p palisade-benches

echo "== criterion: P1, P2 (peers), P3 (scan), P4, P5 (scale), values (evaluation), F1 (format), L1 (lsp)"
PALISADE_P3_MANIFESTS=$manifests cargo bench --locked -p palisade-benches \
    --bench peers --bench scan --bench scale --bench evaluation --bench format --bench lsp -- \
    --warm-up-time "$warm" --measurement-time "$measure"

echo "== P6: peak memory of palisade scan"
: > "$work/memory"
for n in 100 "$manifests"; do
    target/release/gen-manifests "$work/manifests-$n" "$n"
    status=0
    /usr/bin/time -f %M -o "$work/rss-$n" \
        target/release/palisade scan "$work/manifests-$n" > "$work/scan-$n.txt" || status=$?
    # 1 is the expected outcome (the generated manifests have findings); anything else is not.
    if [ "$status" -gt 1 ]; then
        echo "palisade scan of $n manifests exited with $status" >&2
        exit 1
    fi
    tail -n 1 "$work/scan-$n.txt"
    echo "$n $(tail -n 1 "$work/rss-$n")" >> "$work/memory"
done

echo "== P7: peak memory of palisade scan over a List of 1,000 and of 100,000 items"
LIST_MEMORY_OUT="$work/list" benches/list-memory.sh

echo "== L2: the language server as a process (cold start, keystrokes, peak memory)"
target/release/lsp-footprint target/release/palisade "$work/lsp-footprint" > "$work/lsp"
cat "$work/lsp"

echo "== S1: palisade serve under load (throughput, latency at a fixed rate, soak)"
SERVE_SECS=$serve_secs SERVE_SOAK_SECS=$soak_secs benches/serve-load.sh "$work/serve"

echo "== D1: palisade scan against hadolint over the Dockerfile corpus (whole processes)"
peers_bin=$(peers/install.sh | tail -n 1)
benches/peers-docker.sh target/release/palisade "$peers_bin/hadolint" "$work/docker"

echo "== D2: palisade scan against zizmor over the workflow corpus (whole processes)"
benches/peers-github.sh target/release/palisade "$peers_bin/zizmor" "$work/github"

echo "== D3: palisade scan against checkov over the Terraform corpus (whole processes, memory)"
checkov_bin=$(peers/install-checkov.sh | tail -n 1)
benches/peers-terraform.sh target/release/palisade "$checkov_bin/checkov" "$work/terraform"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
cat > "$work/meta" <<META
Date: $(date -u '+%Y-%m-%d %H:%M UTC')
Commit: $commit
Machine: $(nproc) cores ($cpu), $memory, $(uname -sr); $(rustc --version)
Load average before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)
Criterion: --warm-up-time $warm --measurement-time $measure; P3 and P6 with $manifests manifests
META

report
