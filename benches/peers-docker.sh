#!/usr/bin/env bash
# D1: the whole `palisade scan` process against the whole `hadolint` process over the same
# Dockerfiles (peers/docker/corpus), side by side in one run: runs alternate between the two
# tools and the medians are compared. Both judge every file and print JSON; neither output is
# read here (peers/docker/compare.py checks that they agree).
#
#   benches/peers-docker.sh PALISADE HADOLINT OUT [RUNS]
#
# OUT gets `key=value` lines for bench-report.
set -euo pipefail
cd "$(dirname "$0")/.."
palisade=$1 hadolint=$2 out=$3 runs=${4:-9}
corpus=peers/docker/corpus
mapfile -t files < <(find "$corpus" -name '*.Dockerfile' | sort)
# hadolint with a configuration of its own (nothing ignored), as peers/docker/compare.py runs it.
config=$(mktemp)
trap 'rm -f "$config"' EXIT
echo 'ignored: []' > "$config"

now() { date +%s%N; }
declare -a tp th
for ((i = 0; i < runs; i++)); do
    start=$(now)
    "$palisade" scan "$corpus" --format json > /dev/null || [ $? -eq 1 ]
    tp+=($(( ($(now) - start) / 1000 )))
    start=$(now)
    HOME=/nonexistent "$hadolint" --no-fail --config "$config" --disable-ignore-pragma \
        --format json "${files[@]}" > /dev/null
    th+=($(( ($(now) - start) / 1000 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mp=$(median "${tp[@]}") mh=$(median "${th[@]}")
{
    echo "docker_files=${#files[@]}"
    echo "docker_runs=$runs"
    echo "docker_palisade_us=$mp"
    echo "docker_hadolint_us=$mh"
    echo "docker_hadolint_version=$("$hadolint" --version | head -n 1 | tr -d '\n')"
} > "$out"
cat "$out"
