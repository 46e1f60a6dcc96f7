#!/usr/bin/env bash
# Runs the extension in a real VS Code: installs what the test needs when missing (Debian's
# Chromium and the headers code-server's native modules build against, through apt as root;
# code-server and playwright-core from e2e/package-lock.json into target/vscode-e2e; Node 24
# through ../scripts/node.sh), builds `palisade`, installs the .vsix that scripts/build.sh made
# into a fresh code-server profile under target/, starts code-server on a free loopback port
# with the workspace's `palisade.server.path` set to it, and runs e2e.mjs under a timeout. code-server is always stopped on
# exit. Screenshots go to target/vscode-e2e/screenshots. Quiet on success.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
source editors/vscode/scripts/node.sh
log=$(mktemp)
server_pgid=""
cleanup() {
    if [ -n "$server_pgid" ]; then
        kill -TERM -- "-$server_pgid" 2> /dev/null || true
        # Give it a moment to stop its extension host and language server, then make sure.
        for _ in $(seq 50); do kill -0 -- "-$server_pgid" 2> /dev/null || break; sleep 0.1; done
        kill -KILL -- "-$server_pgid" 2> /dev/null || true
    fi
    rm -f "$log"
}
trap cleanup EXIT
quietly() {
    local what=$1
    shift
    if ! "$@" > "$log" 2>&1; then
        cat "$log" >&2
        echo "vscode e2e: $what failed" >&2
        exit 1
    fi
}

missing=()
for package in chromium build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "vscode e2e: needs the Debian packages ${missing[*]} (apt-get install them as root)" >&2
        exit 1
    fi
    quietly "apt-get update" apt-get update -qq
    quietly "apt-get install ${missing[*]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

tools=$root/target/vscode-e2e
if ! cmp -s editors/vscode/e2e/package-lock.json "$tools/node_modules/.installed-lock.json"; then
    rm -rf "$tools/node_modules"
    mkdir -p "$tools"
    cp editors/vscode/e2e/package.json editors/vscode/e2e/package-lock.json "$tools/"
    (cd "$tools" && quietly "npm ci (code-server, playwright-core)" npm ci --no-audit --no-fund)
    cp editors/vscode/e2e/package-lock.json "$tools/node_modules/.installed-lock.json"
fi

quietly "cargo build" cargo build --quiet --locked -p palisade-cli
palisade=${CARGO_TARGET_DIR:-$root/target}/debug/palisade
version=$(node -p 'require("./editors/vscode/package.json").version')
vsix=$root/target/vscode/palisade-$version.vsix
[ -f "$vsix" ] || { echo "vscode e2e: $vsix is missing: run editors/vscode/scripts/build.sh first" >&2; exit 1; }

run=$tools/run
rm -rf "$run" "$tools/screenshots"
mkdir -p "$run"/{data,config,cache,state,user-data/User,extensions,home}
cp -r editors/vscode/e2e/workspace "$run/workspace"
cp editors/vscode/e2e/settings.json "$run/user-data/User/settings.json"
export XDG_DATA_HOME=$run/data XDG_CONFIG_HOME=$run/config XDG_CACHE_HOME=$run/cache XDG_STATE_HOME=$run/state
export HOME=$run/home
# No extension gallery: code-server would otherwise query one on the internet.
export EXTENSIONS_GALLERY='{"serviceUrl": "http://127.0.0.1:9/gallery", "itemUrl": "http://127.0.0.1:9/items"}'
# The extension host takes its environment from a login shell, not from code-server's: the
# workspace names the binary under test in its settings.
mkdir -p "$run/workspace/.vscode"
printf '{\n  "palisade.server.path": "%s",\n  "palisade.trace.server": "messages"\n}\n' "$palisade" \
    > "$run/workspace/.vscode/settings.json"
code_server=("$tools/node_modules/.bin/code-server" --user-data-dir "$run/user-data" --extensions-dir "$run/extensions")
quietly "code-server --install-extension" "${code_server[@]}" --install-extension "$vsix"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Its own session (setsid), so that the whole process group can be stopped at the end.
setsid timeout 400 "${code_server[@]}" --auth none \
    --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override "$run/workspace" \
    > "$run/code-server.log" 2>&1 &
server_pgid=$!
ready=false
for _ in $(seq 600); do
    if python3 -c "import socket, sys; socket.create_connection(('127.0.0.1', $port), 0.5)" 2> /dev/null; then
        ready=true
        break
    fi
    kill -0 "$server_pgid" 2> /dev/null || break
    sleep 0.1
done
if ! $ready; then
    cat "$run/code-server.log" >&2
    echo "vscode e2e: code-server did not start" >&2
    exit 1
fi

status=0
E2E_URL="http://127.0.0.1:$port/?folder=$run/workspace" E2E_WORKSPACE="$run/workspace" \
    E2E_SHOTS="$tools/screenshots" E2E_TOOLS="$tools" E2E_LOGS="$run/user-data/logs" PALISADE_BIN="$palisade" \
    timeout 300 node editors/vscode/e2e/e2e.mjs || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- code-server log (last lines):" >&2
    tail -n 40 "$run/code-server.log" >&2
    echo "vscode e2e: failed (exit $status); screenshots in target/vscode-e2e/screenshots" >&2
    exit 1
fi
