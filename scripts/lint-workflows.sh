#!/usr/bin/env bash
# Lints the GitHub Actions workflows under .github/workflows/ with actionlint, and the scripts they run
# (.github/scripts/*.sh) with shellcheck.
#
# actionlint is built from its Go module (pinned below) into a cache directory outside the repository the first
# time it is needed, then reused. When `shellcheck` is on PATH, actionlint also checks every `run:` script with it;
# without it those checks are skipped (actionlint says nothing about the skip).
#
# Environment:
#   ACTIONLINT_VERSION    module version to build (default below; must be served by the Go module proxy)
#   ACTIONLINT_CACHE_DIR  where the binary is kept (default: ${XDG_CACHE_HOME:-$HOME/.cache}/stackone-pingone/actionlint)
#
# Exit status: 0 = no findings; 1 = findings (printed on stdout); 2 = no workflows; 3 = Go is missing and no
# actionlint is cached; anything else: actionlint or shellcheck failed to run.
set -euo pipefail

readonly version="${ACTIONLINT_VERSION:-v1.7.12}"
readonly cache_root="${ACTIONLINT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stackone-pingone/actionlint}"
readonly bin_dir="${cache_root}/${version}"
readonly actionlint="${bin_dir}/actionlint"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo_root

if [[ ! -x "${actionlint}" ]]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "lint-workflows: Go is not installed and no actionlint ${version} is cached in ${bin_dir};" \
      "install Go (https://go.dev/dl/) or put an actionlint binary there." >&2
    exit 3
  fi
  echo "lint-workflows: building actionlint ${version} into ${bin_dir}" >&2
  mkdir -p "${bin_dir}"
  # -buildvcs=false: the build happens outside any repository; a stray GOFLAGS must not make it look for one.
  GOBIN="${bin_dir}" GOFLAGS="-buildvcs=false" go install "github.com/rhysd/actionlint/cmd/actionlint@${version}"
fi

have_shellcheck=false
if command -v shellcheck >/dev/null 2>&1; then
  have_shellcheck=true
else
  echo "lint-workflows: shellcheck not found on PATH; run: scripts and .github/scripts are not checked" >&2
fi

cd "${repo_root}"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [[ ${#workflows[@]} -eq 0 ]]; then
  echo "lint-workflows: no workflow files under ${repo_root}/.github/workflows" >&2
  exit 2
fi
status=0
"${actionlint}" -no-color "$@" "${workflows[@]}" || status=$?
scripts=(.github/scripts/*.sh)
if [[ "${have_shellcheck}" == true && ${#scripts[@]} -gt 0 ]]; then
  shellcheck --format=gcc "${scripts[@]}" || { rc=$?; [[ ${status} -ne 0 ]] || status=${rc}; }
fi
exit "${status}"
