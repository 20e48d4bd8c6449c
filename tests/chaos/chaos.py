#!/usr/bin/env python3
"""The working half of tests/chaos/chaos.sh (standard library only): the config, the agent's
lives, the attacks, the protocol clients and the checks. chaos.sh sets up what needs a shell
(binaries, the log tmpfs, the clean-up trap) and calls:

  chaos.py run DIR --agent A --testworker T --minutes M [--seed S]   the whole run; exit 1 on a failed check
  chaos.py reap DIR                                                   end everything of the run in DIR (clean-up)

DIR holds: config.yaml, state/ (the agent's state folder), logs/ (the tmpfs, mounted by chaos.sh),
timelines/, agent-N.out, agent.pids (every agent started, for the clean-up), run-id, summary.txt.

Every process of the run carries HSU_TEST_RUN=<run id> in its environment (the config gives it to
every worker; children and daemons inherit it): that marker, never a program's name, is how the
checks find our processes and how the clean-up ends what is left.
"""
import argparse
import datetime
import errno
import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from netutil import free_ports  # noqa: E402

# The environment variable that marks every process of a run (the soak marks its workers alike).
MARKER = "HSU_TEST_RUN"

MAX_FRAME = 16 * 1024 * 1024  # shared/protocol/Protocol.h kMaxFrameSize
LINE_BYTES = 32               # every sequence-numbered line is padded to this (a torn line shows)
SEQ_LINES = 1000000           # slow printers: more lines than a run can print
BURST_LINES = 3000            # burst printers print these at once, then run, then fail


def log(msg):
    sys.stderr.write(time.strftime("[chaos %H:%M:%S] ") + msg + "\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# The worker set: 200 workers of every kind. Each entry knows what state its policy should leave
# it in at the end (checked by check_states).

def plan_workers(d, prog):
    """Returns [(id, kind, dict of the worker's YAML fields)]; kind says what the checks expect."""
    tl = os.path.join(d, "timelines")
    ws = []

    def add(wid, kind, args, restart="always", retries=1000000, delay="500ms", extra_control=None,
            depends=None, health=None, wtype="managed", env=None, json_log=False):
        control = {
            "execution": {"executable_path": prog, "args": args,
                          "environment": dict({MARKER: "@RUN@", "HSU_CHAOS_KIND": kind}, **(env or {}))},
            "restart_policy": restart,
            "graceful_timeout": "3s",
            "context_aware_restart": {"default": {"max_retries": retries, "retry_delay": delay, "backoff_rate": 1}},
        }
        control.update(extra_control or {})
        unit = {"control": control}
        if json_log:
            # JSON lines carry the time the agent read each line (ms): a gap in the numbers can be
            # placed in time, next to an agent's SIGKILL or not (check_logs).
            unit["log_collection"] = {"outputs": {"separate": {"stdout": [
                {"type": "file", "path": "{worker_id}-stdout.log", "format": "json"}]}}}
        if health:
            unit["health_check"] = health
        if wtype == "integrated":
            unit["health_check_run_options"] = {"interval": "3s", "timeout": "1s"}
        w = {"id": wid, "type": wtype, "unit": {wtype: unit}}
        if depends:
            w["depends_on"] = depends
        ws.append((wid, kind, w))

    for i in range(30):   # crash loops that go on for ever: exit 1 after a random short run
        add(f"loop-{i:02d}", "loop", ["--run-for", str(random.randint(300, 3000)), "--exit-code", "1"], delay="1s")
    for i in range(10):   # crash loops that give up: SIGSEGV at once, 3 attempts -> failed
        add(f"giveup-{i:02d}", "giveup", ["--run-for", "50", "--crash", "SEGV"], restart="on-failure", retries=3, delay="100ms")
    for i in range(40):   # slow printers: one sequence-numbered line every 20-100 ms, for ever
        add(f"seq-{i:02d}", "seq", ["--lines", str(SEQ_LINES), "--line-interval", str(random.randint(20, 100)),
                                    "--line-bytes", str(LINE_BYTES), "--timeline", f"{tl}/seq-{i:02d}"], json_log=True)
    for i in range(10):   # bursts: 3000 lines at once, 10 s of run, exit 1: restarted for ever
        add(f"burst-{i:02d}", "burst", ["--lines", str(BURST_LINES), "--line-bytes", str(LINE_BYTES), "--run-for", "10000",
                                        "--exit-code", "1", "--timeline", f"{tl}/burst-{i:02d}"], delay="2s", json_log=True)
    mem_watch = {"monitoring": {"interval": "1s"}}
    for i in range(20):   # memory hogs under their limit: keep running
        add(f"hog-{i:02d}", "hog", ["--hog-memory", "16"],
            extra_control={"limits": dict(mem_watch, memory={"max_rss": "96MB", "policy": "restart"})})
    for i in range(10):   # memory hogs over their limit: restarted for the violation, then failed
        add(f"overhog-{i:02d}", "overhog", ["--hog-memory", "80"], extra_control={
            "limits": dict(mem_watch, memory={"max_rss": "48MB", "policy": "restart"}),
            "context_aware_restart": {"default": {"max_retries": 1000000, "retry_delay": "500ms", "backoff_rate": 1},
                                      "resource_violations": {"max_retries": 2, "retry_delay": "500ms", "backoff_rate": 1}}})
    ports = free_ports(30)
    servers = []
    for i, port in enumerate(ports):   # health-checked servers: http and tcp
        if i % 2 == 0:
            args, hc = ["--serve-http", str(port)], {"type": "http", "http": {"url": f"http://127.0.0.1:{port}/health"}}
        else:
            args, hc = ["--serve-tcp", str(port)], {"type": "tcp", "tcp": {"port": port}}
        hc["run_options"] = {"interval": "2s", "timeout": "1s", "retries": 2}
        add(f"srv-{i:02d}", "server", args, health=hc)
        servers.append(f"srv-{i:02d}")
    for i in range(5):    # integrated workers: the agent's own gRPC Ping on a port it picks
        add(f"integ-{i}", "integrated", [], wtype="integrated")
    for i in range(20):   # dependants: wait for a healthy server (and a few for another dependant)
        dep = {servers[i % len(servers)]: {"condition": "healthy"}}
        if i >= 15:
            dep[f"dep-{i - 15:02d}"] = {"condition": "started"}
        add(f"dep-{i:02d}", "dependent", [], depends=dep)
    for i in range(20):   # forking trees: 2 children x 2 grandchildren and a setsid double-forked daemon
        add(f"tree-{i:02d}", "tree", ["--children", "2", "--grandchildren", "2", "--setsid-daemon"])
    for i in range(5):    # edited while the chaos runs (their generation changes): restarted with the new spec
        add(f"edit-{i}", "edit", [], env={"HSU_CHAOS_GEN": "@GEN@"})
    assert len(ws) == 200, len(ws)
    return ws


def render_config(ws, run_id, gen):
    # JSON is YAML: one flow mapping a worker keeps the file simple to write and to break.
    lines = ["# chaos run " + run_id, "workers:"]
    for _, _, w in ws:
        lines.append("  - " + json.dumps(w).replace("@RUN@", run_id).replace("@GEN@", str(gen)))
    return "\n".join(lines) + "\n"


def write_file(path, text, atomic=True):
    """Atomic (temporary file + rename, as editors do) or in place (truncate and write: the
    agent's watch sees a partial file for a moment)."""
    if atomic:
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.rename(tmp, path)
    else:
        with open(path, "w") as f:
            half = len(text) // 2
            while half > 1 and text[half - 1] == "\n":   # never a whole line: a shorter valid file
                half -= 1
            f.write(text[:half])
            f.flush()
            time.sleep(0.01)
            f.write(text[half:])


def broken_variants(good):
    """Configs the agent must refuse (and keep running what it runs)."""
    lines = good.splitlines()
    return [
        ("yaml syntax", good + "  - {id: broken, type: managed, unit: [\n"),
        ("unknown key", good.replace('"restart_policy"', '"restart_polcy"', 1)),
        ("duplicate id", good + lines[2] + "\n"),
        ("truncated", good[: len(good) // 3].rstrip("\n")[:-3]),   # cut inside a line
        ("binary garbage", good[:100] + "\x00\x01\xff garbage \x07" * 20),
        ("dependency cycle", good.replace('"id": "dep-00", "type": "managed"',
                                          '"id": "dep-00", "type": "managed", "depends_on": {"dep-15": {"condition": "started"}}', 1)),
        ("bad duration", good.replace('"retry_delay": "1s"', '"retry_delay": "1 fortnight"', 1)),
    ]


# ---------------------------------------------------------------------------------------------
# Protocol clients

class Client:
    """A plain NDJSON client: hello, call, skip events."""

    def __init__(self, path, timeout=15.0, name="chaos"):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""
        self.next_id = 1
        self.events = []
        r = self.call("hello", {"protocol": "1.7", "client": name})
        if "result" not in r:
            raise RuntimeError(f"hello refused: {r}")

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("closed by the agent")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        msg = {"id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            m = self.line()
            if m.get("id") == rid:
                return m
            if "event" in m:
                self.events.append(m)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.n = {}

    def add(self, key, v=1):
        with self.lock:
            self.n[key] = self.n.get(key, 0) + v

    def get(self, key):
        with self.lock:
            return self.n.get(key, 0)


class Listener(threading.Thread):
    """One client that stays subscribed to logs.dropped and config.reloaded across every agent's
    life (it connects again after each kill): what the agent said it dropped is what the log
    check accounts for."""

    def __init__(self, sock_path, out_path, stop):
        super().__init__(daemon=True)
        self.sock_path, self.stop = sock_path, stop
        self.out = open(out_path, "a")
        self.dropped = {}          # (worker, target) -> lines the agents said they dropped
        self.reloads_refused = 0
        self.reloads_ok = 0
        self.connected = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                c = Client(self.sock_path, timeout=2.0, name="chaos-listener")
                c.call("events.subscribe", {"events": ["logs.dropped", "config.reloaded"]})
            except (OSError, RuntimeError, ValueError):
                self.connected.clear()
                time.sleep(0.2)
                continue
            self.connected.set()
            try:
                for m in c.events:
                    self.take(m)
                c.sock.settimeout(0.5)
                while not self.stop.is_set():
                    try:
                        self.take(c.line())
                    except socket.timeout:
                        continue
            except (OSError, ValueError):
                pass
            finally:
                self.connected.clear()
                c.close()

    def take(self, m):
        ev, data = m.get("event"), m.get("data", {})
        if ev == "logs.dropped":
            key = (data.get("worker"), data.get("target"))
            self.dropped[key] = self.dropped.get(key, 0) + int(data.get("dropped", 0))
        elif ev == "config.reloaded":
            if data.get("ok"):
                self.reloads_ok += 1
            else:
                self.reloads_refused += 1
        else:
            return
        self.out.write(json.dumps(m) + "\n")
        self.out.flush()

    def dropped_for(self, worker):
        return sum(v for (w, _), v in self.dropped.items() if w == worker)


def garbage_frames(rng):
    """One bad (or borderline) message: (bytes, kind)."""
    k = rng.randrange(12)
    if k == 0:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4000))) + b"\n", "random bytes"
    if k == 1:
        return b'{"id": 1, "method": "workers.list"' + b"\n", "cut json"
    if k == 2:
        return b"[1,2,3]\n", "not an object"
    if k == 3:
        return b'{"id": -5, "method": "hello"}\n', "bad id"
    if k == 4:
        # a real method, but on no worker: a garbage client must not stop one that the checks look at
        return b'{"id": 9, "method": "workers.stop", "params": {"id": "no-such-worker"}}\n', "before hello"
    if k == 5:
        return b'{"id": 2, "method": ""}\n', "empty method"
    if k == 6:
        return b'{"id": 3, "method": "workers.get", "params": "x"}\n', "bad params"
    if k == 7:   # over the limit: 16 MiB + some, then its newline
        return b"x" * (MAX_FRAME + rng.randint(1, 100000)) + b"\n", "oversized"
    if k == 8:   # exactly the limit: a valid JSON object of 16 MiB (must not be refused as too large)
        head = b'{"id": 4, "method": "nope", "pad": "'
        tail = b'"}'
        return head + b"a" * (MAX_FRAME - len(head) - len(tail)) + tail + b"\n", "at the limit"
    if k == 9:
        return b"\r\n\n\n", "blank lines"
    if k == 10:
        return b'{"id": 5, "method": "hello", "params": {"protocol": "99.0"}}\n', "wrong major"
    return b"\xff\xfe" + b"\x00" * rng.randint(1, 100) + b"\n", "nul bytes"


def garbage_client(sock_path, until, stats, seed):
    """Sends bad frames (and oversized ones) until `until`, reading what comes back without ever
    waiting for it; reconnects when the agent closes the connection (5 bad frames close it)."""
    rng = random.Random(seed)
    s = None
    while time.monotonic() < until:
        try:
            if s is None:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(2.0)
                try:
                    s.connect(sock_path)
                except OSError:   # no agent right now (killed, starting): try again
                    s.close()
                    s = None
                    time.sleep(0.1)
                    continue
                stats.add("garbage connections")
                if rng.random() < 0.5:   # half of them say hello first
                    s.sendall(b'{"id": 0, "method": "hello", "params": {"protocol": "1.7"}}\n')
            data, kind = garbage_frames(rng)
            if rng.random() < 0.1:       # an unfinished frame, then the connection goes away
                data = data[: max(1, len(data) // 2)].rstrip(b"\n")
                s.sendall(data)
                stats.add("garbage frames")
                stats.add("garbage bytes", len(data))
                s.close()
                s = None
                continue
            s.sendall(data)
            stats.add("garbage frames")
            stats.add("garbage bytes", len(data))
            if kind in ("oversized", "at the limit"):
                stats.add("oversized frames" if kind == "oversized" else "frames at the limit")
            s.setblocking(False)
            try:
                while True:
                    if not s.recv(1 << 20):
                        raise ConnectionError
            except BlockingIOError:
                pass
            s.settimeout(2.0)
        except (OSError, ConnectionError):
            stats.add("garbage connections closed by the agent")
            if s is not None:
                s.close()
            s = None
            time.sleep(0.05)
    if s is not None:
        s.close()


def slow_client(sock_path, hold_s, stats, seed):
    """Subscribes to everything (logs of every worker, events) and asks for workers.list many
    times, then never reads. The agent must drop it, not wait for it or grow without bound."""
    rng = random.Random(seed)
    try:
        c = Client(sock_path, timeout=5.0, name="chaos-slow")
        c.call("logs.subscribe", {})
        c.call("events.subscribe", {"events": ["worker.state", "logs.dropped", "config.reloaded", "limits.violation"]})
        stats.add("slow clients")
        c.sock.settimeout(0.5)
        burst = b"".join(json.dumps({"id": 1000 + i, "method": rng.choice(["workers.list", "logs.tail"])}).encode() + b"\n"
                         for i in range(rng.randint(10, 400)))
        try:
            c.sock.sendall(burst)
        except socket.timeout:
            pass
        deadline = time.monotonic() + hold_s
        while time.monotonic() < deadline:
            time.sleep(0.5)
        # Did the agent give up on it? A reset or EOF says yes; data waiting says it kept it.
        c.sock.setblocking(False)
        try:
            while True:
                chunk = c.sock.recv(1 << 20)
                if not chunk:
                    stats.add("slow clients dropped by the agent")
                    break
        except BlockingIOError:
            pass
        except OSError:
            stats.add("slow clients dropped by the agent")
        c.close()
    except (OSError, RuntimeError, ValueError):
        pass


# ---------------------------------------------------------------------------------------------
# /proc

def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()
    return {"state": rest[0], "ppid": int(rest[1]), "pgrp": int(rest[2]), "sid": int(rest[3]),
            "start": int(rest[19]), "comm": s[s.index("(") + 1: s.rindex(")")]}


def proc_env(pid):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return dict(kv.split(b"=", 1) for kv in f.read().split(b"\0") if b"=" in kv)
    except OSError:
        return {}


def marked_processes(run_id):
    """Every living process with our marker: pid -> info."""
    want = run_id.encode()
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        env = proc_env(pid)
        if env.get(MARKER.encode()) != want:
            continue
        try:
            st = proc_stat(pid)
            with open(f"/proc/{pid}/cgroup") as f:
                cg = f.read()
            exe = os.path.basename(os.readlink(f"/proc/{pid}/exe"))
        except OSError:
            continue
        if st["state"] in ("Z", "X"):
            continue
        st.update(pid=pid, cgroup=cg, exe=exe, worker=env.get(b"HSU_WORKER_ID", b"").decode(),
                  gen=env.get(b"HSU_CHAOS_GEN", b"").decode())
        out[pid] = st
    return out


def agent_figures(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def cgroup_name(state_dir):
    """agent/limits WorkerCgroup::parentNameFor: hsu-s + 12 hex digits of SHA-256 of the path."""
    return "hsu-s" + hashlib.sha256(os.path.abspath(state_dir).encode()).hexdigest()[:12]


def cgroup_dirs(name):
    found = []
    for root, dirs, _ in os.walk("/sys/fs/cgroup"):
        if os.path.basename(root) == name:
            found.append(root)
            dirs[:] = []
        elif root.count("/") > 7:
            dirs[:] = []
    return found


# ---------------------------------------------------------------------------------------------
# The run

class Run:
    def __init__(self, a):
        self.d = os.path.abspath(a.dir)
        self.agent_bin, self.prog = a.agent, a.testworker
        self.minutes = a.minutes
        self.rng = random.Random(a.seed)
        random.seed(a.seed)
        self.run_id = open(os.path.join(self.d, "run-id")).read().strip()
        self.sock = os.path.join(self.d, "agent.sock")
        self.state = os.path.join(self.d, "state")
        self.logs = os.path.join(self.d, "logs")
        self.cfg = os.path.join(self.d, "config.yaml")
        os.makedirs(os.path.join(self.d, "timelines"), exist_ok=True)
        self.ws = plan_workers(self.d, self.prog)
        self.kind = {wid: kind for wid, kind, _ in self.ws}
        self.gen = 0
        self.good = render_config(self.ws, self.run_id, self.gen)
        self.stats = Stats()
        self.agent = None
        self.agents_started = 0
        self.stop = threading.Event()
        self.threads = []
        self.failures = []
        self.figures = {}
        self.kill_times = []   # CLOCK_REALTIME seconds of each SIGKILL of an agent

    # -- the agent's lives
    def start_agent(self):
        self.agents_started += 1
        self.agent_started_at = time.monotonic()
        out = open(os.path.join(self.d, f"agent-{self.agents_started}.out"), "ab")
        self.agent = subprocess.Popen([self.agent_bin, "--config", self.cfg, "--socket", self.sock, "--state-dir", self.state,
                                       "--log-dir", self.logs], stdout=out, stderr=out, start_new_session=True)
        with open(os.path.join(self.d, "agent.pids"), "a") as f:
            f.write(f"{self.agent.pid}\n")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.agent.poll() is not None:
                raise SystemExit(f"chaos: agent {self.agents_started} exited ({self.agent.returncode}) at start")
            try:
                c = Client(self.sock, timeout=5.0)
                ws = c.call("workers.list")["result"]["workers"]
                c.close()
                return ws
            except (OSError, RuntimeError, ValueError, KeyError):
                time.sleep(0.05)
        raise SystemExit("chaos: no agent answered in 120 s")

    def call(self, method, params=None):
        c = Client(self.sock, timeout=30.0)
        try:
            return c.call(method, params)
        finally:
            c.close()

    def workers(self):
        return {w["id"]: w for w in self.call("workers.list")["result"]["workers"]}

    def alive_and_answering(self):
        """After every blow: the agent must not have exited by itself, and must answer hello and
        workers.list within 20 s (it may be busy with a 16 MiB frame or a re-adoption)."""
        if self.agent.poll() is not None:
            self.failures.append(f"agent {self.agents_started} exited by itself (status {self.agent.returncode})")
            log(f"FAILED agent exited by itself ({self.agent.returncode}); starting a new one")
            self.start_agent()
            return
        t0 = time.monotonic()
        try:
            c = Client(self.sock, timeout=20.0, name="chaos-ping")
            c.call("workers.list")
            c.close()
            self.figures.setdefault("answer during chaos ms", []).append(round((time.monotonic() - t0) * 1000))
        except (OSError, RuntimeError, ValueError) as e:
            self.failures.append(f"agent {self.agents_started} did not answer within 20 s ({e})")
            log(f"FAILED agent did not answer: {e}")

    # -- attacks
    def act_kill(self):
        try:
            self.figures.setdefault("agent RSS KiB at each kill", []).append(agent_figures(self.agent.pid)[0])
        except (OSError, StopIteration):
            pass
        self.kill_times.append(time.time())
        os.kill(self.agent.pid, signal.SIGKILL)
        self.agent.wait()
        if self.rng.random() < 0.3:   # the file changes while no agent runs: the next one must follow it
            self.edit_config(atomic=True)
            self.stats.add("config edits while no agent ran")
        time.sleep(self.rng.uniform(0, 2))
        t0 = time.monotonic()
        ws = self.start_agent()
        self.stats.add("agent kills survived")
        self.stats.add("workers re-adopted", sum(1 for w in ws if w.get("adopted")))
        self.figures.setdefault("answer after restart ms", []).append(round((time.monotonic() - t0) * 1000))

    def act_stop(self):
        os.kill(self.agent.pid, signal.SIGSTOP)
        time.sleep(self.rng.uniform(1, 5))
        os.kill(self.agent.pid, signal.SIGCONT)
        self.stats.add("SIGSTOP/SIGCONT")

    def edit_config(self, atomic):
        self.gen += 1
        self.good = render_config(self.ws, self.run_id, self.gen)
        write_file(self.cfg, self.good, atomic)

    def act_edit(self):
        self.edit_config(atomic=self.rng.random() < 0.5)
        self.stats.add("config edits (valid)")
        time.sleep(self.rng.uniform(0.5, 3))

    def act_break(self):
        name, text = self.rng.choice(broken_variants(self.good))
        write_file(self.cfg, text, atomic=self.rng.random() < 0.5)
        self.stats.add("configs broken")
        time.sleep(self.rng.uniform(1, 5))
        write_file(self.cfg, self.good, atomic=True)   # fixed: the same text as runs, so no reload
        time.sleep(0.5)

    def act_garbage(self):
        n = self.rng.randint(2, 6)
        until = time.monotonic() + self.rng.uniform(2, 10)
        for _ in range(n):
            t = threading.Thread(target=garbage_client, args=(self.sock, until, self.stats, self.rng.random()), daemon=True)
            t.start()
            self.threads.append(t)
        self.stats.add("garbage floods")

    def act_slow(self):
        for _ in range(self.rng.randint(1, 4)):
            t = threading.Thread(target=slow_client, args=(self.sock, self.rng.uniform(5, 40), self.stats, self.rng.random()),
                                 daemon=True)
            t.start()
            self.threads.append(t)

    def act_disk_full(self):
        """Fills the log tmpfs with a file of zeros until ENOSPC, holds it, removes it."""
        path = os.path.join(self.logs, ".chaos-filler")
        with open(path, "wb") as f:
            block = b"\0" * (1 << 20)
            try:
                while True:
                    f.write(block)
                    f.flush()
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
        self.stats.add("disk-full episodes")
        time.sleep(self.rng.uniform(2, 8))
        os.unlink(path)
        time.sleep(1.5)   # the drops' events come at most once a second: let them out before the next blow

    # -- phases
    def settle(self, quiet_s, what):
        log(f"{what}: {quiet_s} s of quiet")
        time.sleep(quiet_s)

    def measure(self, name):
        """Median of 5 samples a second apart: the agent's RSS (KiB) and open descriptors. What
        the descriptors are (by kind) goes to fds-<name>.txt, to tell a leak from a moment."""
        rss, fds = [], []
        for _ in range(5):
            r, n = agent_figures(self.agent.pid)
            rss.append(r)
            fds.append(n)
            time.sleep(1)
        kinds = {}
        for fd in os.listdir(f"/proc/{self.agent.pid}/fd"):
            try:
                target = os.readlink(f"/proc/{self.agent.pid}/fd/{fd}")
            except OSError:
                continue
            kind = target.split(":")[0] if ":" in target else os.path.dirname(target)
            kinds[kind] = kinds.get(kind, 0) + 1
        with open(os.path.join(self.d, f"fds-{name}.txt"), "w") as f:
            f.writelines(f"{n:6d} {k}\n" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        return sorted(rss)[2], sorted(fds)[2]

    def run(self):
        write_file(self.cfg, self.good)
        listener = Listener(self.sock, os.path.join(self.d, "events.jsonl"), self.stop)
        self.start_agent()
        listener.start()
        listener.connected.wait(30)
        self.settle(40, "start")
        base_rss, base_fds = self.measure("before")
        log(f"baseline: agent RSS {base_rss} KiB, {base_fds} fds")

        actions = [(self.act_kill, 3), (self.act_stop, 2), (self.act_edit, 1), (self.act_break, 2),
                   (self.act_garbage, 2), (self.act_slow, 2), (self.act_disk_full, 2)]
        pool = [a for a, w in actions for _ in range(w)]
        end = time.monotonic() + self.minutes * 60
        while time.monotonic() < end:
            act = self.rng.choice(pool)
            log(act.__name__)
            act()
            self.alive_and_answering()
            time.sleep(self.rng.uniform(0.5, 5))
        # How much of the chaos the last agent lived through: its RSS and fds are compared below.
        self.figures["the last agent lived through s of chaos"] = round(max(0.0, end - self.agent_started_at))
        log("chaos over: waiting for the clients to finish")
        for t in self.threads:
            t.join(timeout=60)
        if not self.agent or self.agent.poll() is not None:
            self.failures.append("the agent is not running at the end")
            return
        self.settle(40, "end")
        rss, fds = self.measure("after")
        self.figures["agent RSS KiB before/after"] = f"{base_rss} / {rss}"
        self.figures["agent fds before/after"] = f"{base_fds} / {fds}"
        # Tolerance: a new agent is a new process, and glibc keeps freed memory: 25 % + 4 MiB of RSS;
        # descriptors are exact but for health probes and clients in flight: +4.
        self.check(rss <= base_rss * 1.25 + 4096, f"agent RSS back ({rss} KiB, baseline {base_rss} KiB)")
        self.check(fds <= base_fds + 4, f"agent fds back ({fds}, baseline {base_fds})")

        self.check_states(self.workers())
        self.check_processes(self.workers())
        # The final shutdown: every worker stopped, every cgroup removed.
        t0 = time.monotonic()
        try:
            self.call("agent.shutdown")
        except (OSError, ValueError, ConnectionError):
            pass
        try:
            self.agent.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.failures.append("the agent did not exit within 120 s of agent.shutdown")
        self.figures["shutdown s"] = round(time.monotonic() - t0, 1)
        self.stop.set()
        listener.join(timeout=5)
        time.sleep(1)
        left = marked_processes(self.run_id)
        self.check(not left, f"no process left after shutdown ({len(left)}: {sorted(left)[:10]})", fig="left after shutdown",
                   value=len(left))
        cg = cgroup_dirs(cgroup_name(self.state))
        self.check(not cg, f"no cgroup left ({cg})", fig="cgroups left", value=len(cg))
        self.check_logs(listener)
        self.figures["config reloads refused / done (events)"] = f"{listener.reloads_refused} / {listener.reloads_ok}"

    def check(self, ok, what, fig=None, value=None):
        if fig is not None:
            self.figures[fig] = value
        log(("ok    " if ok else "FAILED ") + what)
        if not ok:
            self.failures.append(what)

    def check_states(self, ws):
        """Every worker in the state its policy says; a crash loop still looping is seen by its
        restart counter moving over a few seconds."""
        time.sleep(6)
        later = self.workers()
        bad = []
        for wid, kind in self.kind.items():
            w, w2 = ws.get(wid), later.get(wid)
            if w is None or w2 is None:
                bad.append(f"{wid}: missing")
                continue
            st = w2["state"]
            if kind in ("loop", "burst"):
                # Still looping, and by its own exits: a loop whose every process is SIGKILLed at its
                # start (see docs/chaos.md, "Defects found") moves its counter too.
                ok = st not in ("failed", "stopped") and (w2["restarts"] > w["restarts"] or w2.get("pid") != w.get("pid")
                                                            or kind == "burst") \
                    and w2.get("exit_signal") != 9 and w.get("exit_signal") != 9
            elif kind == "giveup":
                ok = st == "failed"
            elif kind == "overhog":
                ok = st == "failed" and "max_rss" in w2.get("reason", "")
            elif kind in ("server", "integrated"):
                ok = st == "running" and w2.get("health") == "healthy"
            else:   # seq, hog, dependent, tree, edit
                ok = st == "running"
            if not ok:
                bad.append(f"{wid} ({kind}): {st} {w2.get('health', '')} restarts {w['restarts']}->{w2['restarts']} "
                           f"{w2.get('reason', '')[:80]}")
        self.check(not bad, f"every worker in the state its policy says ({len(bad)} not: {bad[:8]})",
                   fig="workers in the wrong state", value=len(bad))

    def check_processes(self, ws):
        """No orphan: every marked process belongs to the current process of a known worker (its
        session, or its cgroup for the setsid daemon). No duplicate: one session-leading worker
        process per worker. Trees complete. Edited workers run the last generation."""
        procs = marked_processes(self.run_id)
        ws = self.workers()   # after the scan's start: a process newer than this listing is a restart, looked at again
        cgname = cgroup_name(self.state)
        orphans, dups, ghosts, trees, stale_gen = [], [], [], [], []
        by_worker = {}
        for p in procs.values():
            by_worker.setdefault(p["worker"], []).append(p)
        for wid, plist in by_worker.items():
            w = ws.get(wid)
            main = w["pid"] if w else 0
            try:
                main_start = proc_stat(main)["start"] if main else None
            except OSError:
                main_start = None
            leaders = [p for p in plist if p["pid"] == p["sid"] and p["exe"] != "hsu-standby"]
            others = [p for p in leaders if p["pid"] != main]
            if others:
                # A leader newer than the listing is a restart that happened since: not a copy.
                others = [p for p in others if main_start is None or p["start"] <= main_start]
                if others and any(q["pid"] == main for q in leaders):
                    dups.append(f"{wid}: {[p['pid'] for p in others]} beside {main}")
            for p in plist:
                if p["pid"] == main or p["exe"] == "hsu-standby" and f"/{cgname}/{wid}\n" in p["cgroup"]:
                    continue
                mine = (p["sid"] == main or f"/{cgname}/{wid}\n" in p["cgroup"]) and main_start is not None \
                    and p["start"] >= main_start
                if not mine and p not in others:
                    orphans.append(f"{wid}: pid {p['pid']} ({p['comm']}, sid {p['sid']}, worker pid {main})")
            if self.kind.get(wid) == "tree" and w and w["state"] == "running":
                n = sum(1 for p in plist if p["exe"] != "hsu-standby")
                if n != 1 + 2 + 4 + 1:
                    trees.append(f"{wid}: {n} processes")
        for wid, w in ws.items():
            if w["pid"] and not os.path.exists(f"/proc/{w['pid']}"):
                ghosts.append(wid)
            if self.kind.get(wid) == "edit" and w["pid"]:
                g = proc_env(w["pid"]).get(b"HSU_CHAOS_GEN", b"").decode()
                if g != str(self.gen):
                    stale_gen.append(f"{wid}: generation {g}, file {self.gen}")
        self.check(not orphans, f"no orphan ({orphans[:8]})", fig="orphans", value=len(orphans))
        self.check(not dups, f"no duplicate ({dups[:8]})", fig="duplicates", value=len(dups))
        if ghosts:   # a crash loop's process may end between the listing and the look: ask again
            time.sleep(2)
            again = self.workers()
            ghosts = [wid for wid in ghosts if again[wid]["pid"] == ws[wid]["pid"] and not os.path.exists(f"/proc/{ws[wid]['pid']}")]
        self.check(not ghosts, f"every worker's pid alive ({ghosts[:8]})")
        self.check(not trees, f"forking trees complete, daemon included ({trees[:8]})")
        self.check(not stale_gen, f"edited workers run the file's last generation ({stale_gen})")
        self.figures["marked processes at the end"] = len(procs)

    def check_logs(self, listener):
        """Per sequence-numbered worker and line number i: the file holds it as many times as
        processes printed it. A process that exited (its timeline says so) printed every line;
        one that was killed printed a prefix. Lines missing are 'accounted' up to the number the
        agent reported dropped for that worker (logs.dropped). What is left is put in time: a gap
        whose neighbours were read before and after an agent's SIGKILL is 'lost at a SIGKILL'
        (lines the killed agent had read and not yet written: the limit architecture.md states);
        anything else is lost. Torn lines (not exactly one padded line) are counted apart: their
        number is missing."""
        lost = at_kill = dup = torn = missing_total = accounted = checked = 0
        kills = self.kill_times
        detail = []
        for wid, kind in self.kind.items():
            if kind not in ("seq", "burst"):
                continue
            counts, seen_torn, order = {}, 0, []
            path = os.path.join(self.logs, f"{wid}-stdout.log")
            try:
                with open(path, "rb") as f:
                    for raw in f:
                        at = raw.rfind(b'{"timestamp"')
                        if at > 0:
                            # A line cut by ENOSPC with the next one glued on (docs/chaos.md, defect
                            # 2): the cut head is torn, the whole line after it is in the file.
                            seen_torn += 1
                            raw = raw[at:]
                        try:
                            obj = json.loads(raw)
                            text = obj["line"]
                            ts = datetime.datetime.fromisoformat(obj["timestamp"]).timestamp()
                        except (ValueError, KeyError, TypeError):
                            seen_torn += 1
                            continue
                        parts = text.split(" ")
                        if len(text) + 1 == LINE_BYTES and len(parts) == 3 and parts[0] == "line" and parts[1].isdigit() \
                                and set(parts[2]) == {"x"}:
                            i = int(parts[1])
                            counts[i] = counts.get(i, 0) + 1
                            order.append((i, ts))
                            checked += 1
                        else:
                            seen_torn += 1
            except OSError:
                pass
            starts, exits = 0, 0
            try:
                with open(os.path.join(self.d, "timelines", wid)) as f:
                    for l in f:
                        starts += l.startswith("start ")
                        exits += l.startswith("exit ")
            except OSError:
                pass
            top = BURST_LINES if kind == "burst" else max(counts, default=0)
            lo = exits if kind == "burst" else (1 if starts == 1 else 0)
            missing = sum(max(0, lo - counts.get(i, 0)) for i in range(1, top + 1))
            extra = sum(max(0, c - starts) for c in counts.values())
            # The gaps between neighbouring lines in the file, and whether a SIGKILL falls between
            # the times they were read (a new run starts again at 1: its gap is the old run's tail
            # and the new one's head).
            kill_gaps = inner = 0
            for (a, ta), (b, tb) in zip(order, order[1:]):
                size = b - a - 1 if b > a else (top - a if kind == "burst" else 0) + b - 1
                inner += max(0, size)
                if size > 0 and any(ta - 0.1 <= k <= tb + 0.1 for k in kills):
                    kill_gaps += size
            # What is missing outside those gaps came after the last line in the file (a run's
            # tail, whole runs whose lines never came): a gap that ends now. An agent killed after
            # that last line is next to it — and may have died holding a drop report it had not
            # sent yet (logs.dropped is sent at most once per interval).
            last_read = order[-1][1] if order else 0.0
            if any(k >= last_read - 0.1 for k in kills):
                kill_gaps += max(0, missing - inner)
            reported = listener.dropped_for(wid)
            unaccounted = max(0, missing - reported)
            w_kill = min(unaccounted, kill_gaps)
            missing_total += missing
            accounted += min(missing, reported)
            at_kill += w_kill
            lost += unaccounted - w_kill
            dup += extra
            torn += seen_torn
            if unaccounted or extra or seen_torn:
                detail.append(f"{wid}: missing {missing} (reported dropped {reported}, in gaps at a SIGKILL {kill_gaps}), "
                              f"doubled {extra}, torn {seen_torn}, starts {starts} exits {exits}")
        for line in detail:
            log("  " + line)
        self.figures["log lines missing / accounted as dropped"] = f"{missing_total} / {accounted}"
        self.figures["lines dropped (logs.dropped, all workers)"] = sum(listener.dropped.values())
        self.figures["torn lines"] = torn
        self.figures["sequence-numbered lines in the files"] = checked
        self.figures["lines lost at an agent SIGKILL"] = at_kill
        self.check(lost == 0, f"no line lost but at a SIGKILL ({lost} neither dropped nor next to a SIGKILL)",
                   fig="lines lost", value=lost)
        self.check(dup == 0, f"no line doubled ({dup})", fig="lines doubled", value=dup)

    def summary(self):
        rows = [("run id", self.run_id), ("minutes of chaos", self.minutes), ("workers", len(self.ws)),
                ("agents started", self.agents_started)]
        with self.stats.lock:
            rows += sorted(self.stats.n.items())
        for k, v in self.figures.items():
            if isinstance(v, list):
                v = f"median {sorted(v)[len(v) // 2]}, max {max(v)} ({len(v)})" if v else "-"
            rows.append((k, v))
        rows.append(("checks failed", len(self.failures)))
        text = "\n".join(f"  {k:<44} {v}" for k, v in rows)
        if self.failures:
            text += "\n  FAILED:\n" + "\n".join("    - " + f for f in self.failures)
        return text


def reap(d):
    """Ends every process of the run: the agents it started (by pid, if still that agent), then
    every process with the run's marker and whatever is in the run's cgroups."""
    d = os.path.abspath(d)
    try:
        run_id = open(os.path.join(d, "run-id")).read().strip()
    except OSError:
        return
    sock = os.path.join(d, "agent.sock")
    try:
        for pid in map(int, open(os.path.join(d, "agent.pids")).read().split()):
            try:
                if sock.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                    os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    except OSError:
        pass
    for _ in range(3):
        for pid in marked_processes(run_id):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for cg in cgroup_dirs(cgroup_name(os.path.join(d, "state"))):
            for root, _, files in os.walk(cg):
                if "cgroup.procs" in files:
                    for pid in open(os.path.join(root, "cgroup.procs")).read().split():
                        try:
                            os.kill(int(pid), signal.SIGKILL)
                        except OSError:
                            pass
        time.sleep(0.3)
    for cg in cgroup_dirs(cgroup_name(os.path.join(d, "state"))):
        for root, dirs, _ in sorted(os.walk(cg), key=lambda t: -t[0].count("/")):
            try:
                os.rmdir(root)
            except OSError:
                pass


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("dir")
    r.add_argument("--agent", required=True)
    r.add_argument("--testworker", required=True)
    r.add_argument("--minutes", type=float, default=10)
    r.add_argument("--seed", type=int, default=None)
    q = sub.add_parser("reap")
    q.add_argument("dir")
    a = p.parse_args()
    if a.cmd == "reap":
        reap(a.dir)
        return 0
    if a.seed is None:
        a.seed = int.from_bytes(os.urandom(4), "little")
    log(f"seed {a.seed}")
    run = Run(a)
    try:
        run.run()
    finally:
        text = run.summary()
        print("\nchaos summary (seed %d)\n%s" % (a.seed, text))
        with open(os.path.join(run.d, "summary.txt"), "w") as f:
            f.write(text + "\n")
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
