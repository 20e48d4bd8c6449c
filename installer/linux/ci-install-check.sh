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
for f in /etc/xdg/autostart/hsu-agent.desktop /usr/lib/systemd/user/hsu-agent.service \
         /usr/share/applications/hsu-master.desktop /usr/share/icons/hicolor/scalable/apps/hsu-master.svg; do
    [ -f "$f" ] || { echo "ci-install-check: $f is missing" >&2; exit 1; }
done

$sudo dpkg --purge hsu-master >/dev/null
trap - EXIT
for f in /usr/bin/hsuctl /usr/bin/hsu-agent /etc/xdg/autostart/hsu-agent.desktop; do
    [ ! -e "$f" ] || { echo "ci-install-check: $f is still there after the purge" >&2; exit 1; }
done
echo "ci-install-check: $(basename "$deb") installs, runs (${programs[*]}) and purges cleanly"
