#!/usr/bin/env bash
# Workers that outlive the agent (issue 13): a new agent taking back what a killed one left running,
# beside the same agent starting them fresh, in the same run:
#   tests/bench/adopt_bench.sh [N...]     (default: 100 1000)
# For each N: the agent starts N idle test workers (10 of them print 2000 lines, held at line 300);
# "fresh" is from its exec to every worker running. It is killed with SIGKILL; the held workers
# print the rest with no agent at all; a new agent is started: "re-adopt" (median of 5 kills and
# new agents, $HSU_ADOPT_ROUNDS) is from its exec to its
# first answer (it answers only once its start, re-adoption included, is done). The state folder is
# on tmpfs (/dev/shm), as $XDG_RUNTIME_DIR is on a desktop. Checked: every
# worker re-adopted with its pid, every line in the log files once and in order ("lost").
# Prints a table; never fails on a slow figure. Everything it starts is ended by pid (lib.sh).
set -euo pipefail
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(100 1000)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
PY=$(command -v python3)
STATS=("$PY" "$HERE/stats.py")
DAEMONS=()
WAIT_S=${HSU_BENCH_TIMEOUT:-120}
log() { printf '[adopt %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
TESTWORKER=$(readlink -f "${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}")
HSU_AGENT=$(find_hsu hsu-agent)
[[ -x $TESTWORKER && -n $HSU_AGENT ]] || { echo "adopt_bench: build testworker and hsu-agent in $BUILD first" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-adopt.XXXXXX")
cleanup() {
    local rc=$? f
    trap - EXIT INT TERM
    for f in "$TMP"/*/timeline; do [[ -f $f ]] && kill_workers_in "$f"; done
    for f in "$TMP"/*/state-link; do [[ -L $f ]] && rm -rf "$(readlink "$f")"; done
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

results=()
for n in "${SIZES[@]}"; do
    log "$n workers"
    mkdir -p "$TMP/$n"
    results+=("$("$PY" "$HERE/adopt_bench.py" run "$TMP/$n" "$n" "$HSU_AGENT" "$TESTWORKER")")
    kill_workers_in "$TMP/$n/timeline"
done
printf '\n| workers | re-adopt, median (min–max) | fresh start (exec to all running) | ratio | lines lost | re-adopted with their pid |\n'
printf '|---|---|---|---|---|---|\n'
for r in "${results[@]}"; do
    IFS=$'\t' read -r n adopt lo hi fresh lost same <<<"$r"
    ratio=$("$PY" -c "print(f'{$adopt / $fresh:.2f}')")
    printf '| %s | %s ms (%s–%s) | %s ms | %s | %s | %s |\n' "$n" "$adopt" "$lo" "$hi" "$fresh" "$ratio" "$lost" "$same"
done
