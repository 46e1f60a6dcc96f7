#!/usr/bin/env bash
# Runs every embedding example as a user would, checking their exit codes: the manifest example
# must find the privileged DaemonSet (exit 1), the others succeed.
set -euo pipefail
cd "$(dirname "$0")/../.."
run() { cargo run --quiet --locked -p palisade-embedding-examples --example "$@"; }
set +e
run judge_manifest > /dev/null
code=$?
set -e
if [ "$code" -ne 1 ]; then
  echo "judge_manifest: expected exit 1 (denying findings), got $code" >&2
  exit 1
fi
run custom_rules_toml
run many_threads
run admission_webhook -- --self-test > /dev/null
echo "embedding examples: all ran as expected"
