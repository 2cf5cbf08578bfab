#!/usr/bin/env bash
# Source this file: puts a Node.js >= 22 first on PATH, provisioning Node 24 from the npm
# registry's `node` package when the system one is older. Cached by version.
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
_tributary_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_tributary_node_major)" -lt 22 ]; then
  _tools="${TRIBUTARY_TOOLS_DIR:-$HOME/.cache/tributary/tools}/node-$NODE24_VERSION"
  if [ ! -x "$_tools/node_modules/node/bin/node" ]; then
    echo "bootstrap: provisioning Node.js $NODE24_VERSION into $_tools" >&2
    mkdir -p "$_tools"
    npm install --silent --no-audit --no-fund --prefix "$_tools" "node@$NODE24_VERSION" >&2
  fi
  export PATH="$_tools/node_modules/node/bin:$PATH"
fi
echo "bootstrap: using node $(node -v) at $(command -v node)" >&2
