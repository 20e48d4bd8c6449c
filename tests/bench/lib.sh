# Shared by run.sh, logs_bench.sh, resources_bench.sh, tests/chaos and tests/soak (sourced, never run): ending what a bench
# started by pid and process group — never by name — and waiting for workers to start.
# Expects: STATS (the stats.py command), TESTWORKER, DAEMONS (array), WAIT_S, BUILD, HSU_BIN, log().

kill_workers_in() { # kill every worker of the timeline files given that still runs: the same pid,
    local pid           # running testworker, started when its timeline says (so never a reused pid)
    [[ -n ${TESTWORKER:-} && -n ${STATS[0]:-} ]] || return 0
    for pid in $("${STATS[@]}" living "$TESTWORKER" "$@" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null
    done
    return 0
}
gone() {
    local st
    st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 0
    [[ -z $st || $st == Z ]]
}
ours() { # is PID still the child we started (its parent is this script)? A pid we no longer own may
    local ppid  # have been reused by anyone's process by now.
    ppid=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f2) || return 1
    [[ $ppid == "$$" ]] && ! gone "$1"
}
end_group() { # end_group PID [grace seconds]: TERM the group PID leads, then KILL what is left
    local pid=$1 grace=${2:-10} i
    if ours "$pid"; then # else already gone (its workers are ended through their timelines)
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < grace * 20; i++)); do gone "$pid" && break; sleep 0.05; done
        kill -KILL -- "-$pid" 2>/dev/null || true
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
is_pm2_daemon() { # is_pm2_daemon PID PM2_HOME: is PID (still) the PM2 daemon of that PM2_HOME?
    # The braces take the redirection's own error too (the pid may be gone already).
    { tr '\0' '\n' <"/proc/$1/environ"; } 2>/dev/null | grep -qxF "PM2_HOME=$2"
}
start_bg() { # runs "$@" in a process group of its own; sets STARTED_PID
    setsid "$@" &
    STARTED_PID=$!
    DAEMONS+=("$STARTED_PID")
}
count_starts() {
    local n
    n=$(grep -c '^start ' "$1" 2>/dev/null) || true
    echo "${n:-0}"
}
wait_starts() { # wait_starts TIMELINE N [PID that must stay alive]: true once N start lines exist
    local tl=$1 n=$2 alive=${3:-} i
    for ((i = 0; i < WAIT_S * 20; i++)); do
        (($(count_starts "$tl") >= n)) && return 0
        if [[ -n $alive && $alive != 0 ]] && gone "$alive"; then
            log "the supervisor (pid $alive) ended early"
            return 1
        fi
        sleep 0.05
    done
    log "timeout: $(count_starts "$tl") of $n starts in $tl"
    return 1
}
find_hsu() { # find_hsu NAME: prints the path of our program NAME, or nothing
    local d
    if [[ -n ${HSU_BIN:-} ]]; then
        [[ -x $HSU_BIN/$1 ]] && echo "$HSU_BIN/$1"
        return 0
    fi
    for d in "$BUILD" "$BUILD/agent" "$BUILD/app/ctl" "$BUILD/bin"; do
        [[ -x $d/$1 && -f $d/$1 ]] && { echo "$d/$1"; return 0; }
    done
    return 0
}

# --- For the long runs (tests/chaos, tests/soak): a driver script (python) with a run folder ---

need_agent_and_worker() { # need_agent_and_worker WHO: sets AGENT and TESTWORKER ($HSU_BIN, else
    # $BUILD, built there if missing: Release), or exits 2 saying WHO could not find them
    AGENT=$(find_hsu hsu-agent)
    TESTWORKER=${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}
    if [[ -z ${HSU_BIN:-} && ( -z $AGENT || ! -x $TESTWORKER ) ]]; then
        log "building hsu-agent, hsu-standby and testworker in $BUILD (Release)"
        [[ -f $BUILD/build.ninja ]] || cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHSU_BUILD_TESTS=ON >/dev/null
        cmake --build "$BUILD" -j2 --target hsu-agent hsu-standby testworker >/dev/null
        AGENT=$(find_hsu hsu-agent)
    fi
    [[ -n $AGENT && -x $TESTWORKER ]] || { echo "$1: no hsu-agent or testworker (set HSU_BIN / HSU_TESTWORKER)" >&2; exit 2; }
    TESTWORKER=$(readlink -f "$TESTWORKER")
}
make_run_folder() { # make_run_folder KIND PARENT: sets TMP (a new folder under PARENT, with logs/
    # and state/) and RUN_ID (KIND-<unique>, the marker every worker of the run inherits). The
    # state folder's path names the run's cgroups (hsu-s<hash>), so every run has cgroups of its own.
    TMP=$(mktemp -d "$2/hsu-$1.XXXXXX")
    RUN_ID=$1-$(basename "$TMP" | cut -d. -f2)-$$
    echo "$RUN_ID" >"$TMP/run-id"
    mkdir -p "$TMP/logs" "$TMP/state"
}
DRIVER_PID=
run_driver() { # run_driver SCRIPT ARG...: python3 SCRIPT in a process group of its own (so that
    # end_driver ends it, and only it, as a group); returns its exit code
    local rc
    set +e
    setsid python3 "$@" &
    DRIVER_PID=$!
    wait "$DRIVER_PID"
    rc=$?
    set -e
    DRIVER_PID=
    return "$rc"
}
end_driver() { # the driver's whole group, if it still runs (an interrupted run)
    if [[ -n $DRIVER_PID ]] && kill -0 "$DRIVER_PID" 2>/dev/null; then
        kill -TERM -- "-$DRIVER_PID" 2>/dev/null || true
        sleep 0.5
        kill -KILL -- "-$DRIVER_PID" 2>/dev/null || true
    fi
}
