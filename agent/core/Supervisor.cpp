#include "Supervisor.h"

#include "IntegratedPort.h"

#include "shared/config/LogSettings.h"
#include "shared/config/Names.h"
#include "shared/config/Paths.h"
#include "shared/model/WorkerDetails.h"

#include <algorithm>

#include <QDir>
#include <QJsonArray>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStandardPaths>

Q_DECLARE_LOGGING_CATEGORY(lcWorker)

namespace hsu::agent {

using model::WorkerState;

namespace {
// After the force timeout SIGKILLs what is left, give the kernel this long to take it away.
constexpr int kAfterKillMs = 2000;
} // namespace

Supervisor::Supervisor(config::Config config, AgentPaths paths, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_paths(std::move(paths))
{
    m_baseEnvironment = ChildEnvironment::ofThisProcess();
    m_agentEnvironment = QProcessEnvironment::systemEnvironment();
    // Each Worker owns its spec from here on: the config keeps the rest (a second copy of every
    // spec was 1.2 KB per worker, a megabyte with a thousand of them).
    for (config::WorkerSpec &spec : m_config.workers)
        addWorker(std::move(spec));
    m_config.workers.clear();
    m_config.workers.shrink_to_fit();
    m_forceTimer.setSingleShot(true);
    connect(&m_forceTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcWorker) << "force_shutdown_timeout reached; killing what is left";
        for (Worker *w : m_workers)
            if (!w->isSettled())
                w->kill();
        QTimer::singleShot(kAfterKillMs, this, [this] {
            if (!m_shutdownDone) {
                m_shutdownDone = true;
                Q_EMIT shutdownFinished();
            }
        });
    });
}

Supervisor::~Supervisor()
{
    for (const Worker *w : m_workers)
        if (w->integratedPort() != 0 && !m_paths.stateDir.isEmpty())
            integrated::removePortFile(m_paths.stateDir, w->id());
}

Worker *Supervisor::addWorker(config::WorkerSpec spec)
{
    if (m_byId.contains(spec.id))
        return nullptr;
    LaunchSpec launch = launchSpecFor(spec, m_paths, m_baseEnvironment, m_agentEnvironment);
    const QString id = spec.id;
    quint16 port = 0;
    if (spec.type == config::WorkerType::Integrated) {
        // Chosen once per set-up and kept across restarts (the worker's clients may have it).
        QString error;
        port = m_portSource ? m_portSource(id) : 0;
        if (port == 0)
            port = integrated::pickFreePort(&error);
        if (port != 0) {
            launch.args << QStringLiteral("--port") << QString::number(port);
            if (!m_paths.stateDir.isEmpty() && !integrated::writePortFile(m_paths.stateDir, id, port, &error))
                qCWarning(lcWorker).noquote() << "worker" << id << ":" << error;
        } else {
            qCWarning(lcWorker).noquote() << "worker" << id << "gets no --port:" << error;
        }
    }
    auto *w = new Worker(std::move(spec), std::move(launch), this);
    w->setIntegratedPort(port);
    connect(w, &Worker::statusChanged, this, &Supervisor::onWorkerChanged);
    connect(w, &Worker::settled, this, [this, w] { onWorkerSettled(w); });
    connect(w, &Worker::processEnded, this, &Supervisor::workerProcessEnded);
    m_workers.push_back(w);
    m_byId.insert(id, w);
    return w;
}

void Supervisor::removeWorker(const QString &id)
{
    Worker *w = m_byId.take(id);
    if (!w)
        return;
    m_workers.erase(std::remove(m_workers.begin(), m_workers.end(), w), m_workers.end());
    m_pending.removeAll(w);
    if (w->integratedPort() != 0 && !m_paths.stateDir.isEmpty())
        integrated::removePortFile(m_paths.stateDir, id);
    w->disconnect(this);
    delete w;
}

void Supervisor::startWorkers(const QStringList &ids)
{
    for (const QString &id : ids) {
        Worker *w = find(id);
        if (!w || !w->spec().enabled || w->spec().type == config::WorkerType::Unmanaged)
            continue;
        if (!m_pending.contains(w))
            m_pending.append(w);
    }
    startPending();
}

config::Config Supervisor::runningConfig() const
{
    config::Config c = m_config;
    c.workers.reserve(m_workers.size());
    for (const Worker *w : m_workers)
        c.workers.push_back(w->spec());
    return c;
}

void Supervisor::setTopLevel(const config::Config &config)
{
    m_config.master = config.master;
    m_config.logCollection = config.logCollection;
    m_config.dialect = config.dialect;
}

LaunchSpec Supervisor::launchSpecFor(const config::WorkerSpec &spec, const AgentPaths &paths,
                                     const ChildEnvironment &base, const QProcessEnvironment &agentEnvironment)
{
    LaunchSpec l;
    // The same resolution `hsuctl validate` checks (config::resolveExecutable).
    l.program = config::resolveExecutable(spec, paths.configFile, agentEnvironment);
    if (l.program.isEmpty())
        l.program = spec.execution.executablePath; // not in PATH: starting it fails with the OS's reason
    l.args = spec.execution.args;
    l.environment = base;
    for (const auto &[key, value] : spec.execution.environment)
        l.environment.set(key, value);
    // Marks the worker's processes: on a machine without cgroups, a double-forked daemon has lost
    // every link to the worker but this one (the resource scan looks for it).
    l.environment.set(QStringLiteral("HSU_WORKER_ID"), spec.id);
    l.workingDirectory = config::resolveWorkingDirectory(spec, paths.configFile, l.program);
    return l; // output: the log collector's FIFOs (setOutputFds), or nowhere
}

ControlResult Supervisor::pause(const QString &id)
{
    Worker *w = find(id);
    if (!w)
        return ControlResult::failure(QStringLiteral("not_found"), QStringLiteral("no worker \"%1\"").arg(id));
    return w->pause();
}

ControlResult Supervisor::resume(const QString &id)
{
    Worker *w = find(id);
    if (!w)
        return ControlResult::failure(QStringLiteral("not_found"), QStringLiteral("no worker \"%1\"").arg(id));
    return w->resume();
}

void Supervisor::setOutputFds(const QString &id, int stdoutFd, int stderrFd, const QString &stdoutPath,
                              const QString &stderrPath)
{
    if (Worker *w = find(id))
        w->setOutputFds(stdoutFd, stderrFd, stdoutPath, stderrPath);
}

Worker *Supervisor::find(const QString &id) const
{
    return m_byId.value(id, nullptr);
}

QList<model::WorkerStatus> Supervisor::workers() const
{
    QList<model::WorkerStatus> list;
    list.reserve(qsizetype(m_workers.size()));
    for (const Worker *w : m_workers)
        list.append(w->status());
    return list;
}

QJsonArray Supervisor::workersJson() const
{
    QJsonArray a;
    for (const Worker *w : m_workers)
        a.append(w->statusJson());
    return a;
}

QByteArray Supervisor::workersListJson() const
{
    // Joined from each worker's cached encoding: a thousand workers cost a memcpy, not an encode.
    QByteArray out;
    out.reserve(qsizetype(m_workers.size()) * 280 + 16);
    out.append("{\"workers\":[");
    bool first = true;
    for (const Worker *w : m_workers) {
        if (!first)
            out.append(',');
        first = false;
        out.append(w->statusJsonBytes());
    }
    out.append("]}");
    return out;
}

std::optional<model::WorkerStatus> Supervisor::worker(const QString &id) const
{
    if (const Worker *w = find(id))
        return w->status();
    return std::nullopt;
}

static ControlResult notFound(const QString &id)
{
    return ControlResult::failure(QStringLiteral("not_found"), QStringLiteral("no worker \"%1\"").arg(id));
}

ControlResult Supervisor::launchRequest(const QString &id, ControlResult (Worker::*op)())
{
    Worker *w = find(id);
    if (!w)
        return notFound(id);
    if (w->isUnmanaged()) // its own refusals (control.can_restart, never started by the agent)
        return (w->*op)();
    if (m_shuttingDown)
        return ControlResult::failure(QStringLiteral("shutting_down"), QStringLiteral("the agent is shutting down"));
    m_pending.removeOne(w); // asked for explicitly: no longer waits for its dependencies
    return (w->*op)();
}

ControlResult Supervisor::start(const QString &id)
{
    return launchRequest(id, &Worker::start);
}

ControlResult Supervisor::stop(const QString &id)
{
    Worker *w = find(id);
    if (!w)
        return notFound(id);
    if (m_pending.removeOne(w)) // waiting for its dependencies: it simply won't start
        return ControlResult{QString(), QStringLiteral("start cancelled"), w->status()};
    return w->stop();
}

ControlResult Supervisor::restart(const QString &id)
{
    return launchRequest(id, &Worker::restart);
}

ControlResult Supervisor::signal(const QString &id, int sig)
{
    Worker *w = find(id);
    if (!w)
        return notFound(id);
    return w->sendSignal(sig);
}

QJsonObject Supervisor::workerDetails(const QString &id) const
{
    const Worker *w = find(id);
    if (!w)
        return {};
    const config::WorkerSpec &spec = w->spec();
    const LaunchSpec &launch = w->launchSpec();
    model::WorkerDetails d;
    model::WorkerLaunch l;
    l.program = launch.program;
    l.args = launch.args;
    for (const auto &[key, value] : spec.execution.environment)
        l.environment << key + QLatin1Char('=') + value; // only what the config adds to the agent's own
    l.workingDirectory = launch.workingDirectory;
    l.restartPolicy = config::enumName(spec.restartPolicy);
    const config::RetryConfig &retry = spec.restart.defaultRetry;
    l.maxRetries = retry.maxRetries;
    l.retryDelayMs = qint64(retry.retryDelay.count());
    l.backoffRate = retry.backoffRate;
    l.gracefulTimeoutMs = qint64(spec.gracefulTimeout.count());
    l.enabled = spec.enabled;
    for (const config::Dependency &dep : spec.dependsOn)
        l.dependsOn << dep.id;
    l.description = spec.description;
    // Where its lines go, as the merged log_collection says (the first file of each stream is what
    // a detail view shows; log_files lists them all, for "open the log file").
    const config::ResolvedWorkerLog log = config::resolveWorkerLog(m_config, spec, m_paths.logDir);
    d.stdoutFiles = config::logFilesOf(log, false);
    d.stderrFiles = config::logFilesOf(log, true);
    l.stdoutFile = d.stdoutFiles.value(0);
    l.stderrFile = d.stderrFiles.value(0);
    d.launch = l;
    for (const Worker::Transition &t : w->history())
        d.history.append(model::StateChange{t.time, model::toString(t.from), model::toString(t.to), t.reason});
    return d.toJson();
}

QString Supervisor::unmetDependency(const Worker &w) const
{
    for (const config::Dependency &dep : w.spec().dependsOn) {
        const Worker *d = find(dep.id);
        if (!d)
            continue; // the loader rejects unknown ids; nothing to wait for
        const WorkerState s = d->state();
        bool met = true;
        switch (dep.condition) {
        case config::DependencyCondition::Started:
            met = s == WorkerState::Running;
            break;
        case config::DependencyCondition::Healthy:
            // Its check's verdict on the running process ("unknown" from the set-up on, until the
            // first result); a dependency without a check the agent runs is as good as started
            // (the loader warns).
            met = s == WorkerState::Running
                && (!d->spec().checksHealth() || d->status().health == QLatin1String("healthy"));
            break;
        case config::DependencyCondition::Completed:
            met = s == WorkerState::Exited || s == WorkerState::Failed;
            break;
        case config::DependencyCondition::CompletedSuccessfully:
            met = s == WorkerState::Exited && d->status().exitCode.value_or(-1) == 0;
            break;
        }
        if (!met) {
            // What holds it up, when that is more than "not yet": a dependency that failed, was
            // stopped or is not healthy leaves the dependant waiting, and it says why.
            QString why;
            const model::WorkerStatus &ds = d->status();
            if (s == WorkerState::Failed)
                why = ds.reason.isEmpty() ? QStringLiteral("%1 failed").arg(dep.id) : QStringLiteral("%1 failed: %2").arg(dep.id, ds.reason);
            else if (s == WorkerState::Stopped || s == WorkerState::Backoff || s == WorkerState::Paused)
                why = QStringLiteral("%1 is %2").arg(dep.id, model::toString(s));
            else if (dep.condition == config::DependencyCondition::Healthy && s == WorkerState::Running
                     && (ds.health == QLatin1String("degraded") || ds.health == QLatin1String("unhealthy")))
                // Its own status has the reason; here it would change (and be an event) at each run.
                why = QStringLiteral("%1 is %2").arg(dep.id, ds.health);
            const QString waiting = QStringLiteral("waiting for %1: %2").arg(dep.id, config::enumName(dep.condition));
            return why.isEmpty() ? waiting : QStringLiteral("%1 (%2)").arg(waiting, why);
        }
    }
    return {};
}

void Supervisor::startAll()
{
    for (Worker *w : m_workers) {
        if (!w->spec().enabled || w->spec().type == config::WorkerType::Unmanaged)
            continue;
        if (!m_pending.contains(w))
            m_pending.append(w);
    }
    startPending();
}

void Supervisor::startPending()
{
    // A start changes the worker's state, which lands here again (onWorkerChanged): that inner
    // call only asks the outer loop for one more pass. Recursing instead went one level deeper
    // per worker, each level holding a copy of the pending list (1000 workers: 8 MB of copies).
    if (m_startingPending) {
        m_pendingAgain = true;
        return;
    }
    m_startingPending = true;
    // Starting one worker can satisfy another's dependency, so go round until nothing moves.
    bool progress = true;
    while ((progress || std::exchange(m_pendingAgain, false)) && !m_pending.isEmpty() && !m_shuttingDown) {
        progress = false;
        const QList<Worker *> pending = std::exchange(m_pending, {});
        for (qsizetype i = 0; i < pending.size(); ++i) {
            Worker *w = pending[i];
            if (m_shuttingDown) // a start may end in shutdown: nothing more starts
                break;
            if (const QString waiting = unmetDependency(*w); !waiting.isEmpty()) {
                w->setWaiting(waiting); // its status says for what (a change only when it is another)
                m_pending.append(w);
                continue;
            }
            if (model::isAllowed(model::Operation::Start, w->state()))
                w->start();
            progress = true;
        }
    }
    m_startingPending = false;
    if (m_shuttingDown)
        m_pending.clear();
}

void Supervisor::onWorkerChanged(const model::WorkerStatus &status)
{
    Q_EMIT workerStateChanged(status);
    if (!m_pending.isEmpty() && !m_shuttingDown)
        startPending();
}

void Supervisor::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_pending.clear();
    qCInfo(lcWorker) << "shutting down: stopping" << m_workers.size() << "workers, dependants first";
    m_dependants.clear();
    for (Worker *w : m_workers)
        for (const config::Dependency &d : w->spec().dependsOn)
            m_dependants[d.id].append(w);
    m_forceTimer.start(m_config.master.forceShutdownTimeout);
    // The workers nothing depends on (or whose dependants have no process) go first; the others
    // follow as their dependants settle (onWorkerSettled).
    const std::vector<Worker *> all = m_workers;
    for (Worker *w : all)
        stopForShutdownIfFree(w);
    checkShutdownDone();
}

bool Supervisor::dependantsSettled(const Worker *w) const
{
    for (const Worker *d : m_dependants.value(w->id()))
        if (!d->isSettled())
            return false;
    return true;
}

void Supervisor::stopForShutdownIfFree(Worker *w)
{
    // One without a process (waiting to restart, say) has nothing to keep for its dependants:
    // stopped at once, so that no backoff starts it again meanwhile.
    if (m_shutdownAsked.contains(w) || (w->status().pid > 0 && !dependantsSettled(w)))
        return;
    m_shutdownAsked.insert(w);
    w->stopForShutdown();
}

void Supervisor::onWorkerSettled(Worker *w)
{
    if (m_shuttingDown && !m_shutdownDone) {
        // Its dependencies may be free to stop now.
        for (const config::Dependency &d : w->spec().dependsOn)
            if (Worker *dependency = find(d.id))
                stopForShutdownIfFree(dependency);
    }
    checkShutdownDone();
}

void Supervisor::checkShutdownDone()
{
    if (!m_shuttingDown || m_shutdownDone)
        return;
    for (const Worker *w : m_workers)
        if (!w->isSettled())
            return;
    m_shutdownDone = true;
    m_forceTimer.stop();
    Q_EMIT shutdownFinished();
}

} // namespace hsu::agent
