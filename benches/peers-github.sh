#!/usr/bin/env bash
# D2: the whole `palisade scan` process against the whole `zizmor --offline` process over the
# same GitHub Actions workflows and actions (peers/github/corpus), side by side in one run: runs
# alternate between the two tools and the medians are compared. Both judge every file and print
# JSON; neither output is read here (peers/github/compare.py checks that they agree).
#
#   benches/peers-github.sh PALISADE ZIZMOR OUT [RUNS]
#
# OUT gets `key=value` lines for bench-report.
set -euo pipefail
cd "$(dirname "$0")/.."
palisade=$1 zizmor=$2 out=$3 runs=${4:-9}
corpus=peers/github/corpus
mapfile -t files < <(find "$corpus" -mindepth 1 -maxdepth 2 \
    \( -path "$corpus/*.yml" -o -path "$corpus/*/action.yml" \) -type f | sort)
# zizmor as peers/github/compare.py runs it: offline, no configuration, every audit of the
# auditor persona, with a cache folder of its own.
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT

now() { date +%s%N; }
declare -a tp tz
for ((i = 0; i < runs; i++)); do
    start=$(now)
    "$palisade" scan "$corpus" --format json > /dev/null || [ $? -eq 1 ]
    tp+=($(( ($(now) - start) / 1000 )))
    start=$(now)
    HOME=/nonexistent "$zizmor" --offline --no-config --no-ignores --no-exit-codes --no-progress \
        --persona auditor --cache-dir "$cache" --format json "${files[@]}" > /dev/null 2>&1
    tz+=($(( ($(now) - start) / 1000 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mp=$(median "${tp[@]}") mz=$(median "${tz[@]}")
{
    echo "github_files=${#files[@]}"
    echo "github_runs=$runs"
    echo "github_palisade_us=$mp"
    echo "github_zizmor_us=$mz"
    echo "github_zizmor_version=$("$zizmor" --version | head -n 1 | tr -d '\n')"
} > "$out"
cat "$out"
