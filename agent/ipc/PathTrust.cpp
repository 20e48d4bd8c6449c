#include "PathTrust.h"

#include "PeerCredentials.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#if defined(Q_OS_UNIX)
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace hsu::agent {

namespace {
QString octal(uint mode)
{
    return QStringLiteral("%1").arg(mode & 07777, 4, 8, QLatin1Char('0'));
}

QString ownerWord(qint64 uid)
{
    return uid == 0 ? QStringLiteral("root (uid 0)") : QStringLiteral("uid %1").arg(uid);
}

constexpr uint kGroupWrite = 0020;
constexpr uint kOtherWrite = 0002;
constexpr uint kSticky = 01000;
} // namespace

std::optional<PathFacts> pathFacts(const QString &path, bool followLinks, QString *error)
{
    PathFacts facts;
#if defined(Q_OS_UNIX)
    struct stat st = {};
    const QByteArray name = QFile::encodeName(path);
    if ((followLinks ? ::stat(name.constData(), &st) : ::lstat(name.constData(), &st)) != 0) {
        if (errno == ENOENT)
            return facts;
        if (error)
            *error = QStringLiteral("cannot look at %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    if (S_ISLNK(st.st_mode))
        facts.kind = PathFacts::Kind::Symlink;
    else if (S_ISDIR(st.st_mode))
        facts.kind = PathFacts::Kind::Directory;
    else if (S_ISSOCK(st.st_mode))
        facts.kind = PathFacts::Kind::Socket;
    else if (S_ISREG(st.st_mode))
        facts.kind = PathFacts::Kind::Regular;
    else
        facts.kind = PathFacts::Kind::Other;
    facts.uid = qint64(st.st_uid);
    facts.mode = uint(st.st_mode) & 07777;
#else
    Q_UNUSED(followLinks);
    Q_UNUSED(error);
    const QFileInfo info(path);
    if (info.exists())
        facts.kind = info.isDir() ? PathFacts::Kind::Directory : PathFacts::Kind::Regular;
#endif
    return facts;
}

QString privateFolderProblem(const QString &path, const PathFacts &facts, qint64 uid)
{
    using K = PathFacts::Kind;
    switch (facts.kind) {
    case K::Missing:
        return QStringLiteral("%1 does not exist").arg(path);
    case K::Symlink:
        return QStringLiteral("%1 is a symbolic link; the agent's state folder must be a real folder. Remove the link "
                              "(someone may have planted it) or pass --state-dir with a folder of your own")
            .arg(path);
    case K::Directory:
        break;
    default:
        return QStringLiteral("%1 exists and is not a folder; remove it or pass --state-dir with another path").arg(path);
    }
    if (facts.uid != uid)
        return QStringLiteral("%1 belongs to %2, not to %3 the agent runs as; another user may have made it to "
                              "plant files in it. Remove it (the agent makes it again) or pass --state-dir with a "
                              "folder of your own")
            .arg(path, ownerWord(facts.uid), ownerWord(uid));
    if (facts.mode & (kGroupWrite | kOtherWrite))
        return QStringLiteral("%1 can be written by other users (mode %2); the agent trusts what is in it. Check "
                              "its contents, then chmod 700 %1")
            .arg(path, octal(facts.mode));
    return {};
}

bool ensurePrivateFolder(const QString &path, QString *error, bool create)
{
    std::optional<PathFacts> facts = pathFacts(path, false, error);
    if (!facts)
        return false;
    if (!create && facts->kind == PathFacts::Kind::Missing)
        return true;
#if defined(Q_OS_UNIX)
    if (facts->kind == PathFacts::Kind::Missing) {
        // mkdir -p, each missing folder 0700: a parent made with the umask's 0775 would hold the
        // socket too (the demo's state is <runtime>/hsu-master-demo/state, its socket beside it).
        const QStringList parts = QDir::cleanPath(QFileInfo(path).absoluteFilePath()).split(u'/');
        QString made;
        for (const QString &part : parts) {
            if (part.isEmpty())
                continue;
            made += u'/' + part;
            if (::mkdir(QFile::encodeName(made).constData(), 0700) != 0 && errno != EEXIST) {
                if (error)
                    *error = QStringLiteral("cannot create folder %1: %2").arg(made, QString::fromLocal8Bit(std::strerror(errno)));
                return false;
            }
        }
        facts = pathFacts(path, false, error);
        if (!facts)
            return false;
    }
    const QString problem = privateFolderProblem(path, *facts, currentUid());
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    if (facts->mode & 0077)
        ::chmod(QFile::encodeName(path).constData(), 0700); // ours: nobody else needs to look in
    return true;
#else
    if (facts->kind == PathFacts::Kind::Missing && !QDir().mkpath(path)) {
        if (error)
            *error = QStringLiteral("cannot create folder %1").arg(path);
        return false;
    }
    return true;
#endif
}

QString socketFolderProblem(const QString &folder, const PathFacts &facts, qint64 uid)
{
    if (facts.kind != PathFacts::Kind::Directory)
        return QStringLiteral("the socket's folder %1 is not a folder").arg(folder);
    if (facts.uid != uid && facts.uid != 0)
        return QStringLiteral("the socket's folder %1 belongs to %2; another user could replace the socket there. "
                              "Pass --socket with a path in a folder of your own")
            .arg(folder, ownerWord(facts.uid));
    if ((facts.mode & (kGroupWrite | kOtherWrite)) && !(facts.mode & kSticky))
        return QStringLiteral("the socket's folder %1 can be written by other users (mode %2) and is not sticky; "
                              "they could replace the socket. chmod 700 it, or pass --socket with a path in a folder "
                              "of your own")
            .arg(folder, octal(facts.mode));
    return {};
}

QString socketPathProblem(const QString &path, const PathFacts &facts, qint64 uid)
{
    using K = PathFacts::Kind;
    switch (facts.kind) {
    case K::Missing:
        return {};
    case K::Symlink:
        return QStringLiteral("%1 is a symbolic link; the agent does not follow links at its socket's path (it would "
                              "talk to or replace whatever the link leads to). Remove the link if you did not make it "
                              "on purpose, and start the agent again")
            .arg(path);
    case K::Socket:
        break;
    default:
        return QStringLiteral("%1 exists and is not a socket; not replacing it").arg(path);
    }
    if (facts.uid != uid)
        return QStringLiteral("%1 is a socket of %2, not of %3 the agent runs as; not touching it. Remove it if it "
                              "is stale, or pass --socket with another path")
            .arg(path, ownerWord(facts.uid), ownerWord(uid));
    return {};
}

ConfigVerdict judgeConfig(const QString &path, const PathFacts &facts, qint64 uid)
{
    if (facts.kind == PathFacts::Kind::Missing)
        return {};
    // Root's devices (--config /dev/null: no workers) are 0666 by nature and hold nothing.
    if (facts.kind == PathFacts::Kind::Other && facts.uid == 0)
        return {};
    if (facts.uid != uid && facts.uid != 0)
        return {Trust::Refuse,
                QStringLiteral("%1 belongs to %2; the agent runs what it says as %3, so only you or root may own it. "
                               "chown it to yourself (or copy it) if you trust its contents")
                    .arg(path, ownerWord(facts.uid), ownerWord(uid))};
    if (facts.mode & kOtherWrite)
        return {Trust::Refuse,
                QStringLiteral("%1 can be written by every user (mode %2); any of them could make the agent run a "
                               "program as you. Check it, then chmod o-w %1")
                    .arg(path, octal(facts.mode))};
    if (facts.mode & kGroupWrite)
        return {Trust::Warn,
                QStringLiteral("%1 can be written by its group (mode %2): anyone in that group can make the agent "
                               "run a program as you. chmod g-w %1 unless that is meant")
                    .arg(path, octal(facts.mode))};
    return {};
}

ConfigVerdict checkConfigFile(const QString &path)
{
    QString error;
    const std::optional<PathFacts> facts = pathFacts(path, true, &error);
    if (!facts)
        return {}; // unreadable: the loader says so in its own words
    return judgeConfig(path, *facts, currentUid());
}

} // namespace hsu::agent
