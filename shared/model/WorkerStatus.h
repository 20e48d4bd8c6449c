#pragma once

#include "WorkerState.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::model {

// What the agent reports about one worker: the value `workers.list`, `workers.get` and the
// `worker.state` event carry. JSON keys are snake_case and stable (hsuctl --json users script them).
struct WorkerStatus
{
    QString id;
    QString name;
    QString type = QStringLiteral("managed");
    WorkerState state = WorkerState::Registered;
    qint64 pid = 0;                     // 0 when no process
    int restarts = 0;                   // restarts made by policy since the agent took the worker
    int attempt = 0;                    // restart attempts used in the current failure streak
    std::optional<int> exitCode;        // last exit: code of a normal exit
    std::optional<int> exitSignal;      // last exit: the signal that ended it
    QString reason;                     // why the worker is in this state (failed: the cause)
    QDateTime since;                    // when it entered this state
    QDateTime startedAt;                // when the current process started (running)
    qint64 nextRestartMs = -1;          // backoff: ms until the next start, else -1
    // Its health check's verdict: "unknown" (none yet for this process), "healthy", "degraded"
    // (failed, fewer times in a row than run_options.retries), "unhealthy"; empty without a check
    // the agent runs. healthReason: the last failure's reason (empty when healthy).
    QString health;
    QString healthReason;
    qint64 healthLatencyMs = -1; // how long the run that gave this verdict took (-1: none yet)
    // The current process was started by an earlier agent and taken back by this one (after a
    // crash, an upgrade or a service manager's restart): its exit status will not be known.
    bool adopted = false;
    // An unmanaged worker's control (JSON "control", only for type "unmanaged"): whether it may be
    // stopped and restarted, and which signals it may be sent. Managed workers allow everything.
    bool canTerminate = true;
    bool canRestart = true;
    QStringList allowedSignals;

    QJsonObject toJson() const;
    static std::optional<WorkerStatus> fromJson(const QJsonObject &o);
    bool operator==(const WorkerStatus &) const = default;
};

} // namespace hsu::model
