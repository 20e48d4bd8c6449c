#!/usr/bin/env bash
# Real screenshots of hsu-master as a person sees it: an X server (Xvfb), a window manager
# (openbox), a system tray host (trayer), the agent on resources/demo.yaml with a private socket,
# then the window, the tray menu, the Events tab and both Logs tabs, shot with ImageMagick's `import`.
# The agent runs a copy of the demo, which is edited before the Events shot (Clock renamed: a live
# change the agent reloads by itself), so that tab shows a "config reloaded" row too.
#
#   bash tests/gui/screenshots.sh            # install the X tools if missing, build, shoot
#   SKIP_BUILD=1 bash tests/gui/screenshots.sh
#
# Writes docs/screenshots/{main-window,health,tray-menu,events,logs,worker-logs,resources,editor,
# editor-form,settings,readopted}.png and, from a second window in the dark appearance
# (--appearance dark: Fusion, dark palette), {main-window,resources,logs}-dark.png (OUT=DIR to
# write elsewhere). The editor is shot with a typo in its YAML view, then on its form.
# SHOT_LANGUAGE=de: the same shots with hsu-master --language de, into docs/screenshots/de/.
# Everything it starts is stopped by its pid on exit (the agent through `hsuctl shutdown` first).
# Variables: BUILD (build/shots), DISPLAY_NUM (77), SETTLE (seconds of demo before shooting, 10),
# SELECT (the worker shown in the detail pane, flaky), HEALTH_SELECT (the worker of the health
# shot, web), RES_SELECT (the worker of the Resources
# shot, chatty), RES_SETTLE (seconds of samples before that shot, 6).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

BUILD=${BUILD:-$ROOT/build/shots}
SHOT_LANGUAGE=${SHOT_LANGUAGE:-en}
if [ "$SHOT_LANGUAGE" = en ]; then
    OUT=${OUT:-$ROOT/docs/screenshots}
else
    OUT=${OUT:-$ROOT/docs/screenshots/$SHOT_LANGUAGE}
fi
# What differs by language: the File menu's and its Settings item's accelerators, and the titles of
# the settings dialog and the editor (the main window is "HSU Master" in every language).
case "$SHOT_LANGUAGE" in
    en) FILE_KEY=alt+f SETTINGS_KEY=s SETTINGS_TITLE='^HSU Master settings$' EDITOR_TITLE='Edit config — HSU Master$' ;;
    de) FILE_KEY=alt+t SETTINGS_KEY=e SETTINGS_TITLE='^Einstellungen von HSU Master$' EDITOR_TITLE='Konfiguration bearbeiten — HSU Master$' ;;
    *) echo "screenshots: SHOT_LANGUAGE: en or de, not $SHOT_LANGUAGE" >&2; exit 2 ;;
esac
DISPLAY_NUM=${DISPLAY_NUM:-77}
SETTLE=${SETTLE:-10}
SELECT=${SELECT:-flaky}
RES_SELECT=${RES_SELECT:-cruncher}

log() { echo "screenshots: $*" >&2; }

# --- the X tools, installed only when missing ------------------------------------------------
packages=(xvfb openbox trayer xdotool x11-apps x11-utils x11-xserver-utils imagemagick fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- the build -------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$BUILD" -j "$(nproc)" --target hsu-master hsu-agent hsuctl testworker
fi
AGENT=${AGENT:-$BUILD/agent/hsu-agent}
MASTER=${MASTER:-$BUILD/app/desktop/hsu-master}
CTL=${CTL:-$BUILD/app/ctl/hsuctl}
WORKER=${WORKER:-$BUILD/tests/helpers/testworker/testworker}
for f in "$AGENT" "$MASTER" "$CTL" "$WORKER"; do
    [ -x "$f" ] || { log "not built: $f"; exit 1; }
done

# --- a private world: socket, logs, state, the GUI's settings --------------------------------
WORK=$(mktemp -d /tmp/hsu-shots.XXXXXX)
SOCK=$WORK/agent.sock
PIDS=()          # everything started here, stopped in reverse order on exit
AGENT_PID=""

cleanup() {
    local rc=$?
    set +e
    if [ -n "$AGENT_PID" ] && kill -0 "$AGENT_PID" 2>/dev/null; then
        timeout 20 "$CTL" --socket "$SOCK" shutdown >/dev/null 2>&1
        for _ in $(seq 1 100); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        kill -0 "${PIDS[i]}" 2>/dev/null && kill -TERM "${PIDS[i]}" 2>/dev/null
    done
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        for _ in $(seq 1 50); do kill -0 "${PIDS[i]}" 2>/dev/null || break; sleep 0.1; done
        kill -0 "${PIDS[i]}" 2>/dev/null && kill -KILL "${PIDS[i]}" 2>/dev/null
        wait "${PIDS[i]}" 2>/dev/null
    done
    if [ "$rc" -ne 0 ]; then
        log "failed (exit $rc); logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The GUI and the agent get their own config/state folders, no session bus (so the tray is the
# XEmbed one trayer hosts) and no inherited socket.
export XDG_CONFIG_HOME=$WORK/config XDG_STATE_HOME=$WORK/state-home XDG_RUNTIME_DIR=$WORK/run
mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR" "$OUT"
chmod 700 "$XDG_RUNTIME_DIR"
unset HSU_SOCKET DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
export DISPLAY=:$DISPLAY_NUM QT_QPA_PLATFORM=xcb LANG=C.UTF-8 LC_ALL=C.UTF-8

wait_for() { # seconds, description, command...
    local secs=$1 what=$2; shift 2
    local n=$((secs * 10))
    for _ in $(seq 1 "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    log "timed out waiting for $what"
    return 1
}

# --- X server, window manager, tray host ----------------------------------------------------
if xdpyinfo -display "$DISPLAY" >/dev/null 2>&1; then
    log "display $DISPLAY is taken; set DISPLAY_NUM"; exit 1
fi
Xvfb "$DISPLAY" -screen 0 1400x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
PIDS+=($!)
wait_for 10 "Xvfb" xdpyinfo -display "$DISPLAY"
openbox >"$WORK/openbox.log" 2>&1 &
PIDS+=($!)
sleep 1
# A plain grey desktop (after openbox, which resets it), so a cropped shot does not float on black.
xsetroot -solid '#5a6470' 2>/dev/null || true
trayer --edge top --align right --widthtype request --height 24 \
       --transparent false --tint 0x333333 --SetDockType true --SetPartialStrut true \
       >"$WORK/trayer.log" 2>&1 &
PIDS+=($!)
# trayer's visible window is the one named "panel" (class trayer); the others are hidden helpers.
tray_panel() {
    local id
    id=$(xwininfo -root -tree | awk '/"panel": \("panel" "trayer"\)/ { print $1; exit }')
    [ -n "$id" ] && echo "$id"
}
wait_for 10 "trayer" tray_panel

# --- the agent on the demo, then the window ---------------------------------------------------
# A copy, edited before the Events shot (the agent watches its file); the demo's paths are absolute
# or ${HSU_DEMO_BIN}, and its log paths go under --log-dir, so the copy runs the same workers.
CONFIG=$WORK/demo.yaml
cp "$ROOT/resources/demo.yaml" "$CONFIG"
# Exported: an agent the window starts again (shot 6) expands the demo's ${HSU_DEMO_BIN} too.
export HSU_DEMO_BIN=$WORKER HSU_AGENT_PROGRAM=$AGENT
"$AGENT" --config "$CONFIG" --socket "$SOCK" \
    --log-dir "$WORK/logs" --state-dir "$WORK/state" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
wait_for 15 "the agent" "$CTL" --socket "$SOCK" status

"$MASTER" --socket "$SOCK" --language "$SHOT_LANGUAGE" >"$WORK/master.log" 2>&1 &
PIDS+=($!)
MASTER_PID=$!
# The main window: the tray icon's window may carry the same name, so the one wider than an icon.
main_window() {
    local w
    for w in $(xdotool search --onlyvisible --pid "$MASTER_PID" --name '^HSU Master$' 2>/dev/null); do
        eval "$(xdotool getwindowgeometry --shell "$w" | sed 's/^/G_/')"
        [ "$G_WIDTH" -gt 200 ] && { echo "$w"; return 0; }
    done
    return 1
}
wait_for 20 "the window" main_window
WID=$(main_window)
xdotool windowactivate --sync "$WID" 2>/dev/null || xdotool windowfocus --sync "$WID"

log "letting the demo run ${SETTLE}s (restarts, backoff, exits)"
sleep "$SETTLE"
"$CTL" --socket "$SOCK" status >&2 || true

# Frame (with the window manager's title bar) as a person sees it.
shoot_window() { import -display "$DISPLAY" -frame -window "$WID" "$1"; }

# --- 1. main window, a worker selected --------------------------------------------------------
# Alt+1 = Workers tab; focus the table (click its first row), then keyboard search picks the
# worker whose "id — name" starts with $SELECT.
xdotool windowactivate --sync "$WID" key --clearmodifiers alt+1
sleep 0.3
eval "$(xdotool getwindowgeometry --shell "$WID")"   # X Y WIDTH HEIGHT of the client area
# The first row of the table: under the menu bar, toolbar and header (~110 px down).
xdotool mousemove --window "$WID" 200 "${ROW_Y:-118}" click 1
sleep 0.3
xdotool type --delay 80 "$SELECT"
sleep 1.5
shoot_window "$OUT/main-window.png"
log "wrote $OUT/main-window.png"

# --- 1b. a health-checked worker (HEALTH_SELECT): its Health panel in the detail pane ----------
xdotool mousemove --window "$WID" 200 "${ROW_Y:-118}" click 1
sleep 0.3
xdotool type --delay 80 "${HEALTH_SELECT:-web}"
sleep 1.5
shoot_window "$OUT/health.png"
log "wrote $OUT/health.png"

# --- 2. Events tab ----------------------------------------------------------------------------
# A config reload in the list: Clock renamed in the file is a live change (no restart); the agent
# sees the file change and reloads by itself, and the window adds a "config reloaded" row with
# the reload's summary. The new file is renamed over the old one, as editors save, so the agent
# never reads a half-written file (that would add a "config refused" row first).
sed 's/name: "Clock"/name: "Clock (renamed)"/' "$CONFIG" >"$CONFIG.new"
grep -q 'name: "Clock (renamed)"' "$CONFIG.new" || { log "the demo has no Clock to rename"; exit 1; }
mv "$CONFIG.new" "$CONFIG"
sleep 1.5
xdotool windowactivate --sync "$WID" key --clearmodifiers alt+2
sleep 1
shoot_window "$OUT/events.png"
log "wrote $OUT/events.png"

# --- 3. Logs tab (every worker's output, following) --------------------------------------------
xdotool windowactivate --sync "$WID" key --clearmodifiers alt+3
sleep 1.5
shoot_window "$OUT/logs.png"
log "wrote $OUT/logs.png"

# --- 4. the selected worker's Logs tab (Alt+L), back on the Workers tab ------------------------
xdotool windowactivate --sync "$WID" key --clearmodifiers alt+l
sleep 1.5
shoot_window "$OUT/worker-logs.png"
log "wrote $OUT/worker-logs.png"

# The Resources tab of a worker that keeps busy (RES_SELECT), after a few sampling rounds.
xdotool key --clearmodifiers alt+1
sleep 0.3
xdotool mousemove --window "$WID" 200 "${ROW_Y:-118}" click 1
sleep 0.3
xdotool type --delay 80 "$RES_SELECT"
sleep 0.5
xdotool key --clearmodifiers alt+u
sleep "${RES_SETTLE:-6}"
shoot_window "$OUT/resources.png"
log "wrote $OUT/resources.png"
xdotool key --clearmodifiers alt+1

# --- 4b. the config editor (Ctrl+E) with a typo, its form, and the settings dialog -------------
# A window of hsu-master's other than the main one, by its title.
window_named() {
    local w
    for w in $(xdotool search --onlyvisible --pid "$MASTER_PID" --name "$1" 2>/dev/null); do
        [ "$w" != "$WID" ] && { echo "$w"; return 0; }
    done
    return 1
}
xdotool windowactivate --sync "$WID" key --clearmodifiers ctrl+e
wait_for 10 "the editor" window_named "$EDITOR_TITLE"
EID=$(window_named "$EDITOR_TITLE")
xdotool windowsize --sync "$EID" 1100 700 2>/dev/null || true
xdotool windowactivate --sync "$EID" 2>/dev/null || xdotool windowfocus --sync "$EID"
sleep 1
# The list jumps to "web" as typed; the YAML view (Alt+Y) shows that worker's item with the cursor
# on its "- id:" line; the next line's "type" becomes "xtype": marked, listed, with its fix.
# The worker list has the keyboard when the editor opens.
xdotool type --delay 80 "web"
sleep 0.5
xdotool key --clearmodifiers alt+y
sleep 0.5
xdotool key --clearmodifiers Down Home Right Right Right Right
xdotool type --delay 80 "x"
sleep 1.5
import -display "$DISPLAY" -frame -window "$EID" "$OUT/editor.png"
log "wrote $OUT/editor.png"
# The form of the same worker (Alt+F), the typo undone first.
xdotool key --clearmodifiers ctrl+z
sleep 1
xdotool key --clearmodifiers alt+f
sleep 1
import -display "$DISPLAY" -frame -window "$EID" "$OUT/editor-form.png"
log "wrote $OUT/editor-form.png"
# Openbox closes the window on Alt+F4; nothing is left changed, so the editor asks nothing.
xdotool windowactivate --sync "$EID" key --clearmodifiers alt+F4
for _ in $(seq 1 30); do window_named "$EDITOR_TITLE" >/dev/null || break; sleep 0.1; done
xdotool windowactivate --sync "$WID" key --clearmodifiers "$FILE_KEY"
sleep 0.5
xdotool key --clearmodifiers "$SETTINGS_KEY"
wait_for 10 "the settings" window_named "$SETTINGS_TITLE"
SID=$(window_named "$SETTINGS_TITLE")
sleep 1
import -display "$DISPLAY" -frame -window "$SID" "$OUT/settings.png"
log "wrote $OUT/settings.png"
xdotool windowactivate --sync "$SID" key --clearmodifiers Escape
sleep 0.5
xdotool windowactivate --sync "$WID" 2>/dev/null || true

# --- 5. tray menu -----------------------------------------------------------------------------
# The icon is an XEmbed window inside trayer's panel; with one icon the panel is just its size.
# Wait for hsu-master's icon to be embedded (a small hsu-master window inside the panel).
tray_icon() {
    local w
    for w in $(xdotool search --onlyvisible --class '^hsu-master$' 2>/dev/null); do
        eval "$(xdotool getwindowgeometry --shell "$w" | sed 's/^/I_/')"
        [ "$I_WIDTH" -le 48 ] && [ "$I_Y" -lt 48 ] && { echo "$w"; return 0; }
    done
    return 1
}
wait_for 10 "the tray icon" tray_icon
TRAY=$(tray_panel)
eval "$(xdotool getwindowgeometry --shell "$TRAY" | sed 's/^/T_/')"
ICON_X=$((T_X + T_WIDTH - 12)) ICON_Y=$((T_Y + T_HEIGHT / 2))
# TrayController: a left click opens the window; the menu is the context menu (right click).
xdotool mousemove "$ICON_X" "$ICON_Y" click 3
# The menu: a visible hsu-master window that is neither the main window nor the 22 px icon.
tray_menu() {
    local w
    for w in $(xdotool search --onlyvisible --class '^hsu-master$' 2>/dev/null); do
        [ "$w" = "$WID" ] && continue
        eval "$(xdotool getwindowgeometry --shell "$w" | sed 's/^/C_/')"
        [ "$C_WIDTH" -gt 60 ] && [ "$C_HEIGHT" -gt 60 ] && { echo "$w"; return 0; }
    done
    return 1
}
wait_for 5 "the tray menu" tray_menu
sleep 0.5
MENU=$(tray_menu)
eval "$(xdotool getwindowgeometry --shell "$MENU" | sed 's/^/M_/')"
# Crop the screen to the top-right corner: the tray bar, the menu under it and a little of the
# desktop and window around it, so it reads as "the menu of that icon".
R=$(( T_X + T_WIDTH > M_X + M_WIDTH ? T_X + T_WIDTH : M_X + M_WIDTH ))
L=$(( (M_X < T_X ? M_X : T_X) - 160 )); [ "$L" -lt 0 ] && L=0
B=$(( M_Y + M_HEIGHT + 40 ))
import -display "$DISPLAY" -window root -crop "$((R - L))x${B}+${L}+0" +repage "$OUT/tray-menu.png"
log "wrote $OUT/tray-menu.png"
xdotool key Escape

# --- 6. the agent killed: the window starts it again and it takes the workers back -------------
kill -KILL "$AGENT_PID"
agent_pid() {
    python3 - "$SOCK" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b'{"id":1,"method":"hello","params":{"protocol":"1.6"}}\n')
print(json.loads(s.makefile().readline())["result"]["pid"])
PY
}
readopted() { "$CTL" --socket "$SOCK" status 2>/dev/null | grep -q "(re-adopted)"; }
wait_for 20 "the window to start the agent again" readopted
AGENT_PID=$(agent_pid)
log "the window started agent $AGENT_PID, which took the workers back"
xdotool windowactivate --sync "$WID" key --clearmodifiers alt+1
sleep 0.3
xdotool mousemove --window "$WID" 200 "${ROW_Y:-118}" click 1
sleep 0.3
xdotool type --delay 80 "${ADOPT_SELECT:-web}"
xdotool key --clearmodifiers alt+d
sleep 1.5
shoot_window "$OUT/readopted.png"
log "wrote $OUT/readopted.png"

# --- 7. the dark appearance: a second window on the same agent -----------------------------
# The first one quits (its tray icon with it); the second starts with --appearance dark.
xdotool windowactivate --sync "$WID" key --clearmodifiers ctrl+q 2>/dev/null || true
for _ in $(seq 1 50); do kill -0 "$MASTER_PID" 2>/dev/null || break; sleep 0.1; done
"$MASTER" --socket "$SOCK" --language "$SHOT_LANGUAGE" --appearance dark >"$WORK/master-dark.log" 2>&1 &
PIDS+=($!)
MASTER_PID=$!
wait_for 20 "the dark window" main_window
WID=$(main_window)
xdotool windowactivate --sync "$WID" 2>/dev/null || xdotool windowfocus --sync "$WID"
sleep 2
xdotool mousemove --window "$WID" 200 "${ROW_Y:-118}" click 1
sleep 0.3
xdotool type --delay 80 "$SELECT"
xdotool key --clearmodifiers alt+d
sleep 1.5
shoot_window "$OUT/main-window-dark.png"
log "wrote $OUT/main-window-dark.png"
xdotool mousemove --window "$WID" 200 "${ROW_Y:-118}" click 1
sleep 0.3
xdotool type --delay 80 "$RES_SELECT"
sleep 0.5
xdotool key --clearmodifiers alt+u
sleep "${RES_SETTLE:-6}"
shoot_window "$OUT/resources-dark.png"
log "wrote $OUT/resources-dark.png"
xdotool key --clearmodifiers alt+3
sleep 2
shoot_window "$OUT/logs-dark.png"
log "wrote $OUT/logs-dark.png"

log "done: $(ls "$OUT"/*.png | tr '\n' ' ')"
