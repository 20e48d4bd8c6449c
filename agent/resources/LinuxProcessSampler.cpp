#include "LinuxProcessSampler.h"

#include "ProcStat.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace hsu::agent::resources {

Q_LOGGING_CATEGORY(lcSampler, "hsu.agent.resources.sampler")

namespace {

constexpr qint64 kNsPerSec = 1'000'000'000;
// How often the online CPU count (for cpuMachinePercent) is looked up again: hot-plug is rare,
// and the lookup reads a sysfs file.
constexpr qint64 kCpuRecheckNs = 60 * kNsPerSec;

qint64 boottimeNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_BOOTTIME, &ts);
    return qint64(ts.tv_sec) * kNsPerSec + ts.tv_nsec;
}

} // namespace

LinuxProcessSampler::LinuxProcessSampler()
    : m_buf(4096)
    , m_dents(32 * 1024)
{
    const long ticks = ::sysconf(_SC_CLK_TCK);
    m_ticksPerSec = ticks > 0 ? double(ticks) : 100.0;
    const long page = ::sysconf(_SC_PAGESIZE);
    m_pageSize = page > 0 ? page : 4096;
    refreshLimits();
}

LinuxProcessSampler::~LinuxProcessSampler()
{
    for (Tree &tree : m_trees)
        for (auto &[pid, p] : tree.procs)
            closeProc(p);
}

void LinuxProcessSampler::refreshLimits()
{
    const qint64 now = boottimeNs();
    if (m_cpusCheckedNs == 0 || now - m_cpusCheckedNs >= kCpuRecheckNs) {
        const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
        m_onlineCpus = cpus > 0 ? int(cpus) : 1;
        m_cpusCheckedNs = now;
    }
    // Kept descriptors must never starve the agent (sockets, log FIFOs, files): keep at most half
    // of what the soft limit allows; past that, files are opened and closed each round.
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        const rlim_t soft = rl.rlim_cur == RLIM_INFINITY ? rlim_t(1) << 20 : rl.rlim_cur;
        m_fdBudget = int(std::min<rlim_t>(soft / 2, rlim_t(1) << 30));
    }
}

int LinuxProcessSampler::openProcFile(qint64 pid, const char *name, int flags)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/%s", static_cast<long long>(pid), name);
    int fd;
    do {
        fd = ::open(path, flags | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

void LinuxProcessSampler::closeFd(int &fd)
{
    if (fd < 0)
        return;
    ::close(fd);
    fd = -1;
    --m_keptFds;
}

void LinuxProcessSampler::closeProc(Proc &p)
{
    closeFd(p.statFd);
    closeFd(p.ioFd);
    closeFd(p.fdDirFd);
}

bool LinuxProcessSampler::readFile(qint64 pid, const char *name, int &fd, qsizetype *size)
{
    int use = fd;
    if (use < 0) {
        use = openProcFile(pid, name, O_RDONLY);
        if (use < 0)
            return false;
    }
    ssize_t n;
    do {
        n = ::pread(use, m_buf.data(), m_buf.size() - 1, 0);
    } while (n < 0 && errno == EINTR);
    if (fd < 0) {
        if (n > 0 && mayKeep()) {
            fd = use;
            ++m_keptFds;
        } else {
            ::close(use);
            if (n > 0 && !m_warnedBudget) {
                m_warnedBudget = true;
                qCInfo(lcSampler, "keeping %d /proc descriptors open (half the open-file limit); "
                                  "further processes are re-opened each round", m_keptFds);
            }
        }
    }
    // ESRCH (or an empty read) on a kept descriptor: its process is gone.
    if (n <= 0)
        return false;
    m_buf[size_t(n)] = '\0';
    *size = n;
    return true;
}

bool LinuxProcessSampler::readStat(qint64 pid, Proc &p, ProcStat *out)
{
    qsizetype n = 0;
    if (!readFile(pid, "stat", p.statFd, &n))
        return false;
    const std::optional<ProcStat> st = parseProcStat(m_buf.data(), std::size_t(n));
    if (!st)
        return false;
    *out = *st;
    return true;
}

bool LinuxProcessSampler::readIo(qint64 pid, Proc &p, quint64 *readBytes, quint64 *writeBytes)
{
    if (p.ioDenied)
        return false;
    qsizetype n = 0;
    if (!readFile(pid, "io", p.ioFd, &n)) {
        // Not ours (EACCES), or no task I/O accounting in this kernel: stop asking for this process.
        if (errno == EACCES || errno == EPERM || errno == ENOENT)
            p.ioDenied = true;
        return false;
    }
    const std::optional<ProcIo> io = parseProcIo(m_buf.data(), std::size_t(n));
    if (!io)
        return false;
    *readBytes = io->readBytes;
    *writeBytes = io->writeBytes;
    return true;
}

int LinuxProcessSampler::countFds(qint64 pid, Proc &p)
{
    if (p.fdsDenied)
        return 0;
    int fd = p.fdDirFd;
    if (fd < 0) {
        fd = openProcFile(pid, "fd", O_RDONLY | O_DIRECTORY);
        if (fd < 0) {
            if (errno == EACCES || errno == EPERM)
                p.fdsDenied = true;
            return 0;
        }
    } else {
        // Since Linux 6.2 the size of /proc/PID/fd is its number of descriptors: one fstat instead
        // of listing the folder (which looks every entry up: the largest cost of an idle worker's
        // sample when measured). 0 means an older kernel (or no descriptors): count them.
        struct stat st;
        if (::fstat(fd, &st) == 0 && st.st_size > 0)
            return int(st.st_size);
        if (::lseek(fd, 0, SEEK_SET) != 0)
            return 0;
    }
    int count = 0;
    bool ok = true;
    for (;;) {
        const long n = ::syscall(SYS_getdents64, fd, m_dents.data(), m_dents.size());
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        // linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
        for (long off = 0; off < n;) {
            unsigned short reclen = 0;
            std::memcpy(&reclen, m_dents.data() + off + 16, sizeof reclen);
            if (m_dents[size_t(off) + 19] != '.')
                ++count; // every entry but "." and ".." is a descriptor number
            off += reclen;
        }
    }
    if (p.fdDirFd < 0) {
        if (ok && mayKeep()) {
            p.fdDirFd = fd;
            ++m_keptFds;
        } else {
            ::close(fd);
        }
    }
    return ok ? count : 0;
}

QHash<QString, model::ResourceSample> LinuxProcessSampler::sample(const QHash<QString, QList<qint64>> &trees,
                                                                  const QSet<QString> &exact)
{
    refreshLimits();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QHash<QString, model::ResourceSample> out;
    out.reserve(trees.size());
    for (auto it = trees.cbegin(); it != trees.cend(); ++it) {
        const qint64 nowNs = boottimeNs();
        model::ResourceSample s = sampleTree(m_trees[it.key()], it.value(), nowNs, exact.contains(it.key()));
        s.timestampMs = nowMs;
        out.insert(it.key(), s);
    }
    return out;
}

model::ResourceSample LinuxProcessSampler::sampleTree(Tree &tree, const QList<qint64> &pids, qint64 nowNs, bool exact)
{
    model::ResourceSample s;
    const bool hadRound = tree.lastNs >= 0;
    // A process first seen now counts with its whole CPU time and I/O only if it started after
    // the previous round; an older one (it just joined the tree, or we could not read it before)
    // starts from its current counters, so nothing is counted twice and nothing goes negative.
    const quint64 prevTicks = hadRound ? quint64(double(tree.lastNs) / kNsPerSec * m_ticksPerSec) : 0;
    quint64 cpuTicks = 0;
    quint64 readDelta = 0;
    quint64 writeDelta = 0;

    // Processes are updated where they are held; whatever this round does not mark is gone.
    const quint64 round = ++m_round;
    for (const qint64 pid : pids) {
        if (pid <= 0)
            continue;
        const auto [slot, inserted] = tree.procs.try_emplace(pid);
        Proc &p = slot->second;
        if (!inserted && p.round == round)
            continue; // listed twice
        bool seen = !inserted;
        ProcStat st;
        bool ok = readStat(pid, p, &st);
        if (!ok && seen) {
            // The process we knew is gone; the caller still lists the pid, so it may be a new one.
            closeProc(p);
            p = Proc{};
            seen = false;
            ok = readStat(pid, p, &st);
        }
        if (!ok) {
            closeProc(p); // unmarked: dropped below
            continue;
        }
        p.round = round;
        if (seen && st.startTicks != p.startTicks)
            seen = false; // a re-opened (not kept) file now shows another process under this pid
        const quint64 cpu = st.utimeTicks + st.stimeTicks;
        // Idle workers are the common case, and /proc/PID/io and the descriptor count are two of
        // the three reads per process: a process with no new CPU tick and the same threads keeps
        // its previous figures for a few rounds (what it wrote meanwhile is counted at the next
        // reading; its descriptors cannot change much without running).
        const bool quiet = !exact && seen && (p.ioKnown || p.ioDenied) && cpu == p.cpuTicks && int(st.threads) == p.threads
            && p.quietRounds < kQuietRounds;
        const bool countWhole = !seen && hadRound && st.startTicks >= prevTicks;
        if (seen)
            cpuTicks += cpu > p.cpuTicks ? cpu - p.cpuTicks : 0;
        else if (countWhole)
            cpuTicks += cpu;
        p.cpuTicks = cpu;
        p.startTicks = st.startTicks;
        p.threads = int(st.threads);

        if (st.state == 'Z' || st.state == 'X') {
            // Exited, waiting to be reaped: its last CPU time counted above; it is no process any more.
            closeProc(p);
            p.round = 0; // dropped below
            continue;
        }
        ++s.processes;
        s.threads += int(st.threads);
        s.rssBytes += qMax<qint64>(st.rssPages, 0) * m_pageSize;
        s.virtualBytes += qint64(st.vsizeBytes);

        if (quiet) {
            ++p.quietRounds;
            s.openFds += p.openFds;
            continue;
        }
        p.quietRounds = 0;
        quint64 rb = 0;
        quint64 wb = 0;
        if (readIo(pid, p, &rb, &wb)) {
            if (seen && p.ioKnown) {
                readDelta += rb > p.readBytes ? rb - p.readBytes : 0;
                writeDelta += wb > p.writeBytes ? wb - p.writeBytes : 0;
            } else if (countWhole) {
                readDelta += rb;
                writeDelta += wb;
            }
            p.readBytes = rb;
            p.writeBytes = wb;
            p.ioKnown = true;
        } else {
            p.ioKnown = false;
        }
        p.openFds = countFds(pid, p);
        s.openFds += p.openFds;
    }
    // Processes that left the tree or died since the previous round.
    for (auto it = tree.procs.begin(); it != tree.procs.end();) {
        if (it->second.round == round) {
            ++it;
            continue;
        }
        closeProc(it->second);
        it = tree.procs.erase(it);
    }

    if (hadRound && nowNs > tree.lastNs) {
        const double seconds = double(nowNs - tree.lastNs) / kNsPerSec;
        s.cpuPercent = double(cpuTicks) / m_ticksPerSec / seconds * 100.0;
        s.cpuMachinePercent = s.cpuPercent / m_onlineCpus;
        s.readBytesPerSec = double(readDelta) / seconds;
        s.writeBytesPerSec = double(writeDelta) / seconds;
    }
    tree.lastNs = nowNs;
    return s;
}

void LinuxProcessSampler::forget(const QString &tree)
{
    const auto it = m_trees.find(tree);
    if (it == m_trees.end())
        return;
    for (auto &[pid, p] : it->procs)
        closeProc(p);
    m_trees.erase(it);
}

int LinuxProcessSampler::trackedProcesses() const
{
    int n = 0;
    for (const Tree &tree : m_trees)
        n += int(tree.procs.size());
    return n;
}

} // namespace hsu::agent::resources
