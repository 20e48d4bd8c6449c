# Shared by run.sh, logs_bench.sh and resources_bench.sh (sourced, never run): ending what a bench
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
