#!/usr/bin/env bash
# Packs one of the project's Node.js packages with `npm pack`:
#   scripts/pack-npm.sh <package dir> [--out-dir <dir>]     (sdk/nodejs/pingone, stackone/nodejs)
# compiles it (its tsconfig.json) into a temporary directory beside its package.json and README.md — bin/**/*.js and
# bin/**/*.d.ts only, no TypeScript sources, no source maps — and packs that:
# <scope>-<name>-<version>.tgz, installable with `npm install <file>` anywhere. The last line of stdout is its path.
set -euo pipefail
readonly SCRIPT_NAME="pack-npm" USAGE="scripts/pack-npm.sh <package dir> [--out-dir <dir>]"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir=""
package_dir() { [[ "$1" != -* ]] || usage_error "unknown option '$1'"; dir="$1"; }
read_args package_dir "$@"
cd "$ROOT"
[[ -n "$dir" && -f "$dir/package.json" ]] || { echo "pack-npm: '$dir' is no package directory (no package.json)" >&2; exit 2; }
make_out_dir "$ROOT/dist"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
echo "pack-npm: compiling $dir/tsconfig.json" >&2
# Into the stage, not the package's own bin/: only what its sources make now is packed (no file left by an older
# build), and a checkout's build is never touched.
node node_modules/typescript/bin/tsc -p "$dir/tsconfig.json" --outDir "$stage/bin" --composite false --incremental false \
  --declaration --declarationMap false --sourceMap false
find "$stage/bin" -type f ! -name '*.js' ! -name '*.d.ts' -delete
cp "$dir/package.json" "$stage/"
[[ -f "$dir/README.md" ]] && cp "$dir/README.md" "$stage/"
file="$(cd "$stage" && npm pack --pack-destination "$out_dir" --ignore-scripts --loglevel=error | tail -n1)"
echo "pack-npm: $(du -h "$out_dir/$file" | cut -f1) $out_dir/$file" >&2
echo "$out_dir/$file"
