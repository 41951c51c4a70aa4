#!/usr/bin/env bash
# Source this file: it puts a Node >= 24 first on PATH. When the machine's Node is older it
# installs Node 24 from the npm registry (the `node` package ships the binary) into .tools/.
_knts_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_knts_major() { "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }
if [ "$(_knts_major node)" -lt 24 ]; then
  _knts_bin="$_knts_root/.tools/node24/node_modules/node/bin"
  if [ ! -x "$_knts_bin/node" ] || [ "$(_knts_major "$_knts_bin/node")" -lt 24 ]; then
    command -v npm >/dev/null || { echo "knts: npm is required to install Node 24 (apt-get install npm)" >&2; return 1 2>/dev/null || exit 1; }
    echo "knts: installing Node 24 into .tools/node24 (the machine has $(node --version 2>/dev/null || echo no node))" >&2
    mkdir -p "$_knts_root/.tools/node24"
    npm install --silent --no-save --no-audit --no-fund --prefix "$_knts_root/.tools/node24" node@24 >&2 || { echo "knts: could not install node@24 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_knts_bin:$PATH"
fi
unset -f _knts_major
