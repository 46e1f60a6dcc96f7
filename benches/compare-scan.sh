#!/usr/bin/env bash
# Compares two builds of `palisade scan` side by side, in one run: wall time over generated
# manifests (runs alternate between the builds; medians), instructions counted by callgrind on a
# smaller directory (deterministic, whatever the machine's load), and whether both builds print
# byte-identical JSON reports.
#
#   benches/compare-scan.sh BEFORE_BINARY AFTER_BINARY [MANIFESTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1 after=$2 manifests=${3:-2000} runs=${4:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --release --locked -p palisade-benches --bin gen-manifests
target/release/gen-manifests "$work/big" "$manifests" > /dev/null
target/release/gen-manifests "$work/small" 100 > /dev/null

now() { date +%s%N; }
declare -a tb ta
for ((i = 0; i < runs; i++)); do
    for which in before after; do
        bin=${!which}
        start=$(now)
        "$bin" scan "$work/big" --format json > "$work/$which.json" || [ $? -eq 1 ]
        elapsed=$(( ($(now) - start) / 1000000 ))
        if [ "$which" = before ]; then tb+=("$elapsed"); else ta+=("$elapsed"); fi
    done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median "${tb[@]}") ma=$(median "${ta[@]}")
if cmp -s "$work/before.json" "$work/after.json"; then same=identical; else same=DIFFERENT; fi

count() {
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$1" scan "$work/small" \
        --format json > /dev/null 2> "$work/cg.log" || true
    grep -o 'Collected : [0-9]*' "$work/cg.log" | awk '{print $3}'
}
ib=$(count "$before") ia=$(count "$after")

echo "scan of $manifests generated manifests, $runs runs each, alternating:"
echo "  before: median ${mb} ms   after: median ${ma} ms   after/before: $(awk "BEGIN {printf \"%.3f\", $ma/$mb}")"
echo "  JSON reports: $same"
echo "instructions (callgrind), scan of 100 manifests:"
echo "  before: $ib   after: $ia   after/before: $(awk "BEGIN {printf \"%.4f\", $ia/$ib}")"
