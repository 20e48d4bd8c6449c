#!/usr/bin/env bash
# Issue 4's benchmark: 1000 idle workers, 10 % of them crash-looping, the agent and the real GUI.
#   (1) the GUI's event-loop latency (a 10 ms timer's lateness) over 30 s: p50 / p99 / max
#   (2) workers.list answered by the agent (raw socket, and through the GUI's own client)
#   (3) the GUI's RSS
#   tests/bench/gui_bench.sh [--workers N] [--seconds S]
# Needs a build with tests (build/bench by default: HSU_BUILD_DIR). Ends what it starts by pid.
set -euo pipefail
N=1000
SECONDS_RUN=30
while (($#)); do
    case $1 in
    --workers) N=$2; shift ;;
    --seconds) SECONDS_RUN=$2; shift ;;
    *) echo "usage: $0 [--workers N] [--seconds S]" >&2; exit 2 ;;
    esac
    shift
done
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
cmake --build "$BUILD" --target hsu-agent hsuctl testworker hsu_gui_latency >/dev/null
WORKER=$BUILD/tests/helpers/testworker/testworker
TMP=$(mktemp -d /tmp/hsu-guibench.XXXXXX)
AGENT_PID=""
cleanup() {
    if [[ -n $AGENT_PID ]] && kill -0 "$AGENT_PID" 2>/dev/null; then
        kill -TERM "$AGENT_PID"
        for _ in $(seq 1 300); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$AGENT_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

python3 - "$N" "$WORKER" >"$TMP/config.yaml" <<'PY'
import sys
n, worker = int(sys.argv[1]), sys.argv[2]
print("workers:")
for i in range(n):
    crash = i % 10 == 0
    args = '["--run-for", "1000", "--crash", "SEGV"]' if crash else '[]'
    print(f"""  - id: w{i:04d}
    type: managed
    unit:
      managed:
        control:
          execution: {{ executable_path: "{worker}", args: {args} }}""")
    if crash:
        print("""          restart_policy: always
          context_aware_restart: { default: { max_retries: 100000, retry_delay: 500ms, backoff_rate: 1 } }""")
PY

"$BUILD/agent/hsu-agent" --config "$TMP/config.yaml" --socket "$TMP/agent.sock" \
    --state-dir "$TMP/state" --log-dir "$TMP/logs" 2>"$TMP/agent.log" &
AGENT_PID=$!
for _ in $(seq 1 600); do
    running=$("$BUILD/app/ctl/hsuctl" --socket "$TMP/agent.sock" --json status 2>/dev/null |
        python3 -c 'import json,sys; print(sum(w["state"] in ("running","backoff","starting") for w in json.load(sys.stdin)))' 2>/dev/null || echo 0)
    [[ $running -ge $N ]] && break
    sleep 0.2
done
echo "agent up: $running of $N workers active; agent RSS $(awk '/VmRSS/{print $2}' /proc/$AGENT_PID/status) KiB"

# (2a) The agent's own answer time, measured on a raw socket (no client library in between).
python3 - "$TMP/agent.sock" <<'PY'
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rwb")
def call(i, m, p=None):
    req = {"id": i, "method": m}
    if p: req["params"] = p
    t = time.perf_counter(); f.write((json.dumps(req) + "\n").encode()); f.flush()
    while True:
        o = json.loads(f.readline())
        if o.get("id") == i: return o, (time.perf_counter() - t) * 1000
call(0, "hello", {"protocol": "1.0", "client": "bench"})
ts = sorted(call(i, "workers.list")[1] for i in range(1, 101))
print("workers.list (raw socket, %d workers): median %.2f ms, p90 %.2f ms, p99 %.2f ms"
      % (len(call(999, "workers.list")[0]["result"]["workers"]), ts[50], ts[90], ts[99]))
PY

# (1)(2b)(3) The GUI.
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$BUILD/tests/bench/gui/hsu_gui_latency" \
    --socket "$TMP/agent.sock" --seconds "$SECONDS_RUN" --workers "$N" | tee "$TMP/gui.json"
python3 - "$TMP/gui.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
print(f"GUI event-loop latency over the run: p50 {g['latency_p50_ms']:.2f} ms, p99 {g['latency_p99_ms']:.2f} ms "
      f"(goal <= 30), max {g['latency_max_ms']:.2f} ms; {g['events_during_run']} worker.state events handled")
print(f"workers.list through the GUI's client: median {g['list_median_ms']:.2f} ms, p90 {g['list_p90_ms']:.2f} ms")
print(f"GUI RSS {g['gui_rss_kib']/1024:.1f} MiB with {g['rows']} rows; table filled {g['populated_ms']} ms after start")
PY
