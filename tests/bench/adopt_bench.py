#!/usr/bin/env python3
"""The timing half of tests/bench/adopt_bench.sh (standard library only).

  adopt_bench.py run DIR N AGENT PROGRAM   one measurement at N workers (see the .sh); prints
                                           "N<TAB>adopt median<TAB>min<TAB>max<TAB>fresh<TAB>lines lost<TAB>same pids"
                                           ($HSU_ADOPT_ROUNDS re-adoptions, default 5)

Every worker writes its start to DIR/timeline (the .sh ends what is left by it, never by name).
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reload_bench import Client  # noqa: E402  (one socket client for the benches)

GATED = 10        # workers printing 2000 lines, held at line 300 until the agent is dead
LINES = 2000
GATE_AT = 300
ROUNDS = int(os.environ.get("HSU_ADOPT_ROUNDS", "5"))


def write_config(path, n, prog, d):
    q = json.dumps
    with open(path, "w") as f:
        f.write("workers:\n")
        for i in range(n):
            args = ["--timeline", os.path.join(d, "timeline")]
            if i < GATED:
                args += ["--lines", str(LINES), "--line-interval", "1", "--gate", f"{GATE_AT}:{d}/go", "--run-for", "600000"]
            else:
                args += ["--run-for", "600000"]
            f.write(f"""  - id: w{i:04d}
    type: managed
    unit: {{ managed: {{ control: {{ execution: {{ executable_path: {q(prog)}, args: [{", ".join(q(a) for a in args)}] }},
                                  restart_policy: on-failure }} }} }}
""")


def state_dir(d):
    """The agent's state folder: where a desktop has it, on tmpfs ($XDG_RUNTIME_DIR is
    /run/user/UID), here /dev/shm; DIR/state-link points at it for the .sh's clean-up."""
    link = os.path.join(d, "state-link")
    if not os.path.islink(link):
        import tempfile
        base = "/dev/shm" if os.path.isdir("/dev/shm") else d
        os.symlink(tempfile.mkdtemp(prefix="hsu-adopt-state.", dir=base), link)
    return os.readlink(link)


def start_agent(agent, d):
    out = open(os.path.join(d, "agent.out"), "ab")
    return subprocess.Popen([agent, "--config", os.path.join(d, "config.yaml"), "--socket", os.path.join(d, "agent.sock"),
                             "--state-dir", state_dir(d), "--log-dir", os.path.join(d, "logs")],
                            stdout=out, stderr=out, start_new_session=True)


def first_list(d, agent_proc, timeout=120):
    """Connects as soon as the socket answers; the agent answers only once its start (and the
    re-adoption in it) is done. Returns (client, workers, ns from the call)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if agent_proc.poll() is not None:
            sys.exit("adopt_bench: the agent exited")
        try:
            c = Client(os.path.join(d, "agent.sock"))
            if "result" in c.call("hello", {"protocol": "1.6", "client": "adopt_bench"}):
                return c, c.call("workers.list")["result"]["workers"], time.monotonic_ns()
        except (OSError, RuntimeError):
            pass
        time.sleep(0.0005)
    sys.exit("adopt_bench: no agent answered")


def wait_all_running(c, n, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ws = c.call("workers.list")["result"]["workers"]
        if len(ws) == n and all(w["state"] == "running" and w["pid"] > 0 for w in ws):
            return {w["id"]: w["pid"] for w in ws}, time.monotonic_ns()
        time.sleep(0.01)
    sys.exit("adopt_bench: not every worker runs")


def lines_of(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except OSError:
        return []


def wchar(pid):
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            if line.startswith("wchar:"):
                return int(line.split()[1])
    return 0


def run(d, n, agent, prog):
    os.makedirs(os.path.join(d, "logs"), exist_ok=True)
    write_config(os.path.join(d, "config.yaml"), n, prog, d)
    # Fresh: from the agent's exec to every worker running.
    t0 = time.monotonic_ns()
    a = start_agent(agent, d)
    c, _, _ = first_list(d, a)
    before, t1 = wait_all_running(c, n)
    fresh_ms = (t1 - t0) / 1e6
    for i in range(GATED):
        deadline = time.monotonic() + 60
        while len(lines_of(os.path.join(d, "logs", f"w{i:04d}-stdout.log"))) < GATE_AT - 1 and time.monotonic() < deadline:
            time.sleep(0.01)
    # Every worker's record on disk (written on the agent's own thread, after the starts).
    records = os.path.join(state_dir(d), "workers")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not os.path.isdir(records) or len(os.listdir(records)) < n):
        time.sleep(0.01)
    os.kill(a.pid, signal.SIGKILL)
    a.wait()
    open(os.path.join(d, "go"), "w").close()
    total = sum(6 + len(str(k)) for k in range(1, LINES + 1))
    for i in range(GATED):
        pid = before[f"w{i:04d}"]
        deadline = time.monotonic() + 60
        while wchar(pid) < total and time.monotonic() < deadline:
            time.sleep(0.01)
    # Re-adoption: from the new agent's exec to its first answer, which comes after its start.
    # ROUNDS times (killed with SIGKILL again between them); the lines are checked after the first.
    times, same, lost = [], 0, 0
    for round_no in range(ROUNDS):
        if round_no:
            os.kill(a.pid, signal.SIGKILL)
            a.wait()
        t0 = time.monotonic_ns()
        a = start_agent(agent, d)
        c, ws, t1 = first_list(d, a)
        times.append((t1 - t0) / 1e6)
        same = sum(1 for w in ws if w.get("adopted") and w["pid"] == before.get(w["id"]))
        if round_no:
            continue
        for i in range(GATED):
            path = os.path.join(d, "logs", f"w{i:04d}-stdout.log")
            deadline = time.monotonic() + 60
            while len(lines_of(path)) < LINES and time.monotonic() < deadline:
                time.sleep(0.01)
            got = lines_of(path)
            want = [f"line {k}" for k in range(1, LINES + 1)]
            lost += sum(1 for line in want if line not in set(got))
            if got != want[: len(got)]:
                print(f"adopt_bench: {path}: lines out of order or doubled", file=sys.stderr)
                lost += 1
    times.sort()
    adopt_ms = times[len(times) // 2]
    c.call("agent.shutdown")
    a.wait(timeout=120)
    print(f"{n}\t{adopt_ms:.1f}\t{times[0]:.1f}\t{times[-1]:.1f}\t{fresh_ms:.1f}\t{lost}\t{same}/{n}")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "run":
        run(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        sys.exit(__doc__)
