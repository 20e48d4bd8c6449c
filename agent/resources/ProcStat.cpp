#include "ProcStat.h"

#include <cstring>

namespace hsu::agent::resources {

namespace {

// Field numbers as proc(5) gives them; field 3 (state) is the first one after ") ".
constexpr int kState = 3;
constexpr int kPpid = 4;
constexpr int kUtime = 14;
constexpr int kStime = 15;
constexpr int kThreads = 20;
constexpr int kStart = 22;
constexpr int kVsize = 23;
constexpr int kRss = 24;

// Reads a decimal number (rss may be negative on some kernels' transient states) and moves p on.
bool readNumber(const char *&p, const char *end, qint64 *out)
{
    bool negative = false;
    if (p < end && *p == '-') {
        negative = true;
        ++p;
    }
    if (p >= end || *p < '0' || *p > '9')
        return false;
    quint64 v = 0;
    while (p < end && *p >= '0' && *p <= '9')
        v = v * 10 + quint64(*p++ - '0');
    // Negated as unsigned: -qint64(v) is undefined for 2^63 (found with tests/fuzz/fuzz_proc).
    *out = negative ? qint64(0 - v) : qint64(v);
    return true;
}

// "name: value" in /proc/PID/io; `key` includes the leading newline where a longer key ends the
// same way (cancelled_write_bytes).
bool ioField(const char *data, std::size_t size, const char *key, quint64 *out)
{
    const std::size_t keyLen = std::strlen(key);
    const void *hit = ::memmem(data, size, key, keyLen);
    if (!hit)
        return false;
    const char *p = static_cast<const char *>(hit) + keyLen;
    const char *end = data + size;
    if (p >= end || *p < '0' || *p > '9')
        return false;
    quint64 v = 0;
    while (p < end && *p >= '0' && *p <= '9')
        v = v * 10 + quint64(*p++ - '0');
    *out = v;
    return true;
}

} // namespace

std::optional<ProcStat> parseProcStat(const char *data, std::size_t size)
{
    if (!data || size == 0)
        return std::nullopt;
    const char *end = data + size;
    const char *close = nullptr;
    for (const char *p = end; p > data; --p) {
        if (p[-1] == ')') {
            close = p - 1;
            break;
        }
    }
    if (!close || close + 2 >= end || close[1] != ' ')
        return std::nullopt;

    ProcStat s;
    const char *p = close + 2;
    s.state = *p++;
    for (int field = kState + 1; field <= kRss; ++field) {
        if (p >= end || *p != ' ')
            return std::nullopt;
        ++p;
        qint64 v = 0;
        if (!readNumber(p, end, &v))
            return std::nullopt;
        switch (field) {
        case kPpid: s.ppid = v; break;
        case kUtime: s.utimeTicks = quint64(v); break;
        case kStime: s.stimeTicks = quint64(v); break;
        case kThreads: s.threads = v; break;
        case kStart: s.startTicks = quint64(v); break;
        case kVsize: s.vsizeBytes = quint64(v); break;
        case kRss: s.rssPages = v; break;
        default: break;
        }
    }
    return s;
}

std::optional<ProcIo> parseProcIo(const char *data, std::size_t size)
{
    if (!data)
        return std::nullopt;
    ProcIo io;
    if (ioField(data, size, "read_bytes: ", &io.readBytes) && ioField(data, size, "\nwrite_bytes: ", &io.writeBytes))
        return io;
    return std::nullopt;
}

} // namespace hsu::agent::resources
