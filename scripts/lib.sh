# shellcheck shell=bash
# What the scripts of scripts/ share; each sources it right after `set -euo pipefail`:
#
#   # shellcheck source=scripts/lib.sh
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It sets ROOT (the checkout, read-only) and defines log, die, usage_error, read_args and make_out_dir. They speak
# as SCRIPT_NAME (and usage_error shows USAGE), which the script sets first.

# shellcheck disable=SC2034 # used by the scripts that source this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT

# A progress line on stderr: "<script>: <message>".
log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
# An error line on stderr, then exit 1: "<script>: error: <message>".
die() { printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

# A wrong argument: "<script>: <what is wrong> (usage: <USAGE>)" on stderr, then exit 2.
usage_error() { printf '%s: %s (usage: %s)\n' "$SCRIPT_NAME" "$1" "$USAGE" >&2; exit 2; }

# Reads the script's arguments, "$@" after the name of a function: `--out-dir <dir>` sets out_dir (empty without
# it), and each other argument, in order, is handed to that function.
read_args() {
  local each="$1"
  shift
  out_dir=""
  while [[ $# -gt 0 ]]; do
    if [[ "$1" == "--out-dir" ]]; then
      out_dir="$2"
      shift 2
    else
      "$each" "$1"
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
