#!/usr/bin/env bash
# Packs one of the project's Node.js packages with `npm pack`:
#   scripts/pack-npm.sh <package dir> [--out-dir <dir>]     (sdk/nodejs/pingone, stackone/nodejs)
# builds it (its own `build` script), stages its package.json, README.md and the compiled bin/**/*.js and
# bin/**/*.d.ts (no TypeScript sources, no source maps) in a temporary directory, and packs that:
# <scope>-<name>-<version>.tgz, installable with `npm install <file>` anywhere. The last line of stdout is its path.
set -euo pipefail

dir="" out_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out-dir) out_dir="$2"; shift 2 ;;
    -*) echo "pack-npm: unknown option '$1' (usage: scripts/pack-npm.sh <package dir> [--out-dir <dir>])" >&2; exit 2 ;;
    *) dir="$1"; shift ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -n "$dir" && -f "$dir/package.json" ]] || { echo "pack-npm: '$dir' is no package directory (no package.json)" >&2; exit 2; }
out_dir="${out_dir:-$ROOT/dist}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

echo "pack-npm: building $dir" >&2
(cd "$dir" && npm run -s build >&2)
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$dir/package.json" "$stage/"
[[ -f "$dir/README.md" ]] && cp "$dir/README.md" "$stage/"
(cd "$dir" && find bin \( -name '*.js' -o -name '*.d.ts' \) -print0 | xargs -0 -I{} install -D -m 0644 {} "$stage/{}")
file="$(cd "$stage" && npm pack --pack-destination "$out_dir" --ignore-scripts --loglevel=error | tail -n1)"
echo "pack-npm: $(du -h "$out_dir/$file" | cut -f1) $out_dir/$file" >&2
echo "$out_dir/$file"
