#include "CgroupSystem.h"

#include "WorkerCgroup.h"

#include <QFile>
#include <QLoggingCategory>

#include <algorithm>
#include <condition_variable>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcLimits, "hsu.agent.limits")

namespace hsu::agent::limits {

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
QString unescapeMountField(const QByteArray &field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size()) {
            bool ok = false;
            const int c = field.mid(i + 1, 3).toInt(&ok, 8);
            if (ok) {
                out.append(static_cast<char>(c));
                i += 3;
                continue;
            }
        }
        out.append(field[i]);
    }
    return QFile::decodeName(out);
}

// The cgroup's folder: the mount shows the hierarchy from `root` down (a container's mount often
// starts below the hierarchy's real root), so the path from /proc/self/cgroup is made relative to it.
QString cgroupDir(const QString &mountPoint, const QString &mountRoot, const QString &cgroupPath)
{
    QString rel = cgroupPath;
    if (mountRoot != QLatin1String("/")) {
        if (rel == mountRoot)
            rel = QStringLiteral("/");
        else if (rel.startsWith(mountRoot + QLatin1Char('/')))
            rel = rel.mid(mountRoot.size());
        else
            return {}; // the agent's cgroup is not visible through this mount
    }
    if (rel == QLatin1String("/"))
        return mountPoint;
    return mountPoint + rel;
}

struct Mount
{
    QString root;
    QString point;
    QString fsType;
    QStringList options; // super options
};

QList<Mount> parseMountInfo(const QByteArray &mountInfo)
{
    QList<Mount> mounts;
    for (const QByteArray &line : mountInfo.split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        const qsizetype dash = f.indexOf(QByteArray("-"));
        if (dash < 6 || f.size() < dash + 4)
            continue;
        Mount m;
        m.root = unescapeMountField(f[3]);
        m.point = unescapeMountField(f[4]);
        m.fsType = QString::fromLatin1(f[dash + 1]);
        m.options = QString::fromLatin1(f[dash + 3]).split(QLatin1Char(','));
        mounts.append(m);
    }
    return mounts;
}

} // namespace

namespace {
// Reads `fd` to its end and closes it; `ok` says whether it was open at all.
QByteArray readAndClose(int fd, bool *ok)
{
    QByteArray data;
    if (fd >= 0) {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            data.append(buf, n);
        }
        ::close(fd);
    }
    if (ok)
        *ok = fd >= 0;
    return data;
}
} // namespace

QByteArray readCgroupFile(const QString &path, bool *ok)
{
    return readAndClose(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC), ok);
}

QByteArray readCgroupFileAt(int dirFd, const char *name, bool *ok)
{
    return readAndClose(dirFd >= 0 ? ::openat(dirFd, name, O_RDONLY | O_CLOEXEC) : -1, ok);
}

QList<qint64> parsePidList(QByteArrayView text)
{
    // No pid comes near this (pid_max is at most 2^22); a longer number is not a pid and is skipped
    // rather than overflowing (found by tests/fuzz/fuzz_proc).
    constexpr qint64 kTooLarge = std::numeric_limits<qint64>::max() / 10 - 9;
    QList<qint64> pids;
    qint64 value = 0;
    bool inNumber = false;
    bool tooLarge = false;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            if (value >= kTooLarge)
                tooLarge = true;
            else
                value = value * 10 + (c - '0');
            inNumber = true;
        } else if (inNumber) {
            if (!tooLarge)
                pids.append(value);
            value = 0;
            inNumber = false;
            tooLarge = false;
        }
    }
    if (inNumber && !tooLarge)
        pids.append(value);
    return pids;
}

std::optional<qint64> keyedValue(const QByteArray &text, const QByteArray &key)
{
    for (const QByteArray &line : text.split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() == 2 && f[0] == key) {
            bool ok = false;
            const qint64 v = f[1].toLongLong(&ok);
            if (ok)
                return v;
        }
    }
    return std::nullopt;
}

bool writeCgroupFile(const QString &path, const QByteArray &value, QString *error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, errnoText());
        return false;
    }
    // One write(): the kernel parses each write of a cgroup file as one value.
    ssize_t n;
    do {
        n = ::write(fd, value.constData(), static_cast<size_t>(value.size()));
    } while (n < 0 && errno == EINTR);
    const int savedErrno = errno;
    ::close(fd);
    if (n != value.size()) {
        errno = savedErrno;
        if (error)
            *error = QStringLiteral("cannot write \"%1\" to %2: %3")
                         .arg(QString::fromLatin1(value.trimmed()), path, errnoText());
        return false;
    }
    return true;
}

const QStringList &CgroupSystem::v1Controllers()
{
    static const QStringList list{QStringLiteral("memory"), QStringLiteral("cpu"), QStringLiteral("cpuacct"),
                                  QStringLiteral("pids"), QStringLiteral("freezer"), QStringLiteral("blkio")};
    return list;
}

const QStringList &CgroupSystem::v2Controllers()
{
    static const QStringList list{QStringLiteral("memory"), QStringLiteral("cpu"), QStringLiteral("pids"),
                                  QStringLiteral("io")};
    return list;
}

CgroupSystem CgroupSystem::detect()
{
    CgroupSystem system = parse(readCgroupFile(QStringLiteral("/proc/self/cgroup")),
                                readCgroupFile(QStringLiteral("/proc/self/mountinfo")));
    system.probe();
    for (const QString &line : system.describe())
        qCDebug(lcLimits).noquote() << line;
    return system;
}

CgroupSystem CgroupSystem::parse(const QByteArray &procSelfCgroup, const QByteArray &mountInfo)
{
    CgroupSystem system;
    // hierarchy-id:controller-list:path; v2 is "0::path".
    QString v2Path;
    QList<std::pair<QStringList, QString>> v1Paths;
    for (const QByteArray &line : procSelfCgroup.split('\n')) {
        const qsizetype a = line.indexOf(':');
        const qsizetype b = a < 0 ? -1 : line.indexOf(':', a + 1);
        if (b < 0)
            continue;
        const QString list = QString::fromLatin1(line.mid(a + 1, b - a - 1));
        const QString path = QFile::decodeName(line.mid(b + 1));
        if (line.left(a) == "0" && list.isEmpty())
            v2Path = path;
        else
            v1Paths.append({list.split(QLatin1Char(',')), path});
    }

    const QList<Mount> mounts = parseMountInfo(mountInfo);
    if (!v2Path.isEmpty()) {
        for (const Mount &m : mounts) {
            if (m.fsType != QLatin1String("cgroup2"))
                continue;
            const QString dir = cgroupDir(m.point, m.root, v2Path);
            if (dir.isEmpty())
                continue;
            Hierarchy h;
            h.version = 2;
            h.mountPoint = m.point;
            h.agentDir = dir;
            system.m_unified = h;
            break;
        }
    }
    for (const QString &controller : v1Controllers()) {
        if (system.v1(controller))
            continue; // co-mounted with one already found
        for (const Mount &m : mounts) {
            if (m.fsType != QLatin1String("cgroup") || !m.options.contains(controller))
                continue;
            const auto path = std::find_if(v1Paths.cbegin(), v1Paths.cend(),
                                           [&](const auto &p) { return p.first.contains(controller); });
            if (path == v1Paths.cend())
                continue;
            const QString dir = cgroupDir(m.point, m.root, path->second);
            if (dir.isEmpty())
                continue;
            Hierarchy h;
            h.mountPoint = m.point;
            h.agentDir = dir;
            for (const QString &c : v1Controllers()) {
                if (m.options.contains(c))
                    h.controllers.append(c);
            }
            system.m_v1.append(h);
            break;
        }
    }
    return system;
}

CgroupSystem CgroupSystem::restrictedTo(int version) const
{
    CgroupSystem copy = *this;
    if (version == 1) {
        copy.m_unified.reset();
        copy.m_v2Available.clear();
    } else if (version == 2) {
        copy.m_v1.clear();
    }
    return copy;
}

std::optional<Hierarchy> CgroupSystem::v1(const QString &controller) const
{
    for (const Hierarchy &h : m_v1) {
        if (h.controllers.contains(controller))
            return h;
    }
    return std::nullopt;
}

namespace {
// Removes the probe cgroups off the agent's start: a cgroup's rmdir waits for the kernel's RCU
// grace period, milliseconds per hierarchy (eight v1 hierarchies: 40 ms here). Waited for before
// the next probe and when the program ends, so none is left behind.
//
// The thread is detached and waited for through `busy`, not joined: a child the agent forks and
// that ends without exec (_exit after a failed execve) would otherwise carry a "thread not
// joined" into its exit, which ThreadSanitizer reports (issue 16).
struct ProbeCleaner
{
    std::mutex mutex;
    std::condition_variable idle;
    bool busy = false;

    void wait()
    {
        std::unique_lock lock(mutex);
        idle.wait(lock, [this] { return !busy; });
    }
};

ProbeCleaner &probeCleaner()
{
    static ProbeCleaner cleaner;
    static const bool waitAtExit = [] {
        std::atexit([] { probeCleaner().wait(); });
        return true;
    }();
    Q_UNUSED(waitAtExit);
    return cleaner;
}

void removeProbesLater(QList<QByteArray> dirs)
{
    ProbeCleaner &cleaner = probeCleaner();
    cleaner.wait();
    {
        const std::lock_guard lock(cleaner.mutex);
        cleaner.busy = true;
    }
    std::thread([&cleaner, dirs = std::move(dirs)] {
        for (const QByteArray &dir : dirs)
            if (::rmdir(dir.constData()) != 0)
                qCWarning(lcLimits) << "cannot remove the probe cgroup" << dir << errnoText();
        // Notified under the lock: once a waiter has it, this thread touches the cleaner no more.
        const std::lock_guard lock(cleaner.mutex);
        cleaner.busy = false;
        cleaner.idle.notify_all();
    }).detach();
}
} // namespace

void CgroupSystem::probe()
{
    // The name cannot clash with a worker's folder (hsu-<pid>) or another agent's probe.
    const QString probeName = QStringLiteral("hsu-probe-%1").arg(::getpid());
    QList<QByteArray> made;
    auto tryCreate = [&](Hierarchy &h) {
        // The workers' folder of an earlier agent of this state folder (WorkerCgroup::parentName)
        // is there and ours to write: proof enough, and no probe to remove.
        const QByteArray ours = QFile::encodeName(h.agentDir + QLatin1Char('/') + WorkerCgroup::parentName());
        struct stat st;
        if (::stat(ours.constData(), &st) == 0 && S_ISDIR(st.st_mode) && ::access(ours.constData(), W_OK) == 0) {
            h.writable = true;
            return;
        }
        const QByteArray dir = QFile::encodeName(h.agentDir + QLatin1Char('/') + probeName);
        if (::mkdir(dir.constData(), 0755) != 0) {
            h.problem = QStringLiteral("cannot create a cgroup beneath %1: %2").arg(h.agentDir, errnoText());
            return;
        }
        made << dir;
        h.writable = true;
    };
    if (m_unified) {
        tryCreate(*m_unified);
        const QString dir = m_unified->agentDir;
        m_v2Available = QString::fromLatin1(readCgroupFile(dir + QStringLiteral("/cgroup.controllers")).trimmed())
                            .split(QLatin1Char(' '), Qt::SkipEmptyParts);
        // A worker's cgroup gets a controller only if the agent's cgroup hands it down; a cgroup
        // that holds processes (the agent's, unless it is the root) cannot, so we use what is
        // already enabled there and never change the agent's own cgroup.
        const QStringList enabled =
            QString::fromLatin1(readCgroupFile(dir + QStringLiteral("/cgroup.subtree_control")).trimmed())
                .split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &c : v2Controllers()) {
            if (enabled.contains(c))
                m_unified->controllers.append(c);
        }
    }
    for (Hierarchy &h : m_v1)
        tryCreate(h);
    if (!made.isEmpty())
        removeProbesLater(std::move(made));
}

QList<Hierarchy> CgroupSystem::usable() const
{
    QList<Hierarchy> list;
    if (m_unified && m_unified->writable)
        list.append(*m_unified);
    for (const Hierarchy &h : m_v1) {
        if (h.writable)
            list.append(h);
    }
    return list;
}

CgroupOffer CgroupSystem::offer() const
{
    CgroupOffer o;
    auto pick = [&](const QString &v2Name, const QString &v1Name) {
        if (m_unified && m_unified->writable && m_unified->controllers.contains(v2Name))
            return 2;
        const auto h = v1(v1Name);
        return h && h->writable ? 1 : 0;
    };
    o.memory = pick(QStringLiteral("memory"), QStringLiteral("memory"));
    o.cpu = pick(QStringLiteral("cpu"), QStringLiteral("cpu"));
    o.pids = pick(QStringLiteral("pids"), QStringLiteral("pids"));
    o.io = pick(QStringLiteral("io"), QStringLiteral("blkio"));
    // cgroup.freeze is a core file of every non-root v2 cgroup (Linux 5.2+).
    if (m_unified && m_unified->writable)
        o.freezer = 2;
    else if (const auto h = v1(QStringLiteral("freezer")); h && h->writable)
        o.freezer = 1;
    return o;
}

QStringList CgroupSystem::describe() const
{
    QStringList lines;
    auto line = [](const Hierarchy &h) {
        return QStringLiteral("cgroup v%1 %2 [%3]: agent in %4, %5")
            .arg(h.version)
            .arg(h.mountPoint, h.controllers.join(QLatin1Char(' ')), h.agentDir,
                 h.writable ? QStringLiteral("writable") : (h.problem.isEmpty() ? QStringLiteral("not probed") : h.problem));
    };
    if (m_unified) {
        lines.append(line(*m_unified));
        lines.append(QStringLiteral("cgroup v2 controllers given to the agent's cgroup: %1")
                         .arg(m_v2Available.isEmpty() ? QStringLiteral("none") : m_v2Available.join(QLatin1Char(' '))));
    } else {
        lines.append(QStringLiteral("cgroup v2: not mounted"));
    }
    for (const Hierarchy &h : m_v1)
        lines.append(line(h));
    return lines;
}

} // namespace hsu::agent::limits
