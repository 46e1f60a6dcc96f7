#!/usr/bin/env bash
# Peak memory (RSS) of `palisade scan` over one Kubernetes `List` of 1,000 and of 100,000
# compliant pods, written as `kubectl get -o yaml` writes a list (`items` before `kind`), with
# the default limits. Items are read and judged one at a time, so the peak should stay near
# that of the small list plus the text of the file (which is held whole). With BEFORE, a
# second build is measured on the same files side by side (with the node limit raised, since
# a build that reads a list whole refuses 100,000 items under the default limits).
#
#   benches/list-memory.sh [BEFORE_BINARY]
#
# With LIST_MEMORY_OUT=FILE, the measurements of this build are also written there, one line
# per list: ITEMS BYTES PEAK_RSS_KIB (for benches/run.sh's report, scenario P7).
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --release --locked -p palisade-cli
after=target/release/palisade

# One pod per item, each with its own name; compliant with the restricted profile, so the
# report stays empty and only reading and judging are measured.
list() {
    awk -v n="$1" 'BEGIN {
        print "apiVersion: v1"
        print "items:"
        for (i = 0; i < n; i++) {
            print "- apiVersion: v1"
            print "  kind: Pod"
            printf "  metadata: {name: web-%d, namespace: shop, labels: {app: web}}\n", i
            print "  spec:"
            print "    serviceAccountName: web"
            print "    automountServiceAccountToken: false"
            print "    securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}"
            print "    containers:"
            print "    - name: app"
            print "      image: registry.example/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            print "      resources: {limits: {cpu: 500m, memory: 256Mi}, requests: {cpu: 100m, memory: 128Mi}}"
            print "      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}"
        }
        print "kind: List"
        print "metadata:"
        print "  resourceVersion: \"\""
    }' > "$2"
}
list 1000 "$work/small.yaml"
list 100000 "$work/large.yaml"

# Peak RSS in KiB and wall time in seconds of one scan; the report's finding count.
measure() {
    local label=$1 bin=$2 file=$3
    shift 3
    /usr/bin/time -f '%M %e' -o "$work/time" "$bin" scan "$file" --format json "$@" \
        > "$work/report.json" || [ $? -eq 1 ]
    local findings
    findings=$( (grep -o '"rule":' "$work/report.json" || true) | wc -l)
    read -r rss secs < <(tail -n 1 "$work/time")
    # A scan that could not read the list (an unreadable-document finding) is a failure here.
    if grep -q '"title": *"unreadable document"' "$work/report.json" && [ "$label" != "${label#after}" ]; then
        echo "the list was not read: $(head -c 400 "$work/report.json")" >&2
        exit 1
    fi
    printf '%-28s %-10s %10s KiB %8s s %8s findings\n' "$label" "$(basename "$file")" "$rss" "$secs" "$findings"
}

echo "file sizes: 1k items $(stat -c %s "$work/small.yaml") bytes, 100k items $(stat -c %s "$work/large.yaml") bytes"
printf '%-28s %-10s %14s %10s %17s\n' build file "peak RSS" time report
measure "after (default limits)" "$after" "$work/small.yaml"
small_rss=$rss
measure "after (default limits)" "$after" "$work/large.yaml"
if [ -n "${LIST_MEMORY_OUT:-}" ]; then
    {
        echo "1000 $(stat -c %s "$work/small.yaml") $small_rss"
        echo "100000 $(stat -c %s "$work/large.yaml") $rss"
    } > "$LIST_MEMORY_OUT"
fi
if [ -n "$before" ]; then
    measure "before (default limits)" "$before" "$work/small.yaml"
    measure "before (default limits)" "$before" "$work/large.yaml"
    measure "before (--max-nodes 10M)" "$before" "$work/large.yaml" --max-nodes 10000000
fi
