#include "WorkerSet.h"

#include "UnmanagedWatch.h"

#include "agent/core/Supervisor.h"
#include "agent/core/Worker.h"
#include "agent/logs/LogCollector.h"
#include "agent/health/HealthMonitor.h"
#include "agent/metrics/MetricsStore.h"
#include "agent/monitor/ResourceMonitor.h"

#include <QElapsedTimer>
#include <QLoggingCategory>


Q_LOGGING_CATEGORY(lcWorkerSet, "hsu.agent.workers")

namespace hsu::agent {

WorkerSet::WorkerSet(Supervisor &supervisor, logs::LogCollector &logs, monitor::ResourceMonitor &monitor,
                     health::HealthMonitor &health)
    : m_supervisor(supervisor)
    , m_logs(logs)
    , m_monitor(monitor)
    , m_health(health)
{
}

WorkerSet::~WorkerSet() = default;

std::vector<Worker *> WorkerSet::setUp(const config::Config &config, std::vector<config::WorkerSpec> specs)
{
    QElapsedTimer timer;
    timer.start();
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
    const qint64 made = timer.nsecsElapsed();
    // The FIFOs are made on the log reader's thread while this one makes the cgroups.
    const auto adding = m_logs.beginAddWorkers(config, held);
    m_monitor.addWorkers(workers);
    const qint64 limited = timer.nsecsElapsed();
    m_logs.finishAddWorkers(adding);
    for (Worker *w : workers) {
        const logs::LogCollector::CaptureFds fds = m_logs.fdsFor(w->id());
        w->setOutputFds(fds.stdoutFd, fds.stderrFd, fds.stdoutPath, fds.stderrPath);
    }
    for (Worker *w : workers) {
        enterMetrics(*w);
        m_health.addWorker(w);
        if (w->isUnmanaged())
            m_unmanaged[w->id()] = std::make_unique<UnmanagedWatch>(*w);
    }
    qCDebug(lcWorkerSet).noquote() << QStringLiteral("set up %1 workers: %2 ms workers, %3 ms cgroups and limits (logs "
                                                     "alongside), %4 ms waiting for the logs")
                                          .arg(workers.size())
                                          .arg(double(made) / 1e6, 0, 'f', 1)
                                          .arg(double(limited - made) / 1e6, 0, 'f', 1)
                                          .arg(double(timer.nsecsElapsed() - limited) / 1e6, 0, 'f', 1);
    return workers;
}

void WorkerSet::enterMetrics(const Worker &w)
{
    if (!m_metrics)
        return;
    // The reader's counters themselves (atomics), so a scrape reads them on its own thread.
    std::shared_ptr<const logs::WorkerLogStats> stats = m_logs.stats(w.id());
    metrics::LogCounter counter;
    if (stats)
        counter = [stats] { return metrics::LogCounts{stats->lines.load(), stats->dropped.load()}; };
    m_metrics->addWorker(w.id(), w.status().name, w.status().type, std::move(counter));
    const auto &byCause = w.restartsByCause();
    m_metrics->setStatus(w.status(), {byCause[0], byCause[1], byCause[2], byCause[3]});
}

void WorkerSet::tearDown(const QString &id)
{
    if (m_metrics)
        m_metrics->removeWorker(id);
    m_unmanaged.erase(id);
    m_health.removeWorker(id);
    m_monitor.removeWorker(id);
    m_logs.removeWorker(id);
    m_supervisor.removeWorker(id);
}

config::InPlace WorkerSet::inPlace() const
{
    config::InPlace in;
    in.logDir = m_logs.logDir();
    in.logs = true;
    in.limits = [this](const config::WorkerSpec &, const config::WorkerSpec &next) {
        return m_monitor.canChangeLimitsInPlace(next.id, next);
    };
    return in;
}

void WorkerSet::applyLive(const config::Config &config, const QString &id, const QStringList &keys)
{
    Worker *w = m_supervisor.workerObject(id);
    const config::WorkerSpec *spec = config.worker(id);
    if (!w || !spec)
        return;
    w->applyLive(*spec);
    enterMetrics(*w); // its name may be another
    m_monitor.specChanged(id);
    m_health.specChanged(id);
    if (const auto watch = m_unmanaged.find(id); watch != m_unmanaged.end())
        watch->second->specChanged();
    if (keys.contains(QLatin1String("log_collection")))
        m_logs.reconfigureWorker(config, w->spec());
}

} // namespace hsu::agent
