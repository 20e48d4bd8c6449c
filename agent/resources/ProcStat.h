#pragma once

// The fields of /proc/PID/stat (and /proc/PID/io) the resource monitor needs, parsed from the raw line. Shared by the
// sampler (which re-reads kept descriptors) and the process scan (which reads every process once).

#include <QtGlobal>

#include <cstddef>
#include <optional>

namespace hsu::agent::resources {

struct ProcStat
{
    char state = '?';      // R, S, D, Z, ...
    qint64 ppid = 0;
    quint64 utimeTicks = 0; // clock ticks (sysconf(_SC_CLK_TCK))
    quint64 stimeTicks = 0;
    qint64 threads = 0;
    quint64 startTicks = 0; // start time, clock ticks after boot
    quint64 vsizeBytes = 0;
    qint64 rssPages = 0;
};

// Parses one /proc/PID/stat line. The command name (field 2) may hold spaces, parentheses and
// anything else a program puts there with prctl(PR_SET_NAME), so the fields are counted from the
// *last* ')'. Empty if the line is cut short or malformed.
std::optional<ProcStat> parseProcStat(const char *data, std::size_t size);

struct ProcIo
{
    quint64 readBytes = 0;  // read_bytes: what the process made the storage layer fetch
    quint64 writeBytes = 0; // write_bytes
};

// Parses /proc/PID/io ("name: value" lines). Empty unless both read_bytes and write_bytes are there.
std::optional<ProcIo> parseProcIo(const char *data, std::size_t size);

} // namespace hsu::agent::resources
