// ResourceMonitor's limits of one worker: the watch set up from its plan, and a reload's change of
// them on the running process (ResourceMonitor.cpp holds the sampling rounds).

#include "ResourceMonitor.h"
#include "SamplingThread.h"

#include "agent/core/Worker.h"
#include "agent/process/CrossThread.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcMonitor)

namespace hsu::agent::monitor {

namespace {

bool sameChildLimits(const LaunchSpec::ChildLimits &a, const LaunchSpec::ChildLimits &b)
{
    return a.addressSpace == b.addressSpace && a.cpuSeconds == b.cpuSeconds && a.openFiles == b.openFiles
        && a.processes == b.processes && a.nice == b.nice;
}

} // namespace

void ResourceMonitor::configureWatch(Entry &e, const config::WorkerSpec &spec)
{
    // What the kernel enforces is not acted on again by sampling (its policy still reports it).
    QStringList kernel;
    for (const limits::LimitReport &r : e.plan.report)
        if (r.kernelEnforced) {
            if (r.key.startsWith(u"memory.max_rss"))
                kernel << QStringLiteral("memory");
            else if (r.key.startsWith(u"cpu."))
                kernel << QStringLiteral("cpu");
            else if (r.key.startsWith(u"process.max_processes"))
                kernel << QStringLiteral("processes");
            else if (r.key.startsWith(u"process.max_file_descriptors"))
                kernel << QStringLiteral("fds");
        }
    e.limits = spec.limits;
    e.enforcer = std::make_unique<LimitEnforcer>(spec, kernel);
    e.enabled = spec.limits.monitoring.enabled;
    e.intervalMs = std::max<qint64>(100, spec.limits.monitoring.interval.count());
    e.exactSampling = spec.limits.process.maxFileDescriptors > 0 || spec.limits.io.maxReadBps > 0
        || spec.limits.io.maxWriteBps > 0;
    Worker *w = e.worker;
    // A kernel memory limit kills with SIGKILL; that is the policy acting, not a crash to restart.
    if (!e.cgroup || spec.limits.memory.policy != config::LimitPolicy::ImmediateKill || e.plan.cgroup.memoryMax <= 0) {
        w->setExitExplainer({});
        return;
    }
    const QString id = spec.id;
    e.oomKills = e.cgroup->oomKillCount().value_or(0);
    w->setExitExplainer([this, id] {
        Entry &en = m_entries.at(id);
        const qint64 now = en.cgroup->oomKillCount().value_or(0);
        if (now <= en.oomKills)
            return QString();
        en.oomKills = now;
        const QString reason = QStringLiteral("killed by the kernel at max_rss %1 (policy immediate_kill)")
                                   .arg(LimitEnforcer::formatBytes(double(en.plan.cgroup.memoryMax)));
        Q_EMIT violation(QJsonObject{{QStringLiteral("worker"), id},
                                     {QStringLiteral("resource"), QStringLiteral("memory")},
                                     {QStringLiteral("kind"), QStringLiteral("action")},
                                     {QStringLiteral("value"), double(en.plan.cgroup.memoryMax)},
                                     {QStringLiteral("limit"), double(en.plan.cgroup.memoryMax)},
                                     {QStringLiteral("key"), QStringLiteral("max_rss")},
                                     {QStringLiteral("policy"), QStringLiteral("immediate_kill")},
                                     {QStringLiteral("action"), QStringLiteral("immediate_kill")},
                                     {QStringLiteral("message"), reason}});
        return reason;
    });
}

bool ResourceMonitor::canChangeLimitsInPlace(const QString &id, const config::WorkerSpec &next) const
{
    const Entry *e = m_index.value(id);
    if (!e)
        return false;
    const limits::LimitPlan plan = limits::planLimits(next.limits, m_offer,
                                                      limits::blockDeviceOf(e->worker->launchSpec().workingDirectory));
    // rlimits and nice are the process's own, set before its exec.
    if (!sameChildLimits(plan.child, e->plan.child))
        return false;
    const limits::CgroupSettings &from = e->plan.cgroup;
    const limits::CgroupSettings &to = plan.cgroup;
    if (from == to)
        return true;
    if (!e->cgroup)
        return false;
    const auto has = [&](const char *controller) { return e->cgroup->hasController(QLatin1String(controller)); };
    if ((from.memoryMax != to.memoryMax || from.memoryHigh != to.memoryHigh) && !has("memory"))
        return false;
    if (from.cpuCores != to.cpuCores && !has("cpu"))
        return false;
    // A kernel pids limit also decides whether the worker keeps a Standby (which takes a pid).
    if (from.pidsMax != to.pidsMax && (!has("pids") || (from.pidsMax > 0) != (to.pidsMax > 0)))
        return false;
    if ((from.ioReadBps != to.ioReadBps || from.ioWriteBps != to.ioWriteBps || from.ioDevice != to.ioDevice)
        && (from.ioDevice != to.ioDevice || !(has("io") || has("blkio"))))
        return false;
    return true;
}

void ResourceMonitor::specChanged(const QString &id)
{
    Entry *e = m_index.value(id);
    if (!e)
        return;
    const config::WorkerSpec &spec = e->worker->spec();
    if (spec.limits == e->limits) {
        QMutexLocker lock(&e->lock);
        e->enforcer->setRestartSettings(spec.restart); // its tolerance, sustained and grace times
        return;
    }
    limits::LimitPlan plan = limits::planLimits(spec.limits, m_offer,
                                                limits::blockDeviceOf(e->worker->launchSpec().workingDirectory));
    {
        QMutexLocker lock(&e->lock); // the sampling thread evaluates under it
        if (e->cgroup && plan.cgroup != e->plan.cgroup) {
            const limits::CgroupSettings &from = e->plan.cgroup;
            const limits::CgroupSettings &to = plan.cgroup;
            QStringList errors;
            const auto note = [&](const limits::SetResult &r) {
                if (!r.ok())
                    errors << r.error;
            };
            // Only what changed, a lifted limit written as "no limit".
            if (from.memoryMax != to.memoryMax)
                note(e->cgroup->setMemoryMax(to.memoryMax));
            if (from.memoryHigh != to.memoryHigh)
                note(e->cgroup->setMemoryHigh(to.memoryHigh));
            if (from.cpuCores != to.cpuCores)
                note(e->cgroup->setCpuQuota(to.cpuCores));
            if (from.pidsMax != to.pidsMax)
                note(e->cgroup->setPidsMax(to.pidsMax));
            if (to.ioDevice && (from.ioReadBps != to.ioReadBps || from.ioWriteBps != to.ioWriteBps))
                note(e->cgroup->setIoMax(*to.ioDevice, to.ioReadBps, to.ioWriteBps));
            for (const QString &error : std::as_const(errors))
                qCWarning(lcMonitor).noquote() << "worker" << id << "limits:" << error;
        }
        e->plan = std::move(plan);
        configureWatch(*e, spec);
        // The running process keeps its start: its grace period is not granted a second time.
        const model::WorkerStatus &status = e->worker->status();
        if (e->pid > 0 && status.startedAt.isValid())
            e->enforcer->processStarted(status.startedAt.toMSecsSinceEpoch());
    }
    // A throttle the old limits started ends; the new ones start their own if they need it.
    if (e->duty) {
        e->runShare = 1.0;
        dutyStep(*e);
    }
    retime();
    qCInfo(lcMonitor).noquote() << "worker" << id << "limits and monitoring applied in place";
}

void ResourceMonitor::retime()
{
    qint64 smallest = 0;
    for (const Entry *e : m_sequence)
        if (e->enabled && (smallest == 0 || e->intervalMs < smallest))
            smallest = e->intervalMs;
    m_intervalMs = int(smallest > 0 ? smallest : 2000);
    if (m_sampler)
        process::postTo(m_sampler, [this, interval = m_intervalMs] {
            if (m_threadTimer && m_threadTimer->interval() != interval)
                m_threadTimer->setInterval(interval);
        });
}

} // namespace hsu::agent::monitor
