#!/usr/bin/env bash
# D3: the whole `palisade scan` process against the whole `checkov -d` process over the same
# Terraform modules (peers/terraform/corpus), side by side in one run: runs alternate between
# the two tools and the medians of wall time and of peak memory (maximum resident set size, as
# GNU time reports it) are compared. Both judge every `.tf` file and print JSON; neither output
# is read here (peers/terraform/compare.py checks that they agree).
#
#   benches/peers-terraform.sh PALISADE CHECKOV OUT [RUNS]
#
# OUT gets `key=value` lines for bench-report. GNU time prints a line about a non-zero exit
# status before the figure asked for: the last line is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
palisade=$1 checkov=$2 out=$3 runs=${4:-5}
corpus=peers/terraform/corpus
files=$(find "$corpus" -name '*.tf' -type f | wc -l)
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed for peak memory" >&2; exit 1; }
declare -a tp tc mp mc
for ((i = 0; i < runs; i++)); do
    read -r t m < <(
        start=$(date +%s%N)
        m=$(/usr/bin/time -f '%M' -o /dev/fd/3 "$palisade" scan "$corpus" --format json 3>&1 > /dev/null 2> /dev/null | tail -n 1 || true)
        echo "$(( ($(date +%s%N) - start) / 1000 )) $m"
    )
    tp+=("$t") mp+=("$m")
    read -r t m < <(
        start=$(date +%s%N)
        m=$(HOME=$(mktemp -d) /usr/bin/time -f '%M' -o /dev/fd/3 "$checkov" -d "$corpus" \
            --framework terraform --skip-download -o json --quiet 3>&1 > /dev/null 2> /dev/null | tail -n 1 || true)
        echo "$(( ($(date +%s%N) - start) / 1000 )) $m"
    )
    tc+=("$t") mc+=("$m")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
{
    echo "terraform_files=$files"
    echo "terraform_runs=$runs"
    echo "terraform_palisade_us=$(median "${tp[@]}")"
    echo "terraform_checkov_us=$(median "${tc[@]}")"
    echo "terraform_palisade_kb=$(median "${mp[@]}")"
    echo "terraform_checkov_kb=$(median "${mc[@]}")"
    echo "terraform_checkov_version=checkov $("$checkov" --version 2> /dev/null | head -n 1 | tr -d '\n')"
} > "$out"
cat "$out"
