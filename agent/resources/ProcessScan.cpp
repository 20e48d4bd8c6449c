#include "ProcessScan.h"

#include "ProcStat.h"

#include <QSet>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace hsu::agent::resources {

namespace {

struct Entry
{
    qint64 pid = 0;
    qint64 ppid = 0;
    quint64 startTicks = 0;
};

ssize_t readWhole(const char *path, char *buf, std::size_t cap)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n;
    do {
        n = ::read(fd, buf, cap);
    } while (n < 0 && errno == EINTR);
    ::close(fd);
    return n;
}

// Every process in /proc with its parent and start time. Threads are not listed at the top level.
std::vector<Entry> listProcesses()
{
    std::vector<Entry> out;
    DIR *dir = ::opendir("/proc");
    if (!dir)
        return out;
    char path[64];
    char buf[1024];
    while (const dirent *d = ::readdir(dir)) {
        if (d->d_name[0] < '1' || d->d_name[0] > '9')
            continue;
        const long long pid = std::strtoll(d->d_name, nullptr, 10);
        std::snprintf(path, sizeof path, "/proc/%lld/stat", pid);
        const ssize_t n = readWhole(path, buf, sizeof buf);
        if (n <= 0)
            continue; // exited meanwhile
        const std::optional<ProcStat> st = parseProcStat(buf, std::size_t(n));
        if (!st || st->state == 'Z' || st->state == 'X')
            continue;
        out.push_back(Entry{pid, st->ppid, st->startTicks});
    }
    ::closedir(dir);
    return out;
}

// Whether /proc/PID/environ holds `marker` as a whole entry (NUL-separated "NAME=value" strings).
bool environHas(qint64 pid, const QByteArray &marker)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/environ", static_cast<long long>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    QByteArray env;
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        env.append(buf, n);
        if (env.size() > (1 << 20))
            break; // an absurd environment: the first MiB is enough to look in
    }
    ::close(fd);
    qsizetype from = 0;
    while (from < env.size()) {
        qsizetype end = env.indexOf('\0', from);
        if (end < 0)
            end = env.size();
        if (end - from == marker.size() && std::memcmp(env.constData() + from, marker.constData(), size_t(marker.size())) == 0)
            return true;
        from = end + 1;
    }
    return false;
}

} // namespace

QHash<qint64, QList<qint64>> ProcessScan::scan(const QList<Root> &roots)
{
    const std::vector<Entry> procs = listProcesses();
    m_lastScanned = int(procs.size());

    QHash<qint64, qsizetype> index; // pid → position in procs
    index.reserve(qsizetype(procs.size()));
    for (qsizetype i = 0; i < qsizetype(procs.size()); ++i)
        index.insert(procs[size_t(i)].pid, i);

    // Roots alive now, with their start times (a process older than a root is not its descendant).
    QHash<qint64, const Root *> rootByPid;
    std::optional<quint64> earliestMarked;
    for (const Root &r : roots) {
        const auto at = index.constFind(r.pid);
        if (at == index.cend())
            continue;
        rootByPid.insert(r.pid, &r);
        if (!r.envMarker.isEmpty()) {
            const quint64 start = procs[size_t(*at)].startTicks;
            earliestMarked = earliestMarked ? qMin(*earliestMarked, start) : start;
        }
    }

    // owner[i]: root pid, 0 = none, -1 = not worked out yet.
    std::vector<qint64> owner(procs.size(), -1);
    QHash<qint64, Known> known;
    known.reserve(m_known.size());
    std::vector<qsizetype> chain;

    auto fromMemoryOrMarker = [&](const Entry &e) -> qint64 {
        const auto k = m_known.constFind(e.pid);
        Known now{e.startTicks, 0, false};
        if (k != m_known.cend() && k->startTicks == e.startTicks) {
            now = *k;
            if (now.root != 0 && !rootByPid.contains(now.root))
                now.root = 0; // its worker is no longer asked about
        }
        if (now.root == 0 && !now.envChecked && earliestMarked && e.startTicks >= *earliestMarked) {
            now.envChecked = true;
            for (const Root &r : roots) {
                if (!r.envMarker.isEmpty() && rootByPid.contains(r.pid)
                    && e.startTicks >= procs[size_t(index.value(r.pid))].startTicks && environHas(e.pid, r.envMarker)) {
                    now.root = r.pid;
                    break;
                }
            }
        }
        known.insert(e.pid, now);
        return now.root;
    };

    for (qsizetype i = 0; i < qsizetype(procs.size()); ++i) {
        // Walk up until a process whose owner is known (or the top), then settle the chain.
        chain.clear();
        qsizetype j = i;
        qint64 found = 0;
        while (true) {
            if (owner[size_t(j)] >= 0) {
                found = owner[size_t(j)];
                break;
            }
            const Entry &e = procs[size_t(j)];
            if (rootByPid.contains(e.pid)) {
                found = e.pid;
                owner[size_t(j)] = e.pid;
                break;
            }
            chain.push_back(j);
            const auto parent = index.constFind(e.ppid);
            if (parent == index.cend() || chain.size() > procs.size()) {
                found = 0;
                break;
            }
            j = *parent;
        }
        // From the top of the chain down: a process the parent chain does not place may still be
        // placed by memory or its environment, and then so are its children below it.
        for (auto c = chain.rbegin(); c != chain.rend(); ++c) {
            const Entry &e = procs[size_t(*c)];
            if (found == 0)
                found = fromMemoryOrMarker(e);
            else
                known.insert(e.pid, Known{e.startTicks, found, false});
            owner[size_t(*c)] = found;
        }
    }
    m_known = std::move(known);

    QHash<qint64, QList<qint64>> out;
    for (auto it = rootByPid.cbegin(); it != rootByPid.cend(); ++it)
        out[it.key()].append(it.key());
    for (qsizetype i = 0; i < qsizetype(procs.size()); ++i) {
        const qint64 o = owner[size_t(i)];
        if (o > 0 && o != procs[size_t(i)].pid)
            out[o].append(procs[size_t(i)].pid);
    }
    return out;
}

QHash<qint64, QList<qint64>> ProcessScan::descendantsOf(const QList<qint64> &roots)
{
    QList<Root> r;
    r.reserve(roots.size());
    for (const qint64 pid : roots)
        r.append(Root{pid, {}});
    ProcessScan once;
    return once.scan(r);
}

} // namespace hsu::agent::resources
