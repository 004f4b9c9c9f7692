#!/usr/bin/env bash
# Runs this project's Pulumi program against the local PingOne emulator (docs/local.md):
#
#   scripts/local.sh <up|preview|diff|refresh|destroy|outputs> [extra pulumi flags...]
#   scripts/local.sh pulumi <any pulumi arguments...>     # e.g. `pulumi stack export`, `pulumi config`
#
# It builds the project (for the emulator), starts the emulator on a free port with its state in
# .work/emulator/state.json, gets a Pulumi CLI (scripts/pulumi-cli.sh), selects or creates the `local` stack on a
# file backend in .work/state, points the provider at the emulator, runs the command, prints the stack outputs
# (secrets masked), and stops the emulator. Everything it writes is under .work/ (ignored by git).
set -euo pipefail
readonly SCRIPT_NAME="local"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat >&2 <<'EOF'
usage: scripts/local.sh <command> [extra pulumi flags...]
  up        pulumi up --yes            (create or update the local stack)
  preview   pulumi preview
  diff      pulumi preview --diff
  refresh   pulumi refresh --yes       (read the emulator's objects back into the state)
  destroy   pulumi destroy --yes
  outputs   print the stack outputs only
  verify    check the deployed connection as StackOne would use it (npm run verify -- --stack local; flags: --json)
  pulumi    any pulumi command, in the same environment (e.g. `scripts/local.sh pulumi stack export`)
EOF
  exit 2
}

[[ $# -ge 1 ]] || usage
command="$1"
shift
case "$command" in
  up) pulumi_args=(up --yes) ;;
  preview) pulumi_args=(preview) ;;
  diff) pulumi_args=(preview --diff) ;;
  refresh) pulumi_args=(refresh --yes) ;;
  destroy) pulumi_args=(destroy --yes) ;;
  outputs) pulumi_args=() ;;
  verify) pulumi_args=() ;;
  pulumi) pulumi_args=() ;;
  -h | --help | help) usage ;;
  *)
    echo "local: unknown command '$command'" >&2
    usage
    ;;
esac

readonly STACK="local"
readonly WORK="$ROOT/.work"
readonly EMULATOR_DIR="$WORK/emulator"
readonly STACK_CONFIG="$WORK/stack/Pulumi.$STACK.yaml"
cd "$ROOT"

[[ -d node_modules/@pulumi/pulumi ]] || die "node_modules is missing: run \`npm ci\` first"
[[ -f Pulumi.yaml ]] || die "Pulumi.yaml is missing in $ROOT"
mkdir -p "$WORK" "$EMULATOR_DIR" "$WORK/state" "$WORK/pulumi-home" "$WORK/logs"
chmod 700 "$WORK"

# 1. Build (the emulator and the local helpers run from dist/), unless dist/ is newer than their sources. A type
#    error elsewhere in the project does not stop the local run as long as they were emitted; `npm test` is where
#    type errors fail.
if [[ -f dist/emulator/main.js && -f dist/scripts/local/prepare.js ]] &&
  [[ -f dist/pingone/provider/main.js ]] &&
  [[ -f dist/verify/cli.js ]] &&
  [[ -z "$(find emulator scripts/local pingone verify components config.ts tsconfig.json tsconfig.build.json -name '*.ts' -newer dist/emulator/main.js -o \
    -name '*.json' -newer dist/emulator/main.js 2>/dev/null | head -n 1)" ]]; then
  log "dist/ is up to date"
else
  log "building (npx tsc -p tsconfig.build.json; log in .work/logs/build.log)"
  if ! npx --no-install tsc -p tsconfig.build.json >"$WORK/logs/build.log" 2>&1; then
    [[ -f dist/emulator/main.js && -f dist/scripts/local/prepare.js ]] ||
      die "the build failed and produced no emulator; see .work/logs/build.log"
    log "warning: the build reported errors (see .work/logs/build.log); continuing with what it emitted"
  fi
  touch dist/emulator/main.js dist/scripts/local/prepare.js
fi

# 2. The emulator, in the background, stopped on exit whatever happens.
emulator_pid=""
# shellcheck disable=SC2317 # invoked by the EXIT trap
stop_emulator() {
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill -TERM "$emulator_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$emulator_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$emulator_pid" 2>/dev/null || true
  fi
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

# The port of the previous run is tried first, so the stack's URL outputs stay the same from run to run.
start_emulator() {
  rm -f "$EMULATOR_DIR/info.json"
  (umask 077 && exec node dist/emulator/main.js --port "$1" --state-file "$EMULATOR_DIR/state.json" \
    >"$EMULATOR_DIR/info.json" 2>"$EMULATOR_DIR/emulator.log") &
  emulator_pid=$!
  for _ in $(seq 1 200); do
    [[ -s "$EMULATOR_DIR/info.json" ]] && return 0
    kill -0 "$emulator_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  die "the emulator printed nothing in 20 s; see .work/emulator/emulator.log"
}
previous_port="$(cat "$EMULATOR_DIR/port" 2>/dev/null || true)"
if ! { [[ "$previous_port" =~ ^[0-9]+$ ]] && start_emulator "$previous_port"; }; then
  start_emulator 0 || die "the emulator exited at start-up: $(tail -n 5 "$EMULATOR_DIR/emulator.log")"
fi
node -e 'const u = new URL(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).authUrl); console.log(u.port)' \
  "$EMULATOR_DIR/info.json" >"$EMULATOR_DIR/port"
log "emulator: $(tail -n 1 "$EMULATOR_DIR/emulator.log" | sed 's/^pingone-emulator: //') (state .work/emulator/state.json)"

# 3. The CLI.
bin_dir="$("$ROOT/scripts/pulumi-cli.sh" | tail -n 1)"
[[ -x "$bin_dir/pulumi" ]] || die "scripts/pulumi-cli.sh did not provide a CLI"
export PATH="$bin_dir:$PATH"

# 4. Pulumi's environment: local file backend, passphrase made once, no update checks, no plugin downloads.
if [[ ! -s "$WORK/passphrase" ]]; then
  (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n' >"$WORK/passphrase")
  log "generated the stack passphrase in .work/passphrase (keep it with .work/state)"
fi
export PULUMI_BACKEND_URL="file://$WORK/state"
export PULUMI_CONFIG_PASSPHRASE_FILE="$WORK/passphrase"
unset PULUMI_CONFIG_PASSPHRASE
export PULUMI_HOME="$WORK/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

# 5. The target and the provider's credentials. The stack config is derived into .work/stack/ from Pulumi.local.yaml
#    (the user's settings win) plus the emulator's environment and first user where the user set none; the
#    provisioner credentials go to the provider as PINGONE_* variables (pingone:* keys in Pulumi.local.yaml win).
eval "$(node dist/scripts/local/prepare.js "$EMULATOR_DIR/info.json" "$ROOT/Pulumi.$STACK.yaml" "$STACK_CONFIG")"
# The program's configuration errors then say to edit that file, not to run `pulumi config set`.
export STACKONE_SETTINGS_FILE="Pulumi.$STACK.yaml"

# 6. The stack. `pulumi stack init` writes the passphrase salt into the project's stack file, which would be the
#    checkout's Pulumi.local.yaml; so it runs in .work/stack/ (a copy of Pulumi.yaml, same project), where the salt
#    lands in the derived file. Later commands use that file through --config-file.
if ! pulumi stack ls --json 2>/dev/null | grep -q "\"name\": \"$STACK\""; then
  log "creating the '$STACK' stack in .work/state"
  cp Pulumi.yaml "$WORK/stack/Pulumi.yaml"
  (cd "$WORK/stack" && pulumi stack init "$STACK" --secrets-provider passphrase --no-select --non-interactive >&2) ||
    die "could not create the '$STACK' stack"
fi

# 7. The command.
status=0
if [[ "$command" == "pulumi" ]]; then
  pulumi "$@" || status=$?
elif [[ "$command" == "verify" ]]; then
  log "verify --stack $STACK"
  node dist/verify/cli.js --stack "$STACK" --config-file "$STACK_CONFIG" "$@" || status=$?
  exit "$status"
elif [[ ${#pulumi_args[@]} -gt 0 ]]; then
  log "pulumi ${pulumi_args[*]} $*"
  pulumi "${pulumi_args[@]}" --stack "$STACK" --config-file "$STACK_CONFIG" --non-interactive "$@" || status=$?
fi

# 8. Outputs (secrets show as [secret]: `scripts/local.sh pulumi stack output clientSecret --show-secrets`).
if [[ "$command" != "pulumi" ]]; then
  echo
  echo "Outputs of stack '$STACK' (secrets masked):"
  pulumi stack output --stack "$STACK" || true
  echo
  echo "State:          $WORK/state (file backend; passphrase in .work/passphrase)"
  echo "Stack config:   $STACK_CONFIG (derived from Pulumi.$STACK.yaml on every run)"
  echo "Emulator state: $EMULATOR_DIR/state.json"
fi
exit "$status"
