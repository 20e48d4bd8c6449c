// WorkerCgroup, continued: the folder every worker's cgroup goes in — its name, which the next
// agent of the same state folder finds again (agent/Adoption.h) — and the clean-up of what agents
// no longer running left behind.

#include "WorkerCgroup.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <cerrno>
#include <csignal>

#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcLimits)

namespace hsu::agent::limits {

namespace {

bool processAlive(qint64 pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// Removes `path` and every cgroup beneath it, deepest first; rmdir itself refuses a cgroup that
// still holds a process, which is what keeps a live worker's cgroup (and its parents) in place.
bool removeEmptyTree(const QString &path)
{
    const QStringList children = QDir(path).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    bool allGone = true;
    for (const QString &child : children)
        allGone = removeEmptyTree(path + QLatin1Char('/') + child) && allGone;
    if (!allGone)
        return false;
    if (::rmdir(QFile::encodeName(path).constData()) != 0) {
        qCDebug(lcLimits) << "keeping" << path << errnoText();
        return false;
    }
    return true;
}

} // namespace

namespace {
QString &parentNameSetting()
{
    static QString name;
    return name;
}
} // namespace

void WorkerCgroup::setParentName(const QString &name)
{
    parentNameSetting() = name;
}

QString WorkerCgroup::parentName()
{
    const QString &set = parentNameSetting();
    return set.isEmpty() ? QStringLiteral("hsu-%1").arg(::getpid()) : set;
}

QString WorkerCgroup::parentNameFor(const QString &stateDir)
{
    const QByteArray digest = QCryptographicHash::hash(QFileInfo(stateDir).absoluteFilePath().toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("hsu-s") + QString::fromLatin1(digest.toHex().left(12));
}

int WorkerCgroup::removeStale(const CgroupSystem &system)
{
    static const QRegularExpression name(QStringLiteral("^hsu-(\\d+)$"));
    const qint64 self = ::getpid();
    int removed = 0;
    for (const Hierarchy &h : system.usable()) {
        const QStringList entries = QDir(h.agentDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
        for (const QString &entry : entries) {
            const QRegularExpressionMatch m = name.match(entry);
            if (!m.hasMatch())
                continue;
            const qint64 pid = m.captured(1).toLongLong();
            if (pid == self || processAlive(pid))
                continue;
            if (removeEmptyTree(h.agentDir + QLatin1Char('/') + entry)) {
                qCInfo(lcLimits) << "removed the stale cgroup" << entry << "in" << h.mountPoint;
                ++removed;
            }
        }
    }
    return removed;
}

} // namespace hsu::agent::limits
