#pragma once

// The sampling thread's side of ResourceMonitor (agent/monitor/ResourceMonitor.cpp is its only
// user): which pids make up each worker's tree this round, and one ProcessSampler round over them.

#include "agent/limits/CgroupSystem.h"
#include "agent/resources/ProcessSampler.h"
#include "agent/resources/ProcessScan.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>

#include <fcntl.h>
#include <unistd.h>

namespace hsu::agent::monitor {

// Runs on the sampling thread: pids of each tree (cgroup.procs, or one /proc scan for workers
// without a cgroup), then one sampler round.
class SamplingThread final : public QObject
{
public:
    struct Target
    {
        QString id;
        QByteArray procsFile; // the worker's cgroup.procs; empty: find the tree by scanning
        qint64 leaderPid = 0;
        bool keepOpen = false; // v2: re-read through a kept descriptor (v1 caches its list per open file)
        bool exact = false;    // I/O and descriptors read every round (a limit watches them)
        QByteArray countFile;  // the cgroup's pids.current; empty: none
        qint64 standbyPid = 0; // a member that is not the worker's (its Standby): left out
    };

    // Rounds in a row a cgroup's member list may be reused: it is read at least every fifth round.
    static constexpr int kMaxReuse = 4;

    SamplingThread()
        : m_sampler(resources::ProcessSampler::create())
    {
    }
    ~SamplingThread()
    {
        for (int fd : std::as_const(m_procsFds))
            ::close(fd);
        for (int fd : std::as_const(m_countFds))
            ::close(fd);
    }

    // cgroup.procs with raw syscalls. A v2 file is re-read through a descriptor kept open (one
    // pread a round instead of open, read, close); a v1 file must be opened again each time: v1
    // keeps the pid list it built for an open file as long as it is read within a second.
    QList<qint64> members(const QString &id, const QByteArray &file, bool keepOpen)
    {
        QList<qint64> pids;
        int fd = keepOpen ? m_procsFds.value(id, -1) : -1;
        if (fd < 0) {
            fd = ::open(file.constData(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return pids;
            if (keepOpen)
                m_procsFds.insert(id, fd);
        }
        m_buffer.resize(64 * 1024);
        const ssize_t n = ::pread(fd, m_buffer.data(), size_t(m_buffer.size()), 0);
        if (!keepOpen)
            ::close(fd);
        if (n < 0) {
            if (keepOpen) {
                ::close(fd);
                m_procsFds.remove(id);
            }
            return pids;
        }
        return limits::parsePidList(QByteArrayView(m_buffer.constData(), n));
    }

    // pids.current through a kept descriptor; -1 if unreadable.
    qint64 taskCount(const QString &id, const QByteArray &file)
    {
        int fd = m_countFds.value(id, -1);
        if (fd < 0) {
            fd = ::open(file.constData(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return -1;
            m_countFds.insert(id, fd);
        }
        char buf[32];
        const ssize_t n = ::pread(fd, buf, sizeof buf, 0);
        if (n <= 0)
            return -1;
        qint64 v = 0;
        for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i)
            v = v * 10 + (buf[i] - '0');
        return v;
    }

    // The pids of a worker's cgroup. Reading cgroup.procs is the costliest part of an idle
    // worker's round on v1 (the kernel builds and sorts a fresh list each time), so the previous
    // list is reused while the cgroup's task count (pids.current, threads included) equals the
    // threads the sampler found in those very processes: then there is no task the list misses.
    // A process that died, a new leader, or kMaxReuse reuses in a row: read again.
    // With groupQuiet (the agent's own pids.current, over every worker, equals the threads of every
    // list held) no worker's own count needs reading.
    QList<qint64> treeOf(const Target &t, bool groupQuiet)
    {
        Membership &m = m_members[t.id];
        if (!t.countFile.isEmpty() && m.leader == t.leaderPid && m.threads > 0 && m.reused < kMaxReuse
            && (groupQuiet || taskCount(t.id, t.countFile) == m.threads)) {
            ++m.reused;
            return m.pids;
        }
        m.pids = members(t.id, t.procsFile, t.keepOpen);
        m.leader = t.leaderPid;
        m.reused = 0;
        m.threads = -1;
        return m.pids;
    }

    // The pids.current of the folder holding every worker's cgroup (hsu-<agent pid>), where all
    // of them share one: one read per round instead of one per worker while nothing changed.
    QByteArray groupCountFile;

    bool isGroupQuiet()
    {
        if (groupCountFile.isEmpty() || m_members.isEmpty())
            return false;
        qint64 expected = 0;
        for (const Membership &m : std::as_const(m_members)) {
            if (m.threads <= 0)
                return false;
            expected += m.threads;
        }
        return taskCount(QString(), groupCountFile) == expected;
    }

    void forgetWorker(const QString &id)
    {
        m_sampler->forget(id);
        m_members.remove(id);
        if (const int fd = m_procsFds.take(id); fd > 0)
            ::close(fd);
        if (const int fd = m_countFds.take(id); fd > 0)
            ::close(fd);
    }

    QHash<QString, model::ResourceSample> round(const QList<Target> &targets, const QStringList &gone)
    {
        if (!m_sampler)
            return {};
        for (const QString &id : gone)
            forgetWorker(id);
        QHash<QString, QList<qint64>> trees;
        QList<resources::ProcessScan::Root> roots;
        QHash<qint64, QString> rootIds;
        QSet<QString> exact;
        const bool groupQuiet = isGroupQuiet();
        for (const Target &t : targets) {
            if (t.exact)
                exact.insert(t.id);
            if (!t.procsFile.isEmpty()) {
                QList<qint64> tree = treeOf(t, groupQuiet);
                Membership &m = m_members[t.id];
                m.standbys = t.standbyPid > 0 ? int(tree.removeAll(t.standbyPid)) : 0;
                trees.insert(t.id, tree);
            } else if (t.leaderPid > 0) {
                roots.append({t.leaderPid, "HSU_WORKER_ID=" + t.id.toUtf8()});
                rootIds.insert(t.leaderPid, t.id);
            }
        }
        if (!roots.isEmpty()) {
            QHash<QString, qint64> standbys;
            for (const Target &t : targets)
                if (t.standbyPid > 0 && t.procsFile.isEmpty())
                    standbys.insert(t.id, t.standbyPid);
            const QHash<qint64, QList<qint64>> found = m_scan.scan(roots);
            for (auto it = found.cbegin(); it != found.cend(); ++it) {
                const QString &id = rootIds.value(it.key());
                QList<qint64> tree = it.value();
                if (const qint64 s = standbys.value(id); s > 0) // it carries the worker's marker too
                    tree.removeAll(s);
                trees.insert(id, tree);
            }
        }
        QHash<QString, model::ResourceSample> samples = m_sampler->sample(trees, exact);
        // What the next round's reuse check compares pids.current with: the threads of the listed
        // processes, if every one of them is still there.
        for (auto it = m_members.begin(); it != m_members.end(); ++it) {
            const auto found = samples.constFind(it.key());
            if (found == samples.cend())
                continue;
            // A standby is one single-threaded process, not sampled but counted by pids.current.
            it->threads = found->processes + it->standbys == it->pids.size() ? found->threads + it->standbys : -1;
        }
        return samples;
    }

private:
    struct Membership
    {
        QList<qint64> pids;
        qint64 leader = 0;
        qint64 threads = -1; // of those processes at the last round; -1: unknown, read the list
        int reused = 0;
        int standbys = 0; // listed but left out of the samples
    };

    std::unique_ptr<resources::ProcessSampler> m_sampler;
    resources::ProcessScan m_scan;
    QHash<QString, int> m_procsFds;
    QHash<QString, int> m_countFds;
    QHash<QString, Membership> m_members;
    QByteArray m_buffer;
};

} // namespace hsu::agent::monitor
