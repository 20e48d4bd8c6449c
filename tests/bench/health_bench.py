#!/usr/bin/env python3
"""Health checks under load (issue 12), standard library only; run by tests/bench/health_bench.sh.

  health_bench.py AGENT TESTWORKER DIR SECONDS

Phases, each a fresh agent on its own config in DIR:
  idle-100   100 test workers serving HTTP, no checks: the agent's CPU and RSS (the baseline)
  http-100   the same 100 workers, each with an http check every 1 s (timeout 500 ms, retries 2)
             the agent's CPU and RSS; then five times: one worker frozen with SIGSTOP, the time
             from the freeze to its `unhealthy` event (goal: interval x retries + timeout + 50 ms)
  tcp-1000   1000 test workers serving TCP, each with a tcp check every 1 s: the agent's CPU, RSS
CPU is the agent's own utime+stime over SECONDS of steady state, as a share of one core.
Everything started is ended by pid (the agent by SIGTERM: it stops its workers).
"""
import json
import os
import signal
import subprocess
import sys
import time

import reload_bench  # its Client speaks the agent's protocol (this folder is on sys.path)
from netutil import free_ports
from procstat import TICK, cpu_ticks, rss_kb


def config(path, prog, ports, check):
    q = json.dumps
    with open(path, "w") as f:
        f.write("workers:\n")
        for i, port in enumerate(ports):
            serve = "--serve-http" if check != "tcp" else "--serve-tcp"
            f.write(f"""  - id: w{i:04d}
    type: managed
    unit:
      managed:
        control:
          execution: {{ executable_path: {q(prog)}, args: [{q(serve)}, "{port}"] }}
          restart_policy: always
          context_aware_restart:
            health_failures: {{ max_retries: 100, retry_delay: 0s }}
""")
            if check == "http":
                f.write(f"""        health_check:
          type: http
          http: {{ url: "http://127.0.0.1:{port}/" }}
          run_options: {{ interval: 1s, timeout: 500ms, retries: 2 }}
""")
            elif check == "tcp":
                f.write(f"""        health_check:
          type: tcp
          tcp: {{ address: 127.0.0.1, port: {port} }}
          run_options: {{ interval: 1s, timeout: 500ms, retries: 2 }}
""")


class Client(reload_bench.Client):
    """reload_bench's socket client, with events taken in arrival order."""

    def next_event(self, timeout):
        if self.events:
            return self.events.pop(0)
        return self._line(timeout)


def rss_mib(pid):
    kb = rss_kb(pid)
    return float("nan") if kb is None else kb / 1024


def run_phase(name, agent_bin, prog, d, n, check, seconds, freeze_rounds=0):
    base = os.path.join(d, name)
    os.makedirs(os.path.join(base, "state"), exist_ok=True)
    cfg = os.path.join(base, "config.yaml")
    config(cfg, prog, free_ports(n), check)
    sock = os.path.join(base, "agent.sock")
    agent = subprocess.Popen([agent_bin, "--config", cfg, "--socket", sock, "--state-dir", os.path.join(base, "state"),
                              "--log-dir", os.path.join(base, "logs")],
                             stdout=open(os.path.join(base, "agent.out"), "w"), stderr=subprocess.STDOUT,
                             start_new_session=True)
    worker_pids = set()
    try:
        deadline = time.monotonic() + 120
        while not os.path.exists(sock) and time.monotonic() < deadline:
            time.sleep(0.05)
        c = Client(sock)
        c.call("hello", {"protocol": "1.5", "client": "health_bench"})
        want = "healthy" if check else None
        while time.monotonic() < deadline:
            ws = c.call("workers.list")["result"]["workers"]
            worker_pids.update(w["pid"] for w in ws if w.get("pid"))
            if sum(1 for w in ws if w["state"] == "running" and (want is None or w.get("health") == want)) == n:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{name}: not every worker became running{' and healthy' if want else ''}")
        time.sleep(2)  # the start's own work settles
        t0, c0 = time.monotonic(), cpu_ticks(agent.pid)
        time.sleep(seconds)
        cpu = (cpu_ticks(agent.pid) - c0) / TICK / (time.monotonic() - t0) * 100
        rss = rss_mib(agent.pid)
        freezes = []
        if freeze_rounds:
            c.call("events.subscribe", {"events": ["worker.state"]})
            ws = c.call("workers.list")["result"]["workers"]
            for k in range(freeze_rounds):
                w = ws[k * 7 % len(ws)]
                pid = w["pid"]
                time.sleep(0.37 * k)  # a different moment of the check's schedule each time
                frozen = time.monotonic()
                os.kill(pid, signal.SIGSTOP)
                took = None
                while time.monotonic() - frozen < 30:
                    e = c.next_event(30)
                    if e is None:
                        break
                    s = e.get("data", {})
                    if e.get("event") == "worker.state" and s.get("id") == w["id"] and s.get("health") == "unhealthy":
                        took = (time.monotonic() - frozen) * 1000
                        break
                try:
                    os.kill(pid, signal.SIGCONT)  # a stopped process is never left behind
                except ProcessLookupError:
                    pass  # restarted by then: the frozen one is gone
                freezes.append(took)
                c.events.clear()
        return cpu, rss, freezes
    finally:
        agent.send_signal(signal.SIGTERM)
        try:
            agent.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(agent.pid, signal.SIGKILL)
            agent.wait()
        for pid in worker_pids:  # only if the agent could not stop them: by pid, never by name
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def main():
    agent_bin, prog, d, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    print(f"health checks, {seconds:.0f} s of steady state per phase; agent CPU as % of one core")
    idle = run_phase("idle-100", agent_bin, prog, d, 100, None, seconds)
    print(f"  100 workers, no checks:          CPU {idle[0]:5.2f} %   RSS {idle[1]:5.1f} MiB", flush=True)
    http = run_phase("http-100", agent_bin, prog, d, 100, "http", seconds, freeze_rounds=5)
    print(f"  100 workers, http check every 1 s: CPU {http[0]:5.2f} %   RSS {http[1]:5.1f} MiB"
          f"   (checks add {http[0] - idle[0]:+.2f} % and {http[1] - idle[1]:+.1f} MiB; goals <= 1 %, <= 20 MB)", flush=True)
    got = [f for f in http[2] if f is not None]
    print(f"  freeze -> unhealthy (bound 1000 ms x 2 + 500 ms + 50 ms = 2550 ms): "
          + ", ".join(f"{f:.0f}" for f in got) + " ms" + (f"; {len(http[2]) - len(got)} not seen" if len(got) < len(http[2]) else ""),
          flush=True)
    tcp = run_phase("tcp-1000", agent_bin, prog, d, 1000, "tcp", seconds)
    print(f"  1000 workers, tcp check every 1 s: CPU {tcp[0]:5.2f} %   RSS {tcp[1]:5.1f} MiB", flush=True)


if __name__ == "__main__":
    main()
