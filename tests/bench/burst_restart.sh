#!/usr/bin/env bash
# Restarts while a log burst goes on (issue 10), hsu-agent against a bare loop, in one run:
#   tests/bench/burst_restart.sh [ROUNDS]   (default 3)
# Each round, twice (bare loop, then hsu-agent), on the same machine and programs:
#   a burst: testworker --lines 2000000 --line-bytes 87 (175 MB) at full speed, and
#   a crasher: testworker --run-for 20 --exit-code 1, restarted at once, again and again.
#   bare loop  the burst to a file (shell redirection), the crasher under bare_restart.c
#              (vfork + execv + waitpid): the machine's limit with the same load beside it
#   hsu-agent  both as workers of one agent: the burst through its FIFO, reader and writer
#              threads into its log file, the crasher with restart_policy always, retry_delay 0
# The figure: from each crasher exit during the burst to its next start (median, p90), read from
# the crasher's own timeline. Prints a table; never fails on a slow figure.
# Everything it starts is ended by pid / process group (lib.sh), never by name.
set -euo pipefail
ROUNDS=${1:-3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
PY=$(command -v python3)
STATS=("$PY" "$HERE/stats.py")
WAIT_S=${HSU_BENCH_TIMEOUT:-120}
DAEMONS=()
log() { printf '[burst %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
TESTWORKER=$(readlink -f "${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}")
HSU_AGENT=$(find_hsu hsu-agent)
[[ -x $TESTWORKER && -n $HSU_AGENT ]] || { echo "burst_restart: build testworker and hsu-agent in $BUILD first" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-burst.XXXXXX")
RUNTIME=$TMP
[[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]] && RUNTIME=$(mktemp -d /dev/shm/hsu-burst.XXXXXX)
cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${DAEMONS[@]}"; do end_group "$pid" 2; done
    kill_workers_in "$TMP"/*/crash.tl "$TMP"/*/burst.tl
    rm -rf "$TMP" "$RUNTIME"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cc -O2 -Wall -o "$TMP/bare_restart" "$HERE/bare_restart.c"
LINES=2000000
BYTES=$((LINES * 87))
wait_size() { # wait_size FILE BYTES
    local i
    for ((i = 0; i < WAIT_S * 50; i++)); do
        [[ $(stat -c %s "$1" 2>/dev/null || echo 0) -ge $2 ]] && return 0
        sleep 0.02
    done
    log "timeout waiting for $1"
    return 1
}
now_ns() { local t=${EPOCHREALTIME/./}; echo "${t}000"; }

bare_round() {
    local dir=$1
    mkdir -p "$dir"
    start_bg "$TMP/bare_restart" 100000 "$TESTWORKER" --run-for 20 --exit-code 1 --timeline "$dir/crash.tl"
    local loop=$STARTED_PID
    wait_starts "$dir/crash.tl" 5 "$loop"
    echo "$(now_ns)" >"$dir/burst-begin"
    "$TESTWORKER" --lines $LINES --line-bytes 87 --run-for 0 --timeline "$dir/burst.tl" >"$dir/burst.out"
    echo "$(now_ns)" >"$dir/burst-end"
    end_group "$loop" 2
    kill_workers_in "$dir/crash.tl"
}

hsu_round() {
    local dir=$1 state
    mkdir -p "$dir/logs"
    state=$(mktemp -d "$RUNTIME/state.XXXXXX")
    local q="\""
    cat >"$dir/config.yaml" <<YAML
workers:
  - id: crasher
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: $q$TESTWORKER$q, args: ["--run-for", "20", "--exit-code", "1", "--timeline", "$dir/crash.tl"] }
          restart_policy: always
          context_aware_restart: { default: { max_retries: 1000000, retry_delay: 0s, backoff_rate: 1 } }
  - id: burst
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: $q$TESTWORKER$q, args: ["--lines", "$LINES", "--line-bytes", "87", "--run-for", "0", "--timeline", "$dir/burst.tl"] }
          restart_policy: never
YAML
    # The burst worker starts with the agent: the crasher's restarts before and after are left out
    # by their times (only exits between the burst's start and its last line count).
    echo "$(now_ns)" >"$dir/burst-begin"
    start_bg "$HSU_AGENT" --config "$dir/config.yaml" --socket "$dir/agent.sock" --state-dir "$state" \
        --log-dir "$dir/logs" >"$dir/agent.out" 2>&1
    local agent=$STARTED_PID
    wait_size "$dir/logs/burst-stdout.log" $BYTES
    echo "$(now_ns)" >"$dir/burst-end"
    end_group "$agent" 10
    kill_workers_in "$dir/crash.tl"
}

gaps() { # gaps DIR...: "n median p90" in ms of exit -> next start, exits during each burst
    "$PY" - "$@" <<'PY'
import sys
gaps = []
for d in sys.argv[1:]:
    begin = int(open(d + "/burst-begin").read())
    end = int(open(d + "/burst-end").read())
    # The burst's own first line is its true start.
    for line in open(d + "/burst.tl"):
        f = line.split()
        if f and f[0] == "start":
            begin = max(begin, int(f[1]))
    ev = sorted((int(f[1]), f[0]) for f in (l.split() for l in open(d + "/crash.tl")) if len(f) == 3)
    last_exit = None
    for t, kind in ev:
        if kind == "exit":
            last_exit = t
        elif kind == "start" and last_exit is not None:
            if begin <= last_exit <= end:
                gaps.append((t - last_exit) / 1e6)
            last_exit = None
gaps.sort()
if not gaps:
    print("0 - -")
else:
    k = lambda p: gaps[max(0, min(len(gaps) - 1, int(round(p / 100.0 * len(gaps) + 0.5)) - 1))]
    n = len(gaps)
    med = gaps[n // 2] if n % 2 else (gaps[n // 2 - 1] + gaps[n // 2]) / 2
    print(f"{n} {med:.3f} {k(90):.3f}")
PY
}

for ((r = 1; r <= ROUNDS; r++)); do
    log "round $r of $ROUNDS: bare loop"
    bare_round "$TMP/bare-$r"
    log "round $r of $ROUNDS: hsu-agent"
    hsu_round "$TMP/hsu-$r"
done
read -r bn bmed bp90 < <(gaps "$TMP"/bare-*)
read -r hn hmed hp90 < <(gaps "$TMP"/hsu-*)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "-") printf "%.2f", a / b; else print "-" }'; }
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds of a $LINES-line burst"
echo
echo "| restarts during the burst | n | median ms | p90 ms | × bare median | × bare p90 |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| bare loop (vfork + execv + waitpid) | $bn | $bmed | $bp90 | 1 | 1 |"
echo "| hsu-agent | $hn | $hmed | $hp90 | $(ratio "$hmed" "$bmed") | $(ratio "$hp90" "$bp90") |"
