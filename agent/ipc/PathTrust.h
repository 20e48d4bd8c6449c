#pragma once

// Who else could have written a path the agent acts on. The agent runs what its config says, as
// its user, takes processes back by the records in its state folder and reads its workers' output
// from FIFOs there: anyone who can write one of those can run code as this user, so the agent
// refuses to start on them rather than find out later. docs/security.md says the rules and why.
//
// The judging functions are pure (facts in, a sentence out) so tests need no second user; the
// functions that touch the file system only gather facts and call them.

#include <QString>
#include <QtGlobal>

#include <optional>

namespace hsu::agent {

struct PathFacts
{
    enum class Kind { Missing, Directory, Symlink, Socket, Regular, Other };
    Kind kind = Kind::Missing;
    qint64 uid = -1;
    uint mode = 0; // permission bits, 07777
};

// lstat (followLinks false) or stat of `path`. Kind::Missing when nothing is there; nullopt with
// `error` when it cannot be looked at (a folder on the way that is not ours to read, say).
std::optional<PathFacts> pathFacts(const QString &path, bool followLinks, QString *error);

// What makes `facts` (from lstat) unfit as a folder only the agent's user writes: a symbolic link,
// not a folder, another owner, writable by group or others. Empty when it is fit. Root's folders
// are not accepted for another user's agent: root does not need to plant anything, but a folder
// root made for someone else is a mistake the user should hear about.
QString privateFolderProblem(const QString &path, const PathFacts &facts, qint64 uid);
// Makes `path` (0700, with its missing parents, 0700 too) when it is missing, then checks it as
// privateFolderProblem() does. An existing folder of ours that others can read (0755) is made
// 0700; one that others could write is refused, since they may have planted something already.
// With `create` false, a missing folder is fine and left missing (checked before the socket is
// taken, made only after: a refused agent makes nothing).
bool ensurePrivateFolder(const QString &path, QString *error, bool create = true);

// The folder the socket goes in, when it was there before the agent (the user chose it): the
// agent's user's or root's, and when others can write in it, sticky (/tmp), so nobody else can
// replace what the agent puts there.
QString socketFolderProblem(const QString &folder, const PathFacts &facts, qint64 uid);
// What lies at the socket's path before the agent binds (lstat): nothing, or a socket of the
// agent's user (stale or live; the server probes it). A symbolic link or another user's file is
// refused: the agent would connect to, or remove, something it does not own.
QString socketPathProblem(const QString &path, const PathFacts &facts, qint64 uid);

enum class Trust { Trusted, Warn, Refuse };
struct ConfigVerdict
{
    Trust trust = Trust::Trusted;
    QString message; // what is wrong and what to do; empty when trusted
};
// The config (facts from stat: a link is judged by the file it leads to). Refused: owned by
// another user than the agent's or root, or writable by everyone. Warned: writable by its group
// (Debian gives each user a group of their own, and umask 002 makes such files).
ConfigVerdict judgeConfig(const QString &path, const PathFacts &facts, qint64 uid);
// stat + judgeConfig for the agent's own uid. A missing file is Trusted: the loader says so.
ConfigVerdict checkConfigFile(const QString &path);

} // namespace hsu::agent
