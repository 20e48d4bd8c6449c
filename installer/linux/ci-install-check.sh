#!/usr/bin/env bash
# CI's last step (.ci/run): install the DEB for real, as a user would (apt resolves the Depends
# from Debian), check the programs on PATH work, then purge it so the machine is left as found.
# Usage: ci-install-check.sh FILE.deb
set -euo pipefail
deb=$(realpath "$1")
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! sudo -n true 2>/dev/null; then
        echo "ci-install-check: skipped (installing needs root or password-less sudo)"
        exit 0
    fi
    sudo="sudo"
fi
if dpkg-query -W -f='${Status}' hsu-master 2>/dev/null | grep -q "install ok installed"; then
    echo "ci-install-check: skipped (hsu-master is already installed here; this step would replace it)"
    exit 0
fi

cleanup() { $sudo dpkg --purge hsu-master >/dev/null || true; }
trap cleanup EXIT
# No recommends: only what Depends names, all of which the build already needed.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$deb" >/dev/null

programs=(hsu-agent hsuctl)
dpkg -L hsu-master | grep -qx /usr/bin/hsu-master && programs+=(hsu-master)
for p in "${programs[@]}"; do
    command -v "$p" >/dev/null || { echo "ci-install-check: $p is not on PATH" >&2; exit 1; }
done
hsuctl --version
hsu-agent --version
hsuctl validate /usr/share/hsu-master/demo.yaml
for f in /usr/lib/systemd/user/hsu-agent.service \
         /usr/share/applications/hsu-master.desktop /usr/share/icons/hicolor/scalable/apps/hsu-master.svg; do
    [ -f "$f" ] || { echo "ci-install-check: $f is missing" >&2; exit 1; }
done

# Installing starts nothing for anybody: no autostart entry for every user, the user unit enabled
# for nobody, and no agent, GUI or packaged worker running (found by /proc/PID/exe, never by name).
for f in /etc/xdg/autostart/hsu-agent.desktop /etc/systemd/user/default.target.wants/hsu-agent.service; do
    [ ! -e "$f" ] || { echo "ci-install-check: $f is installed: the package would start the agent for every user" >&2; exit 1; }
done
packaged_processes() { # "PID EXE" of every process running one of the package's programs
    local link target
    for link in /proc/[0-9]*/exe; do
        target=$(readlink "$link" 2>/dev/null) || continue
        case "${target% (deleted)}" in
        /usr/bin/hsu-agent | /usr/bin/hsu-master | /usr/lib/hsu-master/*) echo "${link//[^0-9]/} $target" ;;
        esac
    done
}
running=$(packaged_processes)
[ -z "$running" ] || { echo "ci-install-check: after the install these run: $running" >&2; exit 1; }

# A first start with no config of the user's (a fresh HOME), through the session wrapper the
# user's autostart entry runs: the agent creates the empty config and runs no worker.
fresh=$(mktemp -d)
mkdir -m 700 "$fresh/run"
fresh_env=(env HOME="$fresh/home" XDG_CONFIG_HOME="$fresh/config" XDG_RUNTIME_DIR="$fresh/run"
           XDG_DATA_HOME="$fresh/data" XDG_STATE_HOME="$fresh/state" HSU_SOCKET=)
"${fresh_env[@]}" /usr/lib/hsu-master/hsu-agent-session >"$fresh/agent.log" 2>&1 &
fresh_agent=$!
fresh_cleanup() { kill "$fresh_agent" 2>/dev/null || true; wait "$fresh_agent" 2>/dev/null || true; rm -rf "$fresh"; cleanup; }
trap fresh_cleanup EXIT
listed=""
for _ in $(seq 100); do
    listed=$("${fresh_env[@]}" hsuctl --json status 2>/dev/null | tr -d ' \n') && [ -n "$listed" ] && break
    sleep 0.1
done
[ "$listed" = "[]" ] || { cat "$fresh/agent.log" >&2; echo "ci-install-check: a first start lists '$listed', expected no worker" >&2; exit 1; }
grep -qx 'workers: \[\]' "$fresh/config/hsu-master/config.yaml" \
    && grep -q '/usr/share/doc/hsu-master' "$fresh/config/hsu-master/config.yaml" \
    || { echo "ci-install-check: a first start did not create the empty config" >&2; exit 1; }
running=$(packaged_processes | grep -v "^$fresh_agent /usr/bin/hsu-agent\$" || true)
[ -z "$running" ] || { echo "ci-install-check: a first start runs more than its agent: $running" >&2; exit 1; }
"${fresh_env[@]}" hsuctl shutdown >/dev/null
wait "$fresh_agent" || true
rm -rf "$fresh"
trap cleanup EXIT
echo "ci-install-check: nothing runs after the install; a first start created the empty config and ran no worker"

# An upgrade replaces a running agent and keeps its workers (postinst, SIGUSR2): install the same
# package again over itself, with an agent of the installed program running one worker.
up=$(mktemp -d)
cat >"$up/config.yaml" <<YAML
workers:
  - id: steady
    type: managed
    unit: { managed: { control: { execution: { executable_path: /usr/lib/hsu-master/testworker, args: ["--run-for", "600000"] } } } }
YAML
/usr/bin/hsu-agent --config "$up/config.yaml" --socket "$up/agent.sock" --state-dir "$up/state" --log-dir "$up/logs" \
    >"$up/agent.log" 2>&1 &
agent=$!
worker_pid() { hsuctl --socket "$up/agent.sock" --json status steady 2>/dev/null \
    | python3 -c 'import json,sys; w=json.load(sys.stdin)[0]; print(w["pid"], w.get("adopted", False))' 2>/dev/null; }
upgrade_cleanup() {
    kill "$agent" 2>/dev/null || true
    [ -n "${first:-}" ] && kill "${first%% *}" 2>/dev/null || true
    rm -rf "$up"
    cleanup
}
trap upgrade_cleanup EXIT
first=""
for _ in $(seq 100); do
    first=$(worker_pid) && [ -n "$first" ] && [ "${first%% *}" != 0 ] && break
    first=""
    sleep 0.1
done
[ -n "$first" ] || { cat "$up/agent.log" >&2; echo "ci-install-check: the installed agent did not start its worker" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive $sudo dpkg -i "$deb" >/dev/null
after=""
for _ in $(seq 100); do
    after=$(worker_pid) && [ "$after" = "${first%% *} True" ] && break
    sleep 0.1
done
[ "$after" = "${first%% *} True" ] \
    || { cat "$up/agent.log" >&2; echo "ci-install-check: after the upgrade the worker is '$after', was '$first'" >&2; exit 1; }
kill -0 "$agent" || { echo "ci-install-check: the agent's process is gone after the upgrade" >&2; exit 1; }
grep -q "SIGUSR2" "$up/agent.log" || { echo "ci-install-check: the agent was not handed over" >&2; exit 1; }
hsuctl --socket "$up/agent.sock" shutdown >/dev/null
wait "$agent" || true
worker_gone() { # gone, or a zombie waiting for init to reap it
    local st
    st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 0
    [ -z "$st" ] || [ "$st" = Z ]
}
for _ in $(seq 50); do worker_gone "${first%% *}" && break; sleep 0.1; done
worker_gone "${first%% *}" || { echo "ci-install-check: shutdown left the worker running" >&2; exit 1; }
rm -rf "$up"
trap cleanup EXIT
echo "ci-install-check: an upgrade in place kept worker ${first%% *} running under the same agent $agent"

$sudo dpkg --purge hsu-master >/dev/null
trap - EXIT
for f in /usr/bin/hsuctl /usr/bin/hsu-agent /usr/lib/systemd/user/hsu-agent.service; do
    [ ! -e "$f" ] || { echo "ci-install-check: $f is still there after the purge" >&2; exit 1; }
done
echo "ci-install-check: $(basename "$deb") installs, runs (${programs[*]}) and purges cleanly"
