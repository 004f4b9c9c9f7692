#!/usr/bin/env bash
# Makes a Pulumi CLI able to run this project available, and prints the directory to put on PATH as the LAST line
# of stdout (progress and build logs go to stderr):
#
#   export PATH="$(scripts/pulumi-cli.sh | tail -n1):$PATH"
#
# In order:
#   1. `pulumi` already on PATH, with a Node.js language host beside it (or on PATH) → use it.
#   2. The cache ${STACKONE_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackone-pingone/pulumi}/v3.248.0/bin,
#      if complete (stamp matches the sources in tools/pulumi, `pulumi version` is v3.248.0) → reuse it.
#   3. `go` available → build the CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) and this project's language host
#      (tools/pulumi/cmd/pulumi-language-nodejs) into that cache. Needs only the Go module proxy. Never in the repo.
#   4. Otherwise stop, saying how to install Pulumi or Go.
# Also installs pulumi-resource-pulumi-nodejs (the dynamic-provider plugin script shipped in @pulumi/pulumi) beside
# the binaries, and with steps 2 and 3 the YAML language host, pulumi-language-yaml (module github.com/pulumi/pulumi-yaml,
# v1.25.0), built in its own module (it pins an older pulumi than the CLI's) under its own stamp (yaml-stamp), so
# building or rebuilding one never invalidates the other. Set STACKONE_PULUMI_IGNORE_PATH=1 to skip step 1 (use the pinned build even if a CLI is on PATH),
# STACKONE_PULUMI_NO_BUILD=1 to stop (exit 3) instead of building (test suites use it to look up a CLI quickly).
set -euo pipefail
readonly SCRIPT_NAME="pulumi-cli"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly VERSION="3.248.0"
readonly YAML_VERSION="1.25.0"
readonly YAML_STAMP="pulumi-yaml v$YAML_VERSION"
readonly TOOLS_DIR="$ROOT/tools/pulumi"
readonly SDK_DIR="$ROOT/node_modules/@pulumi/pulumi"
readonly CACHE_ROOT="${STACKONE_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackone-pingone/pulumi}"
readonly CACHE_DIR="$CACHE_ROOT/v$VERSION"
readonly BIN_DIR="$CACHE_DIR/bin"

# Runs `pulumi version` without touching the user's ~/.pulumi or the network.
pulumi_version() {
  PULUMI_HOME="$CACHE_ROOT/.home" PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | tr -d '[:space:]'
}

# The stamp names what the cache was built from; any change to tools/pulumi rebuilds.
sources_stamp() {
  (cd "$TOOLS_DIR" && cat go.mod go.sum &&
    find cmd -type f -name '*.go' ! -name '*_test.go' -print0 | LC_ALL=C sort -z | xargs -0 cat) | sha256sum | cut -c1-16
}

install_dynamic_provider_script() {
  local dir="$1"
  [[ -f "$SDK_DIR/pulumi-resource-pulumi-nodejs" ]] ||
    die "$SDK_DIR/pulumi-resource-pulumi-nodejs not found: run \`npm ci\` in $ROOT first"
  install -m 0755 "$SDK_DIR/pulumi-resource-pulumi-nodejs" "$dir/pulumi-resource-pulumi-nodejs"
}

find_go() {
  local go
  go="$(command -v go || true)"
  [[ -z "$go" && -x /usr/local/go/bin/go ]] && go=/usr/local/go/bin/go
  printf '%s' "$go"
}

# The YAML language host beside the CLI in the cache: reused when its stamp matches, else built with `go install` in
# its own module (never inside tools/pulumi). A failure leaves the CLI usable for this project's TypeScript program;
# the YAML example and its tests then say that the host is missing.
ensure_yaml_host() {
  yaml_current() { [[ -x "$BIN_DIR/pulumi-language-yaml" && -f "$CACHE_DIR/yaml-stamp" && "$(cat "$CACHE_DIR/yaml-stamp")" == "$YAML_STAMP" ]]; }
  yaml_current && return 0
  if [[ "${STACKONE_PULUMI_NO_BUILD:-}" == "1" ]]; then
    log "no pulumi-language-yaml v$YAML_VERSION in $BIN_DIR and STACKONE_PULUMI_NO_BUILD=1: not building it (YAML programs cannot run)"
    return 0
  fi
  local go
  go="$(find_go)"
  if [[ -z "$go" ]]; then
    log "warning: no Go toolchain to build pulumi-language-yaml v$YAML_VERSION: YAML programs cannot run"
    return 0
  fi
  exec 8>"$CACHE_ROOT/.yaml-lock"
  command -v flock >/dev/null 2>&1 && flock 8
  yaml_current && return 0
  local staging start
  staging="$(mktemp -d "$CACHE_ROOT/.yaml-build.XXXXXX")"
  start=$(date +%s)
  log "building pulumi-language-yaml v$YAML_VERSION with $("$go" version) into $BIN_DIR (cold: ~2-10 min)"
  if (cd "$staging" && GOBIN="$staging/bin" "$go" install -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$YAML_VERSION") >&2; then
    install -m 0755 "$staging/bin/pulumi-language-yaml" "$BIN_DIR/pulumi-language-yaml"
    printf '%s\n' "$YAML_STAMP" >"$CACHE_DIR/yaml-stamp"
    {
      echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) with $("$go" version)"
      echo "pulumi-language-yaml v$YAML_VERSION build seconds: $(($(date +%s) - start))"
      du -b "$BIN_DIR/pulumi-language-yaml" | awk '{ printf "pulumi-language-yaml bytes: %s\n", $1 }'
    } >"$CACHE_DIR/yaml-build-info.txt"
    sed 's/^/pulumi-cli: /' "$CACHE_DIR/yaml-build-info.txt" >&2
  else
    log "warning: building pulumi-language-yaml v$YAML_VERSION failed: YAML programs cannot run"
  fi
  rm -rf "$staging"
}

# 1. A CLI on PATH (unless it is this script's own cache, which step 2 checks against the sources).
on_path="$(command -v pulumi 2>/dev/null || true)"
on_path="${on_path:+$(dirname "$on_path")}"
if [[ "${STACKONE_PULUMI_IGNORE_PATH:-}" != "1" && -n "$on_path" ]] && ! [[ "$on_path" -ef "$BIN_DIR" ]]; then
  if [[ -x "$on_path/pulumi-language-nodejs" ]] || command -v pulumi-language-nodejs >/dev/null 2>&1; then
    found_version="$(pulumi_version "$on_path/pulumi" || true)"
    if [[ "$found_version" != "v$VERSION" ]]; then
      log "using pulumi ${found_version:-(unknown version)} from PATH ($on_path); this project pins v$VERSION"
    else
      log "using pulumi $found_version from PATH ($on_path)"
    fi
    if ! [[ -x "$on_path/pulumi-resource-pulumi-nodejs" ]] && ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
      log "warning: pulumi-resource-pulumi-nodejs is neither beside pulumi nor on PATH; dynamic resources will fail"
    fi
    printf '%s\n' "$on_path"
    exit 0
  fi
  log "pulumi on PATH ($on_path) has no pulumi-language-nodejs beside it; using the pinned build instead"
fi

stamp="v$VERSION $(sources_stamp)"

# 2. The cache.
cache_complete() {
  [[ -x "$BIN_DIR/pulumi" && -x "$BIN_DIR/pulumi-language-nodejs" && -x "$BIN_DIR/pulumi-resource-pulumi-nodejs" ]] &&
    [[ -f "$CACHE_DIR/stamp" && "$(cat "$CACHE_DIR/stamp")" == "$stamp" ]] &&
    [[ "$(pulumi_version "$BIN_DIR/pulumi")" == "v$VERSION" ]]
}
if cache_complete; then
  log "reusing $BIN_DIR"
  ensure_yaml_host
  printf '%s\n' "$BIN_DIR"
  exit 0
fi

# 3. Build.
if [[ "${STACKONE_PULUMI_NO_BUILD:-}" == "1" ]]; then
  log "no usable CLI on PATH or in $BIN_DIR, and STACKONE_PULUMI_NO_BUILD=1: not building (run scripts/pulumi-cli.sh)"
  exit 3
fi
GO="$(find_go)"
if [[ -z "$GO" ]]; then
  die "no Pulumi CLI found and no Go toolchain to build one.
  Either install the Pulumi CLI (https://www.pulumi.com/docs/install/; version v$VERSION matches this project)
  and put it on PATH, or install Go >= 1.25 (https://go.dev/doc/install) and run this script again: it builds
  Pulumi v$VERSION from the Go module proxy into $BIN_DIR."
fi

mkdir -p "$CACHE_ROOT"
# One build at a time (CI, local runs and test suites may race); the loser reuses the winner's result.
exec 9>"$CACHE_ROOT/.lock"
if command -v flock >/dev/null 2>&1; then
  log "waiting for the build lock $CACHE_ROOT/.lock"
  flock 9
  if cache_complete; then
    log "reusing $BIN_DIR (built by a concurrent run)"
    ensure_yaml_host
    printf '%s\n' "$BIN_DIR"
    exit 0
  fi
fi

staging="$(mktemp -d "$CACHE_ROOT/.build.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/bin"

log "building Pulumi v$VERSION with $("$GO" version) into $BIN_DIR (cold: downloads modules, ~10-40 min)"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"
start=$(date +%s)

# Reuse the CLI binary from a previous, otherwise stale cache when the CLI's own inputs (go.mod/go.sum) are the same.
cli_stamp="v$VERSION $(cd "$TOOLS_DIR" && cat go.mod go.sum | sha256sum | cut -c1-16)"
if [[ -x "$BIN_DIR/pulumi" && -f "$CACHE_DIR/cli-stamp" && "$(cat "$CACHE_DIR/cli-stamp")" == "$cli_stamp" ]] &&
  [[ "$(pulumi_version "$BIN_DIR/pulumi")" == "v$VERSION" ]]; then
  log "the CLI binary is current; rebuilding the language host only"
  cp "$BIN_DIR/pulumi" "$staging/bin/pulumi"
  cli_seconds="$(cat "$CACHE_DIR/cli-build-seconds" 2>/dev/null || echo unknown)"
else
  cli_seconds=""

  (cd "$TOOLS_DIR" && "$GO" build -mod=readonly -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
    -o "$staging/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
fi
cli_done=$(date +%s)
[[ -n "$cli_seconds" ]] || cli_seconds=$((cli_done - start))
(cd "$TOOLS_DIR" && "$GO" build -mod=readonly -trimpath -ldflags "-s -w" \
  -o "$staging/bin/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs) >&2
host_done=$(date +%s)
install_dynamic_provider_script "$staging/bin"

built_version="$(pulumi_version "$staging/bin/pulumi")"
[[ "$built_version" == "v$VERSION" ]] || die "the built CLI reports version '$built_version', expected v$VERSION"

rm -rf "$BIN_DIR"
mkdir -p "$CACHE_DIR"
mv "$staging/bin" "$BIN_DIR"
printf '%s\n' "$cli_stamp" >"$CACHE_DIR/cli-stamp"
printf '%s\n' "$stamp" >"$CACHE_DIR/stamp"
printf '%s\n' "$cli_seconds" >"$CACHE_DIR/cli-build-seconds"
{
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) with $("$GO" version)"
  echo "pulumi (CLI) build seconds: $cli_seconds; pulumi-language-nodejs build seconds: $((host_done - cli_done))"
  (cd "$BIN_DIR" && du -b pulumi pulumi-language-nodejs | awk '{ printf "%s bytes: %s\n", $2, $1 }')
} >"$CACHE_DIR/build-info.txt"
sed 's/^/pulumi-cli: /' "$CACHE_DIR/build-info.txt" >&2
ensure_yaml_host
printf '%s\n' "$BIN_DIR"
