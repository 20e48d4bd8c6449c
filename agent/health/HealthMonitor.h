#pragma once

// Every worker's health check, on its schedule. A worker's process is checked from
// run_options.initial_delay after it started, every interval, each run bounded by timeout; its
// verdict goes on the Worker's status (a worker.state event for each change):
//   unknown    this process has no result yet (also while it does not run)
//   healthy    the last run passed
//   degraded   the last runs failed, fewer times in a row than run_options.retries
//   unhealthy  retries runs in a row failed: the worker is restarted through the one restart
//              decision (cause HealthFailure, context_aware_restart.health_failures), once per
//              process
// Runs on the supervision thread's event loop and never blocks it (HealthProbe is asynchronous).

#include "HealthProbe.h"

#include "agent/core/HealthControl.h"

#include "shared/config/WorkerSpec.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace hsu::agent {
class Worker;
}

namespace hsu::agent::health {

// The check the agent runs on this worker: its health_check, or an integrated worker's gRPC
// proto.CoreService/Ping on its port.
config::HealthCheckSpec checkOf(const Worker &worker);
// The check in words, for a person: "GET http://127.0.0.1:8080/", "127.0.0.1:5432",
// "127.0.0.1:50051 service db", "/usr/bin/pg_isready -q", "process".
QString describeTarget(const config::HealthCheckSpec &check);

class HealthMonitor final : public QObject, public HealthControl
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthMonitor)
public:
    explicit HealthMonitor(QObject *parent = nullptr);
    ~HealthMonitor() override;

    // The worker's check (if its spec has one the agent runs), following its process from now on.
    void addWorker(Worker *worker);
    // Before the Worker is deleted.
    void removeWorker(const QString &id);
    // A reload changed the worker's spec in place: its check (or its run options) may be others.
    void specChanged(const QString &id);

    // HealthControl
    std::optional<model::HealthReport> healthReport(const QString &id) const override;

Q_SIGNALS:
    // Every run of a worker's check, as it ends: how long it took (metrics' duration histogram).
    void checkFinished(const QString &id, qint64 latencyMs, bool healthy);

private:
    struct Watch
    {
        Worker *worker = nullptr;
        config::HealthCheckSpec check;
        std::unique_ptr<HealthProbe> probe; // made at the first run (most workers have no check)
        QTimer timer;
        qint64 pid = 0;        // the process being checked (0: none runs)
        int failures = 0;      // in a row, for this process
        bool restartAsked = false; // this process was restarted for its health once
        qint64 checks = 0;         // since the agent took the worker
        qint64 failed = 0;
        QList<model::HealthResult> results; // the last HealthReport::kKept, oldest first
    };
    void follow(Watch &w);       // the worker's status changed
    void schedule(Watch &w, qint64 delayMs);
    void runOnce(Watch &w);
    void onResult(Watch &w, const ProbeResult &result);

    QHash<QString, Watch *> m_watches;
};

} // namespace hsu::agent::health
