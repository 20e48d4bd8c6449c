#pragma once

// ProcessSampler for Linux, from procfs. Per process it keeps three descriptors open across
// rounds — /proc/PID/stat, /proc/PID/io and /proc/PID/fd (a directory) — and re-reads them with
// pread(fd, buf, n, 0) / getdents64 after a rewind: an idle worker then costs three or four
// syscalls a round instead of a dozen (open, read, close per file, plus the path lookups).
// A kept descriptor stays bound to the process it was opened for: once that process is gone,
// reads fail (ESRCH) even if its pid has been handed to a new process, so a reused pid is never
// measured as the old one.

#include "ProcessSampler.h"

#include <QtGlobal>

#include <unordered_map>
#include <vector>

namespace hsu::agent::resources {

struct ProcStat;

class LinuxProcessSampler final : public ProcessSampler
{
public:
    LinuxProcessSampler();
    ~LinuxProcessSampler() override;
    Q_DISABLE_COPY_MOVE(LinuxProcessSampler)

    QHash<QString, model::ResourceSample> sample(const QHash<QString, QList<qint64>> &trees,
                                                 const QSet<QString> &exact = {}) override;

    // Rounds in a row a quiet process's I/O and descriptors may be carried over: they are read
    // at least every (kQuietRounds + 1)th round, 10 s at the default 2 s interval.
    static constexpr int kQuietRounds = 4;
    void forget(const QString &tree) override;
    int trackedProcesses() const override;

    // Descriptors currently held open (3 per tracked process while the budget allows).
    int keptDescriptors() const { return m_keptFds; }

private:
    struct Proc
    {
        int statFd = -1;
        int ioFd = -1;
        int fdDirFd = -1;
        bool ioDenied = false;  // another user's process: /proc/PID/io is not ours to read
        bool fdsDenied = false; // likewise /proc/PID/fd
        bool ioKnown = false;   // readBytes/writeBytes hold a previous reading
        quint64 startTicks = 0;
        quint64 cpuTicks = 0;
        quint64 readBytes = 0;
        quint64 writeBytes = 0;
        int threads = 0;
        int openFds = 0;     // the last count read
        int quietRounds = 0; // rounds in a row its I/O and descriptors were carried over
        quint64 round = 0;   // the last round that found it
    };
    struct Tree
    {
        std::unordered_map<qint64, Proc> procs;
        qint64 lastNs = -1; // CLOCK_BOOTTIME of the previous round; -1 before the first
    };

    model::ResourceSample sampleTree(Tree &tree, const QList<qint64> &pids, qint64 nowNs, bool exact);
    bool readStat(qint64 pid, Proc &p, ProcStat *out);
    bool readIo(qint64 pid, Proc &p, quint64 *readBytes, quint64 *writeBytes);
    int countFds(qint64 pid, Proc &p);
    // pread()s a kept descriptor (opening it first, kept while the budget allows); false if the
    // file cannot be opened or the process is gone. Leaves a NUL-terminated copy in m_buf.
    bool readFile(qint64 pid, const char *name, int &fd, qsizetype *size);
    // Opens /proc/PID/name; -1 with errno set on failure.
    static int openProcFile(qint64 pid, const char *name, int flags);
    bool mayKeep() const { return m_keptFds < m_fdBudget; }
    void closeProc(Proc &p);
    void closeFd(int &fd);
    void refreshLimits();

    QHash<QString, Tree> m_trees;
    double m_ticksPerSec = 100;
    qint64 m_pageSize = 4096;
    int m_onlineCpus = 1;
    qint64 m_cpusCheckedNs = 0;
    quint64 m_round = 0;
    int m_keptFds = 0;
    int m_fdBudget = 0;      // descriptors we allow ourselves to keep: half the soft RLIMIT_NOFILE
    bool m_warnedBudget = false;
    std::vector<char> m_buf;   // file contents
    std::vector<char> m_dents; // getdents64 records
};

} // namespace hsu::agent::resources
