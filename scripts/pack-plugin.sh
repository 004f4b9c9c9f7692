#!/usr/bin/env bash
# Packages the pingone provider plugin for projects other than this one:
#   dist/pulumi-resource-pingone-v<version>-<os>-<arch>.tar.gz
# holding the launcher, the compiled provider and the packages it loads at run time (@grpc/grpc-js, google-protobuf,
# zod, and the protobuf stubs of @pulumi/pulumi). Install it where Pulumi looks for plugins with
#   pulumi plugin install resource pingone <version> --file <that file>
# The last line of stdout is the file's path; `--out-dir <dir>` writes it there instead of dist/. Builds in a
# temporary directory, so a checkout's own dist/ is never touched. Needs Node.js on the machine that runs the plugin.
set -euo pipefail

out_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out-dir) out_dir="$2"; shift 2 ;;
    *) echo "pack-plugin: unknown argument '$1' (usage: scripts/pack-plugin.sh [--out-dir <dir>])" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
version="$(node -p 'require("./pingone/provider/schema.json").version')"
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
out_dir="${out_dir:-$ROOT/dist}"
mkdir -p "$out_dir"
out="$(cd "$out_dir" && pwd)/pulumi-resource-pingone-v$version-$os-$arch.tar.gz"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/plugin"
mkdir -p "$stage/dist"
echo "pack-plugin: building the provider" >&2
node node_modules/typescript/bin/tsc -p pingone/provider/tsconfig.build.json --outDir "$work/build" --sourceMap false
# The provider's own modules: everything under pingone/ the plugin's entry can load (no tests).
(cd "$work/build" && find pingone -name '*.js' ! -name 'testing.js' -print0 | xargs -0 -I{} install -D -m 0644 {} "$stage/dist/{}")
install -m 0644 "$work/build/pingone/provider/schema.json" "$stage/dist/pingone/provider/schema.json"

cat >"$stage/pulumi-resource-pingone" <<'LAUNCHER'
#!/bin/sh
# The pingone resource provider plugin (packaged): runs its compiled provider with Node.js.
exec node "$(cd "$(dirname "$0")" && pwd)/dist/pingone/provider/main.js" "$@"
LAUNCHER
chmod 0755 "$stage/pulumi-resource-pingone"

# Its run-time packages, at the versions this project pins.
node -e '
const root = require("./package.json");
const pick = (n) => root.dependencies[n];
const pkg = { name: "pulumi-resource-pingone", version: process.argv[1], private: true,
  dependencies: { "@grpc/grpc-js": pick("@grpc/grpc-js"), "google-protobuf": pick("google-protobuf"), zod: pick("zod") } };
require("fs").writeFileSync(process.argv[2], JSON.stringify(pkg, null, 2) + "\n");
' "$version" "$stage/package.json"
echo "pack-plugin: installing @grpc/grpc-js, google-protobuf, zod" >&2
(cd "$stage" && npm install --omit=dev --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error >&2)
# The protobuf stubs of the Pulumi SDK (generated code over google-protobuf and @grpc/grpc-js), without the SDK itself.
mkdir -p "$stage/node_modules/@pulumi/pulumi"
cp -R node_modules/@pulumi/pulumi/proto "$stage/node_modules/@pulumi/pulumi/proto"
node -e 'const v = require("./node_modules/@pulumi/pulumi/package.json").version;
require("fs").writeFileSync(process.argv[1], JSON.stringify({ name: "@pulumi/pulumi", version: v, private: true }) + "\n");' \
  "$stage/node_modules/@pulumi/pulumi/package.json"

tar -czf "$out" -C "$stage" .
echo "pack-plugin: $(du -h "$out" | cut -f1) $out" >&2
echo "$out"
