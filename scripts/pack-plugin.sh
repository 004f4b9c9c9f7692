#!/usr/bin/env bash
# Packages one of the project's plugins for projects other than this one:
#   pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz
# holding the launcher `pulumi-resource-<name>` (it runs node), the compiled plugin and the packages it loads at run
# time, installed with `npm install --omit=dev` (no dev dependencies). Install it where Pulumi looks for plugins with
#   pulumi plugin install resource <name> <version> --file <that file>
#
#   scripts/pack-plugin.sh [pingone|stackone] [--out-dir <dir>]
#
# - pingone (the default): the resource provider (pingone/), with @grpc/grpc-js, google-protobuf, zod and the
#   protobuf stubs of @pulumi/pulumi (not the SDK itself: the provider loads nothing else).
# - stackone: the component plugin (stackone/, the component of components/, the pingone/ modules they load), with
#   @pulumi/pulumi (Construct runs the SDK's runtime) and @stackone/pulumi-pingone packed from sdk/nodejs/pingone.
#
# The version is the package schema's. The last line of stdout is the file's path; `--out-dir` writes it there
# instead of dist/. Builds in a temporary directory, so a checkout's own dist/ is never touched. Needs Node.js on the
# machine that runs the plugin.
set -euo pipefail
readonly SCRIPT_NAME="pack-plugin" USAGE="scripts/pack-plugin.sh [pingone|stackone] [--out-dir <dir>]"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name="pingone"
plugin_name() { [[ "$1" == pingone || "$1" == stackone ]] || usage_error "unknown argument '$1'"; name="$1"; }
read_args plugin_name "$@"

cd "$ROOT"
case "$name" in
  pingone)
    schema=pingone/provider/schema.json tsconfig=pingone/provider/tsconfig.build.json main=pingone/provider/main.js
    sources=(pingone) deps=(@grpc/grpc-js google-protobuf zod) ;;
  stackone)
    schema=stackone/schema.json tsconfig=stackone/tsconfig.build.json main=stackone/provider/main.js
    sources=(stackone components pingone pulumiInternals.js) deps=(@pulumi/pulumi @grpc/grpc-js google-protobuf zod) ;;
esac
version="$(node -p 'require(process.argv[1]).version' "./$schema")"
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
make_out_dir "$ROOT/dist"
out="$out_dir/pulumi-resource-$name-v$version-$os-$arch.tar.gz"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/plugin"
mkdir -p "$stage/dist"
echo "pack-plugin: building the $name plugin ($tsconfig)" >&2
node node_modules/typescript/bin/tsc -p "$tsconfig" --outDir "$work/build" --sourceMap false
# The plugin's own modules: everything its entry can load (no tests, test helpers or the schema generator), and the
# JSON it imports.
(cd "$work/build" && find "${sources[@]}" \( -name '*.js' -o -name '*.json' \) ! -name 'testing.js' ! -name '*.test.js' ! -name 'schemaGen.js' -print0 |
  xargs -0 -I{} install -D -m 0644 {} "$stage/dist/{}")
[[ -f "$stage/dist/$main" ]] || { echo "pack-plugin: the build made no $main" >&2; exit 1; }

cat >"$stage/pulumi-resource-$name" <<LAUNCHER
#!/bin/sh
# The $name plugin (packaged): runs its compiled entry with Node.js.
exec node "\$(cd "\$(dirname "\$0")" && pwd)/dist/$main" "\$@"
LAUNCHER
chmod 0755 "$stage/pulumi-resource-$name"

# Its run-time packages, at the versions this project pins.
node -e '
const root = require("./package.json");
const [name, version, file, ...deps] = process.argv.slice(1);
const pkg = { name: `pulumi-resource-${name}`, version, private: true, dependencies: {} };
for (const d of deps) pkg.dependencies[d] = root.dependencies[d];
require("fs").writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "$name" "$version" "$stage/package.json" "${deps[@]}"
if [[ "$name" == stackone ]]; then
  # The component imports the pingone SDK: its npm tarball, as `npm run dist` packs it (compiled JS and .d.ts).
  sdk_tgz="$(bash scripts/pack-npm.sh sdk/nodejs/pingone --out-dir "$work" | tail -n1)"
  node -e 'const f = process.argv[1], p = require(f); p.dependencies[process.argv[2]] = "file:" + process.argv[3];
require("fs").writeFileSync(f, JSON.stringify(p, null, 2) + "\n");' "$stage/package.json" "@stackone/pulumi-pingone" "$sdk_tgz"
fi
echo "pack-plugin: installing $(node -p 'Object.keys(require(process.argv[1]).dependencies).join(", ")' "$stage/package.json")" >&2
(cd "$stage" && npm install --omit=dev --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error >&2)
if [[ "$name" == pingone ]]; then
  # The protobuf stubs of the Pulumi SDK (generated code over google-protobuf and @grpc/grpc-js), without the SDK itself.
  mkdir -p "$stage/node_modules/@pulumi/pulumi"
  cp -R node_modules/@pulumi/pulumi/proto "$stage/node_modules/@pulumi/pulumi/proto"
  node -e 'const v = require("./node_modules/@pulumi/pulumi/package.json").version;
require("fs").writeFileSync(process.argv[1], JSON.stringify({ name: "@pulumi/pulumi", version: v, private: true }) + "\n");' \
    "$stage/node_modules/@pulumi/pulumi/package.json"
else
  # The installed package.json names the tarball by its temporary path; the plugin needs only what it installed.
  node -e 'const f = process.argv[1], p = require(f); p.dependencies["@stackone/pulumi-pingone"] = process.argv[2];
require("fs").writeFileSync(f, JSON.stringify(p, null, 2) + "\n");' "$stage/package.json" "$(node -p 'require("./sdk/nodejs/pingone/package.json").version')"
fi

tar -czf "$out" -C "$stage" .
echo "pack-plugin: $(du -h "$out" | cut -f1) $out" >&2
echo "$out"
