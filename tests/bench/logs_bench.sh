#!/usr/bin/env bash
# HSU Master desktop: the logs burst of issue 5, side by side. See docs/benchmarks.md.
#
#   bash tests/bench/logs_bench.sh [--reps N] [--lines N] [--only LIST] [--out FILE]
#
# One worker (testworker --lines 2000000 --line-bytes 87 --run-for 0) bursts 2,000,000 lines
# (174,000,000 bytes) to stdout, which ends up in a file of its own. Contestants, taking turns:
#   bare         the worker's stdout redirected straight to the file (the machine's limit)
#   hsu-agent    ours: <log dir>/<id>-stdout.log ($HSU_BIN/hsu-agent, default build/dev/agent)
#   supervisord  stdout_logfile, no rotation (stdout_logfile_maxbytes=0)
#   pm2          out_file, merge_logs, no timestamps (from npm, in $HSU_BENCH_NPM like run.sh)
# Figures per run: time from the worker's own start (its --timeline "start" line, CLOCK_REALTIME)
# until the file holds every byte (os.stat every 1 ms in one python process, no fork per poll);
# lines lost (2,000,000 minus the distinct "line <i>" lines in the file once everything settled;
# order, duplicates, prefixes and the last line are checked too); the supervisor's peak RSS
# (VmHWM at the end, and the largest VmRSS seen while polling). Median of --reps runs (default 3).
# --lines N (default 2000000) gives a quicker, smaller burst for trying the script out.
# Not part of CTest. Everything it starts is ended by pid / process group, never by name.
set -euo pipefail

REPS=3
LINES=2000000
LINE_BYTES=87
ONLY="bare hsu supervisord pm2"
OUT=""
while (($#)); do
    case $1 in
    --reps) REPS=${2:?--reps needs a number}; shift ;;
    --lines) LINES=${2:?--lines needs a number}; shift ;;
    --only) ONLY=${2:?--only needs a list, e.g. "bare hsu"}; shift ;;
    --out) OUT=${2:?--out needs a file}; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "logs_bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $REPS =~ ^[1-9][0-9]*$ && $LINES =~ ^[1-9][0-9]*$ ]] || { echo "logs_bench.sh: --reps and --lines take positive numbers" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/dev}
NPM_PREFIX=${HSU_BENCH_NPM:-/tmp/hsu-bench/npm}
PY=$(command -v python3 || true)
[[ -x /usr/bin/python3 ]] && PY=/usr/bin/python3
[[ -n $PY ]] || { echo "logs_bench.sh: python3 is needed" >&2; exit 1; }
STATS=("$PY" "$HERE/stats.py")
WAIT_S=${HSU_BENCH_TIMEOUT:-120} # longest wait for one burst
SETTLE_S=3                        # a file that stops growing this long after the worker's exit is final
EXPECTED_BYTES=$((LINES * LINE_BYTES))

# Same convention as run.sh: a higher priority for everything the bench starts (root only).
NICE=${HSU_BENCH_NICE:--10}
if [[ $NICE != 0 ]] && ((EUID == 0)); then
    renice -n "$NICE" -p $$ >/dev/null 2>&1 || NICE=0
else
    NICE=0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-logs-bench.XXXXXX")
DAEMONS=() # pids of process-group leaders we started

log() { printf '[logs-bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---- ending what we started: by pid and process group, never by name (as in run.sh) ---------------
cleanup() {
    local rc=$? pid f
    trap - EXIT INT TERM
    for pid in "${DAEMONS[@]}"; do
        end_group "$pid" 2
    done
    for f in "$TMP"/*/pm2home/pm2.pid; do
        [[ -f $f ]] || continue
        pid=$(cat "$f")
        is_pm2_daemon "$pid" "${f%/pm2.pid}" && kill -KILL "$pid" 2>/dev/null
    done
    kill_workers_in "$TMP"/*/timeline
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---- the helper: poll one burst, verify one file --------------------------------------------------
cat >"$TMP/logs_bench.py" <<'EOF'
import os, re, sys, time

def read_timeline(path):
    start = exit_ = None
    try:
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) == 3 and p[0] == "start" and start is None:
                    start = int(p[1])
                elif len(p) == 3 and p[0] == "exit":
                    exit_ = int(p[1])
    except FileNotFoundError:
        pass
    return start, exit_

def rss_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0

def poll(out, timeline, expected, timeout_s, settle_s, pidfile, ready):
    """-> "start_ns end_ns complete size max_vmrss_kb vmhwm_kb" (end = last growth if incomplete)."""
    open(ready, "w").close()
    t_begin = time.monotonic()
    size = last_size = 0
    last_change_ns = time.time_ns()
    pid = None
    max_rss = 0
    start = exit_ = None
    i = 0
    complete = 0
    while True:
        try:
            size = os.stat(out).st_size
        except FileNotFoundError:
            size = 0
        now = time.time_ns()
        if size != last_size:
            last_size, last_change_ns = size, now
        if size >= expected:
            complete, end = 1, now
            break
        if i % 5 == 0:
            if pid is None and pidfile != "-":
                try:
                    with open(pidfile) as f:
                        pid = int(f.read().split()[0]) or None
                except (FileNotFoundError, ValueError, IndexError):
                    pass
            if pid:
                max_rss = max(max_rss, rss_kb(pid, "VmRSS:"))
        if i % 50 == 0:
            start, exit_ = read_timeline(timeline)
            if exit_ is not None and now - last_change_ns > settle_s * 1e9 and now - exit_ > settle_s * 1e9:
                end = last_change_ns
                break
            if time.monotonic() - t_begin > timeout_s:
                end = last_change_ns
                break
        i += 1
        time.sleep(0.001)
    if pid:
        max_rss = max(max_rss, rss_kb(pid, "VmRSS:"))
    hwm = rss_kb(pid, "VmHWM:") if pid else 0
    if start is None or exit_ is None:
        for _ in range(200):  # the timeline's exit line follows the last write
            start, exit_ = read_timeline(timeline)
            if start is not None and exit_ is not None:
                break
            time.sleep(0.01)
    if start is None:
        print("no start line in", timeline, file=sys.stderr)
        return 1
    print(start, end, complete, size, max_rss, hwm)
    return 0

def verify(path, n):
    """-> "lines distinct lost in_order prefixed last_ok bytes" for the file once settled."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        data = b""
    lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    nums = [int(m) for m in re.findall(rb"line (\d+)", data)]
    if nums == list(range(1, n + 1)):
        in_order, distinct = 1, n
    else:  # lines missing, or out of order / twice: in order = strictly increasing
        in_order = int(all(a < b for a, b in zip(nums, nums[1:])))
        distinct = len({x for x in nums if 1 <= x <= n})
    # lines that do not start with "line <i>" (a prefix, a timestamp); a cut-off last line is not one
    prefixed = lines - len(re.findall(rb"(?m)^line \d", data))
    if data and not data.endswith(b"\n") and not re.match(rb"line \d", data.rsplit(b"\n", 1)[-1]):
        prefixed -= 1
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    m = re.search(rb"line (\d+)", last)
    last_ok = int(bool(m) and int(m.group(1)) == n)
    print(lines, distinct, n - distinct, in_order, prefixed, last_ok, len(data))
    return 0

if __name__ == "__main__":
    a = sys.argv
    if a[1] == "poll":
        sys.exit(poll(a[2], a[3], int(a[4]), float(a[5]), float(a[6]), a[7], a[8]))
    if a[1] == "verify":
        sys.exit(verify(a[2], int(a[3])))
    if a[1] == "median":
        v = sorted(float(x) for x in a[2:])
        k = len(v)
        print(v[k // 2] if k % 2 else (v[k // 2 - 1] + v[k // 2]) / 2)
EOF
HELPER=("$PY" "$TMP/logs_bench.py")

# ---- programs ---------------------------------------------------------------------------------------
TESTWORKER=${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}
if [[ ! -x $TESTWORKER ]]; then
    echo "logs_bench.sh: no testworker at $TESTWORKER (set HSU_TESTWORKER, or: cmake --build $BUILD --target testworker)" >&2
    exit 1
fi
TESTWORKER=$(readlink -f "$TESTWORKER")
WORKER_ARGS=(--lines "$LINES" --line-bytes "$LINE_BYTES" --run-for 0)

HSU_AGENT=""
if [[ -n ${HSU_BIN:-} ]]; then
    [[ -x $HSU_BIN/hsu-agent ]] && HSU_AGENT=$HSU_BIN/hsu-agent
else
    for d in "$BUILD/agent" "$BUILD" "$BUILD/bin"; do
        [[ -x $d/hsu-agent && -f $d/hsu-agent ]] && { HSU_AGENT=$d/hsu-agent; break; }
    done
fi

# Each contestant: NAME_missing (why it cannot run, or nothing); NAME_begin DIR (starts the burst:
# sets OUTFILE, and writes the supervisor's pid to DIR/sup.pid if there is one); NAME_stop DIR.

# -- bare: the worker's stdout straight to the file --
bare_missing() { :; }
bare_begin() {
    local dir=$1
    OUTFILE=$dir/out.log
    start_bg "$TESTWORKER" "${WORKER_ARGS[@]}" --timeline "$dir/timeline" >"$OUTFILE" 2>"$dir/err.log"
    SUP_PID=$STARTED_PID
}
bare_stop() { end_group "$SUP_PID" 2; kill_workers_in "$1/timeline"; }

# -- hsu-agent --
hsu_missing() {
    [[ -n $HSU_AGENT ]] || echo "no hsu-agent under ${HSU_BIN:-$BUILD} (set HSU_BIN or build target hsu-agent)"
}
hsu_begin() {
    local dir=$1
    mkdir -p "$dir/state" "$dir/logs"
    "$PY" - "$dir/config.yaml" "$TESTWORKER" "${WORKER_ARGS[@]}" --timeline "$dir/timeline" <<'EOF'
import json, sys
out, prog, args = sys.argv[1], sys.argv[2], sys.argv[3:]
q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
with open(out, "w") as f:
    f.write(f"""workers:
  - id: burst
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: {q(prog)}
            args: [{", ".join(q(a) for a in args)}]
          restart_policy: never
""")
EOF
    OUTFILE=$dir/logs/burst-stdout.log
    start_bg "$HSU_AGENT" --config "$dir/config.yaml" --socket "$dir/agent.sock" --state-dir "$dir/state" \
        --log-dir "$dir/logs" >"$dir/agent.out" 2>"$dir/agent.err"
    SUP_PID=$STARTED_PID
    echo "$SUP_PID" >"$dir/sup.pid"
}
hsu_stop() {
    local dir=$1 i
    ours "$SUP_PID" && kill -TERM "$SUP_PID" 2>/dev/null
    for ((i = 0; i < 100; i++)); do gone "$SUP_PID" && break; sleep 0.05; done
    end_group "$SUP_PID" 5
    kill_workers_in "$dir/timeline"
}

# -- supervisord --
supervisord_missing() {
    command -v supervisord >/dev/null || echo "supervisord not installed (apt-get install supervisor)"
}
supervisord_begin() {
    local dir=$1
    OUTFILE=$dir/out.log
    mkdir -p "$dir/childlogs"
    cat >"$dir/supervisord.conf" <<EOF
[unix_http_server]
file=$dir/supervisor.sock

[supervisord]
nodaemon=true
user=root
logfile=$dir/supervisord.log
pidfile=$dir/supervisord.pid
childlogdir=$dir/childlogs

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$dir/supervisor.sock

[program:burst]
command=$TESTWORKER ${WORKER_ARGS[*]} --timeline $dir/timeline
autostart=true
autorestart=false
startsecs=0
stopsignal=KILL
stdout_logfile=$OUTFILE
stdout_logfile_maxbytes=0
stdout_logfile_backups=0
stderr_logfile=$dir/err.log
stderr_logfile_maxbytes=0
stderr_logfile_backups=0
EOF
    start_bg supervisord -c "$dir/supervisord.conf" >"$dir/supervisord.out" 2>&1
    SUP_PID=$STARTED_PID
    echo "$SUP_PID" >"$dir/sup.pid"
}
supervisord_stop() { end_group "$SUP_PID" 20; kill_workers_in "$1/timeline"; }

# -- PM2 --
PM2=$NPM_PREFIX/node_modules/.bin/pm2
pm2_missing() {
    command -v node >/dev/null || { echo "node not installed (apt-get install nodejs npm)"; return; }
    if [[ ! -x $PM2 ]]; then
        if ! command -v npm >/dev/null; then echo "npm not installed"; return; fi
        log "installing pm2 into $NPM_PREFIX (once)"
        mkdir -p "$NPM_PREFIX"
        npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --loglevel=error pm2 >&2 || true
        [[ -x $PM2 ]] || echo "npm install pm2 into $NPM_PREFIX failed"
    fi
}
pm2_begin() {
    local dir=$1
    OUTFILE=$dir/out.log
    mkdir -p "$dir/pm2home"
    # merge_logs: the file is out_file itself, never out_file-<id>; no log_date_format and no "time":
    # PM2 writes the worker's bytes as they come, without timestamps or prefixes.
    "$PY" - "$dir/eco.json" "$TESTWORKER" "$OUTFILE" "$dir/err.log" "${WORKER_ARGS[@]}" --timeline "$dir/timeline" <<'EOF'
import json, sys
out, prog, o, e, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
app = {"name": "burst", "script": prog, "args": args, "interpreter": "none", "exec_mode": "fork",
       "autorestart": False, "kill_timeout": 100, "merge_logs": True, "time": False,
       "out_file": o, "error_file": e}
json.dump({"apps": [app]}, open(out, "w"), indent=1)
EOF
    start_bg env PM2_HOME="$dir/pm2home" "$PM2" start "$dir/eco.json" >"$dir/pm2-client.log" 2>&1
    PM2_CLIENT=$STARTED_PID
    ln -s "$dir/pm2home/pm2.pid" "$dir/sup.pid" # the daemon's, once it is up
    SUP_PID=0
}
pm2_stop() {
    local dir=$1
    SUP_PID=$(cat "$dir/pm2home/pm2.pid" 2>/dev/null || echo 0)
    PM2_HOME="$dir/pm2home" "$PM2" kill >/dev/null 2>&1 || true
    if [[ $SUP_PID != 0 ]] && is_pm2_daemon "$SUP_PID" "$dir/pm2home"; then
        kill -KILL "$SUP_PID" 2>/dev/null
    fi
    end_group "$PM2_CLIENT" 2
    kill_workers_in "$dir/timeline"
    # PM2 closes an app's log file when the app exits; output still in flight is then dropped with
    # "ERR_STREAM_DESTROYED ... writev after a stream was destroyed" in its own log.
    if grep -q ERR_STREAM_DESTROYED "$dir/pm2home/pm2.log" 2>/dev/null; then
        PM2_NOTE="PM2's log says ERR_STREAM_DESTROYED (writes after it closed the file)"
    fi
}

# ---- the runs ---------------------------------------------------------------------------------------
declare -A LABEL=([bare]="bare (stdout > file)" [hsu]="hsu-agent" [supervisord]="supervisord" [pm2]="pm2")
declare -A SKIP=() TIMES=() LOST=() HWM=() MAXRSS=() NOTES=()
CONTESTANTS=()
for c in bare hsu supervisord pm2; do
    [[ " $ONLY " == *" $c "* ]] || continue
    CONTESTANTS+=("$c")
    why=$("${c}_missing")
    if [[ -n $why ]]; then
        SKIP[$c]=$why
        log "skipping ${LABEL[$c]}: $why"
    fi
done

run_one() { # run_one C REP: one burst; appends to TIMES/LOST/HWM/MAXRSS/NOTES
    local c=$1 rep=$2 dir=$TMP/$1-$2 res start end complete size maxrss hwm i
    mkdir -p "$dir"
    log "${LABEL[$c]}: run $rep of $REPS (load $(cut -d' ' -f1-3 /proc/loadavg))"
    OUTFILE="" SUP_PID=0 PM2_NOTE=""
    # The poller first (it says when it is ready), then the burst.
    case $c in # where the output goes (known before the start)
    hsu) OUTFILE=$dir/logs/burst-stdout.log ;;
    *) OUTFILE=$dir/out.log ;;
    esac
    "${HELPER[@]}" poll "$OUTFILE" "$dir/timeline" "$EXPECTED_BYTES" "$WAIT_S" "$SETTLE_S" "$dir/sup.pid" \
        "$dir/poll.ready" >"$dir/poll.out" 2>"$dir/poll.err" &
    local poller=$!
    for ((i = 0; i < 200; i++)); do [[ -e $dir/poll.ready ]] && break; sleep 0.01; done
    "${c}_begin" "$dir"
    wait "$poller" || true
    res=$(cat "$dir/poll.out")
    if [[ -z $res ]]; then
        log "${LABEL[$c]}: run $rep failed: $(head -c 300 "$dir/poll.err")"
        NOTES[$c]+="run $rep failed; "
        "${c}_stop" "$dir"
        rm -rf "$dir"
        return 0
    fi
    read -r start end complete size maxrss hwm <<<"$res"
    # Settle: let the supervisor finish whatever it still holds, then stop it and check the file.
    ((complete)) || log "${LABEL[$c]}: run $rep: the file stopped at $size of $EXPECTED_BYTES bytes"
    "${c}_stop" "$dir"
    read -r lines _distinct lost in_order prefixed last_ok bytes <<<"$("${HELPER[@]}" verify "$OUTFILE" "$LINES")"
    local ms
    ms=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) / 1e6 }')
    log "${LABEL[$c]}: run $rep: ${ms} ms, $lines lines ($bytes bytes), lost $lost, in order $in_order," \
        "prefixed $prefixed, last line ok $last_ok, supervisor VmHWM ${hwm} kB, max VmRSS polled ${maxrss} kB"
    TIMES[$c]+="$ms "
    LOST[$c]+="$lost "
    HWM[$c]+="$hwm "
    MAXRSS[$c]+="$maxrss "
    local why=()
    ((complete)) || why+=("incomplete at $bytes bytes, time to its last growth")
    ((in_order)) || why+=("lines out of order or twice")
    ((prefixed == 0)) || why+=("$prefixed lines with a prefix")
    ((last_ok)) || why+=("last line is not line $LINES")
    ((complete == 0 || bytes == EXPECTED_BYTES)) || why+=("$bytes bytes")
    [[ -z $PM2_NOTE ]] || why+=("$PM2_NOTE")
    if ((${#why[@]})); then
        local joined
        joined=$(printf '%s, ' "${why[@]}")
        NOTES[$c]+="run $rep: ${joined%, }; "
    fi
    rm -rf "$dir"
    sleep 1 # let the freed pages go before the next contestant
    return 0
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "testworker: $TESTWORKER; hsu-agent: ${HSU_AGENT:-missing}; temp dir: $TMP; $LINES lines of $LINE_BYTES bytes, $REPS run(s) each"
for ((r = 1; r <= REPS; r++)); do
    for c in "${CONTESTANTS[@]}"; do
        [[ -n ${SKIP[$c]:-} ]] || run_one "$c" "$r"
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

median() { "${HELPER[@]}" median "$@"; }
HSU_MED=""
[[ -n ${TIMES[hsu]:-} ]] && HSU_MED=$(median ${TIMES[hsu]})
{
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -srm), $(nproc) cores," \
        "$(awk -F': *' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "Versions: supervisord $(supervisord --version 2>/dev/null || echo -), pm2 $(node -p "require('$NPM_PREFIX/node_modules/pm2/package.json').version" 2>/dev/null || echo -)," \
        "node $(node --version 2>/dev/null || echo -), hsu-agent ${HSU_AGENT:-missing}" \
        "(built $(date -u -r "${HSU_AGENT:-/nonexistent}" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo -), repo at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo -))"
    echo "Burst: $LINES lines × $LINE_BYTES bytes = $EXPECTED_BYTES bytes, one worker, median of $REPS run(s);" \
        "load average before $LOAD_BEFORE, after $LOAD_AFTER; nice $NICE; files in ${TMPDIR:-/tmp} ($(df -PT "${TMPDIR:-/tmp}" | awk 'NR == 2 { print $2 }'))"
    echo
    echo "| contestant | time to the last line in the file (median) | hsu-agent ÷ this | runs (ms) | lines lost (each run) | supervisor peak RSS: VmHWM / max VmRSS polled (median) | notes |"
    echo "|---|---:|---:|---|---|---|---|"
    for c in "${CONTESTANTS[@]}"; do
        if [[ -n ${SKIP[$c]:-} ]]; then
            echo "| ${LABEL[$c]} | - | | | | | ${SKIP[$c]} |"
            continue
        fi
        if [[ -z ${TIMES[$c]:-} ]]; then
            echo "| ${LABEL[$c]} | - | | | | | failed: ${NOTES[$c]:-} |"
            continue
        fi
        med=$(median ${TIMES[$c]})
        ratio=""
        [[ -n $HSU_MED && $c != hsu ]] && ratio=$(awk -v a="$HSU_MED" -v b="$med" 'BEGIN { printf "%.2f", a / b }')
        rss="-"
        if [[ $c != bare ]]; then
            rss=$(awk -v h="$(median ${HWM[$c]})" -v m="$(median ${MAXRSS[$c]})" 'BEGIN { printf "%.1f / %.1f MiB", h / 1024, m / 1024 }')
        fi
        note=${NOTES[$c]:-}
        echo "| ${LABEL[$c]} | $(awk -v v="$med" 'BEGIN { printf "%.3f s", v / 1000 }') | $ratio | ${TIMES[$c]% } | ${LOST[$c]% } | $rss | ${note%; } |"
    done
    if [[ -n $HSU_MED ]]; then
        read -r -a hl <<<"${LOST[hsu]}"
        worst_lost=$(printf '%s\n' "${hl[@]}" | sort -n | tail -1)
        worst_hwm=$(printf '%s\n' ${HWM[hsu]} ${MAXRSS[hsu]} | sort -n | tail -1)
        echo
        echo "Goal (issue 5): hsu-agent ≤ 1.0 s: $(awk -v v="$HSU_MED" 'BEGIN { print (v <= 1000 ? "met" : "missed") }')" \
            "($(awk -v v="$HSU_MED" 'BEGIN { printf "%.3f s", v / 1000 }')); 0 lines lost: $( ((worst_lost == 0)) && echo met || echo "missed ($worst_lost)");" \
            "peak RSS ≤ 64 MB: $(awk -v k="$worst_hwm" 'BEGIN { printf "%s (%.1f MiB, the largest of all runs)", (k <= 65536 ? "met" : "missed"), k / 1024 }')"
    fi
} >"$TMP/report.md"
cat "$TMP/report.md"
[[ -n $OUT ]] && cp "$TMP/report.md" "$OUT"
exit 0
