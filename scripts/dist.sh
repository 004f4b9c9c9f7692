#!/usr/bin/env bash
# `npm run dist`: every release artifact of the project, under the name its tool gives it, in dist/release/ (or
# `--out-dir <dir>`):
#   pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz   each plugin of bin/pulumi-resource-* (scripts/pack-plugin.sh),
#                                                          for `pulumi plugin install resource <name> <version> --file`
#   <scope>-<name>-<version>.tgz                           each Node.js package (scripts/pack-npm.sh): stackone/nodejs,
#                                                          then the generated sdk/nodejs/* (a name already packed is skipped)
#   <name>-<version>.tar.gz, <name>-<version>-py3-none-any.whl   each Python SDK of sdk/python/* (PyPA's `build`)
#   SHA256SUMS                                             the checksums of all of them
# The Go SDKs are Go modules in this repository (sdk/go/*/go.mod), fetched by `go get` from the repository itself:
# there is nothing to build, and the script lists them.
#
# Python: PyPA's `build` (pinned below, installed once into a virtualenv under ${STACKONE_DIST_CACHE:-~/.cache/
# stackone-pingone/dist}) makes the sdist and then the wheel from that sdist, so a file the sdist lacks fails here, not
# at a user's `pip install`; `pip wheel` makes no sdist. Each SDK is built from a copy, so no build/ or *.egg-info is
# left in the checked-in generated code.
set -euo pipefail
readonly SCRIPT_NAME="dist" USAGE="npm run dist [-- --out-dir <dir>]"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD_VERSION="1.6.1"
no_argument() { usage_error "unknown argument '$1'"; }
read_args no_argument "$@"
cd "$ROOT"
make_out_dir "$ROOT/dist/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== Node.js packages" >&2
packed=" "
for dir in stackone/nodejs sdk/nodejs/*; do
  [[ -f "$dir/package.json" ]] || continue
  pkg="$(node -p 'require(process.argv[1]).name' "./$dir/package.json")"
  if [[ "$packed" == *" $pkg "* ]]; then echo "dist: $dir skipped: $pkg is already packed" >&2; continue; fi
  bash scripts/pack-npm.sh "$dir" --out-dir "$out_dir" >/dev/null
  packed+="$pkg "
done

echo "== plugins" >&2
for launcher in bin/pulumi-resource-*; do
  bash scripts/pack-plugin.sh "${launcher#bin/pulumi-resource-}" --out-dir "$out_dir" >/dev/null
done

echo "== Python SDKs" >&2
venv="${STACKONE_DIST_CACHE:-$HOME/.cache/stackone-pingone/dist}/build-$BUILD_VERSION"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -m build --version >/dev/null 2>&1; then
  echo "dist: installing build==$BUILD_VERSION into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "build==$BUILD_VERSION"
fi
for dir in sdk/python/*; do
  [[ -f "$dir/pyproject.toml" ]] || continue
  copy="$work/python/$(basename "$dir")"
  mkdir -p "$copy" && cp -R "$dir/." "$copy/"
  "$venv/bin/python" -m build --outdir "$out_dir" "$copy" >&2
done

echo "== Go SDKs: Go modules in this repository, nothing to build" >&2
for mod in sdk/go/*/go.mod; do
  [[ -f "$mod" ]] || continue
  echo "dist: $(dirname "$mod"): module $(awk '$1 == "module" { print $2 }' "$mod")" >&2
done

(cd "$out_dir" && rm -f SHA256SUMS && sha256sum -- * >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
echo "== dist: $out_dir" >&2
ls -1 "$out_dir"
