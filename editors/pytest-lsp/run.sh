#!/usr/bin/env bash
# Runs the pytest-lsp suite of `palisade lsp`: installs the pinned pytest-lsp and pytest into a
# venv under target/ when it is missing or requirements.txt changed, builds the binary, and runs
# the tests under a timeout with every XDG folder (and, for the tests, HOME) in a temporary folder, so nothing
# touches $HOME or the source tree. Quiet on success but for pytest's summary line.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/pytest-lsp-venv
requirements=editors/pytest-lsp/requirements.txt
work=$(mktemp -d "${TMPDIR:-/tmp}/palisade-pytest-lsp.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
export XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
export PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
if ! cmp -s "$requirements" "$venv/requirements.txt"; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --no-cache-dir --require-virtualenv -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
fi
cargo build --quiet --locked -p palisade-cli
export PALISADE_BIN="$PWD/target/debug/palisade"
cd editors/pytest-lsp
HOME="$work/home" timeout 900 "../../$venv/bin/python" -m pytest -q --no-header --basetemp "$work/tmp" "$@"
