#include "WorkerCgroup.h"

#include <algorithm>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QRegularExpression>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcLimits)

namespace hsu::agent::limits {

namespace {

using namespace std::chrono_literals;

bool isDir(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool makeDir(const QString &path, QString *error)
{
    if (::mkdir(QFile::encodeName(path).constData(), 0755) == 0 || (errno == EEXIST && isDir(path)))
        return true;
    *error = QStringLiteral("cannot create %1: %2").arg(path, errnoText());
    return false;
}

// The agent's hsu-<pid> folders this process made, with the controllers its workers get there
// (v2: the parent's cgroup.subtree_control): made and handed on once per hierarchy, not once per
// worker (a thousand workers on a desktop with four controllers: 17 system calls fewer each).
struct Parents
{
    QMutex mutex;
    QHash<QString, QStringList> ready;
};

Parents &parents()
{
    static Parents p;
    return p;
}

std::optional<QStringList> readyParent(const QString &parent)
{
    Parents &p = parents();
    QMutexLocker lock(&p.mutex);
    const auto it = p.ready.constFind(parent);
    return it == p.ready.constEnd() ? std::nullopt : std::optional<QStringList>(*it);
}

void setParentReady(const QString &parent, const QStringList &controllers)
{
    Parents &p = parents();
    QMutexLocker lock(&p.mutex);
    p.ready.insert(parent, controllers);
}

void forgetParent(const QString &parent)
{
    Parents &p = parents();
    QMutexLocker lock(&p.mutex);
    p.ready.remove(parent);
}

QByteArray number(qint64 v)
{
    return QByteArray::number(v);
}

} // namespace

WorkerCgroup::WorkerCgroup(CgroupSystem system, QString workerId)
    : m_system(std::move(system))
    , m_workerId(std::move(workerId))
    , m_parentName(parentName())
{
}

WorkerCgroup::~WorkerCgroup()
{
    closeMembershipFd();
}

void WorkerCgroup::closeMembershipFd()
{
    if (const int fd = m_memberFd.exchange(-1); fd >= 0)
        ::close(fd);
}

int WorkerCgroup::membershipFd() const
{
    // Also read from the ExitWatcher's thread (pids() before a respawn): opened once, by whichever
    // thread comes first.
    int fd = m_memberFd.load();
    if (fd >= 0)
        return fd;
    const Dir *d = membershipDir();
    if (!d)
        return -1;
    fd = ::open(QFile::encodeName(d->path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int expected = -1;
    if (fd >= 0 && !m_memberFd.compare_exchange_strong(expected, fd)) {
        ::close(fd);
        fd = expected;
    }
    return fd;
}

bool WorkerCgroup::create(QString *error)
{
    QStringList problems;
    // The id becomes a folder name: nothing that could climb out of the agent's subtree.
    if (m_workerId.isEmpty() || m_workerId.contains(QLatin1Char('/')) || m_workerId == QLatin1String(".")
        || m_workerId == QLatin1String("..") || m_workerId.startsWith(QLatin1String("cgroup."))) {
        if (error)
            *error = QStringLiteral("worker id \"%1\" cannot name a cgroup").arg(m_workerId);
        return false;
    }
    m_dirs.clear();
    closeMembershipFd();
    for (const Hierarchy &h : m_system.usable()) {
        if (m_restricted) {
            const bool wanted = h.version == 2 ? m_wantUnified
                                               : std::any_of(h.controllers.cbegin(), h.controllers.cend(),
                                                             [&](const QString &c) { return m_wantV1.contains(c); });
            if (!wanted)
                continue;
        }
        const QString parent = h.agentDir + QLatin1Char('/') + m_parentName;
        const QString leaf = parent + QLatin1Char('/') + m_workerId;
        QString problem;
        std::optional<QStringList> handedOn = readyParent(parent);
        bool made = false;
        for (int attempt = 0; attempt < 2 && !made; ++attempt) {
            if (!handedOn) {
                if (!makeDir(parent, &problem))
                    break;
                if (h.version == 2) {
                    // hsu-<pid> holds no process, so it may hand every controller it got on to the worker.
                    for (const QString &c : h.controllers) {
                        QString e;
                        if (!writeCgroupFile(parent + QStringLiteral("/cgroup.subtree_control"), "+" + c.toLatin1(), &e))
                            problems.append(e);
                    }
                }
                handedOn = h.version == 2
                    ? QString::fromLatin1(readCgroupFile(parent + QStringLiteral("/cgroup.subtree_control")).trimmed())
                          .split(QLatin1Char(' '), Qt::SkipEmptyParts)
                    : h.controllers;
                setParentReady(parent, *handedOn);
            }
            // A v2 folder that an earlier agent left empty is made anew: if anyone wrote its
            // cgroup.kill, no process created into it could live (see killAll). One that still
            // holds processes (a worker to adopt) is EBUSY and stays.
            if (h.version == 2)
                ::rmdir(QFile::encodeName(leaf).constData());
            made = makeDir(leaf, &problem);
            if (!made && attempt == 0 && !isDir(parent)) {
                forgetParent(parent); // removed meanwhile (its last worker went): made again
                handedOn.reset();
            }
        }
        if (!made) {
            problems.append(problem);
            continue;
        }
        Dir d;
        d.version = h.version;
        d.path = leaf;
        d.controllers = *handedOn;
        m_dirs.append(d);
    }
    if (error)
        *error = problems.join(QStringLiteral("; "));
    if (!problems.isEmpty())
        qCWarning(lcLimits).noquote() << "worker" << m_workerId << "cgroups:" << problems.join(QStringLiteral("; "));
    if (m_dirs.isEmpty() && error && error->isEmpty())
        *error = QStringLiteral("no usable cgroup hierarchy");
    return !m_dirs.isEmpty();
}

QStringList WorkerCgroup::paths() const
{
    QStringList list;
    for (const Dir &d : m_dirs)
        list.append(d.path);
    return list;
}

QList<QByteArray> WorkerCgroup::procsFiles() const
{
    QList<QByteArray> list;
    for (const Dir &d : m_dirs)
        list.append(QFile::encodeName(d.path + QStringLiteral("/cgroup.procs")));
    return list;
}

void WorkerCgroup::placeChild(LaunchSpec::ChildLimits &child) const
{
    child.cgroupDir.clear();
    child.cgroupDirFd = -1;
    child.cgroupProcsFiles.clear();
    for (const Dir &d : m_dirs) {
        if (d.version == 2) {
            child.cgroupDir = QFile::encodeName(d.path);
            if (&d == membershipDir())
                child.cgroupDirFd = membershipFd();
        } else {
            child.cgroupProcsFiles.append(QFile::encodeName(d.path + QStringLiteral("/cgroup.procs")));
        }
    }
}

const WorkerCgroup::Dir *WorkerCgroup::find(int version, const QString &controller) const
{
    for (const Dir &d : m_dirs) {
        if (d.version == version && (controller.isEmpty() || d.controllers.contains(controller)))
            return &d;
    }
    return nullptr;
}

QString WorkerCgroup::file(const Dir &dir, const char *name) const
{
    return dir.path + QLatin1Char('/') + QLatin1String(name);
}

const WorkerCgroup::Dir *WorkerCgroup::membershipDir() const
{
    const Dir *d = find(2);
    if (!d)
        d = find(1, QStringLiteral("pids"));
    if (!d)
        d = find(1, QStringLiteral("freezer"));
    if (!d && !m_dirs.isEmpty())
        d = &m_dirs.first();
    return d;
}

QString WorkerCgroup::membershipFile() const
{
    const Dir *d = membershipDir();
    return d ? file(*d, "cgroup.procs") : QString();
}

QString WorkerCgroup::taskCountFile() const
{
    const QString procs = membershipFile();
    if (procs.isEmpty())
        return {};
    // pids.current is there where the pids controller is (v1's pids hierarchy; v2 where the
    // parent hands pids on): known without a lookup in the cgroup file system per worker.
    if (!membershipDir()->controllers.contains(QStringLiteral("pids")))
        return {};
    return procs.left(procs.lastIndexOf(u'/') + 1) + QStringLiteral("pids.current");
}

QList<qint64> WorkerCgroup::pids() const
{
    return parsePidList(readCgroupFileAt(membershipFd(), "cgroup.procs"));
}

bool WorkerCgroup::canFreeze() const
{
    const Dir *v2 = find(2);
    return (v2 && QFile::exists(file(*v2, "cgroup.freeze"))) || find(1, QStringLiteral("freezer"));
}

bool WorkerCgroup::waitFrozen(std::chrono::milliseconds timeout) const
{
    // Freezing is asynchronous: a task is frozen only once it reaches a safe point in the kernel.
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        if (const Dir *v2 = find(2); v2 && QFile::exists(file(*v2, "cgroup.freeze"))) {
            if (keyedValue(readCgroupFile(file(*v2, "cgroup.events")), "frozen") == 1)
                return true;
        } else if (const Dir *v1 = find(1, QStringLiteral("freezer"))) {
            if (readCgroupFile(file(*v1, "freezer.state")).trimmed() == "FROZEN")
                return true;
        } else {
            return false;
        }
        if (timer.elapsed() >= timeout.count())
            return false;
        std::this_thread::sleep_for(5ms);
    }
}

bool WorkerCgroup::freeze(std::chrono::milliseconds timeout)
{
    QString error;
    if (const Dir *v2 = find(2); v2 && QFile::exists(file(*v2, "cgroup.freeze"))) {
        if (!writeCgroupFile(file(*v2, "cgroup.freeze"), "1", &error)) {
            qCWarning(lcLimits).noquote() << error;
            return false;
        }
    } else if (const Dir *v1 = find(1, QStringLiteral("freezer"))) {
        if (!writeCgroupFile(file(*v1, "freezer.state"), "FROZEN", &error)) {
            qCWarning(lcLimits).noquote() << error;
            return false;
        }
    } else {
        return false;
    }
    return waitFrozen(timeout);
}

bool WorkerCgroup::thaw()
{
    QString error;
    bool ok = false;
    if (const Dir *v2 = find(2); v2 && QFile::exists(file(*v2, "cgroup.freeze")))
        ok = writeCgroupFile(file(*v2, "cgroup.freeze"), "0", &error);
    else if (const Dir *v1 = find(1, QStringLiteral("freezer")))
        ok = writeCgroupFile(file(*v1, "freezer.state"), "THAWED", &error);
    if (!ok && !error.isEmpty())
        qCWarning(lcLimits).noquote() << error;
    return ok;
}

bool WorkerCgroup::killAll(std::chrono::milliseconds timeout)
{
    QElapsedTimer timer;
    timer.start();
    auto waitEmpty = [&](std::chrono::milliseconds slice) {
        QElapsedTimer t;
        t.start();
        while (!isEmpty()) {
            if (t.elapsed() >= slice.count() || timer.elapsed() >= timeout.count())
                return false;
            std::this_thread::sleep_for(5ms);
        }
        return true;
    };
    if (isEmpty())
        return true;
    // Not cgroup.kill, though it would end the subtree in one write: after it, kernel 6.18 SIGKILLs
    // every later child created into the cgroup with CLONE_INTO_CGROUP, i.e. every restart of the
    // worker (docs/chaos.md, defect 1). Freezing closes the same race against fork.
    // A frozen cgroup cannot fork, so one pass over cgroup.procs reaches every member.
    // SIGKILL stays pending on a v1-frozen task until the thaw, hence freeze, kill, thaw, repeat.
    while (timer.elapsed() < timeout.count()) {
        const bool frozen = canFreeze() && freeze(200ms);
        for (const qint64 pid : pids())
            ::kill(static_cast<pid_t>(pid), SIGKILL);
        if (canFreeze())
            thaw();
        if (waitEmpty(frozen ? 500ms : 50ms))
            return true;
    }
    const bool empty = isEmpty();
    if (!empty)
        qCWarning(lcLimits) << "worker" << m_workerId << "cgroup still holds" << pids();
    return empty;
}

bool WorkerCgroup::remove(QString *error)
{
    closeMembershipFd();
    QStringList problems;
    QList<Dir> kept;
    for (const Dir &d : std::as_const(m_dirs)) {
        if (::rmdir(QFile::encodeName(d.path).constData()) != 0 && errno != ENOENT) {
            problems.append(QStringLiteral("cannot remove %1: %2").arg(d.path, errnoText()));
            kept.append(d);
            continue;
        }
        // The agent's hsu-<pid> goes with its last worker; another worker's folder keeps it.
        const QString parent = QFileInfo(d.path).path();
        if (::rmdir(QFile::encodeName(parent).constData()) == 0)
            forgetParent(parent);
        else if (errno != ENOTEMPTY && errno != EBUSY && errno != EEXIST && errno != ENOENT)
            qCDebug(lcLimits) << "keeping" << parent << errnoText();
    }
    m_dirs = kept;
    if (error)
        *error = problems.join(QStringLiteral("; "));
    return problems.isEmpty();
}

SetResult WorkerCgroup::setMemoryMax(qint64 bytes)
{
    SetResult r;
    if (const Dir *d = find(2, QStringLiteral("memory"))) {
        r.backend = QStringLiteral("cgroup v2 memory.max");
        writeCgroupFile(file(*d, "memory.max"), bytes > 0 ? number(bytes) : QByteArray("max"), &r.error);
    } else if (const Dir *d1 = find(1, QStringLiteral("memory"))) {
        r.backend = QStringLiteral("cgroup v1 memory.limit_in_bytes");
        const QString memsw = file(*d1, "memory.memsw.limit_in_bytes");
        const bool hasSwapLimit = QFile::exists(memsw);
        // memsw (memory + swap) must stay >= limit_in_bytes: raise it first, lower it last. Tying
        // it to the limit means the kernel kills instead of swapping the worker out.
        if (hasSwapLimit)
            writeCgroupFile(memsw, "-1");
        writeCgroupFile(file(*d1, "memory.limit_in_bytes"), bytes > 0 ? number(bytes) : QByteArray("-1"), &r.error);
        if (r.ok() && hasSwapLimit && bytes > 0)
            writeCgroupFile(memsw, number(bytes));
    } else {
        r.error = QStringLiteral("no memory cgroup for this worker");
    }
    return r;
}

SetResult WorkerCgroup::setMemoryHigh(qint64 bytes)
{
    SetResult r;
    if (const Dir *d = find(2, QStringLiteral("memory"))) {
        r.backend = QStringLiteral("cgroup v2 memory.high");
        writeCgroupFile(file(*d, "memory.high"), bytes > 0 ? number(bytes) : QByteArray("max"), &r.error);
    } else if (const Dir *d1 = find(1, QStringLiteral("memory"))) {
        r.backend = QStringLiteral("cgroup v1 memory.soft_limit_in_bytes");
        writeCgroupFile(file(*d1, "memory.soft_limit_in_bytes"), bytes > 0 ? number(bytes) : QByteArray("-1"),
                        &r.error);
    } else {
        r.error = QStringLiteral("no memory cgroup for this worker");
    }
    return r;
}

SetResult WorkerCgroup::setCpuQuota(double cores)
{
    constexpr qint64 period = 100000; // µs: the kernel's default CFS period
    // The kernel refuses a quota under 1 ms.
    const qint64 quota = cores > 0 ? std::max<qint64>(1000, std::llround(cores * period)) : -1;
    SetResult r;
    if (const Dir *d = find(2, QStringLiteral("cpu"))) {
        r.backend = QStringLiteral("cgroup v2 cpu.max");
        writeCgroupFile(file(*d, "cpu.max"), (quota > 0 ? number(quota) : QByteArray("max")) + " " + number(period),
                        &r.error);
    } else if (const Dir *d1 = find(1, QStringLiteral("cpu"))) {
        r.backend = QStringLiteral("cgroup v1 cpu.cfs_quota_us");
        if (writeCgroupFile(file(*d1, "cpu.cfs_period_us"), number(period), &r.error))
            writeCgroupFile(file(*d1, "cpu.cfs_quota_us"), number(quota), &r.error);
    } else {
        r.error = QStringLiteral("no cpu cgroup for this worker");
    }
    return r;
}

SetResult WorkerCgroup::setPidsMax(int max)
{
    SetResult r;
    const Dir *d = find(2, QStringLiteral("pids"));
    if (!d)
        d = find(1, QStringLiteral("pids"));
    if (!d) {
        r.error = QStringLiteral("no pids cgroup for this worker");
        return r;
    }
    r.backend = QStringLiteral("cgroup v%1 pids.max").arg(d->version);
    writeCgroupFile(file(*d, "pids.max"), max > 0 ? number(max) : QByteArray("max"), &r.error);
    return r;
}

SetResult WorkerCgroup::setIoMax(BlockDevice device, qint64 readBps, qint64 writeBps)
{
    const QByteArray dev = number(device.major) + ":" + number(device.minor);
    SetResult r;
    if (const Dir *d = find(2, QStringLiteral("io"))) {
        r.backend = QStringLiteral("cgroup v2 io.max");
        auto rate = [](qint64 v) { return v > 0 ? number(v) : QByteArray("max"); };
        writeCgroupFile(file(*d, "io.max"), dev + " rbps=" + rate(readBps) + " wbps=" + rate(writeBps), &r.error);
    } else if (const Dir *d1 = find(1, QStringLiteral("blkio"))) {
        r.backend = QStringLiteral("cgroup v1 blkio.throttle");
        // 0 removes the rule for that device.
        if (writeCgroupFile(file(*d1, "blkio.throttle.read_bps_device"), dev + " " + number(std::max<qint64>(0, readBps)),
                            &r.error))
            writeCgroupFile(file(*d1, "blkio.throttle.write_bps_device"),
                            dev + " " + number(std::max<qint64>(0, writeBps)), &r.error);
    } else {
        r.error = QStringLiteral("no io cgroup for this worker");
    }
    return r;
}

QStringList WorkerCgroup::apply(const CgroupSettings &settings)
{
    QStringList errors;
    auto note = [&](const SetResult &r) {
        if (!r.ok())
            errors.append(r.error);
    };
    if (settings.memoryMax > 0)
        note(setMemoryMax(settings.memoryMax));
    if (settings.memoryHigh > 0)
        note(setMemoryHigh(settings.memoryHigh));
    if (settings.cpuCores > 0)
        note(setCpuQuota(settings.cpuCores));
    if (settings.pidsMax > 0)
        note(setPidsMax(settings.pidsMax));
    if (settings.ioDevice && (settings.ioReadBps > 0 || settings.ioWriteBps > 0))
        note(setIoMax(*settings.ioDevice, settings.ioReadBps, settings.ioWriteBps));
    for (const QString &e : std::as_const(errors))
        qCWarning(lcLimits).noquote() << "worker" << m_workerId << e;
    return errors;
}

std::optional<qint64> WorkerCgroup::oomKillCount() const
{
    if (const Dir *d = find(2, QStringLiteral("memory")))
        return keyedValue(readCgroupFile(file(*d, "memory.events")), "oom_kill");
    if (const Dir *d1 = find(1, QStringLiteral("memory")))
        return keyedValue(readCgroupFile(file(*d1, "memory.oom_control")), "oom_kill");
    return std::nullopt;
}

std::optional<qint64> WorkerCgroup::memoryFailCount() const
{
    const Dir *d = find(1, QStringLiteral("memory"));
    if (!d)
        return std::nullopt;
    bool ok = false;
    const qint64 v = readCgroupFile(file(*d, "memory.failcnt")).trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

} // namespace hsu::agent::limits
