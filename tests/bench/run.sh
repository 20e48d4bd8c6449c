#!/usr/bin/env bash
# HSU Master desktop benchmarks, side by side with peers. See docs/benchmarks.md.
#
#   tests/bench/run.sh [--quick] [--only LIST] [--out FILE]
#
# Contestants, all driving the same worker program (testworker):
#   bare loop    the machine's limit: small C programs (vfork/execv/waitpid; posix_spawn)
#   supervisord  Debian's supervisor package
#   pm2          from npm, installed once into $HSU_BENCH_NPM (default /tmp/hsu-bench/npm)
#   hsu-agent    ours ($HSU_BIN/hsu-agent + hsuctl, default: found under /work/main/build/bench)
# Figures:
#   (a) restart latency after a crash, zero delay: worker's exit -> its next start (median, p90)
#   (b) time to start 100 idle workers until all run (and 1000 for ours and the bare loop)
#   (c) the supervisor's own RSS with those 100 idle workers
# Everything the bench starts is ended by pid / process group, at the end and on error.
set -euo pipefail

QUICK=0
ONLY="bare supervisord pm2 hsu hsu1"
OUT=""
while (($#)); do
    case $1 in
    --quick) QUICK=1 ;;
    --only) ONLY=${2:?--only needs a list, e.g. "bare hsu"}; shift ;;
    --out) OUT=${2:?--out needs a file}; shift ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
NPM_PREFIX=${HSU_BENCH_NPM:-/tmp/hsu-bench/npm}
PY=$(command -v python3 || true)
[[ -x /usr/bin/python3 ]] && PY=/usr/bin/python3
STATS=("$PY" "$HERE/stats.py")

# (a) runs in ROUNDS rounds and (b)/(c) in REPS repetitions, contestants taking turns within each
# round, so that a neighbour's load (a compiler on the same 2 cores) falls on all of them alike.
ROUNDS=5
if ((QUICK)); then
    RESTARTS=50  # (a) restarts measured per contestant, in all
    REPS=1       # (b) repetitions (median reported)
else
    RESTARTS=200
    REPS=3
fi
PER_ROUND=$((RESTARTS / ROUNDS))
IDLE=100
BIG=1000
WAIT_S=${HSU_BENCH_TIMEOUT:-180} # longest wait for any one phase

# Everything the bench starts inherits a higher priority (root only), so that neighbours' compilers
# on a shared machine disturb the figures less; HSU_BENCH_NICE=0 leaves the priority alone.
NICE=${HSU_BENCH_NICE:--10}
if [[ $NICE != 0 ]] && ((EUID == 0)); then
    renice -n "$NICE" -p $$ >/dev/null 2>&1 || NICE=0
else
    NICE=0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-bench.XXXXXX")
# The agent's state folder (its log FIFOs) is $XDG_RUNTIME_DIR/hsu-master by default: a tmpfs on
# a systemd desktop. The bench gives it one too where /dev/shm is a tmpfs; on a disk file system a
# FIFO costs a journaled inode each (0.25 ms on this machine's ext4: half a second for 1000 workers).
RUNTIME=$TMP
if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]]; then
    RUNTIME=$(mktemp -d /dev/shm/hsu-bench.XXXXXX)
fi
RESULTS=$TMP/results.tsv
: >"$RESULTS"
DAEMONS=() # pids of process-group leaders we started (daemons, bare programs)

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now_ns() { local t=${EPOCHREALTIME/./}; echo "${t}000"; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-}" >>"$RESULTS"; }

# ---- ending what we started: by pid and process group, never by name --------------------------------
cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${DAEMONS[@]}"; do
        end_group "$pid" 2
    done
    # PM2's daemon detaches from the group we gave its client: its pid file says where it is.
    for f in "$TMP"/*/pm2home/pm2.pid; do
        [[ -f $f ]] || continue
        pid=$(cat "$f")
        is_pm2_daemon "$pid" "${f%/pm2.pid}" && kill -KILL "$pid" 2>/dev/null
    done
    kill_workers_in "$TMP"/*/timeline "$TMP"/*/fork-timeline
    rm -rf "$TMP" "$RUNTIME"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs "$@" in a process group of its own (setsid: not a group leader here, so no extra fork);
# sets STARTED_PID.
# A restart round: at least MIN_RESTARTS/ROUNDS restarts (50 in all), then up to PER_ROUND while
# within RESTART_BUDGET_S/ROUNDS (supervisord restarts about once a second: its fixed delay).
MIN_RESTARTS=50
RESTART_BUDGET_S=${HSU_BENCH_RESTART_BUDGET:-60}
wait_restarts() { # wait_restarts TIMELINE [PID that must stay alive]
    local tl=$1 alive=${2:-} t0=$SECONDS
    wait_starts "$tl" $((MIN_RESTARTS / ROUNDS + 1)) "$alive" || return 1
    while (($(count_starts "$tl") < PER_ROUND + 1 && SECONDS - t0 < RESTART_BUDGET_S / ROUNDS)); do
        [[ -n $alive ]] && gone "$alive" && return 1
        sleep 0.1
    done
    return 0
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---- programs ---------------------------------------------------------------------------------------
TESTWORKER=${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}
if [[ ! -x $TESTWORKER && -z ${HSU_TESTWORKER:-} && -f $BUILD/build.ninja ]]; then
    log "building testworker in $BUILD"
    cmake --build "$BUILD" --target testworker >/dev/null
fi
if [[ ! -x $TESTWORKER ]]; then
    echo "run.sh: no testworker at $TESTWORKER (set HSU_TESTWORKER, or build the target testworker:" >&2
    echo "  cmake -S $ROOT -B $BUILD -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build $BUILD --target testworker)" >&2
    exit 1
fi
TESTWORKER=$(readlink -f "$TESTWORKER")
[[ -n $PY ]] || { echo "run.sh: python3 is needed for the statistics" >&2; exit 1; }

mkdir -p "$TMP/bin"
for prog in bare_restart bare_spawn; do
    cc -O2 -Wall -Wextra -o "$TMP/bin/$prog" "$HERE/$prog.c"
done


# Each contestant: NAME_missing (prints why it cannot run, or nothing), NAME_restart DIR,
# NAME_start DIR N (sets T0 and SUP_PID, returns once all N workers started; leaves them running),
# NAME_stop DIR.

# -- bare loop --
bare_missing() { :; }
bare_restart() { # vfork + execv + waitpid (the figure), and plain fork for the note (DIR/fork-timeline)
    local dir=$1
    "$TMP/bin/bare_restart" $((PER_ROUND + 1)) "$TESTWORKER" --run-for 20 --exit-code 1 --timeline "$dir/timeline" &&
        "$TMP/bin/bare_restart" --fork $((PER_ROUND + 1)) "$TESTWORKER" --run-for 20 --exit-code 1 \
            --timeline "$dir/fork-timeline"
}
bare_start() {
    local dir=$1 n=$2
    T0=$(now_ns)
    start_bg "$TMP/bin/bare_spawn" "$n" "$TESTWORKER" --timeline "$dir/timeline" >"$dir/pids"
    SUP_PID=$STARTED_PID
    wait_starts "$dir/timeline" "$n" "$SUP_PID"
}
bare_stop() {
    kill_workers_in "$1/timeline"
    end_group "$SUP_PID" 5
}

# -- supervisord --
supervisord_missing() {
    command -v supervisord >/dev/null || echo "supervisord not installed (apt-get install supervisor)"
}
supervisord_conf() { # supervisord_conf DIR NUMPROCS COMMAND...
    local dir=$1 n=$2
    shift 2
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
command=$*
process_name=%(program_name)s_%(process_num)04d
numprocs=$n
autostart=true
autorestart=true
startsecs=0
startretries=100000
exitcodes=0
stopsignal=KILL
EOF
}
supervisord_restart() {
    local dir=$1
    supervisord_conf "$dir" 1 "$TESTWORKER" --run-for 20 --exit-code 1 --timeline "$dir/timeline"
    start_bg supervisord -c "$dir/supervisord.conf" >"$dir/supervisord.out" 2>&1
    SUP_PID=$STARTED_PID
    wait_restarts "$dir/timeline" "$SUP_PID"
}
supervisord_start() {
    local dir=$1 n=$2
    supervisord_conf "$dir" "$n" "$TESTWORKER" --timeline "$dir/timeline"
    T0=$(now_ns)
    start_bg supervisord -c "$dir/supervisord.conf" >"$dir/supervisord.out" 2>&1
    SUP_PID=$STARTED_PID
    wait_starts "$dir/timeline" "$n" "$SUP_PID"
}
supervisord_stop() {
    end_group "$SUP_PID" 20
    kill_workers_in "$1/timeline"
}

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
pm2_cli() { PM2_HOME="$PM2_DIR/pm2home" "$PM2" "$@"; }
pm2_eco() { # pm2_eco DIR N ARGS...: an ecosystem file with N apps running testworker ARGS
    local dir=$1 n=$2
    shift 2
    "$PY" - "$dir/eco.json" "$n" "$TESTWORKER" "$dir" "$@" <<'EOF'
import json, sys
out, n, prog, d, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
apps = [{"name": f"tw{i:04d}", "script": prog, "args": args, "interpreter": "none",
         "exec_mode": "fork", "autorestart": True, "restart_delay": 0, "min_uptime": 0,
         "max_restarts": 1000000, "kill_timeout": 100,
         "out_file": f"{d}/tw{i:04d}-out.log", "error_file": f"{d}/tw{i:04d}-err.log"}
        for i in range(n)]
json.dump({"apps": apps}, open(out, "w"), indent=1)
EOF
}
pm2_begin() { # starts PM2 (daemon and apps) from DIR/eco.json; sets SUP_PID to the daemon
    local dir=$1
    PM2_DIR=$dir
    mkdir -p "$dir/pm2home"
    start_bg env PM2_HOME="$dir/pm2home" "$PM2" start "$dir/eco.json" >"$dir/pm2-client.log" 2>&1
    local client=$STARTED_PID i
    for ((i = 0; i < WAIT_S * 20; i++)); do
        [[ -s $dir/pm2home/pm2.pid ]] && break
        sleep 0.05
    done
    SUP_PID=$(cat "$dir/pm2home/pm2.pid" 2>/dev/null || echo 0)
    PM2_CLIENT=$client
}
pm2_restart() {
    local dir=$1
    pm2_eco "$dir" 1 --run-for 20 --exit-code 1 --timeline "$dir/timeline"
    pm2_begin "$dir"
    wait_restarts "$dir/timeline" "$SUP_PID"
}
pm2_start() {
    local dir=$1 n=$2
    pm2_eco "$dir" "$n" --timeline "$dir/timeline"
    T0=$(now_ns)
    pm2_begin "$dir"
    wait_starts "$dir/timeline" "$n" "$SUP_PID"
}
pm2_stop() {
    local dir=$1
    pm2_cli kill >/dev/null 2>&1 || true
    if [[ ${SUP_PID:-0} != 0 ]] && is_pm2_daemon "$SUP_PID" "$dir/pm2home"; then
        kill -KILL "$SUP_PID" 2>/dev/null
    fi
    end_group "$PM2_CLIENT" 2
    kill_workers_in "$dir/timeline"
}

# -- ours --
HSU_AGENT=$(find_hsu hsu-agent)
HSUCTL=$(find_hsu hsuctl)
hsu_missing() {
    [[ -n $HSU_AGENT ]] || { echo "no hsu-agent under ${HSU_BIN:-$BUILD} (set HSU_BIN or build target hsu-agent)"; return; }
    [[ -n $HSUCTL ]] || log "no hsuctl under ${HSU_BIN:-$BUILD}: the agent is stopped with SIGTERM, status not cross-checked"
}
hsu_conf() { # hsu_conf DIR N POLICY ARGS...
    local dir=$1 n=$2 policy=$3
    shift 3
    "$PY" - "$dir/config.yaml" "$n" "$policy" "$TESTWORKER" "$@" <<'EOF'
import json, sys
out, n, policy, prog, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
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
          restart_policy: {policy}
          context_aware_restart:
            default: {{ max_retries: 1000, retry_delay: 0, backoff_rate: 1 }}
""")
EOF
}
hsu_begin() {
    local dir=$1
    local state=$RUNTIME/state-${dir##*/}
    rm -rf "$state"
    mkdir -p "$state" "$dir/logs"
    start_bg "$HSU_AGENT" --config "$dir/config.yaml" --socket "$dir/agent.sock" --state-dir "$state" \
        --log-dir "$dir/logs" --cgroups "${HSU_CGROUPS:-auto}"
    SUP_PID=$STARTED_PID
}
hsu_restart() {
    local dir=$1
    hsu_conf "$dir" 1 always --run-for 20 --exit-code 1 --timeline "$dir/timeline"
    hsu_begin "$dir" >"$dir/agent.out" 2>"$dir/agent.err"
    wait_restarts "$dir/timeline" "$SUP_PID"
}
hsu_start() {
    local dir=$1 n=$2
    hsu_conf "$dir" "$n" on-failure --timeline "$dir/timeline"
    T0=$(now_ns)
    hsu_begin "$dir" >"$dir/agent.out" 2>"$dir/agent.err"
    wait_starts "$dir/timeline" "$n" "$SUP_PID"
}
hsu_stop() {
    local dir=$1 i
    if [[ -n $HSUCTL ]]; then
        "$HSUCTL" --socket "$dir/agent.sock" shutdown >/dev/null 2>&1 || kill -TERM "$SUP_PID" 2>/dev/null
    else
        kill -TERM "$SUP_PID" 2>/dev/null
    fi
    for ((i = 0; i < 100; i++)); do gone "$SUP_PID" && break; sleep 0.05; done
    end_group "$SUP_PID" 5
    kill_workers_in "$dir/timeline" # workers may outlive the agent by design
}
hsu_status_check() { # with N workers up: does hsuctl agree they are all running?
    local dir=$1 n=$2 running
    [[ -n $HSUCTL ]] || return 0
    running=$("$HSUCTL" --socket "$dir/agent.sock" --json status 2>/dev/null |
        "$PY" -c 'import json,sys; print(sum(1 for w in json.load(sys.stdin) if w.get("state") == "running"))' \
        2>/dev/null) || running="?"
    [[ $running == "$n" ]] || log "hsu-agent: hsuctl status reports $running of $n running"
}

# -- ours, on cgroup v1 only (--cgroups v1): membership in v1 pids + freezer, joined by standbys --
hsu1_missing() { hsu_missing; }
hsu1_restart() { HSU_CGROUPS=v1 hsu_restart "$@"; }
hsu1_start() { HSU_CGROUPS=v1 hsu_start "$@"; }
hsu1_stop() { hsu_stop "$@"; }
hsu1_status_check() { hsu_status_check "$@"; }

# ---- the runs ---------------------------------------------------------------------------------------
# hsu-agent runs with --cgroups auto: cgroup v2 where it is writable (a desktop's, or the empty
# unified hierarchy of a hybrid machine), v1 for the rest; hsu-agent v1 with --cgroups v1.
declare -A LABEL=([bare]="bare loop" [supervisord]="supervisord" [pm2]="pm2" [hsu]="hsu-agent"
                  [hsu1]="hsu-agent v1")
declare -A SKIP=()
CONTESTANTS=()
for c in bare supervisord pm2 hsu hsu1; do
    [[ " $ONLY " == *" $c "* ]] || continue
    CONTESTANTS+=("$c")
    why=$("${c}_missing")
    if [[ -n $why ]]; then
        SKIP[$c]=$why
        log "skipping ${LABEL[$c]}: $why"
    fi
done

FIG_A="(a) restart latency, exit → next start, median"
FIG_A90="(a) restart latency, exit → next start, p90"
FIG_B="(b) start $IDLE idle workers until all run"
FIG_B1000="(b) start $BIG idle workers until all run"
FIG_C="(c) supervisor RSS with $IDLE idle workers"

run_restart() { # one round of (a) for contestant C: restarts into $TMP/C-restart-ROUND/timeline
    local c=$1 round=$2 dir=$TMP/$1-restart-$2
    mkdir -p "$dir"
    log "(a) ${LABEL[$c]}: round $round of $ROUNDS, up to $PER_ROUND restarts"
    "${c}_restart" "$dir" || { log "(a) ${LABEL[$c]}: round $round failed"; FAILED[$c]=$((${FAILED[$c]:-0} + 1)); }
    [[ $c == bare ]] || "${c}_stop" "$dir"
    return 0
}

run_start() { # (b) and (c) for contestant C with N workers; sets RES to "ms rss_kb" or ""
    local c=$1 n=$2 rep=$3 dir=$TMP/$1-start$2-$3 ms rss=0
    RES=""
    mkdir -p "$dir"
    if "${c}_start" "$dir" "$n" && ms=$("${STATS[@]}" startall "$dir/timeline" "$T0" "$n"); then
        if [[ $c != bare ]]; then
            sleep 2 # settle, then the supervisor's own RSS
            rss=$(rss_kb "$SUP_PID")
            [[ $c == hsu* ]] && "${c}_status_check" "$dir" "$n"
        fi
        RES="$ms $rss"
    fi
    "${c}_stop" "$dir"
    return 0
}

median_of() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

log "testworker: $TESTWORKER; temp dir: $TMP; $RESTARTS restarts in $ROUNDS rounds, $REPS repetition(s) of each start"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A FAILED=()
for ((round = 1; round <= ROUNDS; round++)); do
    for c in "${CONTESTANTS[@]}"; do
        [[ -n ${SKIP[$c]:-} ]] || run_restart "$c" "$round"
    done
done
for c in "${CONTESTANTS[@]}"; do
    if [[ -n ${SKIP[$c]:-} ]]; then
        record "$FIG_A" "${LABEL[$c]}" - ms "${SKIP[$c]}"
        record "$FIG_A90" "${LABEL[$c]}" - ms "${SKIP[$c]}"
    elif out=$("${STATS[@]}" restart "$PER_ROUND" "$TMP/$c"-restart-*/timeline) && [[ ${out%% *} != 0 ]]; then
        read -r n med p90 <<<"$out"
        note="n=$n"
        if [[ $c == bare ]] && out=$("${STATS[@]}" restart "$PER_ROUND" "$TMP/$c"-restart-*/fork-timeline); then
            read -r _ fmed fp90 <<<"$out"
            note+="; vfork+execv+waitpid (with plain fork(): median $fmed ms, p90 $fp90 ms)"
        fi
        [[ -n ${FAILED[$c]:-} ]] && note+=", ${FAILED[$c]} round(s) failed"
        record "$FIG_A" "${LABEL[$c]}" "$med" ms "$note"
        record "$FIG_A90" "${LABEL[$c]}" "$p90" ms "$note"
    else
        record "$FIG_A" "${LABEL[$c]}" - ms "failed (see log)"
        record "$FIG_A90" "${LABEL[$c]}" - ms "failed (see log)"
    fi
done

declare -A TIMES=() RSSES=()
for ((r = 1; r <= REPS; r++)); do
    for c in "${CONTESTANTS[@]}"; do
        [[ -z ${SKIP[$c]:-} ]] || continue
        log "(b) ${LABEL[$c]}: start $IDLE idle workers, run $r of $REPS"
        run_start "$c" "$IDLE" "$r"
        [[ -n $RES ]] || continue
        TIMES[$c]+="${RES% *} "
        RSSES[$c]+="${RES#* } "
    done
done
for c in "${CONTESTANTS[@]}"; do
    if [[ -n ${SKIP[$c]:-} ]]; then
        record "$FIG_B" "${LABEL[$c]}" - ms "${SKIP[$c]}"
        [[ $c == bare ]] || record "$FIG_C" "${LABEL[$c]}" - MiB "${SKIP[$c]}"
        continue
    fi
    read -r -a times <<<"${TIMES[$c]:-}"
    read -r -a rsses <<<"${RSSES[$c]:-}"
    if ((${#times[@]})); then
        record "$FIG_B" "${LABEL[$c]}" "$(median_of "${times[@]}")" ms "median of ${#times[@]}: ${times[*]}"
        [[ $c == bare ]] || record "$FIG_C" "${LABEL[$c]}" \
            "$(awk -v k="$(median_of "${rsses[@]}")" 'BEGIN { printf "%.1f", k / 1024 }')" MiB "VmRSS of the daemon alone"
    else
        record "$FIG_B" "${LABEL[$c]}" - ms "failed (see log)"
        [[ $c == bare ]] || record "$FIG_C" "${LABEL[$c]}" - MiB "failed"
    fi
done

for c in bare hsu hsu1; do
    [[ " ${CONTESTANTS[*]} " == *" $c "* ]] || continue
    if [[ -n ${SKIP[$c]:-} ]]; then
        record "$FIG_B1000" "${LABEL[$c]}" - ms "${SKIP[$c]}"
        continue
    fi
    log "(b) ${LABEL[$c]}: start $BIG idle workers"
    run_start "$c" "$BIG" 1
    res=$RES
    if [[ -n $res ]]; then
        note=""
        [[ $c == hsu* ]] && note="agent RSS $(awk -v k="${res#* }" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
        record "$FIG_B1000" "${LABEL[$c]}" "${res% *}" ms "$note"
    else
        record "$FIG_B1000" "${LABEL[$c]}" - ms "failed (see log)"
    fi
done

{
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -srm), $(nproc) cores," \
        "$(awk -F': *' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "Versions: supervisord $(supervisord --version 2>/dev/null || echo -), pm2 $(node -p "require('$NPM_PREFIX/node_modules/pm2/package.json').version" 2>/dev/null || echo -)," \
        "node $(node --version 2>/dev/null || echo -), hsu-agent ${HSU_AGENT:-missing}"
    echo "Mode: $( ((QUICK)) && echo quick || echo full): up to $RESTARTS restarts in $ROUNDS rounds for (a)," \
        "median of $REPS run(s) for (b) and (c); load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg); nice $NICE"
    echo
    "${STATS[@]}" table "$RESULTS"
} >"$TMP/report.md"
cat "$TMP/report.md"
[[ -n $OUT ]] && cp "$TMP/report.md" "$OUT"
exit 0
