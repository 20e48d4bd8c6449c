#pragma once

#include "AgentOptions.h"

#include <QObject>

#include <memory>

namespace hsu::agent {

class IpcServer;
namespace logs {
class LogCollector;
}
namespace monitor {
class ResourceMonitor;
}
namespace health {
class HealthMonitor;
}
class Adoption;
class AgentMetrics;
class ConfigReloader;
class WorkerSet;
class SignalWatcher;
class Supervisor;

// The agent put together: config -> Supervisor, IPC server on the socket, signals -> shutdown,
// SIGHUP / config.reload / the file changing -> ConfigReloader.
class AgentApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentApp)
public:
    explicit AgentApp(AgentOptions options, QObject *parent = nullptr);
    ~AgentApp() override;

    // Loads the config, takes the socket and starts the workers. Returns 0 when the agent is up,
    // else the exit code (1), with the reason already printed on stderr.
    int start();
    // SIGUSR2 (an upgrade of the package): the agent left its workers running and wants its
    // program run again in its place (replaceProcess()), which takes them back.
    bool replaceRequested() const { return m_replace; }

Q_SIGNALS:
    // The agent is done (after a shutdown request or signal); exit the event loop with `code`.
    void finished(int code);

private:
    void beginShutdown(const QString &why);
    // --on-sigterm leave: exit now, every worker left running and recorded for the next agent.
    void leaveWorkers(const QString &why);
    void writeStoppedMarker(const QString &why);

    AgentOptions m_options;
    // What metrics.get and the Prometheus endpoint serve: destroyed last, after the sampling
    // thread (which records into it) has stopped.
    std::unique_ptr<AgentMetrics> m_metrics;
    std::unique_ptr<logs::LogCollector> m_logs; // destroyed after the supervisor's workers let go
    std::unique_ptr<Supervisor> m_supervisor;
    std::unique_ptr<monitor::ResourceMonitor> m_monitor; // before the server goes, after the workers
    std::unique_ptr<health::HealthMonitor> m_health;     // every worker's health check
    std::unique_ptr<IpcServer> m_server;
    std::unique_ptr<SignalWatcher> m_signals;
    std::unique_ptr<WorkerSet> m_workerSet;     // every worker's set-up and teardown
    std::unique_ptr<ConfigReloader> m_reloader; // SIGHUP, config.reload, the file
    std::unique_ptr<Adoption> m_adoption;       // the records a later agent takes workers back by
    int m_terminateSignals = 0;
    bool m_replace = false;
};

// Runs the agent's program file again in this process, with the same arguments (the pid stays,
// so a service manager or session sees no change): the file as it is now, the upgraded one after
// an upgrade. Returns only if execv failed.
void replaceProcess(const QStringList &arguments);


// Raises the soft open-file limit to the hard one (many workers, many descriptors) and makes
// workers inherit the original soft limit. Returns the new soft limit.
quint64 raiseOpenFileLimit();

} // namespace hsu::agent
