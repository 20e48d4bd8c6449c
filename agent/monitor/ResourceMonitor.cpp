#include "ResourceMonitor.h"

#include "CgroupTree.h"
#include "SamplingThread.h"

#include "agent/core/Supervisor.h"
#include "agent/core/Worker.h"
#include "agent/metrics/MetricsStore.h"
#include "agent/process/CrossThread.h"
#include "agent/process/Standby.h"
#include "agent/resources/ProcessSampler.h"
#include "agent/resources/ProcessScan.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcMonitor, "hsu.agent.monitor")

namespace hsu::agent::monitor {

void CgroupTree::signalAll(int sig)
{
    for (qint64 pid : m_cgroup->pids())
        if (pid > 1)
            ::kill(pid_t(pid), sig);
}

ResourceMonitor::ResourceMonitor(Supervisor &supervisor, Options options, QObject *parent)
    : QObject(parent)
    , m_supervisor(supervisor)
    , m_options(options)
{
    m_thread.setObjectName(QStringLiteral("hsu-sampler"));
}

ResourceMonitor::~ResourceMonitor()
{
    if (m_sampler) {
        process::callOn(m_sampler, [s = m_sampler] { delete s; });
        m_sampler = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
    if (m_statmFd >= 0)
        ::close(m_statmFd);
}

void ResourceMonitor::prepare()
{
    if (m_options.useCgroups) {
        m_system = limits::CgroupSystem::detect();
        if (m_options.cgroupVersion != 0)
            m_system = m_system.restrictedTo(m_options.cgroupVersion);
        const int stale = limits::WorkerCgroup::removeStale(m_system);
        if (stale > 0)
            qCInfo(lcMonitor) << "removed" << stale << "empty cgroups a crashed agent left behind";
    }
    m_offer = m_options.useCgroups ? m_system.offer() : limits::CgroupOffer{};
    m_haveCgroups = m_options.useCgroups && !m_system.usable().isEmpty();
    // Membership (stop, pause, sampling) from cgroup v2 wherever it is writable, even with no
    // controller: a child is created in it (CLONE_INTO_CGROUP), which costs no migration. v1
    // pids + freezer only without it; each v1 join waits for the kernel's cgroup lock, which a
    // Standby takes off the restart's path.
    m_v2Membership = m_system.unified() && m_system.unified()->writable;
    publish(addEntries(m_supervisor.workerObjects())); // no sampling thread yet
}

void ResourceMonitor::addWorkers(const std::vector<Worker *> &workers)
{
    const std::vector<Entry *> added = addEntries(workers);
    for (Entry *e : added)
        mirror(*e);
    if (!m_sampler) {
        publish(added);
        return;
    }
    // The sampling thread walks the entries: they join its walk where it runs, between rounds.
    process::callOn(m_sampler, [this, &added] {
        publish(added);
        if (m_threadTimer && m_threadTimer->interval() != m_intervalMs)
            m_threadTimer->setInterval(m_intervalMs);
    });
}

void ResourceMonitor::publish(const std::vector<Entry *> &entries)
{
    for (Entry *e : entries) {
        m_sequence.push_back(e);
        m_index.insert(e->id, e);
    }
}

void ResourceMonitor::removeWorker(const QString &id)
{
    Entry *entry = m_index.value(id);
    if (!entry)
        return;
    entry->worker->disconnect(this);
    const auto forget = [this, id] {
        Entry *e = m_index.take(id);
        m_sequence.erase(std::remove(m_sequence.begin(), m_sequence.end(), e), m_sequence.end());
        if (m_sampler)
            m_sampler->round({}, {id}); // its open files and remembered members go
    };
    if (m_sampler)
        process::callOn(m_sampler, forget);
    else
        forget();
    m_order.removeAll(id);
    Entry &e = m_entries.at(id);
    delete e.duty;
    if (e.cgroup) {
        if (!e.cgroup->isEmpty())
            e.cgroup->killAll(); // its stop is done: nothing may stay
        QString error;
        if (!e.cgroup->remove(&error))
            qCWarning(lcMonitor).noquote() << "cannot remove cgroup of" << id << ":" << error;
    }
    m_entries.erase(id);
}

std::vector<ResourceMonitor::Entry *> ResourceMonitor::addEntries(const std::vector<Worker *> &workers)
{
    std::vector<Entry *> added;
    const qsizetype problemsBefore = m_problems.size();
    const limits::CgroupOffer &offer = m_offer;
    const bool haveCgroups = m_haveCgroups;
    const bool v2Membership = m_v2Membership;
    qint64 smallest = m_sequence.empty() ? 0 : m_intervalMs;
    for (Worker *w : workers) {
        const config::WorkerSpec &spec = w->spec();
        if (m_entries.count(spec.id))
            continue;
        // An unmanaged worker's process is sampled (its tree found by a scan) but never limited:
        // no cgroup, no child limits (it is not the agent's to start).
        const bool unmanaged = spec.type == config::WorkerType::Unmanaged;
        Entry e;
        e.worker = w;
        QString why;
        e.plan = limits::planLimits(spec.limits, offer,
                                    limits::blockDeviceOf(w->launchSpec().workingDirectory, &why));
        LaunchSpec::ChildLimits child = e.plan.child;
        if (haveCgroups && !unmanaged) {
            auto cgroup = std::make_shared<limits::WorkerCgroup>(m_system, spec.id);
            // v1 hierarchies only for a limit whose controller only v1 offers here.
            const limits::CgroupSettings &cs = e.plan.cgroup;
            QStringList v1;
            if (!v2Membership)
                v1 << QStringLiteral("pids") << QStringLiteral("freezer");
            if ((cs.memoryMax > 0 || cs.memoryHigh > 0) && offer.memory == 1)
                v1 << QStringLiteral("memory");
            if (cs.cpuCores > 0 && offer.cpu == 1)
                v1 << QStringLiteral("cpu");
            if (cs.pidsMax > 0 && offer.pids == 1)
                v1 << QStringLiteral("pids");
            if ((cs.ioReadBps > 0 || cs.ioWriteBps > 0) && offer.io == 1)
                v1 << QStringLiteral("blkio");
            cgroup->restrictTo(v2Membership, v1);
            QString error;
            if (cgroup->create(&error)) {
                for (const QString &problem : cgroup->apply(e.plan.cgroup))
                    m_problems << QStringLiteral("%1: %2").arg(spec.id, problem);
                cgroup->placeChild(child);
                e.cgroup = cgroup;
                w->setTree(std::make_shared<CgroupTree>(cgroup));
            } else {
                m_problems << QStringLiteral("%1: no cgroup (%2); its process group is used").arg(spec.id, error);
            }
        }
        w->setChildLimits(child);
        // A worker that restarts and joins cgroup v1 keeps its next process ready (Standby.h),
        // except under a kernel pids limit, where the standby would take one of the worker's pids.
        // Without v1 joins a spawn is as quick: the standby's exec waits for its own wake-up,
        // which on a virtual machine costs what the clone saves (measured: docs/architecture.md).
        w->setUseStandby(!child.cgroupProcsFiles.isEmpty() && e.plan.cgroup.pidsMax <= 0
                         && !Standby::helperPath().isEmpty());
        w->setChildLimits(child);
        configureWatch(e, spec);
        e.history = std::make_unique<resources::History>(spec.limits.monitoring.historyRetention);
        if (e.enabled && (smallest == 0 || e.intervalMs < smallest))
            smallest = e.intervalMs;
        e.id = spec.id;
        if (e.cgroup) {
            const QString membership = e.cgroup->membershipFile();
            e.procsFile = QFile::encodeName(membership);
            e.countFile = QFile::encodeName(e.cgroup->taskCountFile());
            // Kept open only where the list is read every round (no pids.current to tell when it
            // changed): every descriptor the agent holds is copied into each worker it starts.
            // v1 rebuilds the list of an open file only once it went unread for a second (the
            // kernel's pidlist destroy delay): kept open, it is fresh at the default 2 s interval
            // but stale at half a second.
            e.procsKeepOpen = e.countFile.isEmpty()
                && ((m_system.unified() && membership.startsWith(m_system.unified()->mountPoint + u'/'))
                    || e.intervalMs >= 1500);
        }
        m_order << spec.id;
        Entry &stored = m_entries.emplace(std::piecewise_construct, std::forward_as_tuple(spec.id), std::forward_as_tuple()).first->second;
        stored.worker = e.worker;
        stored.id = e.id;
        stored.cgroup = std::move(e.cgroup);
        stored.procsFile = std::move(e.procsFile);
        stored.procsKeepOpen = e.procsKeepOpen;
        stored.countFile = std::move(e.countFile);
        stored.plan = std::move(e.plan);
        stored.limits = std::move(e.limits);
        stored.enforcer = std::move(e.enforcer);
        stored.history = std::move(e.history);
        stored.intervalMs = e.intervalMs;
        stored.oomKills = e.oomKills;
        stored.enabled = e.enabled;
        stored.exactSampling = e.exactSampling;
        added.push_back(&stored);
        Entry *entry = &stored;
        connect(w, &Worker::statusChanged, this, [this, entry] { mirror(*entry); });
        connect(w, &Worker::standbyChanged, this, [this, entry] { mirror(*entry); });
    }
    for (qsizetype i = problemsBefore; i < m_problems.size(); ++i)
        qCWarning(lcMonitor).noquote() << m_problems.at(i);
    m_intervalMs = int(smallest > 0 ? smallest : 2000);
    return added;
}

void ResourceMonitor::mirror(Entry &e)
{
    QMutexLocker lock(&e.lock);
    e.pid = e.worker->status().pid;
    e.standbyPid = e.worker->standbyPid();
    e.running = e.worker->state() == model::WorkerState::Running;
}

void ResourceMonitor::start()
{
    // One pids.current over every worker: the folder all the workers' count files share, if they
    // share one (they do when each worker has a cgroup in the same pids hierarchy).
    QByteArray group;
    for (const auto &[id, e] : m_entries) {
        if (!e.cgroup)
            continue;
        const qsizetype cut = e.countFile.lastIndexOf('/');
        const qsizetype up = cut > 0 ? e.countFile.lastIndexOf('/', cut - 1) : -1;
        const QByteArray parent = up > 0 ? e.countFile.left(up) : QByteArray();
        if (parent.isEmpty() || (!group.isEmpty() && parent != group)) {
            group.clear();
            break;
        }
        group = parent;
    }
    if (!group.isEmpty() && QFile::exists(QFile::decodeName(group + "/pids.current")))
        m_groupCountFile = group + "/pids.current";
    for (Entry *e : m_sequence)
        mirror(*e);
    m_sampler = new SamplingThread;
    m_sampler->groupCountFile = m_groupCountFile;
    m_sampler->moveToThread(&m_thread);
    m_thread.start();
    process::callOn(m_sampler, [this] {
        m_threadTimer = new QTimer(m_sampler);
        m_threadTimer->setTimerType(Qt::PreciseTimer);
        connect(m_threadTimer, &QTimer::timeout, m_sampler, [this] { round(); });
        m_threadTimer->start(m_intervalMs);
    });
}

void ResourceMonitor::finish(bool leaveWorkers)
{
    if (m_sampler) // stops the rounds; returns once none is in flight
        process::callOn(m_sampler, [this] {
            delete m_threadTimer;
            m_threadTimer = nullptr;
        });
    for (auto &[id, e] : m_entries) {
        // Left running for the next agent (agent/Adoption.h): their cgroups keep their limits.
        if (!e.cgroup || leaveWorkers)
            continue;
        if (!e.cgroup->isEmpty())
            e.cgroup->killAll(); // the agent is going and the worker's stop is done: nothing may stay
        QString error;
        if (!e.cgroup->remove(&error))
            qCWarning(lcMonitor).noquote() << "cannot remove cgroup of" << id << ":" << error;
    }
}

void ResourceMonitor::recordAgentMemory()
{
    if (m_statmFd < 0)
        m_statmFd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    char buf[128];
    const ssize_t n = m_statmFd >= 0 ? ::pread(m_statmFd, buf, sizeof buf - 1, 0) : -1;
    if (n <= 0)
        return;
    buf[n] = 0;
    long long size = 0;
    long long resident = 0;
    if (std::sscanf(buf, "%lld %lld", &size, &resident) == 2)
        m_metrics->recordAgentRss(resident * ::sysconf(_SC_PAGESIZE));
}

void ResourceMonitor::round()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_metrics)
        recordAgentMemory();
    QList<SamplingThread::Target> targets;
    QStringList gone;
    for (Entry *entry : m_sequence) {
        Entry &e = *entry;
        QMutexLocker lock(&e.lock);
        if (e.pid != e.lastPid) {
            if (e.pid > 0)
                e.enforcer->processStarted(now);
            else
                gone << e.id;
            e.lastPid = e.pid;
        }
        if (!e.enabled || e.pid <= 0 || now - e.lastSampleMs < e.intervalMs - 50)
            continue;
        e.lastSampleMs = now;
        targets.append({e.id, e.procsFile, e.pid, e.procsKeepOpen, e.exactSampling, e.countFile, e.standbyPid});
    }
    if (targets.isEmpty() && gone.isEmpty())
        return;
    const QHash<QString, model::ResourceSample> result = m_sampler->round(targets, gone);
    if (m_metrics)
        m_metrics->recordSamples(result);
    const bool publish = m_publish;
    QList<Handover> handover;
    QJsonObject out;
    for (auto it = result.cbegin(); it != result.cend(); ++it) {
        Entry *entry = m_index.value(it.key());
        if (!entry || it->processes == 0)
            continue; // unknown, or it ended meanwhile
        Entry &e = *entry;
        QMutexLocker lock(&e.lock);
        e.history->add(*it);
        if (publish)
            out.insert(it.key(), it->toJson());
        if (!e.running)
            continue;
        Handover h{&e, *it, e.enforcer->evaluate(*it, now)};
        if (!h.decision.events.isEmpty() || h.decision.action != LimitAction::None || e.throttled)
            handover << h;
    }
    if (!handover.isEmpty() || !out.isEmpty())
        process::postTo(this, [this, handover, out] { onRound(handover, out); });
}

void ResourceMonitor::onRound(const QList<Handover> &items, const QJsonObject &samplesById)
{
    for (const Handover &h : items) {
        if (!std::any_of(m_sequence.begin(), m_sequence.end(), [&h](const Entry *e) { return e == h.entry; }))
            continue; // removed since the round (a reload)
        Entry &e = *h.entry;
        if (e.duty) {
            const config::CpuLimits &c = e.worker->spec().limits.cpu;
            const double limit = c.maxPercent > 0 ? c.maxPercent : c.maxCores * 100;
            if (h.sample.cpuPercent < 0.7 * limit) // over it, the enforcer's next throttle decision adjusts
                e.runShare = std::min(1.0, e.runShare * 1.25); // at 1, the next duty step lets go
        }
        for (const QJsonObject &ev : h.decision.events) {
            qCInfo(lcMonitor).noquote() << "worker" << e.id << ev.value(QLatin1String("kind")).toString() << ":"
                                        << ev.value(QLatin1String("message")).toString();
            Q_EMIT violation(ev);
        }
        if (h.decision.action != LimitAction::None && e.worker->state() == model::WorkerState::Running)
            act(e, h.decision, h.sample);
    }
    if (!samplesById.isEmpty())
        Q_EMIT samples(samplesById);
}

void ResourceMonitor::act(Entry &e, const EnforcerDecision &d, const model::ResourceSample &sample)
{
    switch (d.action) {
    case LimitAction::Restart:
        e.worker->restartForViolation(d.reason);
        break;
    case LimitAction::RestartAdjusted:
        if (d.resource == u"memory" && e.cgroup && e.plan.cgroup.memoryMax > 0) {
            QMutexLocker lock(&e.lock);
            e.cgroup->setMemoryMax(qint64(double(e.plan.cgroup.memoryMax) * e.enforcer->adjustment(d.resource)));
        }
        e.worker->restartForViolation(d.reason);
        break;
    case LimitAction::GracefulShutdown:
        e.worker->shutdownForViolation(d.reason, false);
        break;
    case LimitAction::ImmediateKill:
        e.worker->shutdownForViolation(d.reason, true);
        break;
    case LimitAction::Throttle:
        if (d.resource == u"cpu") {
            const config::CpuLimits &c = e.worker->spec().limits.cpu;
            throttleCpu(e, sample.cpuPercent, c.maxPercent > 0 ? c.maxPercent : c.maxCores * 100);
            break;
        }
        // memory.high and io.max need the kernel; where it has neither, the violation is only reported.
        qCWarning(lcMonitor).noquote() << "worker" << e.worker->id() << ":" << d.reason
                                       << "- no kernel mechanism to throttle it on this machine; reported only";
        break;
    case LimitAction::None:
        break;
    }
}

void ResourceMonitor::signalTree(Entry &e, int sig)
{
    if (e.cgroup) {
        for (qint64 pid : e.worker->treePids())
            if (pid > 1)
                ::kill(pid_t(pid), sig);
    }
    const qint64 pgid = e.worker->processGroup();
    if (pgid > 1)
        ::kill(-pid_t(pgid), sig);
}

// No CFS quota here: the worker runs `runShare` of every 100 ms and is stopped for the rest. The
// share follows the measurements (a sample averages running and stopped time alike), and the
// throttle lets go once the worker stays well under its limit at full share.
void ResourceMonitor::throttleCpu(Entry &e, double measured, double limit)
{
    if (limit <= 0 || measured <= 0)
        return;
    const double next = std::clamp(e.runShare * limit / measured, 0.05, 1.0);
    if (!e.duty) {
        e.throttled = true;
        e.duty = new QTimer(this);
        e.duty->setSingleShot(true);
        e.duty->setTimerType(Qt::PreciseTimer);
        Entry *entry = &e;
        connect(e.duty, &QTimer::timeout, this, [this, entry] { dutyStep(*entry); });
        qCInfo(lcMonitor).noquote() << "worker" << e.worker->id()
                                    << QStringLiteral("over its CPU limit with no quota available: SIGSTOP/SIGCONT, "
                                                      "running %1 % of the time").arg(int(next * 100));
    }
    e.runShare = next;
    if (!e.duty->isActive())
        dutyStep(e);
}

void ResourceMonitor::dutyStep(Entry &e)
{
    constexpr int kPeriodMs = 100;
    if (e.worker->state() != model::WorkerState::Running || e.runShare >= 1.0) {
        if (e.stopped)
            signalTree(e, SIGCONT);
        e.stopped = false;
        e.runShare = 1.0;
        e.throttled = false;
        if (e.duty) {
            e.duty->deleteLater();
            e.duty = nullptr;
        }
        return;
    }
    e.stopped = !e.stopped;
    signalTree(e, e.stopped ? SIGSTOP : SIGCONT);
    const int run = std::max(1, int(kPeriodMs * e.runShare));
    e.duty->start(e.stopped ? kPeriodMs - run : run);
}

model::ResourceLimits ResourceMonitor::limitsOf(const Entry &e) const
{
    const config::LimitsSpec &l = e.worker->spec().limits;
    model::ResourceLimits r;
    r.maxRss = qint64(double(l.memory.maxRss) * e.enforcer->adjustment(QStringLiteral("memory")));
    r.maxPercent = l.cpu.maxPercent > 0 ? l.cpu.maxPercent : l.cpu.maxCores * 100;
    r.maxProcesses = l.process.maxProcesses;
    r.maxFds = l.process.maxFileDescriptors;
    r.maxReadBps = double(l.io.maxReadBps);
    r.maxWriteBps = double(l.io.maxWriteBps);
    r.warningMemory = l.memory.warningThreshold;
    r.warningCpu = l.cpu.warningThreshold;
    return r;
}

QList<model::EnforcedLimit> ResourceMonitor::enforcementOf(const Entry &e)
{
    QList<model::EnforcedLimit> out;
    for (const limits::LimitReport &rep : e.plan.report)
        out.append(model::EnforcedLimit{rep.key, rep.value, rep.mechanism, rep.kernelEnforced, rep.reason});
    return out;
}

std::optional<QJsonObject> ResourceMonitor::resources(const QString &id, const QString &resolution, qint64 sinceMs,
                                                      QString *error) const
{
    const auto r = resources::History::resolutionFromName(resolution);
    if (!r) {
        *error = QStringLiteral("\"resolution\" must be \"1s\", \"10s\" or \"1m\"");
        return std::nullopt;
    }
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return std::nullopt;
    const Entry &e = it->second;
    QMutexLocker lock(const_cast<QMutex *>(&e.lock));
    model::ResourceReport report;
    report.id = id;
    report.intervalMs = e.intervalMs;
    report.resolution = resources::History::resolutionName(*r);
    const model::ResourceSample latest = e.history->latest();
    if (e.worker->status().pid > 0 && latest.timestampMs > 0)
        report.now = latest;
    report.points = e.history->points(*r, sinceMs);
    report.limits = limitsOf(e);
    report.enforcement = enforcementOf(e);
    report.freezer = e.cgroup && e.cgroup->canFreeze();
    report.cgroup = e.cgroup ? e.cgroup->paths().value(0) : QString();
    report.historyBytes = qint64(e.history->memoryBytes());
    report.historyMaxBytes = qint64(e.history->maxBytes());
    return report.toJson();
}

QStringList ResourceMonitor::backends() const
{
    QStringList b;
    if (m_system.unified() && m_system.unified()->writable)
        b << QStringLiteral("cgroup-v2");
    if (!m_system.v1Hierarchies().isEmpty())
        b << QStringLiteral("cgroup-v1");
    b << QStringLiteral("rlimit") << QStringLiteral("nice");
    return b;
}

qsizetype ResourceMonitor::historyBytes() const
{
    qsizetype n = 0;
    for (const auto &[id, e] : m_entries)
        n += e.history->memoryBytes();
    return n;
}

QJsonObject ResourceMonitor::doctor() const
{
    model::DoctorReport d;
    d.backends = backends();
    d.cgroups = m_system.describe();
    d.problems = m_problems;
    for (const QString &id : m_order) {
        const Entry &e = m_entries.at(id);
        d.workers.insert(id, model::DoctorReport::Worker{e.cgroup ? e.cgroup->paths() : QStringList(),
                                                         e.cgroup && e.cgroup->canFreeze(), enforcementOf(e)});
    }
    return d.toJson();
}

} // namespace hsu::agent::monitor
