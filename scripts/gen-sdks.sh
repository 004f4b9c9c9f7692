#!/usr/bin/env bash
# Generates the SDKs of every package listed in sdk/packages.txt with Pulumi's own code generators (tools/gen):
#
#   scripts/gen-sdks.sh                 # regenerate sdk/<language>/<package> in place (npm run gen)
#   scripts/gen-sdks.sh -out DIR        # write them under DIR instead (the staleness test compares DIR with sdk/)
#   scripts/gen-sdks.sh -root R -list L # another list of schemas, relative to R (flags of tools/gen/main.go)
#
# Builds the generator first (a Go module of its own; its build is cached by Go, under a second from a warm cache)
# into ${STACKONE_GEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackone-pingone/gen}. Needs Go 1.25+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
go_bin="$(command -v go || true)"
if [[ -z "$go_bin" && -x /usr/local/go/bin/go ]]; then go_bin=/usr/local/go/bin/go; fi
if [[ -z "$go_bin" ]]; then
  echo "gen-sdks: Go 1.25+ is needed to build the SDK generator (tools/gen): https://go.dev/dl/" >&2
  exit 3
fi

bin_dir="${STACKONE_GEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackone-pingone/gen}"
mkdir -p "$bin_dir"
(cd "$ROOT/tools/gen" && "$go_bin" build -trimpath -o "$bin_dir/gen" .)
exec "$bin_dir/gen" -root "$ROOT" "$@"
