# shellcheck shell=bash
# What the scripts of scripts/ share; each sources it right after `set -euo pipefail`:
#
#   # shellcheck source=scripts/lib.sh
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It sets ROOT (the checkout, read-only) and defines log, die, take_out_dir and make_out_dir. log and die prefix
# their line with SCRIPT_NAME, which the script sets first.

# shellcheck disable=SC2034 # used by the scripts that source this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT

# A progress line on stderr: "<script>: <message>".
log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
# An error line on stderr, then exit 1: "<script>: error: <message>".
die() { printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

# `--out-dir <dir>` taken out of the arguments: sets out_dir (empty without the flag) and args (the other
# arguments, in order).
take_out_dir() {
  out_dir=""
  args=()
  while [[ $# -gt 0 ]]; do
    if [[ "$1" == "--out-dir" ]]; then
      out_dir="$2"
      shift 2
    else
      args+=("$1")
      shift
    fi
  done
}

# Creates out_dir (or, when it is empty, the default $1), relative to the current directory, and sets out_dir to its
# absolute path.
make_out_dir() {
  out_dir="${out_dir:-$1}"
  mkdir -p "$out_dir"
  out_dir="$(cd "$out_dir" && pwd)"
}
