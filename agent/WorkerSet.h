#pragma once

// One home for a worker's set-up and teardown, used by the agent's start (every worker) and by a
// reload (the added and the replaced ones):
//   set up     its Worker (Supervisor: launch spec, restart decisions), its log FIFOs, targets and
//              rings (LogCollector), its cgroups, limits and sampler entry (ResourceMonitor), its
//              health check (HealthMonitor), in that order (the launch spec's outputs come
//              first); not started
//   changed    live (config::diffConfigs with inPlace()): the Worker takes the spec, the monitor
//              writes the limits that changed and re-arms its watch, the log pipeline takes its
//              new targets and filters; the process runs on
//   torn down  after its last process ended: sampling stops and its cgroup goes, its FIFOs go (its
//              log files stay), its Worker goes
// Many at once where that matters (a thousand workers at the agent's start): one round trip to the
// log reader's thread for all of them.

#include "shared/config/ConfigDiff.h"
#include "shared/config/WorkerSpec.h"

#include <QString>

#include <memory>
#include <unordered_map>
#include <vector>

namespace hsu::agent {

class Supervisor;
class UnmanagedWatch;
class Worker;
namespace logs {
class LogCollector;
}
namespace monitor {
class ResourceMonitor;
}
namespace health {
class HealthMonitor;
}
namespace metrics {
class MetricsStore;
}

class WorkerSet final
{
public:
    WorkerSet(Supervisor &supervisor, logs::LogCollector &logs, monitor::ResourceMonitor &monitor,
              health::HealthMonitor &health);
    ~WorkerSet();

    // Sets these workers up (their specs taken over), under `config`'s top level (log defaults,
    // global targets). An id already there is skipped.
    std::vector<Worker *> setUp(const config::Config &config, std::vector<config::WorkerSpec> specs);
    // After the worker settled (no process, no stop under way).
    void tearDown(const QString &id);
    // What this agent can change in a running worker, for diffConfigs.
    config::InPlace inPlace() const;
    // A worker diffConfigs(…, inPlace()) called live: `config` is the new one, `keys` what changed.
    void applyLive(const config::Config &config, const QString &id, const QStringList &keys);
    // Each worker set up is also entered in `store` (its line counters with it), and leaves it
    // when torn down. Before the first setUp().
    void setMetrics(metrics::MetricsStore *store) { m_metrics = store; }

private:
    void enterMetrics(const Worker &w);

    Supervisor &m_supervisor;
    logs::LogCollector &m_logs;
    monitor::ResourceMonitor &m_monitor;
    health::HealthMonitor &m_health;
    metrics::MetricsStore *m_metrics = nullptr;
    // Unmanaged workers' searches for their process (agent/discovery).
    std::unordered_map<QString, std::unique_ptr<UnmanagedWatch>> m_unmanaged;
};

} // namespace hsu::agent
