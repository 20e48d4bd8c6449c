#pragma once

// What a worker's log_collection means once everything is merged: the top-level default_worker
// block, then the worker's own block (from unit.<kind>.log_collection or control.log_collection),
// key by key, then this project's defaults for anything neither wrote. Paths come out absolute
// ({worker_id} / {process_id} expanded, relative ones under the agent's log folder), so the agent,
// `hsuctl` and the GUI all name the same files.

#include "shared/config/WorkerSpec.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace hsu::config {

struct ResolvedLogTarget
{
    QString type;   // file | stdout | stderr | master_stdout | syslog
    QString path;   // absolute; file targets only
    QString format; // plain | enhanced_plain | json
    QString prefix; // {worker_id} already expanded
    std::optional<LogRotation> rotation;
    bool operator==(const ResolvedLogTarget &) const = default;
};

struct ResolvedWorkerLog
{
    bool enabled = true;
    bool captureStdout = true;
    bool captureStderr = true;
    LogBuffering buffering; // 0 in a field = not set: write as soon as lines are read
    bool parseStructured = false;
    bool addMetadata = true; // enhancement.metadata applies only when enhancement.enabled too
    LogFilters filters;
    std::vector<ResolvedLogTarget> stdoutTargets;
    std::vector<ResolvedLogTarget> stderrTargets;
    // Targets this agent cannot write (elasticsearch and the like), named for the agent's log.
    QStringList skipped;
    bool operator==(const ResolvedWorkerLog &) const = default;
};

// `logDir` is the agent's --log-dir.
ResolvedWorkerLog resolveWorkerLog(const Config &config, const WorkerSpec &worker, const QString &logDir);

// global_aggregation targets (empty when it is off). {worker_id} cannot expand here.
std::vector<ResolvedLogTarget> resolveGlobalLogTargets(const Config &config, const QString &logDir);

// `{worker_id}` and `{process_id}` (the HSU procman dialect's name for the same thing) -> id.
QString expandWorkerPlaceholders(QString text, const QString &workerId);

// Every file a worker's lines go to, per stream (for workers.get and "open the log file").
QStringList logFilesOf(const ResolvedWorkerLog &log, bool stderrStream);

} // namespace hsu::config
