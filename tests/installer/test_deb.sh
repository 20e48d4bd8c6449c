#!/usr/bin/env bash
# installer_deb: cpack -G DEB from the build folder, then dpkg-deb -c / -f / -e / -x and run what
# was extracted. Usage: test_deb.sh CPACK BUILD_DIR VERSION WITH_GUI(ON|OFF)
set -euo pipefail
cpack=$1 build=$2 version=$3 with_gui=$4

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# -B keeps the package and cpack's staging out of the build folder (CI builds its own).
if ! (cd "$build" && "$cpack" -G DEB -B "$tmp/out" --config CPackConfig.cmake) >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log" >&2
    fail "cpack -G DEB failed"
fi
debs=("$tmp"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb in $tmp/out: ${debs[*]}"
deb=${debs[0]}
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# --- contents -----------------------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{print $1, $6}' >"$tmp/contents"
expect_file() { # PATH [MODE-PREFIX]
    local line
    line=$(grep -E " \./${1#/}\$" "$tmp/contents") || fail "$1 is not in the package"
    [ -z "${2:-}" ] || [[ $line == "$2"* ]] || fail "$1 has mode ${line%% *}, expected $2"
}
expect_file /usr/bin/hsu-agent -rwxr-xr-x
expect_file /usr/bin/hsuctl -rwxr-xr-x
if [ "$with_gui" = ON ]; then expect_file /usr/bin/hsu-master -rwxr-xr-x; fi
expect_file /usr/share/applications/hsu-master.desktop -rw-r--r--
expect_file /usr/share/icons/hicolor/scalable/apps/hsu-master.svg -rw-r--r--
# Installing starts nothing for anybody: no autostart entry for every user (docs/install.md).
if grep -q ' \./etc/xdg/autostart/' "$tmp/contents"; then fail "the package installs a system-wide autostart entry"; fi
expect_file /usr/lib/systemd/user/hsu-agent.service -rw-r--r--
expect_file /usr/share/hsu-master/demo.yaml -rw-r--r--
expect_file /usr/lib/hsu-master/testworker -rwxr-xr-x
expect_file /usr/lib/hsu-master/hsu-agent-session -rwxr-xr-x
expect_file /usr/lib/hsu-master/hsu-standby -rwxr-xr-x
expect_file /usr/lib/hsu-master/hsu-servicelookup.so
# The documentation users get: what the first config points at, and the pages the guide links to.
for doc in README.md install.md user-guide.md config-reference.md config.md metrics.md export.md security.md; do
    expect_file "/usr/share/doc/hsu-master/$doc" -rw-r--r--
done
# Nothing of the build or the tests leaks in: no static libraries, headers or test programs.
if grep -E '\.(a|h|cmake)$|/tst_' "$tmp/contents"; then fail "build files in the package"; fi
echo "contents ok ($(grep -vc '/$' "$tmp/contents") files)"

# --- control fields -----------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = hsu-master ] || fail "Package is not hsu-master"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version $(dpkg-deb -f "$deb" Version) != $version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
needed=(libc6 libstdc++6 libqt6core6 libqt6dbus6 libyaml-0-2 libnghttp2-14)
[ "$with_gui" = ON ] && needed+=(libqt6widgets6 qt6-qpa-plugins)
for pkg in "${needed[@]}"; do
    tr ',' '\n' <<<"$depends" | awk '{print $1}' | grep -qxF "$pkg" || fail "Depends lacks $pkg"
done
dpkg-deb -e "$deb" "$tmp/control"
[ -x "$tmp/control/postinst" ] || fail "no executable postinst (an upgrade must replace running agents)"
sh -n "$tmp/control/postinst" || fail "postinst is not valid sh"
grep -q 'kill -USR2' "$tmp/control/postinst" || fail "postinst does not hand running agents over (SIGUSR2)"

# --- extracted files ----------------------------------------------------------------------
root="$tmp/root"
dpkg-deb -x "$deb" "$root"
for prog in "$root"/usr/bin/* "$root/usr/lib/hsu-master/testworker"; do
    if ldd "$prog" 2>/dev/null | grep -q 'not found'; then ldd "$prog"; fail "$prog misses libraries"; fi
done
"$root/usr/bin/hsuctl" --version | grep -qx "hsuctl $version (protocol .*)" || fail "hsuctl --version"
"$root/usr/bin/hsu-agent" --version | grep -qx "hsu-agent $version" || fail "hsu-agent --version"
# The standby helper is static (it waits for long: no shared libraries) and where the agent looks.
file -L "$root/usr/lib/hsu-master/hsu-standby" 2>/dev/null | grep -q "statically linked" \
    || ldd "$root/usr/lib/hsu-master/hsu-standby" 2>&1 | grep -q "not a dynamic executable" || fail "hsu-standby is not static"
HSU_DEMO_BIN="$root/usr/lib/hsu-master/testworker" "$root/usr/bin/hsuctl" validate "$root/usr/share/hsu-master/demo.yaml" \
    || fail "the packaged demo.yaml does not validate"

unit="$root/usr/lib/systemd/user/hsu-agent.service"
for line in Delegate=yes Restart=on-failure KillMode=process "ExecStart=/usr/lib/hsu-master/hsu-agent-session --on-sigterm leave"; do
    grep -qx "$line" "$unit" || fail "hsu-agent.service lacks $line"
done
if command -v systemd-analyze >/dev/null; then
    # verify resolves ExecStart on this machine: point it at the extracted copy.
    sed "s|^ExecStart=/|ExecStart=$root/|" "$unit" >"$tmp/hsu-agent.service"
    mkdir -m 700 "$tmp/run" # --user needs a runtime folder, which a CI shell may lack
    XDG_RUNTIME_DIR="$tmp/run" systemd-analyze verify --user "$tmp/hsu-agent.service" 2>"$tmp/verify.log" \
        || { cat "$tmp/verify.log" >&2; fail "systemd-analyze verify"; }
fi
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$root/usr/share/applications/hsu-master.desktop"
fi

# The session wrapper finds hsu-agent relative to itself, with no config of the user's.
out=$(HOME="$tmp/home" XDG_CONFIG_HOME= "$root/usr/lib/hsu-master/hsu-agent-session" --version) || fail "hsu-agent-session"
[ "$out" = "hsu-agent $version" ] || fail "hsu-agent-session --version printed: $out"
if grep -v '^#' "$root/usr/lib/hsu-master/hsu-agent-session" | grep -q 'demo'; then
    fail "the session wrapper still falls back to the demo"
fi
# --tray: the wrapper also starts hsu-master --hidden beside it, then execs the agent with the
# remaining arguments and no --config (its default). Checked with stand-ins in a copy of the prefix.
fake="$tmp/fakeprefix"
mkdir -p "$fake/bin" "$fake/lib/hsu-master"
cp "$root/usr/lib/hsu-master/hsu-agent-session" "$fake/lib/hsu-master/"
for p in hsu-master hsu-agent; do
    printf '#!/bin/sh\necho "$*" >"$0.args"\n' >"$fake/bin/$p"
    chmod +x "$fake/bin/$p"
done
"$fake/lib/hsu-master/hsu-agent-session" --tray --on-sigterm leave
for _ in $(seq 50); do [ -s "$fake/bin/hsu-master.args" ] && break; sleep 0.1; done
[ "$(cat "$fake/bin/hsu-agent.args")" = "--on-sigterm leave" ] || fail "wrapper --tray: the agent got '$(cat "$fake/bin/hsu-agent.args")'"
[ "$(cat "$fake/bin/hsu-master.args" 2>/dev/null)" = "--hidden" ] || fail "wrapper --tray did not start hsu-master --hidden"
rm "$fake/bin/hsu-master.args"
"$fake/lib/hsu-master/hsu-agent-session"
[ ! -e "$fake/bin/hsu-master.args" ] || fail "the wrapper started hsu-master without --tray"

# Autostart of the extracted hsuctl (HSU_AUTOSTART_ROOT): off by default, `on` writes the user's
# own entry running the session wrapper (with --tray: the tray icon at login is on by default
# where hsu-master is installed), `off` removes it.
aroot="$tmp/autostart"
mkdir -p "$aroot"
export HSU_AUTOSTART_ROOT="$aroot"
"$root/usr/bin/hsuctl" --json autostart status | grep -q '"enabled": false' || fail "status: autostart should be off after install"
"$root/usr/bin/hsuctl" autostart on >/dev/null
exec_line=$(grep '^Exec=' "$aroot/home/.config/autostart/hsu-agent.desktop") || fail "on wrote no user entry"
if [ "$with_gui" = ON ]; then want="Exec=$root/usr/lib/hsu-master/hsu-agent-session --tray"; else want="Exec=$root/usr/lib/hsu-master/hsu-agent-session"; fi
[ "$exec_line" = "$want" ] || fail "the user entry runs '$exec_line', expected '$want'"
"$root/usr/bin/hsuctl" autostart off >/dev/null
[ ! -e "$aroot/home/.config/autostart/hsu-agent.desktop" ] || fail "off did not remove the user entry"
echo "installer_deb: ok"
