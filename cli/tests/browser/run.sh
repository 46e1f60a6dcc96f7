#!/usr/bin/env bash
# The reports in a real browser (Debian's Chromium through playwright-core) and the policy
# reports against the vendored CRD schema (ajv), run by .ci/run: installs the tools from
# package-lock.json into target/report-browser when missing (Chromium through apt as root),
# renders the reports of the examples with the built `palisade`, and runs check.mjs. The
# screenshots go to target/report-browser/out; `run.sh --update-screenshot` also copies the
# compliance page's into docs/images for the README. Quiet on success.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
palisade=${CARGO_TARGET_DIR:-$root/target}/debug/palisade
update=false
for arg in "$@"; do
    case "$arg" in
        --update-screenshot) update=true ;;
        *) palisade=$arg ;;
    esac
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
quietly() {
    local what=$1
    shift
    if ! "$@" > "$log" 2>&1; then
        cat "$log" >&2
        echo "report browser check: $what failed" >&2
        exit 1
    fi
}
if ! dpkg -s chromium > /dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "report browser check: needs Debian's chromium (apt-get install chromium as root)" >&2
        exit 1
    fi
    quietly "apt-get update" apt-get update -qq
    quietly "apt-get install chromium" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
tools=$root/target/report-browser
if ! cmp -s cli/tests/browser/package-lock.json "$tools/node_modules/.installed-lock.json"; then
    rm -rf "$tools/node_modules"
    mkdir -p "$tools"
    cp cli/tests/browser/package.json cli/tests/browser/package-lock.json "$tools/"
    (cd "$tools" && quietly "npm ci" npm ci --no-audit --no-fund)
    cp cli/tests/browser/package-lock.json "$tools/node_modules/.installed-lock.json"
fi
out=$tools/out
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1796558400
# Exit 1 is the expected outcome of scanning the examples (some are bad on purpose).
"$palisade" scan examples --format html -o "$out/compliance.html" || [ $? -eq 1 ]
"$palisade" scan examples --format policyreport > "$out/policyreports.yaml" || [ $? -eq 1 ]
"$palisade" test cli/tests/runner/tables_and_with --run wider --format html > "$out/coverage.html"
REPORT_TOOLS=$tools REPORT_OUT=$out COMPLIANCE_REPORT=$out/compliance.html \
    COVERAGE_REPORT=$out/coverage.html POLICY_REPORTS=$out/policyreports.yaml \
    quietly "check.mjs" timeout 300 node cli/tests/browser/check.mjs
if $update; then
    mkdir -p docs/images
    cp "$out/compliance-report.png" docs/images/compliance-report.png
fi
