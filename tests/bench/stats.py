#!/usr/bin/env python3
"""Statistics for tests/bench/run.sh (standard library only).

  stats.py restart RUNS TIMELINE...     -> "n median_ms p90_ms"  exit of run k -> start of run k+1,
                                           over the first RUNS+1 starts of each timeline
  stats.py startall TIMELINE T0_NS N    -> "ms"  last of the first N start lines minus T0
  stats.py living PROGRAM TIMELINE...   -> pids of the timelines' workers that still run: the pid
                                           exists, runs PROGRAM, and started when its start line says
                                           (within 2 s), so a reused pid is never named
  stats.py table RESULTS.tsv            -> markdown table, each figure with its ratio to the bare
                                           loop and to every other contestant

Timeline lines (written by testworker --timeline): "start <ns> <pid>" / "exit <ns> <pid>".
RESULTS.tsv lines: figure<TAB>contestant<TAB>value<TAB>unit<TAB>note  (value "-" = skipped, note = why).
"""
import sys


def read_timeline(path):
    events = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] in ("start", "exit"):
                events.append((int(parts[1]), parts[0], int(parts[2])))
    events.sort()
    return events


def percentile(sorted_values, p):
    """Nearest-rank percentile (p in 0..100) of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def median(sorted_values):
    n = len(sorted_values)
    if n == 0:
        return float("nan")
    mid = n // 2
    return sorted_values[mid] if n % 2 else (sorted_values[mid - 1] + sorted_values[mid]) / 2


def restart(runs, paths):
    deltas = []
    for path in paths:
        try:
            events = read_timeline(path)
        except FileNotFoundError:
            continue
        starts = 0
        last_exit = None
        for ns, kind, _pid in events:
            if kind == "start":
                starts += 1
                if starts > runs + 1:
                    break
                if last_exit is not None:
                    deltas.append((ns - last_exit) / 1e6)
                    last_exit = None
            else:
                last_exit = ns
    deltas.sort()
    print(f"{len(deltas)} {median(deltas):.3f} {percentile(deltas, 90):.3f}")


def startall(path, t0_ns, n):
    starts = [ns for ns, kind, _pid in read_timeline(path) if kind == "start"][:n]
    if len(starts) < n:
        print(f"only {len(starts)} of {n} started", file=sys.stderr)
        sys.exit(1)
    print(f"{(starts[-1] - t0_ns) / 1e6:.1f}")


def living(program, paths):
    import os
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/stat") as f:
            btime = next(int(l.split()[1]) for l in f if l.startswith("btime "))
        prog = os.stat(program)
    except (OSError, StopIteration, ValueError):
        return
    seen = set()
    for path in paths:
        try:
            events = read_timeline(path)
        except FileNotFoundError:
            continue
        for ns, kind, pid in events:
            if kind != "start" or pid in seen:
                continue
            try:
                exe = os.stat(f"/proc/{pid}/exe")
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if (exe.st_dev, exe.st_ino) != (prog.st_dev, prog.st_ino) or fields[0] == "Z":
                continue
            started = btime + int(fields[19]) / ticks  # field 22 of /proc/PID/stat
            if abs(started - ns / 1e9) < 2.0:
                seen.add(pid)
                print(pid)


def fmt(v):
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def table(path):
    figures = {}  # figure -> list of (contestant, value|None, unit, note)
    order = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            fig, who, value, unit, note = (line.split("\t") + [""] * 5)[:5]
            if fig not in figures:
                figures[fig] = []
                order.append(fig)
            figures[fig].append((who, None if value in ("-", "") else float(value), unit, note))
    contestants = []
    for fig in order:
        for who, _v, _u, _n in figures[fig]:
            if who not in contestants:
                contestants.append(who)
    peers = [c for c in contestants if c != "bare loop"]
    print("| figure | contestant | value | × bare loop | " + " | ".join(f"× {p}" for p in peers) + " | note |")
    print("|---|---|---:|---:|" + "---:|" * len(peers) + "---|")
    for fig in order:
        rows = figures[fig]
        values = {who: v for who, v, _u, _n in rows if v is not None}
        for who, v, unit, note in rows:
            cells = [fig, who]
            if v is None:
                cells += ["skipped", ""] + [""] * len(peers) + [note]
            else:
                cells.append(f"{fmt(v)} {unit}")
                base = values.get("bare loop")
                cells.append(fmt(v / base) if base and who != "bare loop" else ("1" if who == "bare loop" else ""))
                for p in peers:
                    other = values.get(p)
                    cells.append(fmt(v / other) if other and p != who else "")
                cells.append(note)
            print("| " + " | ".join(cells) + " |")


def main(argv):
    if len(argv) >= 4 and argv[1] == "restart":
        restart(int(argv[2]), argv[3:])
    elif len(argv) == 5 and argv[1] == "startall":
        startall(argv[2], int(argv[3]), int(argv[4]))
    elif len(argv) >= 3 and argv[1] == "living":
        living(argv[2], argv[3:])
    elif len(argv) == 3 and argv[1] == "table":
        table(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
