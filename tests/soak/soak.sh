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
# the run's marker (HSU_CHAOS_RUN=<run id>, as tests/chaos marks its workers) and whatever is in the
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
AGENT=$(find_hsu hsu-agent)
TESTWORKER=${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}
if [[ -z ${HSU_BIN:-} && ( -z $AGENT || ! -x $TESTWORKER ) ]]; then
    log "building hsu-agent, hsu-standby and testworker in $BUILD (Release)"
    [[ -f $BUILD/build.ninja ]] || cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHSU_BUILD_TESTS=ON >/dev/null
    cmake --build "$BUILD" -j2 --target hsu-agent hsu-standby testworker >/dev/null
    AGENT=$(find_hsu hsu-agent)
fi
[[ -n $AGENT && -x $TESTWORKER ]] || { echo "soak.sh: no hsu-agent or testworker (set HSU_BIN / HSU_TESTWORKER)" >&2; exit 2; }
TESTWORKER=$(readlink -f "$TESTWORKER")

# The run's folder: its state folder names the run's cgroups (hsu-s<hash>), so they are its own.
TMP=$(mktemp -d /tmp/hsu-soak.XXXXXX)
RUN_ID=soak-$(basename "$TMP" | cut -d. -f2)-$$
echo "$RUN_ID" >"$TMP/run-id"
mkdir -p "$TMP/logs" "$TMP/state"
OUT=${OUT:-$TMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY_PID=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $PY_PID ]] && kill -0 "$PY_PID" 2>/dev/null; then
        kill -TERM -- "-$PY_PID" 2>/dev/null || true
        sleep 0.5
        kill -KILL -- "-$PY_PID" 2>/dev/null || true
    fi
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
set +e
setsid python3 "$HERE/soak.py" run "$TMP" --agent "$AGENT" --testworker "$TESTWORKER" --plot "$OUT/soak.png" "${ARGS[@]}" &
PY_PID=$!
wait "$PY_PID"
RC=$?
set -e
PY_PID=
exit "$RC"
