#!/usr/bin/env bash
# Smoke test of testworker's flags: usage: smoke_test.sh /path/to/testworker
# Every process it causes is ended by pid at the end (trap), never by name.
set -u
TW=$(realpath "${1:?usage: smoke_test.sh /path/to/testworker}")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/testworker-smoke.XXXXXX")
FAILS=0
KILL_LIST=()

cleanup() {
    local p
    # Only pids that still run testworker (a pid that ended may have been reused by now).
    for p in "${KILL_LIST[@]}"; do [[ /proc/$p/exe -ef $TW ]] && kill -KILL "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pass() { echo "ok:   $*"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
# A pid counts as gone when it no longer exists or is a zombie.
gone() {
    local st
    [[ -r /proc/$1/stat ]] || return 0
    st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [[ -z $st || $st == Z ]]
}
alive() { ! gone "$1"; }
wait_gone() { # wait_gone PID [tries of 10 ms]
    local i
    for ((i = 0; i < ${2:-300}; i++)); do gone "$1" && return 0; sleep 0.01; done
    return 1
}
wait_file() {
    local i
    for ((i = 0; i < 500; i++)); do [[ -s $1 ]] && return 0; sleep 0.01; done
    return 1
}

# --- exit codes and crashes -------------------------------------------------------------------
"$TW" --run-for 0 --exit-code 3; rc=$?
check "--run-for 0 --exit-code 3 exits 3 (got $rc)" test "$rc" -eq 3
"$TW" --run-for 0; rc=$?
check "default exit code 0 (got $rc)" test "$rc" -eq 0
"$TW" --run-for 50 --exit-code 7; rc=$?
check "--run-for 50 --exit-code 7 exits 7 (got $rc)" test "$rc" -eq 7
("$TW" --run-for 0 --crash SEGV); rc=$?
check "--crash SEGV dies of signal 11 (got $rc)" test "$rc" -eq $((128 + 11))
"$TW" --run-for 0 --crash SIGABRT; rc=$?
check "--crash SIGABRT dies of signal 6 (got $rc)" test "$rc" -eq $((128 + 6))
"$TW" --run-for 0 --crash 9; rc=$?
check "--crash 9 dies of signal 9 (got $rc)" test "$rc" -eq $((128 + 9))
"$TW" --bogus-flag 2>"$TMP/err"; rc=$?
check "unknown flag exits 2 (got $rc)" test "$rc" -eq 2
check "unknown flag is named on stderr" grep -q -- "--bogus-flag" "$TMP/err"
"$TW" --run-for 2>/dev/null; rc=$?
check "missing value exits 2 (got $rc)" test "$rc" -eq 2
"$TW" --crash NOSUCHSIG 2>/dev/null; rc=$?
check "unknown signal exits 2 (got $rc)" test "$rc" -eq 2
check "--help exits 0 and mentions --pids-file" bash -c '"$0" --help | grep -q -- --pids-file' "$TW"

# --- output ---------------------------------------------------------------------------------------
"$TW" --run-for 0 --lines 3 --stderr-lines 2 >"$TMP/out" 2>"$TMP/err"
check "--lines 3 prints line 1..3" test "$(cat "$TMP/out")" = $'line 1\nline 2\nline 3'
check "--stderr-lines 2 prints line 1..2 on stderr" test "$(cat "$TMP/err")" = $'line 1\nline 2'
start=$(date +%s%N)
"$TW" --run-for 0 --lines 3 --line-interval 100 >/dev/null
elapsed=$((($(date +%s%N) - start) / 1000000))
check "--line-interval 100 spaces 3 lines over >=200 ms (took $elapsed ms)" test "$elapsed" -ge 200
(cd "$TMP" && HSU_SMOKE=hello "$TW" --run-for 0 --print-env HSU_SMOKE --print-env HSU_NOT_SET --print-cwd \
    --print-args "a b" "" -- --not-a-flag) >"$TMP/out"
check "--print-env prints NAME=value" grep -qx "HSU_SMOKE=hello" "$TMP/out"
check "--print-env of an unset name prints NAME unset" grep -qx "HSU_NOT_SET unset" "$TMP/out"
check "--print-cwd prints cwd=" grep -qx "cwd=$(cd "$TMP" && pwd -P)" "$TMP/out"
check "--print-args prints each argument" grep -qx "arg=--print-args" "$TMP/out"
check "--print-args keeps spaces" grep -qx "arg=a b" "$TMP/out"
check "--print-args shows what follows --" grep -qx "arg=--not-a-flag" "$TMP/out"

# --- timeline -----------------------------------------------------------------------------------
"$TW" --run-for 0 --exit-code 1 --timeline "$TMP/tl"
"$TW" --run-for 0 --crash TERM --timeline "$TMP/tl"
check "--timeline has start, exit, start, exit" \
    test "$(cut -d' ' -f1 "$TMP/tl" | tr '\n' ' ')" = "start exit start exit "
check "--timeline stamps are ns and ordered" \
    awk '{ if ($2 < 1e18 || $2 < prev) exit 1; prev = $2 }' "$TMP/tl"

# --- process tree, pids file, ready file ---------------------------------------------------------
"$TW" --children 2 --grandchildren 1 --pids-file "$TMP/pids" --ready-file "$TMP/ready" &
main=$!
KILL_LIST+=("$main")
if wait_file "$TMP/ready"; then
    mapfile -t pids <"$TMP/pids"
    KILL_LIST+=("${pids[@]}")
    check "pids file has 5 pids (got ${#pids[@]})" test "${#pids[@]}" -eq 5
    check "pids file starts with the worker's own pid" test "${pids[0]:-}" = "$main"
    check "ready file holds the pid" test "$(cat "$TMP/ready")" = "$main"
    all_alive=true
    for p in "${pids[@]}"; do alive "$p" || all_alive=false; done
    check "all 5 processes are alive" $all_alive
    check "no tmp file left behind" test -z "$(find "$TMP" -name 'pids.tmp.*' -o -name 'ready.tmp.*')"
    for p in "${pids[@]:1}"; do kill -TERM "$p"; done
    all_gone=true
    for p in "${pids[@]:1}"; do wait_gone "$p" || all_gone=false; done
    check "descendants die when killed by pid" $all_gone
    check "the worker itself keeps running" alive "$main"
    kill -TERM "$main"
    wait "$main" 2>/dev/null; rc=$?
    check "the worker dies of SIGTERM (rc $rc)" test "$rc" -eq $((128 + 15))
else
    fail "ready file never appeared"
fi

# --- --run-for 0 with children: the worker finishes, its descendants stay ----------------------------
rm -f "$TMP/pids"
"$TW" --run-for 0 --children 1 --grandchildren 2 --pids-file "$TMP/pids"; rc=$?
mapfile -t pids <"$TMP/pids"
KILL_LIST+=("${pids[@]}")
check "--run-for 0 --children 1 --grandchildren 2: 4 pids (got ${#pids[@]}), exit 0" \
    test "${#pids[@]}" -eq 4 -a "$rc" -eq 0
orphans_alive=true
for p in "${pids[@]:1}"; do alive "$p" || orphans_alive=false; done
check "descendants outlive the worker" $orphans_alive
for p in "${pids[@]:1}"; do kill -KILL "$p"; done
orphans_gone=true
for p in "${pids[@]:1}"; do wait_gone "$p" || orphans_gone=false; done
check "orphaned descendants die when killed by pid" $orphans_gone

# --- --ignore-sigterm (self and descendants) -------------------------------------------------------
rm -f "$TMP/pids" "$TMP/ready"
"$TW" --ignore-sigterm --children 1 --pids-file "$TMP/pids" --ready-file "$TMP/ready" &
main=$!
KILL_LIST+=("$main")
if wait_file "$TMP/ready"; then
    mapfile -t pids <"$TMP/pids"
    KILL_LIST+=("${pids[@]}")
    for p in "${pids[@]}"; do kill -TERM "$p"; done
    sleep 0.2
    still=true
    for p in "${pids[@]}"; do alive "$p" || still=false; done
    check "--ignore-sigterm: worker and child survive SIGTERM" $still
    for p in "${pids[@]}"; do kill -KILL "$p"; done
    wait "$main" 2>/dev/null
else
    fail "ready file never appeared (--ignore-sigterm)"
fi

# --- --setsid-daemon ---------------------------------------------------------------------------------
rm -f "$TMP/pids"
"$TW" --run-for 0 --setsid-daemon --pids-file "$TMP/pids"
mapfile -t pids <"$TMP/pids"
KILL_LIST+=("${pids[@]}")
check "--setsid-daemon: 2 pids (got ${#pids[@]})" test "${#pids[@]}" -eq 2
if [[ ${#pids[@]} -eq 2 ]]; then
    sid=$(sed 's/^.*) //' "/proc/${pids[1]}/stat" | cut -d' ' -f4)
    oursid=$(sed 's/^.*) //' "/proc/$$/stat" | cut -d' ' -f4)
    check "the daemon is in a session of its own ($sid, ours $oursid)" test "$sid" != "$oursid"
    check "the daemon is alive" alive "${pids[1]}"
    kill -KILL "${pids[1]}"
    check "the daemon dies when killed by pid" wait_gone "${pids[1]}"
fi

# --- ports ------------------------------------------------------------------------------------------
port=$((20000 + RANDOM % 20000))
rm -f "$TMP/ready"
"$TW" --serve-http "$port" --serve-tcp $((port + 1)) --ready-file "$TMP/ready" --run-for 5000 &
main=$!
KILL_LIST+=("$main")
if wait_file "$TMP/ready"; then
    answer=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET / HTTP/1.0\r\n\r\n' >&3 && head -n1 <&3 | tr -d '\r')
    check "--serve-http answers HTTP/1.0 200 OK (got '$answer')" test "$answer" = "HTTP/1.0 200 OK"
    check "--serve-tcp accepts connections" bash -c "exec 3<>/dev/tcp/127.0.0.1/$((port + 1))"
    kill -KILL "$main"
    wait "$main" 2>/dev/null
else
    fail "ready file never appeared (ports $port, $((port + 1)) busy?)"
fi

# --- memory and cpu -------------------------------------------------------------------------------
rm -f "$TMP/ready"
"$TW" --hog-memory 64 --spin-cpu 50 --ready-file "$TMP/ready" --run-for 5000 &
main=$!
KILL_LIST+=("$main")
if wait_file "$TMP/ready"; then
    rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$main/status")
    check "--hog-memory 64: RSS >= 64 MiB (got $((rss_kb / 1024)) MiB)" test "$rss_kb" -ge $((64 * 1024))
    t0=$(awk '{ print $14 + $15 }' "/proc/$main/stat")
    sleep 1
    t1=$(awk '{ print $14 + $15 }' "/proc/$main/stat")
    ticks=$(getconf CLK_TCK)
    pct=$(((t1 - t0) * 100 / ticks))
    # About 50% on an idle machine; on a busy one it gets less CPU, never more than its duty cycle.
    check "--spin-cpu 50 spins, at most ~50% of a core (got $pct%)" test "$t1" -gt "$t0" -a "$pct" -le 75
    kill -KILL "$main"
    wait "$main" 2>/dev/null
else
    fail "ready file never appeared (--hog-memory)"
fi

if ((FAILS > 0)); then
    echo "$FAILS check(s) failed"
    exit 1
fi
echo "all checks passed"
