#!/usr/bin/env bash
# Runs the hooks of .pre-commit-hooks.yaml with the real pre-commit (from PyPI, into a venv
# under target/) on a throw-away repository, as a user's commit would: a badly formatted
# policy is reformatted (the hook fails, then passes), a policy with a type error fails
# `palisade-check`, a failing test fails `palisade-test`, a privileged pod fails
# `palisade-scan` (with `args: [--fail-on, high]`), and once all is fixed every hook passes.
# Quiet on success.
#
#   integrations/pre-commit/test.sh [PALISADE_BINARY]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
palisade=$(cd "$(dirname "${1:-$repo/target/debug/palisade}")" && pwd)/$(basename "${1:-palisade}")
venv=${PALISADE_PRECOMMIT_VENV:-$repo/target/pre-commit-venv}
PRE_COMMIT_VERSION=4.7.0
if ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -qx "pre-commit $PRE_COMMIT_VERSION"; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION" >&2
fi
# The hooks run `palisade` from PATH, as on a user's machine.
bin=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$bin" "$work"' EXIT
ln -s "$palisade" "$bin/palisade"
export PATH="$bin:$PATH" PRE_COMMIT_HOME="$work/cache"
# The hooks as committed: pre-commit clones this repository at HEAD (uncommitted changes to
# .pre-commit-hooks.yaml are not seen).
rev=$(git -C "$repo" rev-parse HEAD)
mkdir "$work/r"
cd "$work/r"
git init -q .
git config user.email ci@example.com
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: palisade-fmt
      - id: palisade-check
      - id: palisade-test
      - id: palisade-scan
        args: [--fail-on, high]
YAML
mkdir policies k8s
printf 'package acme.replicas\n\ntype D = { kind: "Deployment", spec: { replicas: int, .. }, .. }\n\nrule   replicas(d: D)   {\n  meta { id: "ACME-REPLICAS" title: "Few replicas" severity: "low" }\n  if d.spec.replicas > 3 { violation "too many" }\n}\n\ntest "five is too many" {\n  assert denies(replicas, { kind: "Deployment", spec: { replicas: 5 } })\n}\n' > policies/replicas.pal
printf 'apiVersion: v1\nkind: Pod\nmetadata: { name: debug, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36\n      securityContext: { privileged: true }\n' > k8s/pod.yaml
git add -A

log="$work/log"
hook() {  # hook ID EXPECTED(0|1) WHAT
    local id=$1 expected=$2 what=$3 status=0
    "$venv/bin/pre-commit" run "$id" --all-files > "$log" 2>&1 || status=$?
    if [ "$status" -ne "$expected" ]; then
        cat "$log" >&2
        echo "pre-commit: $id exited $status, expected $expected: $what" >&2
        exit 1
    fi
}
hook palisade-fmt 1 "an unformatted policy is reformatted (and the hook fails)"
grep -q '^rule replicas(d: D) {$' policies/replicas.pal || { echo "pre-commit: palisade-fmt did not reformat" >&2; exit 1; }
hook palisade-fmt 0 "a formatted policy passes"
hook palisade-test 0 "the policy's tests pass"
hook palisade-scan 1 "a privileged pod is a finding"
grep -q 'PSS-BASELINE-PRIVILEGED' "$log" || { cat "$log" >&2; echo "pre-commit: the scan did not name the finding" >&2; exit 1; }
sed -i 's/privileged: true/privileged: false, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }, seccompProfile: { type: RuntimeDefault }/' k8s/pod.yaml
hook palisade-scan 0 "the pod without privileges passes (medium findings are below --fail-on high)"
sed -i 's/d.spec.replicas > 3/d.spec.replicas > "3"/' policies/replicas.pal
hook palisade-check 1 "a type error fails the check"
grep -q 'E03' "$log" || { cat "$log" >&2; echo "pre-commit: the check did not report a type error" >&2; exit 1; }
sed -i 's/d.spec.replicas > "3"/d.spec.replicas > 9/' policies/replicas.pal
hook palisade-check 0 "the corrected policy checks"
hook palisade-test 1 "a test that no longer holds fails"
sed -i 's/d.spec.replicas > 9/d.spec.replicas > 3/' policies/replicas.pal
git add -A
"$venv/bin/pre-commit" run --all-files > "$log" 2>&1 || { cat "$log" >&2; echo "pre-commit: the hooks do not all pass on the fixed repository" >&2; exit 1; }
echo "pre-commit: the 4 hooks failed and passed as expected (pre-commit $PRE_COMMIT_VERSION)"
