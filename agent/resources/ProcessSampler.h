#pragma once

// Measures workers' process trees. The caller owns the tree membership (it reads the worker's
// cgroup.procs, or runs a ProcessScan when there are no cgroups) and hands the pids in each round;
// the sampler owns what must persist between rounds: the previous counters (CPU and I/O are
// rates) and, on Linux, descriptors kept open so a round costs a few pread()s per process.
// One implementation per OS behind this interface; tests and the agent get it from create().
// Not thread-safe: one thread drives it.

#include "shared/model/ResourceSample.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <memory>

namespace hsu::agent::resources {

class ProcessSampler
{
public:
    virtual ~ProcessSampler() = default;

    // One round. `trees` maps a tree key (the worker id) to the pids in that tree now. Returns a
    // sample for every key given (a tree whose pids are all gone gets processes == 0). CPU% and
    // I/O rates cover the time since that tree's previous round; they are 0 on its first round.
    // Trees not named in this round keep their state (see forget()).
    // A process that did not run since the previous round (no CPU tick, same threads) cannot have
    // moved much, so an implementation may carry its I/O counters and descriptor count over for a
    // few rounds (the I/O is then counted, in full, at its next reading); trees in `exact` are read
    // in full every round (a limit watches their descriptors or I/O).
    virtual QHash<QString, model::ResourceSample> sample(const QHash<QString, QList<qint64>> &trees,
                                                         const QSet<QString> &exact = {}) = 0;

    // Drops a tree's state and closes whatever it kept open (the worker stopped or was removed).
    virtual void forget(const QString &tree) = 0;

    // Processes whose state is held, over all trees (diagnostics, tests).
    virtual int trackedProcesses() const = 0;

    // The sampler for this OS; null where there is none yet (only Linux has one).
    static std::unique_ptr<ProcessSampler> create();
};

} // namespace hsu::agent::resources
