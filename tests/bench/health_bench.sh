#!/usr/bin/env bash
# Health checks under load (issue 12): tests/bench/health_bench.sh [SECONDS] (default 60)
# The agent's CPU and RSS with 100 workers and no checks, the same with an http check each every
# second, 1000 workers with a tcp check each every second, and the time from a frozen server to
# its `unhealthy` event. Prints figures; never fails on a slow one. See health_bench.py.
set -euo pipefail
SECONDS_PER_PHASE=${1:-60}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${HSU_BUILD_DIR:-$ROOT/build/bench}
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"
TESTWORKER=$(readlink -f "${HSU_TESTWORKER:-$BUILD/tests/helpers/testworker/testworker}")
HSU_AGENT=$(find_hsu hsu-agent)
[[ -x $TESTWORKER && -n $HSU_AGENT ]] || { echo "health_bench: build testworker and hsu-agent in $BUILD first" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hsu-health.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
ulimit -n 65536 2>/dev/null || true
python3 "$HERE/health_bench.py" "$HSU_AGENT" "$TESTWORKER" "$TMP" "$SECONDS_PER_PHASE"
