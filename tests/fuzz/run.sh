#!/usr/bin/env bash
# Runs the libFuzzer targets of build/fuzz (cmake --preset fuzz; bash scripts/dev.sh fuzz builds and
# calls this). First every committed crash of tests/fuzz/regressions/<target>/ is replayed, then each
# target fuzzes for its share of the time (or a number of inputs). Exits non-zero on any crash, leak,
# UB report or timeout; the input that did it is saved under <out>/artifacts/ to reproduce with
#   build/fuzz/tests/fuzz/<target> <that file>
#
# usage: tests/fuzz/run.sh [--seconds-total N | --seconds-each N | --runs N] [--build DIR]
#                          [--out DIR] [target...]
#   --seconds-total N  N seconds shared among the targets (CI: 60)
#   --seconds-each N   N seconds per target
#   --runs N           N inputs per target (docs/fuzzing.md: 10^7)
#   --seed N           libFuzzer's seed: with --runs, the same inputs every time (CI: a red run
#                      is then a defect anyone can reproduce, never a new find by chance)
#   --out DIR          corpora, artifacts and logs (default <build>/fuzz-out; corpora are kept,
#                      so a second run goes on from what the first one found)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

build="$root/build/fuzz"
out=""
total=60
each=""
runs=""
seed=""
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds-total) total="$2"; each=""; runs=""; shift 2 ;;
        --seconds-each) each="$2"; runs=""; shift 2 ;;
        --runs) runs="$2"; each=""; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --build) build="$(cd "$2" && pwd)"; shift 2 ;;
        --out) mkdir -p "$2"; out="$(cd "$2" && pwd)"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ -n "$out" ] || out="$build/fuzz-out"
bin="$build/tests/fuzz"
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_frames fuzz_yaml fuzz_config_values fuzz_logs fuzz_proc fuzz_model)
fi
for t in "${targets[@]}"; do
    [ -x "$bin/$t" ] || { echo "run.sh: $bin/$t is not built (cmake --build $build --target fuzzers)" >&2; exit 2; }
done
if [ -z "$each" ] && [ -z "$runs" ]; then
    each=$(( total / ${#targets[@]} ))
    [ "$each" -ge 1 ] || each=1
fi

# Leaks count as crashes. Suppressions (each one explained in the file) cover only leaks inside
# libraries we do not build; a leak in our code is fixed, not suppressed.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
if [ -f "$here/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=$here/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
export QT_QPA_PLATFORM=offscreen
mkdir -p "$out/artifacts" "$out/logs"

# The memory an input may make the process hold. A long run needs more than a short one without
# any leak: ASan keeps every distinct allocation stack it has seen, and its fast unwinder, walking
# through Qt's frames (built without frame pointers), reads stale stack slots as return
# addresses, so the same input can record "new" stacks. fuzz_model: ~150 MB per million inputs,
# the same with one input repeated; none with ASAN_OPTIONS=malloc_context_size=0, none in a
# build without ASan (docs/fuzzing.md).
rss_limit=2048
if [ -n "$runs" ] && [ "$runs" -gt 1000000 ]; then
    rss_limit=$(( 2048 + runs / 1000000 * 200 ))
fi

# The YAML seeds are made here, not committed: every config the project and HSU Master ship.
yaml_seeds() {
    local dir="$out/seeds/fuzz_yaml"
    rm -rf "$dir"
    mkdir -p "$dir"
    local samples=""
    for s in "$root/../shared/samples" /work/shared/samples; do
        [ -d "$s" ] && { samples="$s"; break; }
    done
    local n=0
    while IFS= read -r -d '' f; do
        n=$((n + 1))
        cp "$f" "$dir/$(printf '%03d' "$n")-$(basename "$f")"
    done < <(find "$root/resources" "$root/tests/data" ${samples:+"$samples"} -type f \
                  \( -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z)
    echo "$dir"
}

failed=()
summary=()
for t in "${targets[@]}"; do
    corpus="$out/corpus/$t"
    mkdir -p "$corpus"
    seeds=()
    [ -d "$here/seeds/$t" ] && seeds+=("$here/seeds/$t")
    [ "$t" = fuzz_yaml ] && seeds+=("$(yaml_seeds)")
    regress="$here/regressions/$t"

    # 1. Every input that once crashed this target must now pass.
    if [ -d "$regress" ] && [ -n "$(ls -A "$regress")" ]; then
        if ! "$bin/$t" "$regress"/* >"$out/logs/$t-regressions.log" 2>&1; then
            echo "FAIL $t: a committed regression input crashes again (see $out/logs/$t-regressions.log)"
            tail -n 30 "$out/logs/$t-regressions.log"
            failed+=("$t(regression)")
            continue
        fi
    fi

    # 2. Fuzz.
    limit=(-max_total_time="$each")
    [ -n "$runs" ] && limit=(-runs="$runs")
    [ -n "$seed" ] && limit+=(-seed="$seed")
    log="$out/logs/$t.log"
    start=$(date +%s)
    set +e
    "$bin/$t" "${limit[@]}" -timeout=10 -rss_limit_mb="$rss_limit" -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$t-" "$corpus" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    set -e
    secs=$(( $(date +%s) - start ))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1 || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1 || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || true)
    line=$(printf '%-20s %12s inputs %8s exec/s %6s s  cov %6s  corpus %5s' "$t" "${execs:-?}" \
           "${rate:-?}" "$secs" "${cov:-?}" "$(ls "$corpus" | wc -l)")
    if [ $rc -ne 0 ]; then
        echo "FAIL $line (exit $rc; log $log)"
        grep -E 'ERROR: |runtime error|check failed|Test unit written' "$log" | head -n 10 || true
        failed+=("$t")
    else
        echo "ok   $line"
    fi
    summary+=("$line")
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "run.sh: crashes in ${failed[*]} (inputs in $out/artifacts/)" >&2
    exit 1
fi
echo "run.sh: ${#targets[@]} targets, no crash"
