#include "WorkerSet.h"

#include "agent/core/Supervisor.h"
#include "agent/logs/LogCollector.h"
#include "agent/monitor/ResourceMonitor.h"

namespace hsu::agent {

WorkerSet::WorkerSet(Supervisor &supervisor, logs::LogCollector &logs, monitor::ResourceMonitor &monitor)
    : m_supervisor(supervisor)
    , m_logs(logs)
    , m_monitor(monitor)
{
}

std::vector<Worker *> WorkerSet::setUp(const config::Config &config, std::vector<config::WorkerSpec> specs)
{
    std::vector<Worker *> workers;
    std::vector<const config::WorkerSpec *> held; // the Workers' own copies
    workers.reserve(specs.size());
    held.reserve(specs.size());
    for (config::WorkerSpec &spec : specs) {
        if (Worker *w = m_supervisor.addWorker(std::move(spec))) {
            workers.push_back(w);
            held.push_back(&w->spec());
        }
    }
    specs.clear();
    m_logs.addWorkers(config, held);
    for (Worker *w : workers) {
        const logs::LogCollector::CaptureFds fds = m_logs.fdsFor(w->id());
        w->setOutputFds(fds.stdoutFd, fds.stderrFd, fds.stdoutPath, fds.stderrPath);
    }
    m_monitor.addWorkers(workers);
    return workers;
}

void WorkerSet::tearDown(const QString &id)
{
    m_monitor.removeWorker(id);
    m_logs.removeWorker(id);
    m_supervisor.removeWorker(id);
}

} // namespace hsu::agent
