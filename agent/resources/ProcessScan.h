#pragma once

// Finds workers' descendants on machines without cgroups: one pass over /proc per round, for all
// workers at once, reading each process's parent from /proc/N/stat.
//
// The parent chain alone misses a daemon: after fork, setsid(), fork and exit of the middle
// process, the daemon's parent is init (or the nearest subreaper), not the worker. Two things
// keep such processes attributed:
//  - memory: a process once found under a root stays with that root while it lives (same pid and
//    start time), whoever its parent becomes;
//  - an environment marker: the agent starts each worker with a variable of its own (say
//    HSU_WORKER_ID=api), which every descendant inherits unless it clears its environment. A
//    process the parent chain does not place, started after a root that has a marker, gets its
//    /proc/N/environ read once in its life (the answer is remembered) and is attributed if the
//    marker is there. Processes of other users have an unreadable environ and are never matched.
// Not thread-safe: one thread drives it.

#include <QByteArray>
#include <QHash>
#include <QList>

namespace hsu::agent::resources {

class ProcessScan final
{
public:
    struct Root
    {
        qint64 pid = 0;
        QByteArray envMarker; // "NAME=value" exactly as in the environment; empty: parent chain only
    };

    // For each root still alive: the root followed by its descendants (each pid once).
    QHash<qint64, QList<qint64>> scan(const QList<Root> &roots);

    // One stateless pass by the parent chain only (no memory, no markers).
    static QHash<qint64, QList<qint64>> descendantsOf(const QList<qint64> &roots);

    // Processes the last scan looked at (diagnostics, the benchmark).
    int lastScanned() const { return m_lastScanned; }

private:
    struct Known
    {
        quint64 startTicks = 0;
        qint64 root = 0; // 0: looked at, belongs to no root
        bool envChecked = false;
    };
    QHash<qint64, Known> m_known; // pid → what earlier scans concluded
    int m_lastScanned = 0;
};

} // namespace hsu::agent::resources
