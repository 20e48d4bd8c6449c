#include "HealthMonitor.h"

#include "agent/core/Worker.h"
#include "shared/config/Names.h"

#include <QLoggingCategory>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcHealth, "hsu.agent.health")

namespace hsu::agent::health {

config::HealthCheckSpec checkOf(const Worker &worker)
{
    const config::WorkerSpec &spec = worker.spec();
    if (spec.type != config::WorkerType::Integrated)
        return spec.healthCheck;
    // HSU core's service on the port the agent handed the worker, on health_check_run_options.
    config::HealthCheckSpec ping;
    ping.type = config::HealthCheckType::Grpc;
    ping.grpcAddress = QStringLiteral("127.0.0.1:%1").arg(worker.integratedPort());
    ping.grpcMethod = QStringLiteral("proto.CoreService/Ping");
    ping.runOptions = spec.healthCheck.runOptions;
    return ping;
}

QString describeTarget(const config::HealthCheckSpec &check)
{
    switch (check.type) {
    case config::HealthCheckType::Http:
        return check.httpMethod + QLatin1Char(' ') + check.httpUrl;
    case config::HealthCheckType::Tcp:
        return QStringLiteral("%1:%2").arg(check.tcpAddress.isEmpty() ? QStringLiteral("127.0.0.1") : check.tcpAddress)
            .arg(check.tcpPort);
    case config::HealthCheckType::Grpc:
        if (!check.grpcMethod.isEmpty())
            return check.grpcAddress + QLatin1Char(' ') + check.grpcMethod;
        return check.grpcService.isEmpty() ? check.grpcAddress + QStringLiteral(" (whole server)")
                                           : check.grpcAddress + QStringLiteral(" service ") + check.grpcService;
    case config::HealthCheckType::Exec:
        return QStringList{check.execCommand, check.execArgs.join(QLatin1Char(' '))}.join(QLatin1Char(' ')).trimmed();
    case config::HealthCheckType::Process:
        return QStringLiteral("the worker's process");
    case config::HealthCheckType::None:
        break;
    }
    return QString();
}

HealthMonitor::HealthMonitor(QObject *parent)
    : QObject(parent)
{
}

HealthMonitor::~HealthMonitor()
{
    for (Watch *w : std::as_const(m_watches))
        delete w;
}

void HealthMonitor::addWorker(Worker *worker)
{
    if (m_watches.contains(worker->id()))
        return;
    auto *w = new Watch;
    w->worker = worker;
    w->check = checkOf(*worker);
    w->timer.setSingleShot(true);
    // A coarse timer may fire 5 % early: a check must not run before its initial delay.
    w->timer.setTimerType(Qt::PreciseTimer);
    connect(&w->timer, &QTimer::timeout, this, [this, w] { runOnce(*w); });
    connect(worker, &Worker::statusChanged, this, [this, w] { follow(*w); });
    m_watches.insert(worker->id(), w);
    follow(*w);
}

void HealthMonitor::removeWorker(const QString &id)
{
    Watch *w = m_watches.take(id);
    if (!w)
        return;
    w->worker->disconnect(this);
    delete w;
}

void HealthMonitor::specChanged(const QString &id)
{
    Watch *w = m_watches.value(id);
    if (!w || checkOf(*w->worker) == w->check)
        return;
    w->check = checkOf(*w->worker);
    // A new check starts over for the running process, after its initial delay.
    if (w->probe)
        w->probe->cancel();
    w->timer.stop();
    w->pid = 0;
    follow(*w);
}

std::optional<model::HealthReport> HealthMonitor::healthReport(const QString &id) const
{
    const Watch *w = m_watches.value(id);
    if (!w)
        return std::nullopt;
    model::HealthReport r;
    r.id = id;
    const model::WorkerStatus &status = w->worker->status();
    if (w->check.type != config::HealthCheckType::None) {
        r.kind = config::enumName(w->check.type);
        r.target = describeTarget(w->check);
    }
    const config::HealthRunOptions &o = w->check.runOptions;
    r.enabled = o.enabled;
    r.intervalMs = o.interval.count();
    r.timeoutMs = o.timeout.count();
    r.initialDelayMs = o.initialDelay.count();
    r.retries = std::max(1, o.retries);
    r.health = status.health;
    r.reason = status.healthReason;
    r.failuresInARow = w->failures;
    r.checks = w->checks;
    r.failures = w->failed;
    r.results = w->results;
    return r;
}

void HealthMonitor::follow(Watch &w)
{
    const model::WorkerStatus &status = w.worker->status();
    if (!w.check.isRun()) {
        if (!status.health.isEmpty())
            w.worker->setHealth(QString(), QString());
        return;
    }
    const bool running = status.state == model::WorkerState::Running && status.pid > 0;
    if (running && status.pid == w.pid)
        return; // the same process: its schedule goes on
    // Another process, or none: what was known is about the one before.
    if (w.probe)
        w.probe->cancel();
    w.timer.stop();
    w.failures = 0;
    w.restartAsked = false;
    w.pid = running ? status.pid : 0;
    if (status.health != QLatin1String("unknown") || !status.healthReason.isEmpty())
        w.worker->setHealth(QStringLiteral("unknown"), QString());
    if (running)
        schedule(w, w.check.runOptions.initialDelay.count());
}

void HealthMonitor::schedule(Watch &w, qint64 delayMs)
{
    w.timer.start(int(std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max())));
}

void HealthMonitor::runOnce(Watch &w)
{
    if (w.pid <= 0)
        return;
    Watch *watch = &w;
    if (!w.probe)
        w.probe = std::make_unique<HealthProbe>();
    w.probe->run(w.check, w.pid, [this, watch](const ProbeResult &r) { onResult(*watch, r); });
}

void HealthMonitor::onResult(Watch &w, const ProbeResult &result)
{
    const int retries = std::max(1, w.check.runOptions.retries);
    QString health;
    QString reason;
    if (result.healthy) {
        w.failures = 0;
        health = QStringLiteral("healthy");
    } else {
        ++w.failures;
        health = w.failures >= retries ? QStringLiteral("unhealthy") : QStringLiteral("degraded");
        reason = retries > 1 ? QStringLiteral("%1 (%2 of %3 in a row)").arg(result.reason).arg(std::min(w.failures, retries)).arg(retries)
                             : result.reason;
    }
    ++w.checks;
    Q_EMIT checkFinished(w.worker->id(), result.latencyMs, result.healthy);
    if (!result.healthy)
        ++w.failed;
    if (w.results.size() >= model::HealthReport::kKept)
        w.results.removeFirst();
    w.results.append(model::HealthResult{QDateTime::currentDateTimeUtc(), result.healthy, result.latencyMs, result.reason, health});
    const model::WorkerStatus &status = w.worker->status();
    if (status.health != health)
        qCInfo(lcHealth).noquote() << "worker" << w.worker->id() << "is" << health
                                   << (reason.isEmpty() ? QStringLiteral("(%1 ms)").arg(result.latencyMs) : QStringLiteral(": ") + reason);
    if (status.health != health || status.healthReason != reason)
        w.worker->setHealth(health, reason, result.latencyMs);
    if (health == QLatin1String("unhealthy") && !w.restartAsked) {
        // Once per process: its restart (or its end in `failed`) brings the next verdict.
        w.restartAsked = true;
        w.worker->restartFor(RestartCause::HealthFailure, QStringLiteral("health check failed: %1").arg(reason));
        return;
    }
    if (w.pid > 0)
        schedule(w, std::max<qint64>(0, w.check.runOptions.interval.count() - result.latencyMs));
}

} // namespace hsu::agent::health
