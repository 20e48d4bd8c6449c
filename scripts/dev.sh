#!/usr/bin/env bash
# The newcomer's entry point (README.md): `bash scripts/dev.sh run` or `bash scripts/dev.sh test`.
#   setup  install what is missing (apt-get), nothing else
#   build  setup + configure + build (build/dev, or build/ci when CI=true: warnings are errors)
#   run    build + hsu-master --demo (the demo on an agent of its own); without a display the
#          agent in the foreground on resources/demo.yaml (Ctrl-C stops it and its workers)
#   test   build + run every test (CTest)
#   package  build + the platform's package with CPack (a DEB on Linux) in build/<preset>/package
#   fuzz   setup + the libFuzzer targets (preset fuzz: clang, ASan + UBSan, build/fuzz) + a bounded
#          run of each (tests/fuzz/run.sh; default a minute in all; arguments go to run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config
          qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n libgl-dev libyaml-cpp-dev libyaml-dev
          libnghttp2-dev python3-grpcio libmicrohttpd-dev prometheus
          gnuplot-nox # the soak's plot (tests/soak)
          clang-14 libclang-rt-14-dev) # the fuzz targets: clang's libFuzzer and sanitizer runtimes

setup() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "setup: all packages present"
        return
    fi
    echo "setup: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

preset() { if [ "${CI:-}" = "true" ]; then echo ci; else echo dev; fi; }

build() {
    setup
    local p; p=$(preset)
    cmake --preset "$p" >/dev/null
    cmake --build --preset "$p" -j "$(nproc)"
}

run() {
    build
    local bin="build/$(preset)"
    # The demo config finds the test worker through this variable (see resources/demo.yaml);
    # the agent the GUI starts inherits it.
    export HSU_DEMO_BIN="$PWD/$bin/tests/helpers/testworker/testworker"
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        local sock="${XDG_RUNTIME_DIR:-/tmp}/hsu-master-demo/agent.sock"
        echo "Opening HSU Master on the demo (its own agent; closing the window keeps the workers)."
        echo "Scripting: $bin/app/ctl/hsuctl --socket $sock status   |   everything off: ... shutdown"
        exec "$bin/app/desktop/hsu-master" --demo "$@"
    fi
    # No display (a server, an ssh session): the agent alone, in the foreground.
    echo "No display: running the agent in the foreground (Ctrl-C stops it and its workers)."
    echo "In another terminal: $bin/app/ctl/hsuctl status"
    exec "$bin/agent/hsu-agent" --config resources/demo.yaml --log-dir "$PWD/$bin/demo-logs" "$@"
}

test_all() {
    build
    ctest --preset "$(preset)" -j 2 "$@"
}

package() {
    build
    local dir; dir="$PWD/build/$(preset)/package"
    rm -rf "$dir"
    (cd "build/$(preset)" && cpack -B "$dir" >/dev/null)
    ls "$dir"/*.* 2>/dev/null | grep -v '\.sha256$' || { echo "package: cpack made nothing in $dir" >&2; exit 1; }
}

fuzz() {
    setup
    cmake --preset fuzz >/dev/null
    # Only the fuzz targets and the libraries they link, not the whole tree a second time.
    cmake --build --preset fuzz -j 2
    bash tests/fuzz/run.sh "$@"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
    setup) setup ;;
    build) build ;;
    run) run "$@" ;;
    test) test_all "$@" ;;
    package) package ;;
    fuzz) fuzz "$@" ;;
    *) echo "usage: bash scripts/dev.sh setup|build|run|test|package|fuzz" >&2; exit 2 ;;
esac
