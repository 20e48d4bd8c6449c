#pragma once

// The agent's metrics put together (agent/metrics): the store fed from the supervisor's state
// changes, the health checks' runs, the limits' violations, the reloads (here) and the sampling
// rounds and log counters (ResourceMonitor, WorkerSet); the Prometheus endpoint started, moved or
// stopped as the command line and the config's master.metrics say.

#include "agent/metrics/MetricsServer.h"
#include "agent/metrics/MetricsStore.h"
#include "shared/config/WorkerSpec.h"

#include <QObject>

#include <optional>

namespace hsu::agent {

class Supervisor;
class ConfigReloader;
namespace monitor {
class ResourceMonitor;
}
namespace health {
class HealthMonitor;
}

class AgentMetrics final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentMetrics)
public:
    // `commandLine`: hsu-agent --metrics (an address, or "off"); it wins over the config.
    explicit AgentMetrics(std::optional<QString> commandLine, QObject *parent = nullptr);
    ~AgentMetrics() override;

    metrics::MetricsStore &store() { return m_store; }
    // The text a scrape gets (any thread).
    QByteArray text() const;

    void follow(Supervisor &supervisor, monitor::ResourceMonitor &monitor, health::HealthMonitor &health,
                ConfigReloader &reloader);
    // Serves (or stops serving) as `endpoint` and the command line say; false with *error when
    // the address cannot be served (nothing is served then).
    bool apply(const config::MetricsEndpoint &endpoint, QString *error);
    // Whether the command line decides (then a failure to serve stops the agent's start).
    bool fromCommandLine() const { return m_commandLine.has_value(); }
    // Stops serving (the agent is going).
    void close() { m_server.close(); m_wanted.clear(); }
    // Where metrics are served now (empty: nowhere).
    QString serving() const;

private:
    metrics::MetricsStore m_store;
    metrics::MetricsServer m_server;
    std::optional<QString> m_commandLine;
    QString m_wanted; // the address served, as it was asked for
};

} // namespace hsu::agent
