#!/usr/bin/env bash
# Chaos against the agent (issue 16, point 3): 200 workers of every kind, and for a bounded time,
# at random moments: SIGKILL of the agent and a new one started (it must take its workers back),
# the config edited and broken (and fixed), garbage and oversized frames from several clients,
# slow clients that subscribe to everything and never read, the log disk (a small tmpfs) filled,
# SIGSTOP/SIGCONT of the agent. Then checks: no orphan, no duplicate, no line lost or doubled,
# no cgroup left, the agent's RSS and descriptors back, every worker in the state its policy says.
#
#   tests/chaos/chaos.sh [--minutes N] [--quick] [--seed S] [--keep]
#
# --minutes N   chaos time (default 10); --quick: 2 minutes. Set-up and checks add ~2.5 minutes.
# --seed S      replay the same choices (the seed is printed either way)
# --keep        keep the run's folder (logs, agent output, events) for a look afterwards
# Binaries: $HSU_BIN (a folder with hsu-agent), else build/bench (built here if missing: Release),
# as tests/bench does. Needs root or a user who may mount a tmpfs (the log disk).
# Exit code: 0 when every check passed, 1 when one failed, 2 on a set-up problem.
#
# Everything the run starts is ended by pid: the agents it started (their pids are kept), every
# process carrying the run's marker (HSU_TEST_RUN=<run id>, which every worker and its
# descendants inherit) and whatever is in the run's cgroups. Never by a program's name.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
MINUTES=10
SEED=()
KEEP=0
while (($#)); do
    case $1 in
        --minutes) MINUTES=$2; shift 2 ;;
        --quick) MINUTES=2; shift ;;
        --seed) SEED=(--seed "$2"); shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "chaos.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
log() { printf '[chaos %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# The binaries, as tests/bench finds them (lib.sh's find_hsu: $HSU_BIN, else the build folder).
# shellcheck source=tests/bench/lib.sh
source "$ROOT/tests/bench/lib.sh"
need_agent_and_worker chaos.sh

# The run's folder is on tmpfs (/dev/shm), as $XDG_RUNTIME_DIR is on a desktop.
make_run_folder chaos /dev/shm
MOUNTED=0

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    end_driver # first, then whatever of the run is left, by pid
    python3 "$HERE/chaos.py" reap "$TMP" || true
    if ((MOUNTED)); then
        ((KEEP)) && cp -a "$TMP/logs" "$TMP/logs-kept" 2>/dev/null
        umount "$TMP/logs" 2>/dev/null || umount -l "$TMP/logs" 2>/dev/null || log "could not unmount $TMP/logs"
    fi
    if ((KEEP)); then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The log disk: small enough that filling it is quick, big enough for a 10-minute run's logs
# (~250 MiB: 40 slow printers and 10 bursts of 3000 lines every ~12 s, ~130 bytes each as JSON;
# at 160 MiB, run 5 found the disk full for good after 5 minutes and every later line dropped).
mount -t tmpfs -o size=640m,mode=0700 hsu-chaos-logs "$TMP/logs" || { echo "chaos.sh: cannot mount a tmpfs (root needed)" >&2; exit 2; }
MOUNTED=1

log "run $RUN_ID in $TMP: $MINUTES minutes of chaos, agent $AGENT"
RC=0
run_driver "$HERE/chaos.py" run "$TMP" --agent "$AGENT" --testworker "$TESTWORKER" --minutes "$MINUTES" "${SEED[@]}" || RC=$?
exit "$RC"
