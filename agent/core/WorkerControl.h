#pragma once

#include "shared/model/WorkerStatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace hsu::agent {

// The result of asking something of a worker. `errorCode` is a protocol error code
// ("not_found", "invalid_state", "failed") and empty on success.
struct ControlResult
{
    QString errorCode;
    QString message;
    model::WorkerStatus status; // the worker after the request was accepted

    bool ok() const { return errorCode.isEmpty(); }
    static ControlResult failure(QString code, QString msg) { return {std::move(code), std::move(msg), {}}; }
};

// What the IPC layer may ask of the supervisor. The Supervisor implements it; IPC tests may
// implement it with a fake. Events travel the other way: the agent's wiring connects
// Supervisor::workerStateChanged to IpcServer::publishWorkerState.
class WorkerControl
{
public:
    virtual ~WorkerControl() = default;

    virtual QList<model::WorkerStatus> workers() const = 0;
    // The same as JSON (WorkerStatus::toJson each). An implementation may cache: with a thousand
    // workers, building the objects again for every workers.list is most of its cost.
    virtual QJsonArray workersJson() const
    {
        QJsonArray a;
        for (const model::WorkerStatus &s : workers())
            a.append(s.toJson());
        return a;
    }
    virtual std::optional<model::WorkerStatus> worker(const QString &id) const = 0;
    virtual ControlResult start(const QString &id) = 0;
    virtual ControlResult stop(const QString &id) = 0;
    virtual ControlResult restart(const QString &id) = 0;
    virtual ControlResult pause(const QString &id)
    {
        Q_UNUSED(id);
        return ControlResult::failure(QStringLiteral("unavailable"), QStringLiteral("pausing is not supported"));
    }
    virtual ControlResult resume(const QString &id)
    {
        Q_UNUSED(id);
        return ControlResult::failure(QStringLiteral("unavailable"), QStringLiteral("pausing is not supported"));
    }
    // Sends a signal to the worker's process group (an unmanaged worker's: only its allowed_signals).
    virtual ControlResult signal(const QString &id, int sig)
    {
        Q_UNUSED(id);
        Q_UNUSED(sig);
        return ControlResult::failure(QStringLiteral("unavailable"), QStringLiteral("signals are not supported"));
    }
    // Stops every worker (bounded by force_shutdown_timeout), then the agent exits 0.
    virtual void shutdown() = 0;
    // workers.list's whole result, {"workers":[...]}, as compact JSON.
    virtual QByteArray workersListJson() const
    {
        return QJsonDocument(QJsonObject{{QStringLiteral("workers"), workersJson()}}).toJson(QJsonDocument::Compact);
    }
    // The path of the config the agent runs (for config.validate without a path).
    virtual QString configPath() const = 0;
    // What the worker runs and how it is restarted ("spec"), and its recent state changes
    // ("history": [{time, from, to, reason}], oldest first) — for a detail view. Empty when the
    // worker is unknown or the implementation keeps no details.
    virtual QJsonObject workerDetails(const QString &id) const
    {
        Q_UNUSED(id);
        return {};
    }
};

} // namespace hsu::agent
