#pragma once

// What workers.get adds to a worker's status for a detail view: what it runs and how it restarts
// ("spec"), its last state changes ("history") and its log files ("log_files"). One value type for
// the agent (Supervisor::workerDetails writes it), the GUI (detail pane, "Open log file") and
// hsuctl, so all read the same keys.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::model {

struct WorkerLaunch
{
    QString program;          // resolved, absolute where the agent found it
    QStringList args;
    QStringList environment;  // "KEY=value", only what the config adds to the agent's own
    QString workingDirectory;
    QString restartPolicy;    // config::enumName of it: "on-failure"
    int maxRetries = 0;
    qint64 retryDelayMs = 0;
    double backoffRate = 1;
    qint64 gracefulTimeoutMs = 0;
    bool enabled = true;
    QStringList dependsOn;
    QString description;
    QString stdoutFile;       // the first file target of each stream (empty: none)
    QString stderrFile;

    bool operator==(const WorkerLaunch &) const = default;
    QJsonObject toJson() const;
    static WorkerLaunch fromJson(const QJsonObject &o);
};

struct StateChange
{
    QDateTime time;
    QString from;
    QString to;
    QString reason;
    bool operator==(const StateChange &) const = default;
};

struct WorkerDetails
{
    std::optional<WorkerLaunch> launch; // "spec"; absent from an agent that does not send it
    QList<StateChange> history;         // oldest first
    QStringList stdoutFiles;            // "log_files": every file target of each stream
    QStringList stderrFiles;

    bool operator==(const WorkerDetails &) const = default;
    // The keys workers.get adds: {"spec", "history", "log_files"}.
    QJsonObject toJson() const;
    // From a workers.get result (its status keys are ignored here: WorkerStatus reads those).
    static WorkerDetails fromJson(const QJsonObject &o);
};

} // namespace hsu::model
