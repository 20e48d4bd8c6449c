#!/usr/bin/env bash
# HSU Master desktop: the cost of the Prometheus endpoint (issue 15). See docs/benchmarks.md.
#
#   bash tests/bench/metrics_bench.sh [--quick] [--workers N] [--seconds S] [--scrapes N] [--out FILE]
#
# One agent (Release build, build/bench) with N idle workers (default 1000; testworker with no
# --run-for: runs until stopped), started with --metrics 127.0.0.1:PORT. Once all run:
#   A   unscraped: the agent's CPU (utime+stime of /proc/PID/stat) over S seconds (default 30,
#       --quick 10); the endpoint is on, nobody reads it
#   B   scraped: a real Prometheus (/usr/bin/prometheus) scrapes it every 1 s (timeout 1 s) for the
#       same S seconds; the agent's CPU over the window, then Prometheus's own
#       scrape_duration_seconds and scrape_samples_scraped for that window (its HTTP API). The
#       bare reference: one scrape's body saved to a file, served by `python3 -m http.server`,
#       scraped by the same Prometheus as a second job (its duration holds Prometheus's own parse
#       and append, so the bare job is what to compare it with)
#   A2  unscraped again (Prometheus stopped): shows how much the idle figure drifts
#   C   --scrapes N (default 200, --quick 50) scrapes with curl, each followed by a fetch of the
#       same bytes from the static server. Times are curl's %{time_starttransfer} (first byte:
#       connect, request, the agent's render) and %{time_total} (the whole body); the agent's CPU
#       over the burst gives its CPU per scrape a second way.
# Prints a table: series and bytes of a scrape, scrape p50/p99 (curl, Prometheus), the bare fetch,
# the ratio, the agent's CPU unscraped vs scraped and per scrape, its RSS. Goal (issue 15): a scrape
# under 1000 workers takes <= 20 ms. A measurement, never a test: it does not fail on a slow figure.
# Everything it starts runs in a process group of its own and is ended by pid / process group (the
# agent by SIGTERM: it stops its workers and removes its cgroups), also on error or Ctrl-C; never
# by name. Afterwards it checks that no worker of its agent and no cgroup folder of it is left.
set -euo pipefail

QUICK=0
N=1000
WINDOW_S=""
SCRAPES=""
OUT=""
while (($#)); do
    case $1 in
    --quick) QUICK=1 ;;
    --workers) N=${2:?--workers needs a number}; shift ;;
    --seconds) WINDOW_S=${2:?--seconds needs a number}; shift ;;
    --scrapes) SCRAPES=${2:?--scrapes needs a number}; shift ;;
    --out) OUT=${2:?--out needs a file}; shift ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "metrics_bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if ((QUICK)); then
    WINDOW_S=${WINDOW_S:-10}
    SCRAPES=${SCRAPES:-50}
else
    WINDOW_S=${WINDOW_S:-30}
    SCRAPES=${SCRAPES:-200}
fi
[[ $N =~ ^[1-9][0-9]*$ && $WINDOW_S =~ ^[1-9][0-9]*$ && $SCRAPES =~ ^[1-9][0-9]*$ ]] ||
    { echo "metrics_bench.sh: --workers, --seconds and --scrapes take positive numbers" >&2; exit 2; }
SETTLE_S=5 # after the last worker runs, and after Prometheus is ready: let the start's work settle

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
PY=$(command -v python3 || true)
[[ -x /usr/bin/python3 ]] && PY=/usr/bin/python3
[[ -n $PY ]] || { echo "metrics_bench.sh: python3 is needed" >&2; exit 1; }
STATS=("$PY" "$HERE/stats.py")
HELPER=("$PY" "$HERE/metrics_bench.py")
WAIT_S=${HSU_BENCH_TIMEOUT:-180} # longest wait for the workers to run, or for the agent to stop
PROMETHEUS=${HSU_PROMETHEUS:-$(command -v prometheus || true)}
if ! command -v curl >/dev/null || [[ -z $PROMETHEUS ]] || ! command -v "$PROMETHEUS" >/dev/null; then
    echo "metrics_bench.sh: needs curl and prometheus (apt-get install curl prometheus)" >&2
    exit 1
fi

# Same convention as run.sh: a higher priority for everything the bench starts (root only), so a
# neighbour's compiler disturbs the figures less; HSU_BENCH_NICE=0 leaves it alone.
NICE=${HSU_BENCH_NICE:--10}
if [[ $NICE != 0 ]] && ((EUID == 0)); then
    renice -n "$NICE" -p $$ >/dev/null 2>&1 || NICE=0
else
    NICE=0
fi

log() { printf '[metrics-bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---- programs: a Release build in build/bench, built (or brought up to date) here ------------------
# Brought up to date when this script owns the build folder (no HSU_BIN), so that the figures are
# those of the sources beside it; the first build takes minutes on 2 cores.
if [[ -z ${HSU_BIN:-} ]]; then
    if [[ ! -f $BUILD/build.ninja ]]; then
        log "configuring a Release build in $BUILD"
        cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHSU_BUILD_TESTS=ON >/dev/null
    fi
    log "building hsu-agent, hsuctl and testworker in $BUILD (minutes the first time)"
    cmake --build "$BUILD" --target hsu-agent hsuctl testworker >/dev/null
fi
HSU_AGENT=$(find_hsu hsu-agent)
HSUCTL=$(find_hsu hsuctl)
TESTWORKER=${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}
[[ -n $HSU_AGENT && -n $HSUCTL && -x $TESTWORKER ]] ||
    { echo "metrics_bench.sh: no hsu-agent, hsuctl or testworker under ${HSU_BIN:-$BUILD}" >&2; exit 1; }
TESTWORKER=$(readlink -f "$TESTWORKER")

# ---- the temp folders, and ending what we started: by pid and process group, never by name --------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-metrics-bench.XXXXXX")
# The agent's state folder holds a log FIFO per worker: on a tmpfs where there is one (as run.sh).
RUNTIME=$TMP
if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]]; then
    RUNTIME=$(mktemp -d /dev/shm/hsu-metrics-bench.XXXXXX)
fi
DAEMONS=()   # pids of the process-group leaders we started (agent, Prometheus, http.server)
AGENT_PID=""
PROM_PID=""
STATIC_PID=""

# The agent puts its workers' cgroups in a folder named after its state folder: "hsu-s" and the
# first 12 hex digits of the SHA-256 of that folder's absolute path (WorkerCgroup::parentNameFor),
# or hsu-<pid> when no name was set. Other agents' folders on the machine are left alone.
CGROUP_NAME=""
agent_cgroups() { # the cgroup folders of our agent that still exist
    [[ -n $AGENT_PID ]] || return 0
    find /sys/fs/cgroup -maxdepth 4 -type d \( -name "hsu-$AGENT_PID" -o -name "${CGROUP_NAME:-hsu-$AGENT_PID}" \) \
        2>/dev/null || true
}
stop_agent() { # SIGTERM and wait: the agent stops its 1000 workers, then removes its cgroups
    local i
    [[ -n $AGENT_PID ]] && ours "$AGENT_PID" || return 0
    kill -TERM "$AGENT_PID" 2>/dev/null || true
    for ((i = 0; i < WAIT_S * 10; i++)); do gone "$AGENT_PID" && return 0; sleep 0.1; done
    log "the agent (pid $AGENT_PID) still runs ${WAIT_S} s after SIGTERM: its group is killed"
}
cleanup() {
    local rc=$? pid d
    trap - EXIT INT TERM
    stop_agent
    for pid in "${DAEMONS[@]}"; do end_group "$pid" 10; done
    kill_workers_in "$TMP/timeline" # only if the agent could not stop them
    for d in $(agent_cgroups); do       # only if the agent could not remove them (deepest first)
        log "removing $d, left by our agent"
        find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    rm -rf "$TMP" "$RUNTIME"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n 65536 2>/dev/null || true

# A fetch of URL's body, "" on failure (the endpoint may not listen yet).
fetch() { curl -s --max-time 10 "$1" 2>/dev/null || true; }
metric() { # metric NAME{LABELS} < text: the sample's value
    awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }'
}
pct() { awk -v a="$1" -v w="$2" 'BEGIN { printf "%.3f", 100 * a / w }'; } # CPU s / wall s -> %

# ---- the agent with N idle workers -------------------------------------------------------------------
MPORT=$("${HELPER[@]}" port)
URL=http://127.0.0.1:$MPORT/metrics
mkdir -p "$RUNTIME/state" "$TMP/logs"
CGROUP_NAME=hsu-s$(printf %s "$RUNTIME/state" | sha256sum | cut -c1-12)
"${HELPER[@]}" config "$TMP/config.yaml" "$N" "$TESTWORKER" --timeline "$TMP/timeline"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
T_BEGIN=$(date -u '+%Y-%m-%d %H:%M')
log "agent: $HSU_AGENT with $N idle workers, metrics on $URL; temp dir $TMP; windows of ${WINDOW_S} s"
start_bg "$HSU_AGENT" --config "$TMP/config.yaml" --socket "$TMP/agent.sock" --state-dir "$RUNTIME/state" \
    --log-dir "$TMP/logs" --metrics "127.0.0.1:$MPORT" >"$TMP/agent.out" 2>"$TMP/agent.err"
AGENT_PID=$STARTED_PID
wait_starts "$TMP/timeline" "$N" "$AGENT_PID" || { tail -5 "$TMP/agent.err" >&2; exit 1; }
# Every worker started; the endpoint's own count says when the agent calls them all running.
running=0
for ((i = 0; i < WAIT_S * 2; i++)); do
    running=$(fetch "$URL" | metric 'hsu_workers{state="running"}')
    ((running >= N)) && break
    gone "$AGENT_PID" && break
    sleep 0.5
done
((running >= N)) || { log "the endpoint says $running of $N running"; exit 1; }
log "all $N running (pid $AGENT_PID); ${SETTLE_S} s to settle"
sleep "$SETTLE_S"

# ---- A: unscraped ------------------------------------------------------------------------------------
log "A: ${WINDOW_S} s unscraped"
read -r CPU_A WALL_A RSS_A _ <<<"$("${HELPER[@]}" window "$AGENT_PID" "$WINDOW_S")"
CGROUPS_RUNNING=$(agent_cgroups | wc -l) # so that "none left" at the end is seen to mean something

# ---- the bare reference: one scrape's bytes, served as a static file --------------------------------
# python3 -m http.server: a plain static server, no render, the same bytes. Prometheus scrapes it too
# (in B), as its second target, and curl fetches it (in C).
mkdir -p "$TMP/static"
curl -s --max-time 10 -o "$TMP/static/metrics" "$URL"
BYTES=$(stat -c %s "$TMP/static/metrics")
SERIES=$(grep -vc '^#' "$TMP/static/metrics" || true)
SPORT=$("${HELPER[@]}" port)
start_bg "$PY" -m http.server "$SPORT" --bind 127.0.0.1 --directory "$TMP/static" >"$TMP/static.log" 2>&1
STATIC_PID=$STARTED_PID
STATIC_URL=http://127.0.0.1:$SPORT/metrics
for ((i = 0; i < 100; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$STATIC_URL" 2>/dev/null) == 200 ]] && break
    sleep 0.1
done

# ---- B: a real Prometheus scraping every second -----------------------------------------------------
# Two jobs: the agent (hsu) and the same bytes from the static server (bare). Prometheus's
# scrape_duration_seconds is taken after it has parsed the body and appended its samples to the
# TSDB (its scrape loop reports from a deferred call), so it holds Prometheus's own work on every
# sample: the bare job, with the same work, tells how much of the figure is the target's.
PPORT=$("${HELPER[@]}" port)
PROM=http://127.0.0.1:$PPORT
mkdir -p "$TMP/prom-data"
cat >"$TMP/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1m
scrape_configs:
  - job_name: hsu
    static_configs:
      - targets: ['127.0.0.1:$MPORT']
  - job_name: bare
    static_configs:
      - targets: ['127.0.0.1:$SPORT']
YAML
log "B: Prometheus on $PROM, scraping the agent and the static copy every 1 s"
start_bg "$PROMETHEUS" --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/prom-data" \
    --web.listen-address="127.0.0.1:$PPORT" >"$TMP/prometheus.log" 2>&1
PROM_PID=$STARTED_PID
for ((i = 0; i < 600; i++)); do
    [[ $(fetch "$PROM/-/ready") == *Ready* ]] && break
    gone "$PROM_PID" && { tail -5 "$TMP/prometheus.log" >&2; exit 1; }
    sleep 0.1
done
sleep "$SETTLE_S" # its first scrapes (new series: the costly ones) and its own start, before the window
PROM_CPU0=$("${HELPER[@]}" cpu "$PROM_PID")
read -r CPU_B WALL_B RSS_B T_END_B <<<"$("${HELPER[@]}" window "$AGENT_PID" "$WINDOW_S")"
PROM_CPU1=$("${HELPER[@]}" cpu "$PROM_PID")
sleep 1.5 # the window's last scrape is in the TSDB before the query
read -r P_SCRAPES P_P50 P_P99 P_MAX P_SAMPLES P_UP <<<"$("${HELPER[@]}" prom "$PROM" hsu "$T_END_B" "$WINDOW_S")"
read -r PB_SCRAPES PB_P50 PB_P99 PB_MAX _ PB_UP <<<"$("${HELPER[@]}" prom "$PROM" bare "$T_END_B" "$WINDOW_S")"
PROM_RSS=$(awk '/^VmRSS:/ { print $2 }' "/proc/$PROM_PID/status")
log "B: $P_SCRAPES scrapes, scrape_duration p50 $P_P50 ms, max $P_MAX ms (bare: p50 $PB_P50 ms); Prometheus stopped"
end_group "$PROM_PID" 10

# ---- A2: unscraped again ------------------------------------------------------------------------------
sleep 2 # Prometheus's kept-alive connection is closed, its last scrape done
log "A2: ${WINDOW_S} s unscraped again"
read -r CPU_A2 WALL_A2 RSS_A2 _ <<<"$("${HELPER[@]}" window "$AGENT_PID" "$WINDOW_S")"

# ---- C: curl, alternating with the bare reference ----------------------------------------------------
log "C: $SCRAPES scrapes with curl, each followed by the same $BYTES bytes from python3 -m http.server"
# Alternating, so that a neighbour's load falls on both alike. curl's times exclude its own start;
# one curl process and a new connection per fetch on both sides. time_starttransfer
# (the first byte) holds the agent's render; time_total adds the body's transfer.
: >"$TMP/t-agent"
: >"$TMP/t-static"
C_CPU0=$("${HELPER[@]}" cpu "$AGENT_PID")
C_T0=$EPOCHREALTIME
C_SIZES="" # every body's size: the values change between scrapes, so the size moves a little
for ((i = 0; i < SCRAPES; i++)); do
    read -r ttfb t size <<<"$(curl -s --max-time 10 -o /dev/null \
        -w '%{time_starttransfer} %{time_total} %{size_download}\n' "$URL")"
    echo "$ttfb $t" >>"$TMP/t-agent"
    C_SIZES+="$size "
    curl -s --max-time 10 -o /dev/null -w '%{time_starttransfer} %{time_total}\n' "$STATIC_URL" >>"$TMP/t-static"
done
C_WALL=$(awk -v a="$C_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
C_CPU1=$("${HELPER[@]}" cpu "$AGENT_PID")
read -r _ C_P50 C_P99 C_MAX <<<"$("${HELPER[@]}" times "$TMP/t-agent" 2)"
read -r _ S_P50 S_P99 S_MAX <<<"$("${HELPER[@]}" times "$TMP/t-static" 2)"
read -r _ CF_P50 CF_P99 _ <<<"$("${HELPER[@]}" times "$TMP/t-agent" 1)"
read -r _ SF_P50 SF_P99 _ <<<"$("${HELPER[@]}" times "$TMP/t-static" 1)"
# hsuctl metrics: the same text over the local socket (a process start, the JSON-RPC hop, the
# render); a handful, for scale.
: >"$TMP/t-hsuctl"
for ((i = 0; i < 20; i++)); do
    t0=$EPOCHREALTIME
    "$HSUCTL" --socket "$TMP/agent.sock" metrics >/dev/null
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }' >>"$TMP/t-hsuctl"
done
read -r _ H_P50 H_P99 _ <<<"$("${HELPER[@]}" times "$TMP/t-hsuctl" 1)"
RSS_END=$(awk '/^VmRSS:/ { print $2 }' "/proc/$AGENT_PID/status")
end_group "$STATIC_PID" 5


# ---- stop the agent, and check that nothing of ours is left -----------------------------------------
T_STOP=$EPOCHREALTIME
stop_agent
STOP_S=$(awk -v a="$T_STOP" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
end_group "$AGENT_PID" 5
LEFT_WORKERS=$("${STATS[@]}" living "$TESTWORKER" "$TMP/timeline" | wc -l)
LEFT_CGROUPS=$(agent_cgroups | wc -l)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
T_END=$(date -u '+%H:%M UTC')

# ---- the report ---------------------------------------------------------------------------------------
# CPU per scrape: the scraped window's CPU above the mean of the two unscraped ones, shared out over
# the scrapes Prometheus made in it; and the curl burst's CPU above the idle rate, over its scrapes.
IDLE_RATE=$(awk -v a="$CPU_A" -v wa="$WALL_A" -v b="$CPU_A2" -v wb="$WALL_A2" 'BEGIN { print (a + b) / (wa + wb) }')
PER_SCRAPE_B=$(awk -v c="$CPU_B" -v w="$WALL_B" -v r="$IDLE_RATE" -v n="$P_SCRAPES" \
    'BEGIN { if (n > 0) printf "%.2f", 1000 * (c - r * w) / n; else print "-" }')
PER_SCRAPE_C=$(awk -v c0="$C_CPU0" -v c1="$C_CPU1" -v w="$C_WALL" -v r="$IDLE_RATE" -v n="$SCRAPES" \
    'BEGIN { printf "%.2f", 1000 * (c1 - c0 - r * w) / n }')
RATIO50=$(awk -v a="$C_P50" -v b="$S_P50" 'BEGIN { printf "%.2f", a / b }')
RATIO99=$(awk -v a="$C_P99" -v b="$S_P99" 'BEGIN { printf "%.2f", a / b }')
goal() { awk -v v="$1" 'BEGIN { print (v <= 20 ? "met" : "missed") }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
{
    echo "Date: $T_BEGIN–$T_END; machine: $(uname -srm), $(nproc) cores," \
        "$(awk -F': *' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "Versions: hsu-agent $HSU_AGENT (built $(date -u -r "$HSU_AGENT" '+%Y-%m-%d %H:%M UTC')," \
        "repo at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo -)), $("$PROMETHEUS" --version 2>&1 | head -1)," \
        "$(curl --version | head -1 | cut -d' ' -f1-2), Python $("$PY" -c 'import platform; print(platform.python_version())')"
    echo "Mode: $( ((QUICK)) && echo quick || echo full): $N idle workers (testworker, no --run-for), ${WINDOW_S} s windows," \
        "$SCRAPES curl scrapes; load average before $LOAD_BEFORE, after $LOAD_AFTER; nice $NICE"
    echo
    echo "| figure | value | note |"
    echo "|---|---:|---|"
    echo "| workers | $N | all running (hsu_workers{state=\"running\"}) |"
    echo "| series in a scrape | $SERIES | samples Prometheus counted: $P_SAMPLES |"
    echo "| bytes in a scrape | $BYTES | $(awk -v b="$BYTES" 'BEGIN { printf "%.2f MiB", b / 1048576 }'); the curl scrapes' bodies: $(awk '{ lo = hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i } printf "%d–%d", lo, hi }' <<<"$C_SIZES") bytes |"
    echo "| scrape, curl: whole body, p50 / p99 / max | $C_P50 / $C_P99 / $C_MAX ms | $SCRAPES scrapes, a new connection each; goal ≤ 20 ms: $(goal "$C_P99") at p99 |"
    echo "| scrape, curl: first byte (the render), p50 / p99 | $CF_P50 / $CF_P99 ms | |"
    echo "| bare: the same bytes from python3 -m http.server, whole body p50 / p99 / max | $S_P50 / $S_P99 / $S_MAX ms | fetched alternately with the scrapes; first byte p50 $SF_P50 ms, p99 $SF_P99 ms |"
    echo "| scrape ÷ bare fetch (whole body) | $RATIO50 at p50, $RATIO99 at p99 | |"
    echo "| Prometheus scrape_duration_seconds, agent: p50 / p99 / max | $P_P50 / $P_P99 / $P_MAX ms | $P_SCRAPES scrapes in ${WINDOW_S} s, up=$P_UP throughout (1: none failed); includes Prometheus's parse and TSDB append |"
    echo "| Prometheus scrape_duration_seconds, bare job: p50 / p99 / max | $PB_P50 / $PB_P99 / $PB_MAX ms | $PB_SCRAPES scrapes, up=$PB_UP; the same bytes from http.server, the same parse and append |"
    echo "| Prometheus: agent ÷ bare job | $(awk -v a="$P_P50" -v b="$PB_P50" 'BEGIN { printf "%.2f", a / b }') at p50, $(awk -v a="$P_MAX" -v b="$PB_MAX" 'BEGIN { printf "%.2f", a / b }') at max | |"
    echo "| hsuctl metrics (process start + socket + render), p50 / p99 | $H_P50 / $H_P99 ms | 20 runs |"
    echo "| agent CPU unscraped (A, then A2) | $(pct "$CPU_A" "$WALL_A") % / $(pct "$CPU_A2" "$WALL_A2") % | of one core; $CPU_A s and $CPU_A2 s of CPU in ${WINDOW_S} s (10 ms ticks) |"
    echo "| agent CPU scraped every 1 s (B) | $(pct "$CPU_B" "$WALL_B") % | $CPU_B s of CPU in ${WINDOW_S} s |"
    echo "| agent CPU per scrape | $PER_SCRAPE_B ms (Prometheus) / $PER_SCRAPE_C ms (curl) | above the unscraped rate; curl: $(awk -v a="$C_CPU0" -v b="$C_CPU1" 'BEGIN { printf "%.2f", b - a }') s over $SCRAPES scrapes in $C_WALL s |"
    echo "| agent RSS | $(mib "$RSS_A") / $(mib "$RSS_B") / $(mib "$RSS_A2") / $(mib "$RSS_END") | after A / B / A2 / C |"
    echo "| Prometheus, for scale | $(pct "$(awk -v a="$PROM_CPU0" -v b="$PROM_CPU1" 'BEGIN { print b - a }')" "$WALL_B") % CPU, $(mib "$PROM_RSS") | during B |"
    echo
    echo "Stop: the agent took $STOP_S s to stop its $N workers after SIGTERM; workers of ours left: $LEFT_WORKERS;" \
        "its cgroup folders ($CGROUP_NAME or hsu-$AGENT_PID): $CGROUPS_RUNNING while it ran, $LEFT_CGROUPS left"
} >"$TMP/report.md"
cat "$TMP/report.md"
[[ -n $OUT ]] && cp "$TMP/report.md" "$OUT"
exit 0
