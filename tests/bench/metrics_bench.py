#!/usr/bin/env python3
"""Helpers for tests/bench/metrics_bench.sh (standard library only).

  metrics_bench.py config OUT N PROG ARGS...   a config of N idle workers running PROG ARGS
  metrics_bench.py port                        a free TCP port on 127.0.0.1
  metrics_bench.py cpu PID                     the process's CPU seconds so far (utime + stime)
  metrics_bench.py window PID SECONDS          -> "cpu_s wall_s rss_kb t_end" over exactly SECONDS
                                                  (t_end: Unix time at the window's end)
  metrics_bench.py times FILE COLUMN           -> "n p50_ms p99_ms max_ms" of column COLUMN (from 1)
                                                  of a file of seconds (curl's -w times)
  metrics_bench.py prom URL JOB T_END SECONDS  -> "scrapes p50_ms p99_ms max_ms samples up_min"
                                                  from Prometheus's own series for JOB over the
                                                  SECONDS before T_END (its HTTP API, /api/v1/query)
"""
import json
import os
import socket
import sys
import time
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from procstat import cpu_seconds, rss_kb  # noqa: E402  (/proc/PID/stat and status, as the other benches read them)
from stats import percentile  # noqa: E402  (the same nearest-rank percentile as the other benches)


def config(out, n, prog, args):
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    with open(out, "w") as f:
        f.write("workers:\n")
        for i in range(n):
            f.write(f"""  - id: tw{i:04d}
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: {q(prog)}
            args: [{", ".join(q(a) for a in args)}]
          restart_policy: never
""")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def window(pid, seconds):
    t0 = time.monotonic()
    c0 = cpu_seconds(pid)
    end = t0 + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(left, 1.0))
    c1 = cpu_seconds(pid)
    wall = time.monotonic() - t0
    print(f"{c1 - c0:.2f} {wall:.3f} {rss_kb(pid) or 0} {time.time():.3f}")


def times(path, column):
    with open(path) as f:
        v = sorted(float(line.split()[column - 1]) * 1000 for line in f if line.strip())
    print(f"{len(v)} {percentile(v, 50):.3f} {percentile(v, 99):.3f} {v[-1] if v else float('nan'):.3f}")


def prom(url, job, t_end, seconds):
    def query(expr):
        q = urllib.parse.urlencode({"query": expr, "time": t_end})
        with urllib.request.urlopen(f"{url}/api/v1/query?{q}", timeout=10) as r:
            body = json.load(r)
        res = body.get("data", {}).get("result", [])
        if body.get("status") != "success" or not res:
            return float("nan")
        return float(res[0]["value"][1])

    rng = f'{{job="{job}"}}[{int(seconds)}s]'
    scrapes = query(f"count_over_time(scrape_duration_seconds{rng})")
    p50 = query(f"quantile_over_time(0.5, scrape_duration_seconds{rng})") * 1000
    p99 = query(f"quantile_over_time(0.99, scrape_duration_seconds{rng})") * 1000
    mx = query(f"max_over_time(scrape_duration_seconds{rng})") * 1000
    samples = query(f"max_over_time(scrape_samples_scraped{rng})")
    up = query(f"min_over_time(up{rng})")  # 1: every scrape in the window succeeded
    print(f"{scrapes:.0f} {p50:.3f} {p99:.3f} {mx:.3f} {samples:.0f} {up:.0f}")


def main(a):
    if len(a) >= 5 and a[1] == "config":
        config(a[2], int(a[3]), a[4], a[5:])
    elif len(a) == 2 and a[1] == "port":
        print(free_port())
    elif len(a) == 3 and a[1] == "cpu":
        print(f"{cpu_seconds(int(a[2])):.2f}")
    elif len(a) == 4 and a[1] == "window":
        window(int(a[2]), float(a[3]))
    elif len(a) == 4 and a[1] == "times":
        times(a[2], int(a[3]))
    elif len(a) == 6 and a[1] == "prom":
        prom(a[2], a[3], a[4], float(a[5]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
