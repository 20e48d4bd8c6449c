#!/usr/bin/env bash
# The soak (issue 16, point 4): one agent, 1000 workers (10 % crash loops, 10 % printing for ever,
# 10 % health-checked servers, the rest idle) for 30 minutes; the agent's RSS, CPU and descriptor
# count sampled once a minute; passes when none grows after the first 5 minutes. Writes a CSV, a
# summary and a plot (PNG, by gnuplot). A script run by hand, not in CTest or .ci/run.
#
#   tests/soak/soak.sh [--minutes N] [--workers N] [--seed S] [--out DIR] [--keep]
#
# --minutes N   soak time (default 30); set-up and stop add about a minute
# --workers N   how many workers (default 1000)
# --out DIR     where soak.csv, summary.json and soak.png go (default: the run's folder)
# --keep        keep the run's folder (config, agent output, logs) for a look afterwards
# Binaries: $HSU_BIN (a folder with hsu-agent), else build/bench (built here if missing: Release),
# as tests/bench does. The plot needs gnuplot (apt-get install gnuplot-nox; setup installs it).
# Exit code: 0 when nothing grew, 1 when something did, 2 on a set-up problem.
#
# Everything the run starts is ended by pid: the agent (its pid is kept), every process carrying
# the run's marker (HSU_TEST_RUN=<run id>, as tests/chaos marks its workers) and whatever is in the
# run's cgroups. Never by a program's name.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
ARGS=()
OUT=
KEEP=0
while (($#)); do
    case $1 in
        --minutes|--workers|--seed) ARGS+=("$1" "$2"); shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "soak.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
log() { printf '[soak %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# shellcheck source=tests/bench/lib.sh
source "$ROOT/tests/bench/lib.sh"
need_agent_and_worker soak.sh

make_run_folder soak /tmp
OUT=${OUT:-$TMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    end_driver
    python3 "$HERE/soak.py" reap "$TMP" || true
    for f in summary.json soak.csv; do
        [[ $OUT != "$TMP" && -f $TMP/$f ]] && cp "$TMP/$f" "$OUT/$f"
    done
    if ((KEEP)) || [[ $OUT == "$TMP" ]]; then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "run $RUN_ID in $TMP, agent $AGENT; results in $OUT"
RC=0
run_driver "$HERE/soak.py" run "$TMP" --agent "$AGENT" --testworker "$TESTWORKER" --plot "$OUT/soak.png" "${ARGS[@]}" || RC=$?
exit "$RC"
