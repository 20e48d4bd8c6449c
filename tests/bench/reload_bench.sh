#!/usr/bin/env bash
# Reload of a big config with one worker changed (issue 11), against a bare start of that program:
#   tests/bench/reload_bench.sh [N] [ROUNDS]    (defaults 1000 workers, 5 rounds)
# The agent runs N idle test workers. Each round writes the config anew with one worker's args
# changed and renames it over the running file (as an editor saves). Figures, per round:
#   to the new process   from the rename to the changed worker's new process running its first
#                        instruction (its own timeline line)
#   to config.reloaded   from the rename to the agent's event (the stops done, the start asked for)
#   bare start           posix_spawn of the same program until its first instruction, alone
# Checked each round: every other worker kept its pid. Prints a table; never fails on a slow figure.
# Everything it starts is ended by pid / process group (lib.sh), never by name.
set -euo pipefail
N=${1:-1000}
ROUNDS=${2:-5}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
PY=$(command -v python3)
DAEMONS=()
WAIT_S=${HSU_BENCH_TIMEOUT:-120}
log() { printf '[reload %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
TESTWORKER=$(readlink -f "${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}")
HSU_AGENT=$(find_hsu hsu-agent)
[[ -x $TESTWORKER && -n $HSU_AGENT ]] || { echo "reload_bench: build testworker and hsu-agent in $BUILD first" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-reload.XXXXXX")
cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${DAEMONS[@]}"; do end_group "$pid" 10; done
    kill_workers_in "$TMP"/timeline "$TMP"/bare-timeline
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$TMP/state" "$TMP/logs"
log "agent with $N workers; $ROUNDS rounds"
"$PY" "$HERE/reload_bench.py" config "$TMP/config.yaml" "$N" "$TESTWORKER" "$TMP/timeline" 0
start_bg "$HSU_AGENT" --config "$TMP/config.yaml" --socket "$TMP/agent.sock" --state-dir "$TMP/state" \
    --log-dir "$TMP/logs" >"$TMP/agent.out" 2>&1
AGENT=$STARTED_PID
DAEMONS+=("$AGENT")
wait_starts "$TMP/timeline" "$N" "$AGENT" || { log "the agent did not start $N workers"; exit 1; }
"$PY" "$HERE/reload_bench.py" rounds "$TMP" "$N" "$TESTWORKER" "$ROUNDS"
