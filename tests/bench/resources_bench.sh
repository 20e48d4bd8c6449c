#!/usr/bin/env bash
# HSU Master desktop: the idle sampling cost of issue 6, side by side. See docs/benchmarks.md.
#
#   bash tests/bench/resources_bench.sh [--workers N] [--big N] [--seconds S] [--only LIST] [--out FILE]
#
# N idle workers (testworker --run-for 3600000, never restarted; default 100) under each supervisor:
#   hsu-agent    ours, sampling every worker every 2 s (monitoring.interval's default), with
#                --workers and again with --big workers (default 1000; --big 0 skips it)
#   supervisord  its python process (autorestart=false)
#   pm2          its God daemon (pid from $PM2_HOME/pm2.pid; PM2 from npm in $HSU_BENCH_NPM, like run.sh)
# Once every worker runs (timeline start lines; for ours also `hsuctl --json status`), 5 s to settle,
# then the supervisor's own CPU time over exactly --seconds (default 30): utime+stime of
# /proc/PID/stat (the whole process, every thread; 10 ms ticks) -> % of one core; the threads'
# /proc/PID/task/*/schedstat (ns) alongside. Then its VmRSS, and for ours resources.get's
# history_max_bytes (one worker's history once full at 24 h retention) over a raw socket client.
# Goals (issue 6): hsu-agent <= 0.1 % of a core with 100 workers, <= 1 % with 1000.
# Not part of CTest. Everything it starts is ended by pid / process group, never by name; the
# agent with SIGTERM (it removes its own cgroups, hsu-s<digest of its state folder>), and any such
# folder left behind is removed and reported.
set -euo pipefail

IDLE=100
BIG=1000
SECONDS_M=30
SETTLE_S=5
ONLY="hsu supervisord pm2"
OUT=""
while (($#)); do
    case $1 in
    --workers) IDLE=${2:?--workers needs a number}; shift ;;
    --big) BIG=${2:?--big needs a number (0: skip)}; shift ;;
    --seconds) SECONDS_M=${2:?--seconds needs a number}; shift ;;
    --only) ONLY=${2:?--only needs a list, e.g. "hsu pm2"}; shift ;;
    --out) OUT=${2:?--out needs a file}; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "resources_bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $IDLE =~ ^[1-9][0-9]*$ && $BIG =~ ^[0-9]+$ && $SECONDS_M =~ ^[1-9][0-9]*$ ]] ||
    { echo "resources_bench.sh: --workers, --big and --seconds take numbers" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/dev}
NPM_PREFIX=${HSU_BENCH_NPM:-/tmp/hsu-bench/npm}
PY=$(command -v python3 || true)
[[ -x /usr/bin/python3 ]] && PY=/usr/bin/python3
[[ -n $PY ]] || { echo "resources_bench.sh: python3 is needed" >&2; exit 1; }
STATS=("$PY" "$HERE/stats.py")
WAIT_S=${HSU_BENCH_TIMEOUT:-180} # longest wait for all workers to run, or for a supervisor to stop
LOAD_LIMIT=1.5                   # wait (up to LOAD_WAIT_S) for the 1-minute load to drop below this
LOAD_WAIT_S=120

# Same convention as run.sh: a higher priority for everything the bench starts (root only).
NICE=${HSU_BENCH_NICE:--10}
if [[ $NICE != 0 ]] && ((EUID == 0)); then
    renice -n "$NICE" -p $$ >/dev/null 2>&1 || NICE=0
else
    NICE=0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-resources-bench.XXXXXX")
DAEMONS=()    # pids of process-group leaders we started
AGENT_PIDS=()    # pids of the agents we started
AGENT_CGROUPS=() # and, at the same index, the name of each one's cgroup folder (agent_cgroup_name)

log() { printf '[resources-bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---- ending what we started: by pid and process group, never by name (as in run.sh) ---------------
# The agent puts its workers' cgroups in a folder named after its state folder: "hsu-s" and the
# first 12 hex digits of the SHA-256 of that folder's absolute path (WorkerCgroup::parentNameFor),
# or hsu-<pid> when no name was set (an older agent). Each run's state folder is in our own mktemp
# folder, so the name is this run's alone; other agents' folders on the machine are left alone.
agent_cgroup_name() { # agent_cgroup_name STATE_DIR: the folder name the agent with --state-dir STATE_DIR makes
    # realpath -s: made absolute and cleaned like the agent's QFileInfo::absoluteFilePath, no symlink resolved
    echo "hsu-s$(printf %s "$(realpath -m -s "$1")" | sha256sum | cut -c1-12)"
}
agent_cgroups() { # agent_cgroups PID NAME: the cgroup folders of our agent PID (named NAME) that still exist
    find /sys/fs/cgroup -maxdepth 4 -type d \( -name "$2" -o -name "hsu-$1" \) 2>/dev/null || true
}
remove_agent_cgroups() { # remove_agent_cgroups PID NAME: rmdir what our agent PID left (deepest first)
    local d
    for d in $(agent_cgroups "$1" "$2"); do
        find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    return 0
}
cleanup() {
    local rc=$? pid f i
    trap - EXIT INT TERM
    for pid in "${AGENT_PIDS[@]}"; do # SIGTERM first: the agent removes its own cgroups
        ours "$pid" && kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${DAEMONS[@]}"; do
        end_group "$pid" 10
    done
    for f in "$TMP"/*/pm2home/pm2.pid; do
        [[ -f $f ]] || continue
        pid=$(cat "$f")
        is_pm2_daemon "$pid" "${f%/pm2.pid}" && kill -KILL "$pid" 2>/dev/null
    done
    kill_workers_in "$TMP"/*/timeline
    for i in "${!AGENT_PIDS[@]}"; do
        remove_agent_cgroups "${AGENT_PIDS[$i]}" "${AGENT_CGROUPS[$i]}"
    done
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---- the helper: CPU time over a window, the agent's history_bytes ---------------------------------
cat >"$TMP/resources_bench.py" <<'EOF'
import glob, json, os, socket, sys, time

def stat_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15): the whole process

def threads_ns(pid):
    out = {}
    for p in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(p) as f:
                out[p] = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return out

def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0

def measure(pid, seconds):
    """-> "cpu_pct_stat cpu_pct_schedstat elapsed_s ticks threads vmrss_kb" over exactly SECONDS."""
    hz = os.sysconf("SC_CLK_TCK")
    t0 = time.monotonic()
    a, na = stat_ticks(pid), threads_ns(pid)
    end = t0 + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(left, 1.0))
    b, nb = stat_ticks(pid), threads_ns(pid)
    elapsed = time.monotonic() - t0
    ns = sum(v - na.get(k, 0) for k, v in nb.items())  # a thread born in the window counts whole
    rss = status_kb(pid, "VmRSS:")
    print(f"{100.0 * (b - a) / hz / elapsed:.4f} {100.0 * ns / 1e9 / elapsed:.4f} {elapsed:.3f} {b - a} {len(nb)} {rss}")

def history(sock_path, worker):
    """-> "history_max_bytes interval_ms" from resources.get over the agent's NDJSON socket."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(sock_path)
    f = s.makefile("rwb")
    def call(i, method, params):
        f.write(json.dumps({"id": i, "method": method, "params": params}).encode() + b"\n")
        f.flush()
        while True:
            line = f.readline()
            if not line:
                raise SystemExit("the agent closed the connection")
            o = json.loads(line)
            if o.get("id") == i:
                if "result" not in o:
                    raise SystemExit(f"{method}: {o.get('error')}")
                return o["result"]
    call(1, "hello", {"protocol": "1.2", "client": "resources_bench"})
    r = call(2, "resources.get", {"id": worker})
    print(r.get("history_max_bytes", r.get("history_bytes", -1)), r.get("interval_ms", -1))

if __name__ == "__main__":
    a = sys.argv
    if a[1] == "measure":
        measure(int(a[2]), float(a[3]))
    elif a[1] == "history":
        history(a[2], a[3])
EOF
HELPER=("$PY" "$TMP/resources_bench.py")

# ---- programs ---------------------------------------------------------------------------------------
TESTWORKER=${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}
if [[ ! -x $TESTWORKER ]]; then
    echo "resources_bench.sh: no testworker at $TESTWORKER (set HSU_TESTWORKER, or: cmake --build $BUILD --target testworker)" >&2
    exit 1
fi
TESTWORKER=$(readlink -f "$TESTWORKER")
WORKER_ARGS=(--run-for 3600000)

HSU_AGENT=$(find_hsu hsu-agent)
HSUCTL=$(find_hsu hsuctl)

# Each contestant: NAME_missing (why it cannot run, or nothing); NAME_start DIR N (sets SUP_PID, the
# process measured; true once all N workers run); NAME_stop DIR.

# -- hsu-agent --
hsu_missing() {
    [[ -n $HSU_AGENT ]] || { echo "no hsu-agent under ${HSU_BIN:-$BUILD} (set HSU_BIN or build target hsu-agent)"; return; }
    [[ -n $HSUCTL ]] || log "no hsuctl under ${HSU_BIN:-$BUILD}: the workers are counted from their timeline only"
}
hsu_running() { # hsu_running DIR: how many workers hsuctl calls running
    "$HSUCTL" --socket "$1/agent.sock" --json status 2>/dev/null |
        "$PY" -c 'import json,sys; print(sum(1 for w in json.load(sys.stdin) if w.get("state") == "running"))' \
            2>/dev/null || echo 0
}
hsu_start() {
    local dir=$1 n=$2 i running=0
    mkdir -p "$dir/state" "$dir/logs"
    "$PY" - "$dir/config.yaml" "$n" "$TESTWORKER" "${WORKER_ARGS[@]}" --timeline "$dir/timeline" <<'EOF'
import json, sys
out, n, prog, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
with open(out, "w") as f:
    f.write("workers:\n")
    for i in range(n):
        f.write(f"""  - id: tw{i:04d}
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
    start_bg "$HSU_AGENT" --config "$dir/config.yaml" --socket "$dir/agent.sock" --state-dir "$dir/state" \
        --log-dir "$dir/logs" >"$dir/agent.out" 2>"$dir/agent.err"
    SUP_PID=$STARTED_PID
    SUP_CGROUP=$(agent_cgroup_name "$dir/state")
    AGENT_PIDS+=("$SUP_PID")
    AGENT_CGROUPS+=("$SUP_CGROUP")
    wait_starts "$dir/timeline" "$n" "$SUP_PID" || return 1
    [[ -n $HSUCTL ]] || return 0
    for ((i = 0; i < WAIT_S * 2; i++)); do
        running=$(hsu_running "$dir")
        ((running >= n)) && return 0
        gone "$SUP_PID" && break
        sleep 0.5
    done
    log "hsu-agent: hsuctl reports $running of $n running"
    return 1
}
hsu_stop() { # SIGTERM and wait: the agent stops its workers and removes its cgroups
    local dir=$1 i left
    if ours "$SUP_PID"; then
        kill -TERM "$SUP_PID" 2>/dev/null
        for ((i = 0; i < WAIT_S * 10; i++)); do gone "$SUP_PID" && break; sleep 0.1; done
        gone "$SUP_PID" || log "hsu-agent (pid $SUP_PID) still runs ${WAIT_S} s after SIGTERM: killed"
    fi
    end_group "$SUP_PID" 5
    kill_workers_in "$dir/timeline"
    left=$(agent_cgroups "$SUP_PID" "$SUP_CGROUP")
    if [[ -n $left ]]; then
        log "hsu-agent (pid $SUP_PID) left cgroups behind, removed now: $(echo $left)"
        CG_NOTES+="the agent pid $SUP_PID left $(echo "$left" | wc -l) cgroup folder(s) after SIGTERM (removed by the script); "
        remove_agent_cgroups "$SUP_PID" "$SUP_CGROUP"
    fi
}

# -- supervisord --
supervisord_missing() {
    command -v supervisord >/dev/null || echo "supervisord not installed (apt-get install supervisor)"
}
supervisord_start() {
    local dir=$1 n=$2
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
minfds=4096

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$dir/supervisor.sock

[program:tw]
command=$TESTWORKER ${WORKER_ARGS[*]} --timeline $dir/timeline
process_name=%(program_name)s_%(process_num)04d
numprocs=$n
autostart=true
autorestart=false
startsecs=0
stopsignal=KILL
EOF
    start_bg supervisord -c "$dir/supervisord.conf" >"$dir/supervisord.out" 2>&1
    SUP_PID=$STARTED_PID
    wait_starts "$dir/timeline" "$n" "$SUP_PID"
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
pm2_start() {
    local dir=$1 n=$2 i
    mkdir -p "$dir/pm2home"
    "$PY" - "$dir/eco.json" "$n" "$TESTWORKER" "$dir" "${WORKER_ARGS[@]}" --timeline "$dir/timeline" <<'EOF'
import json, sys
out, n, prog, d, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
apps = [{"name": f"tw{i:04d}", "script": prog, "args": args, "interpreter": "none",
         "exec_mode": "fork", "autorestart": False, "kill_timeout": 100,
         "out_file": f"{d}/tw{i:04d}-out.log", "error_file": f"{d}/tw{i:04d}-err.log"}
        for i in range(n)]
json.dump({"apps": apps}, open(out, "w"), indent=1)
EOF
    start_bg env PM2_HOME="$dir/pm2home" "$PM2" start "$dir/eco.json" >"$dir/pm2-client.log" 2>&1
    PM2_CLIENT=$STARTED_PID
    for ((i = 0; i < WAIT_S * 20; i++)); do
        [[ -s $dir/pm2home/pm2.pid ]] && break
        sleep 0.05
    done
    SUP_PID=$(cat "$dir/pm2home/pm2.pid" 2>/dev/null || echo 0)
    [[ $SUP_PID != 0 ]] || return 1
    wait_starts "$dir/timeline" "$n" "$SUP_PID" || return 1
    # the client returns once every app is launched: wait for it, so that it is not measured around
    for ((i = 0; i < WAIT_S * 10; i++)); do gone "$PM2_CLIENT" && break; sleep 0.1; done
    return 0
}
pm2_stop() {
    local dir=$1
    PM2_HOME="$dir/pm2home" "$PM2" kill >/dev/null 2>&1 || true
    if [[ ${SUP_PID:-0} != 0 ]] && is_pm2_daemon "$SUP_PID" "$dir/pm2home"; then
        kill -KILL "$SUP_PID" 2>/dev/null
    fi
    end_group "$PM2_CLIENT" 2
    kill_workers_in "$dir/timeline"
}

# ---- the runs ---------------------------------------------------------------------------------------
declare -A LABEL=([hsu]="hsu-agent" [supervisord]="supervisord" [pm2]="pm2")
declare -A SKIP=() CPU=() CPUNS=() RSS=() NOTE=()
CG_NOTES=""
CONTESTANTS=()
for c in hsu supervisord pm2; do
    [[ " $ONLY " == *" $c "* ]] || continue
    CONTESTANTS+=("$c")
    why=$("${c}_missing")
    if [[ -n $why ]]; then
        SKIP[$c]=$why
        log "skipping ${LABEL[$c]}: $why"
    fi
done

HIST_BYTES="" HIST_INTERVAL=""
run_one() { # run_one C N: sets CPU[C/N], CPUNS[C/N], RSS[C/N] (or NOTE[C/N] on failure)
    local c=$1 n=$2 key=$1/$2 dir=$TMP/$1-$2 res cpu cpuns elapsed ticks threads rss
    mkdir -p "$dir"
    SUP_PID=0 SUP_CGROUP="" PM2_CLIENT=0
    log "${LABEL[$c]}: starting $n idle workers (load $(cut -d' ' -f1-3 /proc/loadavg))"
    if ! "${c}_start" "$dir" "$n"; then
        NOTE[$key]="failed: not all $n workers ran"
        "${c}_stop" "$dir"
        return 0
    fi
    log "${LABEL[$c]}: all $n running; ${SETTLE_S} s to settle, then ${SECONDS_M} s measured (pid $SUP_PID)"
    sleep "$SETTLE_S"
    if ! res=$("${HELPER[@]}" measure "$SUP_PID" "$SECONDS_M" 2>"$dir/measure.err"); then
        NOTE[$key]="failed: $(head -c 200 "$dir/measure.err")"
        "${c}_stop" "$dir"
        return 0
    fi
    read -r cpu cpuns elapsed ticks threads rss <<<"$res"
    local alive
    alive=$(count_starts "$dir/timeline")
    CPU[$key]=$cpu CPUNS[$key]=$cpuns RSS[$key]=$rss
    NOTE[$key]="$ticks ticks in ${elapsed} s, $threads thread(s)"
    ((alive == n)) || NOTE[$key]+="; $alive start lines (a worker restarted?)"
    if [[ $c == hsu ]]; then
        local running hb cgs
        cgs=$(agent_cgroups "$SUP_PID" "$SUP_CGROUP" | wc -l)
        NOTE[$key]+="; its cgroups: $cgs $SUP_CGROUP folder(s) while running"
        [[ -n $HSUCTL ]] && { running=$(hsu_running "$dir"); ((running == n)) || NOTE[$key]+="; $running of $n still running after the window"; }
        if hb=$("${HELPER[@]}" history "$dir/agent.sock" tw0000 2>"$dir/history.err"); then
            read -r HIST_BYTES HIST_INTERVAL <<<"$hb"
        else
            NOTE[$key]+="; resources.get failed: $(head -c 200 "$dir/history.err")"
        fi
    fi
    log "${LABEL[$c]} with $n workers: ${cpu} % of a core (threads' schedstat ${cpuns} %), VmRSS ${rss} kB; ${NOTE[$key]}"
    "${c}_stop" "$dir"
    rm -rf "$dir"
    sleep 1
    return 0
}

CG_BEFORE=$(find /sys/fs/cgroup -maxdepth 4 -name 'hsu-*' 2>/dev/null | sort || true)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
LOAD_NOTE=""
load1() { cut -d' ' -f1 /proc/loadavg; }
if awk -v l="$(load1)" -v m="$LOAD_LIMIT" 'BEGIN { exit !(l > m) }'; then
    log "load average $(load1) > $LOAD_LIMIT: waiting up to ${LOAD_WAIT_S} s for it to calm down"
    t0=$SECONDS
    while ((SECONDS - t0 < LOAD_WAIT_S)) && awk -v l="$(load1)" -v m="$LOAD_LIMIT" 'BEGIN { exit !(l > m) }'; do
        sleep 5
    done
    if awk -v l="$(load1)" -v m="$LOAD_LIMIT" 'BEGIN { exit !(l > m) }'; then
        LOAD_NOTE="the load did NOT calm down below $LOAD_LIMIT within ${LOAD_WAIT_S} s (was $LOAD_START, now $(cut -d' ' -f1-3 /proc/loadavg)): figures taken anyway"
    else
        LOAD_NOTE="waited $((SECONDS - t0)) s for the load to drop below $LOAD_LIMIT (was $LOAD_START)"
    fi
    log "$LOAD_NOTE"
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
T_BEGIN=$(date -u '+%Y-%m-%d %H:%M')
log "testworker: $TESTWORKER; hsu-agent: ${HSU_AGENT:-missing}; temp dir: $TMP; $IDLE workers (and $BIG for ours), ${SECONDS_M} s each"
ROWS=()
for c in "${CONTESTANTS[@]}"; do
    [[ -n ${SKIP[$c]:-} ]] || run_one "$c" "$IDLE"
    ROWS+=("$c/$IDLE")
done
if ((BIG > 0)) && [[ " ${CONTESTANTS[*]} " == *" hsu "* ]]; then
    [[ -n ${SKIP[hsu]:-} ]] || run_one hsu "$BIG"
    ROWS+=("hsu/$BIG")
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
T_END=$(date -u '+%H:%M UTC')
CG_OURS=""
for i in "${!AGENT_PIDS[@]}"; do CG_OURS+="$(agent_cgroups "${AGENT_PIDS[$i]}" "${AGENT_CGROUPS[$i]}") "; done
CG_OURS=$(echo $CG_OURS)
CG_OTHERS=""
for d in $(find /sys/fs/cgroup -maxdepth 4 -name 'hsu-*' 2>/dev/null | sort || true); do
    [[ " ${AGENT_CGROUPS[*]} " == *" ${d##*/} "* || " ${AGENT_PIDS[*]} " == *" ${d##*/hsu-} "* ]] || CG_OTHERS+="$d "
done

goal_of() { # goal_of C N
    [[ $1 == hsu ]] || { echo ""; return; }
    if (($2 <= 100)); then echo "≤ 0.1 %"; else echo "≤ 1 %"; fi
}
met() { # met CPU LIMIT
    awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g ? "met" : "missed") }'
}
{
    echo "Date: $T_BEGIN–$T_END; machine: $(uname -srm), $(nproc) cores," \
        "$(awk -F': *' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "Versions: supervisord $(supervisord --version 2>/dev/null || echo -), pm2 $(node -p "require('$NPM_PREFIX/node_modules/pm2/package.json').version" 2>/dev/null || echo -)," \
        "node $(node --version 2>/dev/null || echo -), hsu-agent ${HSU_AGENT:-missing}" \
        "(built $(date -u -r "${HSU_AGENT:-/nonexistent}" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo -), repo at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo -))"
    echo "Idle workers: testworker ${WORKER_ARGS[*]}, never restarted; ${SETTLE_S} s settle, then ${SECONDS_M} s measured;" \
        "load average before $LOAD_BEFORE, after $LOAD_AFTER; nice $NICE${LOAD_NOTE:+; $LOAD_NOTE}"
    echo
    echo "| contestant | workers | CPU, % of one core over ${SECONDS_M} s (/proc/PID/stat) | threads' schedstat | RSS | goal | notes |"
    echo "|---|---:|---:|---:|---:|---|---|"
    for key in "${ROWS[@]}"; do
        c=${key%/*} n=${key#*/}
        goal=$(goal_of "$c" "$n")
        if [[ -n ${SKIP[$c]:-} ]]; then
            echo "| ${LABEL[$c]} | $n | - | - | - | $goal | ${SKIP[$c]} |"
        elif [[ -z ${CPU[$key]:-} ]]; then
            echo "| ${LABEL[$c]} | $n | - | - | - | $goal | ${NOTE[$key]:-failed} |"
        else
            g=""
            [[ -n $goal ]] && g="$goal: $(met "${CPU[$key]}" "$( (( n <= 100 )) && echo 0.1 || echo 1)")"
            printf '| %s | %s | %.3f %% | %.3f %% | %.1f MiB | %s | %s |\n' "${LABEL[$c]}" "$n" "${CPU[$key]}" \
                "${CPUNS[$key]}" "$(awk -v k="${RSS[$key]}" 'BEGIN { print k / 1024 }')" "$g" "${NOTE[$key]}"
        fi
    done
    echo
    hk=hsu/$IDLE
    if [[ -n ${CPU[$hk]:-} ]]; then
        for c in supervisord pm2; do
            k=$c/$IDLE
            [[ -n ${CPU[$k]:-} ]] || continue
            echo "hsu-agent ÷ ${LABEL[$c]} ($IDLE workers): CPU $(awk -v a="${CPU[$hk]}" -v b="${CPU[$k]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "∞ (0 ticks)" }')" \
                "(schedstat $(awk -v a="${CPUNS[$hk]}" -v b="${CPUNS[$k]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')), RSS $(awk -v a="${RSS[$hk]}" -v b="${RSS[$k]}" 'BEGIN { printf "%.2f", a / b }')"
        done
    fi
    if [[ -n $HIST_BYTES && $HIST_BYTES != -1 ]]; then
        echo "History memory per worker (resources.get history_max_bytes: full at 24 h retention; interval ${HIST_INTERVAL} ms):" \
            "$HIST_BYTES bytes ($(awk -v b="$HIST_BYTES" 'BEGIN { printf "%.1f KiB", b / 1024 }'));" \
            "× $IDLE = $(awk -v b="$HIST_BYTES" -v n="$IDLE" 'BEGIN { printf "%.1f MiB", b * n / 1048576 }')$( ((BIG > 0)) && echo ", × $BIG = $(awk -v b="$HIST_BYTES" -v n="$BIG" 'BEGIN { printf "%.1f MiB", b * n / 1048576 }')")"
    else
        echo "History memory per worker: not measured"
    fi
    if [[ -n $CG_OURS ]]; then
        echo "cgroups: folders of our agents (pids ${AGENT_PIDS[*]}: ${AGENT_CGROUPS[*]}) still there: $CG_OURS (removed on exit)"
    else
        echo "cgroups: no folder of our agents (pids ${AGENT_PIDS[*]:-none}: ${AGENT_CGROUPS[*]:-none}, or hsu-<pid>) left under /sys/fs/cgroup${CG_NOTES:+ ($CG_NOTES)}"
    fi
    [[ -z ${CG_OTHERS// /} ]] || echo "cgroups: hsu-* folders of other agents (other sessions; left alone), before the run: $(echo ${CG_BEFORE:-none}); at the end: $CG_OTHERS"
} >"$TMP/report.md"
cat "$TMP/report.md"
[[ -n $OUT ]] && cp "$TMP/report.md" "$OUT"
exit 0
