#pragma once

// A WorkerControl without processes: workers are plain statuses that change the way the
// supervisor's state table says, so the IPC layer can be tested alone (and hsuctl against it).

#include "agent/core/WorkerControl.h"
#include "shared/model/WorkerState.h"

#include <QDateTime>
#include <QStringList>

namespace hsu::test {

class FakeWorkerControl final : public agent::WorkerControl
{
public:
    FakeWorkerControl()
    {
        add(QStringLiteral("db"), model::WorkerState::Running, 4242);
        add(QStringLiteral("web"), model::WorkerState::Stopped, 0);
        add(QStringLiteral("batch"), model::WorkerState::Failed, 0);
    }

    model::WorkerStatus &add(const QString &id, model::WorkerState state, qint64 pid)
    {
        model::WorkerStatus s;
        s.id = id;
        s.name = id;
        s.state = state;
        s.pid = pid;
        s.since = QDateTime::currentDateTimeUtc().addSecs(-90);
        if (pid)
            s.startedAt = s.since;
        if (state == model::WorkerState::Failed) {
            s.exitCode = 3;
            s.reason = QStringLiteral("exited with code 3");
        }
        m_workers.append(s);
        return m_workers.last();
    }

    QList<model::WorkerStatus> workers() const override { return m_workers; }

    std::optional<model::WorkerStatus> worker(const QString &id) const override
    {
        for (const auto &w : m_workers)
            if (w.id == id)
                return w;
        return std::nullopt;
    }

    agent::ControlResult start(const QString &id) override
    {
        return apply(id, model::Operation::Start, model::WorkerState::Starting);
    }
    agent::ControlResult stop(const QString &id) override
    {
        return apply(id, model::Operation::Stop, model::WorkerState::Stopping);
    }
    agent::ControlResult restart(const QString &id) override
    {
        return apply(id, model::Operation::Restart, model::WorkerState::Restarting);
    }
    void shutdown() override { ++shutdownCalls; }
    QString configPath() const override { return configFile; }

    int shutdownCalls = 0;
    QString configFile;
    QStringList calls; // "start:db", ... in order

private:
    agent::ControlResult apply(const QString &id, model::Operation op, model::WorkerState next)
    {
        calls << model::toString(op) + QLatin1Char(':') + id;
        for (auto &w : m_workers) {
            if (w.id != id)
                continue;
            if (const auto err = model::operationError(op, w.state, id))
                return agent::ControlResult::failure(QStringLiteral("invalid_state"), *err);
            w.state = next;
            return {QString(), QString(), w};
        }
        return agent::ControlResult::failure(QStringLiteral("not_found"), QStringLiteral("no worker \"%1\"").arg(id));
    }

    QList<model::WorkerStatus> m_workers;
};

} // namespace hsu::test
