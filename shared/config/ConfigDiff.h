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
//              type, enabled, discovery; limits the kernel cannot change in place; which streams
//              are captured): stopped, set up anew, started
//   live       only what the agent applies to the running process changed (name, description,
//              restart policy and retries, profile, depends_on, graceful_timeout, health check;
//              with an InPlace from the agent also log targets and filters, monitoring and the
//              limits it can change in place): no new process
//   unchanged  untouched: same process, logs, history, counters
// docs/config.md lists which keys are which.

#include "shared/config/WorkerSpec.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <functional>

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

// What the agent can change in a running worker on this machine. Without it (or with an empty
// member), limits and log_collection changes count as restarts.
struct InPlace
{
    // The agent's --log-dir: logs are compared as the worker's pipeline sees them (top-level
    // defaults and aggregation merged in), and a change of targets, filters, buffering or format
    // is live; a change of what is captured (enabled, stdout, stderr) needs a new process.
    QString logDir;
    bool logs = false;
    // Whether the change from the first worker's limits to the second's can be made to its
    // running process (cgroup files written anew, the watch's thresholds replaced).
    std::function<bool(const WorkerSpec &running, const WorkerSpec &next)> limits;
};

ConfigDiff diffConfigs(const Config &running, const Config &next, const InPlace &inPlace = {});

// One worker: the keys that differ, split into those that need a new process and the rest.
struct WorkerDiff
{
    QStringList restartKeys;
    QStringList liveKeys;
};
WorkerDiff diffWorker(const WorkerSpec &running, const WorkerSpec &next);

} // namespace hsu::config
