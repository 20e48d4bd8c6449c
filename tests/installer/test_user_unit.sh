#!/usr/bin/env bash
# installer_user_unit: the systemd user unit keeps the workers across a stop and a restart of the
# agent (KillMode=process, --on-sigterm leave) and brings a crashed agent back (Restart=on-failure).
#   test_user_unit.sh BUILD_DIR
# 1. The configured unit has those keys, and systemd-analyze verify accepts them.
# 2. Where a user systemd runs: a copy of the unit (this build's agent, a test config of one worker,
#    its own socket and state folder) is started for real; stopping the unit leaves the worker
#    running; starting it again takes the worker back (same pid, "adopted"); hsuctl shutdown stops
#    both. Where none runs, step 2 is skipped with the reason (exit 77: CTest's "skipped").
# Everything it starts is ended by unit or by pid; the unit file it installs is removed.
set -euo pipefail
build=$(cd "$1" && pwd)
unit="$build/installer/hsu-agent.service"
agent="$build/agent/hsu-agent"
ctl="$build/app/ctl/hsuctl"
worker="$build/tests/helpers/testworker/testworker"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$unit" ] || fail "no $unit (configure the build first)"

for line in KillMode=process Restart=on-failure Delegate=yes; do
    grep -qx "$line" "$unit" || fail "the unit lacks $line"
done
grep -q '^ExecStart=.* --on-sigterm leave$' "$unit" || fail "the unit's agent does not leave its workers on SIGTERM"

tmp=$(mktemp -d)
name="hsu-agent-test-$$"
cleanup() {
    if [ -f "$HOME/.config/systemd/user/$name.service" ]; then
        systemctl --user stop "$name.service" >/dev/null 2>&1 || true
        rm -f "$HOME/.config/systemd/user/$name.service"
        systemctl --user daemon-reload >/dev/null 2>&1 || true
    fi
    [ -n "${first:-}" ] && kill -KILL "$first" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# The unit with this build's agent on a test config (the keys under test stay as packaged).
cat >"$tmp/config.yaml" <<YAML
workers:
  - id: steady
    type: managed
    unit: { managed: { control: { execution: { executable_path: "$worker", args: ["--run-for", "600000"] } } } }
YAML
sed -e "s|^ExecStart=.*|ExecStart=$agent --config $tmp/config.yaml --socket $tmp/agent.sock --state-dir $tmp/state --log-dir $tmp/logs --on-sigterm leave|" \
    -e '/^Documentation=/d' "$unit" >"$tmp/$name.service"
if command -v systemd-analyze >/dev/null; then
    mkdir -m 700 -p "$tmp/run"
    XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$tmp/run} systemd-analyze verify --user "$tmp/$name.service" 2>"$tmp/verify.log" \
        || { cat "$tmp/verify.log" >&2; fail "systemd-analyze verify"; }
fi

if ! systemctl --user show-environment >/dev/null 2>&1; then
    echo "SKIP: no user systemd runs here ($(systemctl --user show-environment 2>&1 | head -1)); the unit's keys were checked and verified"
    exit 77
fi

mkdir -p "$HOME/.config/systemd/user"
cp "$tmp/$name.service" "$HOME/.config/systemd/user/"
systemctl --user daemon-reload
status() { "$ctl" --socket "$tmp/agent.sock" --json status steady 2>/dev/null \
    | python3 -c 'import json,sys; w=json.load(sys.stdin)[0]; print(w["pid"], w.get("adopted", False))' 2>/dev/null || true; }
wait_for() { # wait_for PREDICATE-COMMAND...
    local i
    for i in $(seq 200); do "$@" && return 0; sleep 0.05; done
    return 1
}
running() { local s; s=$(status); [ -n "$s" ] && [ "${s%% *}" != 0 ]; }

systemctl --user start "$name.service"
wait_for running || fail "the agent started by the unit did not start its worker"
first=$(status); first=${first%% *}

systemctl --user stop "$name.service"
kill -0 "$first" 2>/dev/null || fail "stopping the unit ended the worker"
systemctl --user start "$name.service"
adopted() { [ "$(status)" = "$first True" ]; }
wait_for adopted || fail "the next agent did not take worker $first back (status: $(status))"

# A crashed agent comes back by itself (Restart=on-failure) and takes the worker back.
main=$(systemctl --user show -p MainPID --value "$name.service")
kill -KILL "$main"
wait_for bash -c "[ \"\$(systemctl --user show -p MainPID --value $name.service)\" != $main ] && [ \"\$(systemctl --user show -p MainPID --value $name.service)\" != 0 ]" \
    || fail "the unit did not restart the crashed agent"
wait_for adopted || fail "the restarted agent did not take worker $first back"

"$ctl" --socket "$tmp/agent.sock" shutdown >/dev/null
gone() { ! kill -0 "$first" 2>/dev/null; }
wait_for gone || fail "hsuctl shutdown left the worker running"
echo "installer_user_unit: stop, start and a crash of the agent under systemd --user kept worker $first"
