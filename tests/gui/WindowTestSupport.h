#pragma once

// What the window's tests share: a config of three test workers, the window's options for an
// AgentRunner, and reading (or ending) the agent behind the window directly.

#include "app/desktop/AgentConnection.h"
#include "app/desktop/DesktopOptions.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/WorkerTableModel.h"
#include "shared/model/WorkerState.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QJsonArray>

#include <csignal>

namespace hsu::test::window {

using desktop::DesktopOptions;
using desktop::MainWindow;
using model::WorkerStatus;

inline const QByteArray kConfig = R"(
workers:
  - id: steady
    type: managed
    unit:
      managed:
        metadata: { name: "Steady one" }
        control:
          execution: { executable_path: "@WORKER@" }
          graceful_timeout: 2s
  - id: crasher
    type: managed
    profile_type: web
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--run-for", "300", "--crash", "SEGV"]
          restart_policy: on-failure
          context_aware_restart:
            default: { max_retries: 100, retry_delay: 400ms, backoff_rate: 1 }
  - id: quiet
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "@WORKER@" }
)";


inline DesktopOptions optionsFor(const AgentRunner &agent)
{
    DesktopOptions o;
    o.socketPath = agent.socketPath();
    o.configFile = agent.configPath();
    return o;
}

// By name: QCOMPARE prints it, and failures read "backoff" rather than 7.
inline QString stateOf(const MainWindow &w, const QString &id)
{
    const WorkerStatus *s = w.connection()->workers()->worker(id);
    return s ? hsu::model::toString(s->state) : QStringLiteral("(no such row)");
}

inline QJsonObject agentWorker(RawClient &c, const QString &id)
{
    return c.call(QStringLiteral("workers.get"), {{QStringLiteral("id"), id}}).value(QLatin1String("result")).toObject();
}

inline QString agentState(RawClient &c, const QString &id)
{
    return agentWorker(c, id).value(QLatin1String("state")).toString();
}

// Ends whatever agent answers on `socketPath`, and its workers, by pid: for an agent this test did
// not start itself (the window's "Start agent"), so that a failing test leaves nothing running.
inline void killAgentAt(const QString &socketPath)
{
    RawClient c;
    if (!c.connectTo(socketPath, 500))
        return;
    const qint64 agentPid = c.call(QStringLiteral("hello"), {{QStringLiteral("protocol"), QStringLiteral("1.0")}})
                                .value(QLatin1String("result")).toObject().value(QLatin1String("pid")).toInteger();
    QList<qint64> pids;
    for (const QJsonValue &v : c.call(QStringLiteral("workers.list")).value(QLatin1String("result")).toObject()
                                   .value(QLatin1String("workers")).toArray())
        if (const qint64 pid = v.toObject().value(QLatin1String("pid")).toInteger(); pid > 0)
            pids << pid;
    if (agentPid > 0)
        ::kill(pid_t(agentPid), SIGKILL);
    for (qint64 pid : std::as_const(pids))
        ::kill(pid_t(pid), SIGKILL);
}

} // namespace hsu::test::window
