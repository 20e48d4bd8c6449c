#pragma once

// What a reload of a config would do to the running one, worker by worker (issue 11's reload and
// `hsuctl diff` build on this). Both configs are compared as loaded, defaults applied, so a key
// written out with its default value is no change.
//
// A worker is
//   added      its id is new: set up and started (in dependency order)
//   removed    its id is gone: stopped and torn down (its log files stay); a renamed id is a
//              removal plus an addition
//   restarted  something its process is made from changed (program, args, environment, folder,
//              type, enabled, limits, log collection, discovery): stopped, set up anew, started
//   live       only what the agent applies to the running process changed (name, description,
//              restart policy and retries, profile, depends_on, graceful_timeout, health check):
//              no new process
//   unchanged  untouched: same process, logs, history, counters
// docs/config.md lists which keys are which.

#include "shared/config/WorkerSpec.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace hsu::config {

struct ConfigDiff
{
    QStringList added;
    QStringList removed;
    QStringList restarted;
    QStringList live;
    QStringList unchanged;
    // For restarted and live workers: the keys that changed, as written in the file
    // ("execution", "restart_policy", ...), restart-needing ones first.
    QMap<QString, QStringList> changedKeys;
    // Top-level sections that changed ("master", "log_collection"); they apply to the workers they
    // affect without a new process.
    QStringList global;

    bool isEmpty() const { return added.isEmpty() && removed.isEmpty() && restarted.isEmpty() && live.isEmpty() && global.isEmpty(); }
    // {"added": [...], "removed": [...], "restarted": [...], "live": [...], "unchanged": N,
    //  "changed_keys": {id: [...]}, "global": [...]}
    QJsonObject toJson() const;
    // "1 added, 1 removed, 1 restarted, 2 changed live, 5 unchanged"
    QString summary() const;
};

ConfigDiff diffConfigs(const Config &running, const Config &next);

// One worker: the keys that differ, split into those that need a new process and the rest.
struct WorkerDiff
{
    QStringList restartKeys;
    QStringList liveKeys;
};
WorkerDiff diffWorker(const WorkerSpec &running, const WorkerSpec &next);

} // namespace hsu::config
