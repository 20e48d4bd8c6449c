#pragma once

#include <QList>
#include <QtGlobal>

namespace hsu::agent::ProcessGroup {

// Sends `sig` to the whole group; false when no process of it exists any more.
bool signal(qint64 pgid, int sig);

// Pids of the group's processes that are still alive (zombies excluded: an orphaned zombie
// waiting for a reaper that is not us must not keep a stop waiting). Reads /proc on Linux.
QList<qint64> livingMembers(qint64 pgid);

inline bool isEmpty(qint64 pgid) { return livingMembers(pgid).isEmpty(); }

// The process exists and is not a zombie.
bool isAlive(qint64 pid);

// A signal's conventional name without "SIG" ("TERM", "KILL"), or its number as text.
QString signalName(int sig);

} // namespace hsu::agent::ProcessGroup
