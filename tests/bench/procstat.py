"""What /proc says about one process, for the benches' helpers (standard library only).

  cpu_ticks(pid)    utime + stime of the whole process (every thread), in clock ticks
  cpu_seconds(pid)  the same in seconds
  rss_kb(pid)       its VmRSS in kB; None when it has none (a zombie)
"""
import os

TICK = os.sysconf("SC_CLK_TCK")  # clock ticks per second, the unit of /proc/PID/stat's times


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()  # after the name, which may hold spaces and ")"
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15): every thread


def cpu_seconds(pid):
    return cpu_ticks(pid) / TICK


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None
