#!/usr/bin/env python3
"""The timing half of tests/bench/reload_bench.sh (standard library only).

  reload_bench.py config PATH N PROGRAM TIMELINE ROUND   writes a config of N idle test workers;
                                                          worker tw0500 (or the middle one) carries
                                                          the operand "round-ROUND"
  reload_bench.py rounds DIR N PROGRAM ROUNDS             the measured rounds (see the .sh)

Times are CLOCK_REALTIME nanoseconds, as the test worker's timeline writes them.
"""
import json
import os
import socket
import statistics
import sys
import time


def changed_index(n):
    return min(500, n // 2)


def write_config(path, n, prog, timeline, round_no):
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    with open(path, "w") as f:
        f.write("workers:\n")
        for i in range(n):
            args = ["--timeline", timeline]
            if i == changed_index(n):
                args.append(f"round-{round_no}")  # an operand the test worker ignores
            f.write(f"""  - id: tw{i:04d}
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: {q(prog)}
            args: [{", ".join(q(a) for a in args)}]
          restart_policy: on-failure
""")


class Client:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = b""
        self.next_id = 1
        self.events = []

    def _line(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                return None
            if not chunk:
                raise RuntimeError("the agent closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, method, params=None, timeout=30):
        rid = self.next_id
        self.next_id += 1
        self.sock.sendall(json.dumps({"id": rid, "method": method, "params": params or {}}).encode() + b"\n")
        while True:
            o = self._line(timeout)
            if o is None:
                raise RuntimeError(f"no answer to {method}")
            if o.get("id") == rid:
                return o
            if "event" in o:
                self.events.append(o)

    def event(self, name, timeout=60):
        for i, e in enumerate(self.events):
            if e.get("event") == name:
                return self.events.pop(i), time.time_ns()
        while True:
            o = self._line(timeout)
            if o is None:
                return None, None
            if o.get("event") == name:
                return o, time.time_ns()
            if "event" in o:
                self.events.append(o)


def pids(client):
    r = client.call("workers.list")["result"]["workers"]
    return {w["id"]: w.get("pid", 0) for w in r}


def starts(timeline):
    out = []
    with open(timeline) as f:
        for line in f:
            p = line.split()
            if len(p) == 3 and p[0] == "start":
                out.append((int(p[1]), int(p[2])))
    return out


def wait_new_start(timeline, known, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for ns, pid in starts(timeline):
            if pid not in known:
                return ns, pid
        time.sleep(0.002)
    return None, None


def bare_start(prog, timeline):
    """posix_spawn of the program until its first instruction; the child is ended at once."""
    open(timeline, "w").close()
    t0 = time.time_ns()
    pid = os.posix_spawn(prog, [prog, "--timeline", timeline, "--run-for", "0"], os.environ)
    os.waitpid(pid, 0)
    s = starts(timeline)
    return (s[0][0] - t0) / 1e6 if s else float("nan")


def rounds(d, n, prog, count):
    client = Client(os.path.join(d, "agent.sock"))
    if "result" not in client.call("hello", {"protocol": "1.3", "client": "reload_bench"}):
        sys.exit("reload_bench: the agent refused hello (protocol 1.3 needed)")
    client.call("events.subscribe", {"events": ["config.reloaded"]})
    timeline = os.path.join(d, "timeline")
    changed = f"tw{changed_index(n):04d}"
    to_start, to_event, bare = [], [], []
    for r in range(1, count + 1):
        before = pids(client)
        known = {pid for _, pid in starts(timeline)}
        tmp = os.path.join(d, "config.new")
        write_config(tmp, n, prog, timeline, r)
        t0 = time.time_ns()
        os.rename(tmp, os.path.join(d, "config.yaml"))
        ev, t_event = client.event("config.reloaded")
        if ev is None or not ev["data"].get("ok"):
            sys.exit(f"reload_bench: round {r}: no successful config.reloaded ({ev})")
        ns, pid = wait_new_start(timeline, known)
        if ns is None:
            sys.exit(f"reload_bench: round {r}: {changed} did not start again")
        after = pids(client)
        moved = [i for i in before if i != changed and after.get(i) != before[i]]
        if moved or after.get(changed) == before.get(changed):
            sys.exit(f"reload_bench: round {r}: pids changed for {moved[:5]} (or not for {changed})")
        if ev["data"].get("restarted") != [changed]:
            sys.exit(f"reload_bench: round {r}: restarted {ev['data'].get('restarted')}, expected [{changed}]")
        to_start.append((ns - t0) / 1e6)
        to_event.append((t_event - t0) / 1e6)
        bare.append(bare_start(prog, os.path.join(d, "bare-timeline")))
        print(f"[reload] round {r}: new process after {to_start[-1]:.1f} ms, config.reloaded after "
              f"{to_event[-1]:.1f} ms, agent-side {ev['data'].get('ms', 0):.1f} ms (reading and checking the file {ev['data'].get('load_ms', 0):.1f}); bare start {bare[-1]:.2f} ms",
              file=sys.stderr)
    med = statistics.median
    print(f"Reload of {n} workers, one changed (args), saved by rename; {count} rounds, medians:")
    print()
    print("| figure | median ms | max ms | goal |")
    print("|---|---:|---:|---|")
    print(f"| rename → the changed worker's new process running | {med(to_start):.1f} | {max(to_start):.1f} | "
          f"≤ 50 ms + bare start ({50 + med(bare):.1f} ms) |")
    print(f"| rename → config.reloaded | {med(to_event):.1f} | {max(to_event):.1f} | |")
    print(f"| bare start of the program (posix_spawn → first instruction) | {med(bare):.2f} | {max(bare):.2f} | |")
    print()
    print(f"Every other worker kept its pid in every round ({n - 1} workers).")


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "config":
        write_config(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]))
    elif len(sys.argv) >= 2 and sys.argv[1] == "rounds":
        rounds(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
