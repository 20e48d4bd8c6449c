#pragma once

// What the kernel itself says about a process, read independently of the code under test, and
// test workers that are always ended by pid (never by name).

#include "tests/helpers/support/AgentRunner.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace hsu::test {

inline int countDirEntries(const QByteArray &path)
{
    DIR *d = ::opendir(path.constData());
    if (!d)
        return -1;
    int n = 0;
    while (const dirent *e = ::readdir(d))
        if (e->d_name[0] != '.')
            ++n;
    ::closedir(d);
    return n;
}

// Entries of /proc/PID/fd (the directory's own descriptor, for /proc/self, excluded).
inline int kernelFdCount(qint64 pid)
{
    return countDirEntries("/proc/" + QByteArray::number(pid) + "/fd");
}

inline int selfFdCount()
{
    return kernelFdCount(::getpid()) - 1;
}

// Our descriptors that point into another process's /proc folder (what the sampler keeps open).
inline int selfProcFds()
{
    int n = 0;
    DIR *d = ::opendir("/proc/self/fd");
    if (!d)
        return -1;
    const QByteArray self = "/proc/" + QByteArray::number(::getpid()) + '/';
    while (const dirent *e = ::readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        char target[256] = {};
        const QByteArray link = QByteArray("/proc/self/fd/") + e->d_name;
        const ssize_t len = ::readlink(link.constData(), target, sizeof target - 1);
        const QByteArray t(target, len > 0 ? len : 0);
        if (t.startsWith("/proc/") && !t.startsWith(self) && t.size() > 6 && t[6] >= '1' && t[6] <= '9')
            ++n;
    }
    ::closedir(d);
    return n;
}

// VmRSS of /proc/PID/status, in bytes; -1 if unreadable.
inline qint64 kernelVmRss(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    return -1;
}

// utime + stime of /proc/PID/stat in clock ticks (fields 14 and 15, counted after the last ')').
inline qint64 kernelCpuTicks(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 12 ? fields[11].toLongLong() + fields[12].toLongLong() : -1;
}

inline double monotonicSeconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Test workers and every descendant they report, SIGKILLed by pid when the set goes.
class Workers
{
public:
    ~Workers() { killAll(); }

    // Starts a test worker with a ready file (and a pids file) and waits until it is set up.
    // Returns the worker's pid (0 on failure); descendants() then has every pid it reported.
    qint64 start(QStringList args, const QByteArray &envMarker = {})
    {
        const QString ready = m_dir.filePath(QStringLiteral("ready-%1").arg(m_count));
        const QString pids = m_dir.filePath(QStringLiteral("pids-%1").arg(m_count));
        ++m_count;
        args << QStringLiteral("--ready-file") << ready << QStringLiteral("--pids-file") << pids;
        auto p = std::make_unique<QProcess>();
        p->setProgram(testWorkerPath());
        p->setArguments(args);
        p->setProcessChannelMode(QProcess::ForwardedChannels);
        if (!envMarker.isEmpty()) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            const qsizetype eq = envMarker.indexOf('=');
            env.insert(QString::fromUtf8(envMarker.left(eq)), QString::fromUtf8(envMarker.mid(eq + 1)));
            p->setProcessEnvironment(env);
        }
        p->start();
        if (!p->waitForStarted(5000))
            return 0;
        const qint64 pid = p->processId();
        m_procs.push_back(std::move(p));
        m_pids.append(pid);
        if (!QTest::qWaitFor([&] { return QFile::exists(ready); }, 10000))
            return 0;
        const QList<qint64> all = readPidFile(pids);
        m_lastTree = all;
        for (const qint64 d : all)
            if (!m_pids.contains(d))
                m_pids.append(d);
        return pid;
    }

    // Every pid the last start() reported: the worker first, then children, then the daemon.
    QList<qint64> lastTree() const { return m_lastTree; }

    void killAll()
    {
        for (const qint64 pid : std::as_const(m_pids))
            if (processAlive(pid))
                ::kill(pid_t(pid), SIGKILL);
        for (auto &p : m_procs)
            p->waitForFinished(5000);
        m_procs.clear();
        m_pids.clear();
    }

private:
    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<QProcess>> m_procs;
    QList<qint64> m_pids;
    QList<qint64> m_lastTree;
    int m_count = 0;
};

} // namespace hsu::test
