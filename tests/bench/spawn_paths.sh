#!/usr/bin/env bash
# The spawn path's cgroup candidates on this machine (issue 10; docs/architecture.md):
#   tests/bench/spawn_paths.sh [RUNS] [GAP_MS]
# Creates a cgroup beneath this shell's own in cgroup v2 and in the v1 pids and freezer
# hierarchies, runs spawn_paths.c in each mode on a program that exits at once, prints a table,
# and removes the cgroups. Needs root (or a delegated subtree) and a C compiler.
set -euo pipefail
RUNS=${1:-200}
GAP=${2:-20}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
DIRS=()
cleanup() {
    local d
    for d in "${DIRS[@]}"; do rmdir "$d" 2>/dev/null || echo "spawn_paths: could not remove $d" >&2; done
    rm -rf "$TMP"
}
trap cleanup EXIT
cc -O2 -Wall -Wextra -o "$TMP/spawn_paths" "$HERE/spawn_paths.c"
printf 'int main(void) { return 0; }\n' >"$TMP/exit0.c"
cc -O2 -static -o "$TMP/exit0" "$TMP/exit0.c" 2>/dev/null || cc -O2 -o "$TMP/exit0" "$TMP/exit0.c"

# Where this shell is in each hierarchy: v2 ("0::PATH") and the v1 pids / freezer ones.
own() { awk -F: -v want="$1" '($1 == "0" && want == "") || ($2 ~ "(^|,)" want "(,|$)" && want != "") { print $3; exit }' /proc/self/cgroup; }
mount_of() { awk -v t="$1" -v opt="$2" '$0 ~ " - " t " " && (opt == "" || $0 ~ "[ ,]" opt "([ ,]|$)") { print $5; exit }' /proc/self/mountinfo; }
v2mnt=$(mount_of cgroup2 "")
[[ -n $v2mnt ]] || { echo "spawn_paths: no cgroup v2 mounted" >&2; exit 1; }
V2=$v2mnt$(own "")/hsu-spawn-paths-$$
mkdir "$V2" && DIRS+=("$V2")
V1=()
for c in pids freezer; do
    m=$(mount_of cgroup "$c")
    [[ -n $m ]] || continue
    d=$m$(own "$c")/hsu-spawn-paths-$$
    mkdir "$d" && DIRS+=("$d") && V1+=("$d")
done
((${#V1[@]})) || echo "spawn_paths: no v1 pids/freezer hierarchy; join1 and after join nothing" >&2

echo "| path | median ms | p90 ms | max ms | what |"
echo "|---|---:|---:|---:|---|"
what() {
    case $1 in
    none) echo "vfork + exec, no cgroup: the limit" ;;
    join1) echo "child joins v1 pids + freezer before exec (the old spawn path)" ;;
    join2) echo "child joins its v2 cgroup before exec" ;;
    clone3) echo "clone3 without a cgroup: the baseline of the next two (this bench's clone3 copies page tables; the agent's does not)" ;;
    into) echo "clone3 CLONE_INTO_CGROUP into v2 (no migration), each process reaped before the next starts" ;;
    into-late) echo "the same, each process reaped after the next one started (hsu-agent's way)" ;;
    after) echo "exec first, parent joins v1 after: time the process runs outside its cgroups" ;;
    esac
}
for mode in none join1 join2 clone3 into into-late after; do
    read -r m med p90 max < <("$TMP/spawn_paths" "$mode" "$RUNS" "$GAP" "$TMP/exit0" "$V2" "${V1[@]}")
    echo "| $m | $med | $p90 | $max | $(what "$m") |"
done
