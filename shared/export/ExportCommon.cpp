#include "ExportCommon.h"

#include "shared/config/Names.h"
#include "shared/config/Paths.h"
#include "shared/config/RestartMath.h"
#include "shared/config/YamlWriter.h"

#include <QCryptographicHash>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace hsu::exporter {

using namespace std::chrono_literals;
using config::WorkerSpec;

bool exportsAsProgram(const WorkerSpec &worker)
{
    return worker.type == config::WorkerType::Managed || worker.type == config::WorkerType::Integrated;
}

QString workerDigest(const WorkerSpec &worker)
{
    // The writer's item is canonical (keys in one order, defaults spelt the same way), so the
    // digest does not change with the layout of the user's file or with other workers.
    const QByteArray item = config::YamlWriter::workerItem(worker, 0);
    return QStringLiteral("sha256:") + QString::fromLatin1(QCryptographicHash::hash(item, QCryptographicHash::Sha256).toHex());
}

int integratedPort(const QString &id)
{
    // FNV-1a over the id's UTF-8: stable across runs and machines (qHash is seeded per process).
    quint32 h = 2166136261u;
    for (const char c : id.toUtf8()) {
        h ^= quint8(c);
        h *= 16777619u;
    }
    return 50100 + int(h % 900u);
}

Program programOf(const WorkerSpec &worker, const config::Config &config, const Options &options, QStringList *notes)
{
    Program p;
    p.path = config::resolveExecutable(worker, config.sourceFile, options.environment);
    if (p.path.isEmpty()) {
        p.path = worker.execution.executablePath;
        notes->append(QStringLiteral("%1: executable_path \"%2\" is not in PATH here: exported as written; the target "
                                     "must find it")
                          .arg(worker.id, p.path));
    }
    p.args = worker.execution.args;
    if (worker.type == config::WorkerType::Integrated)
        p.args << QStringLiteral("--port") << QString::number(integratedPort(worker.id));
    p.workingDirectory = config::resolveWorkingDirectory(worker, config.sourceFile, p.path);
    p.environment = worker.execution.environment;
    return p;
}

RestartPlan restartPlan(const WorkerSpec &worker)
{
    RestartPlan plan;
    plan.window = std::chrono::milliseconds(1s); // engines want a positive window even without restarts
    if (worker.restartPolicy == config::RestartPolicy::Never)
        return plan;
    const config::ContextAwareRestart &r = worker.restart;
    const double severity = config::severityMultiplier(r, QStringLiteral("critical"));
    const double profile = config::profileMultiplier(r, worker.profileType);
    plan.attempts = config::allowedAttempts(r.defaultRetry, severity, profile);
    plan.delay = config::retryDelay(r.defaultRetry, severity * profile, 0);
    // The engines count attempts in a sliding window; the agent forgives them once a worker stays
    // up for startup_grace_period. The window must also hold the attempts' own delays.
    plan.window = std::max(r.startupGracePeriod, plan.delay * (plan.attempts + 1));
    plan.window = std::max(plan.window, std::chrono::milliseconds(1s));
    return plan;
}

double cpuCores(const config::LimitsSpec &limits)
{
    double cores = limits.cpu.maxPercent > 0 ? limits.cpu.maxPercent / 100.0 : 0.0;
    if (limits.cpu.maxCores > 0)
        cores = cores > 0 ? std::min(cores, limits.cpu.maxCores) : limits.cpu.maxCores;
    return cores;
}

qint64 memoryMiB(qint64 bytes)
{
    constexpr qint64 mib = 1024 * 1024;
    return bytes <= 0 ? 0 : (bytes + mib - 1) / mib;
}

CheckAddress checkAddress(const WorkerSpec &worker)
{
    CheckAddress a;
    const config::HealthCheckSpec &h = worker.healthCheck;
    if (worker.type == config::WorkerType::Integrated) {
        if (worker.checksHealth()) {
            a.host = QStringLiteral("127.0.0.1");
            a.port = integratedPort(worker.id);
        }
        return a;
    }
    if (!h.isRun())
        return a;
    switch (h.type) {
    case config::HealthCheckType::Http: {
        const QUrl url(h.httpUrl);
        a.scheme = url.scheme().isEmpty() ? QStringLiteral("http") : url.scheme();
        a.host = url.host();
        a.port = url.port(a.scheme == u"https" ? 443 : 80);
        a.path = url.path(QUrl::FullyEncoded).isEmpty() ? QStringLiteral("/") : url.path(QUrl::FullyEncoded);
        if (url.hasQuery())
            a.path += u'?' + url.query(QUrl::FullyEncoded);
        break;
    }
    case config::HealthCheckType::Grpc: {
        const qsizetype colon = h.grpcAddress.lastIndexOf(u':');
        a.host = h.grpcAddress.left(colon);
        a.port = colon < 0 ? 0 : h.grpcAddress.mid(colon + 1).toInt();
        break;
    }
    case config::HealthCheckType::Tcp:
        a.host = h.tcpAddress;
        a.port = h.tcpPort;
        break;
    default:
        break;
    }
    return a;
}

QStringList dependedOnWith(const config::Config &config, config::DependencyCondition condition)
{
    QStringList ids;
    for (const WorkerSpec &w : config.workers)
        for (const config::Dependency &d : w.dependsOn)
            if (d.condition == condition && !ids.contains(d.id))
                ids << d.id;
    return ids;
}

namespace {

bool anyWarningThreshold(const config::LimitsSpec &l)
{
    return l.memory.warningThreshold || l.cpu.warningThreshold || l.io.warningThreshold || l.process.warningThreshold;
}

// Every target enforces a memory limit by killing and a CPU limit by throttling: other policies
// (log only, alert, restart with a raised limit...) have no counterpart.
void noteLimitPolicies(const WorkerSpec &w, QStringList *notes)
{
    using config::LimitPolicy;
    const auto note = [&](const char *key, LimitPolicy p, const char *what) {
        notes->append(QStringLiteral("%1: limits.%2.policy %3: the target %4").arg(w.id, QLatin1String(key),
                                                                                   config::enumName(p), QLatin1String(what)));
    };
    const LimitPolicy mem = w.limits.memory.policy;
    if (w.limits.memory.maxRss > 0 && mem != LimitPolicy::None && mem != LimitPolicy::Restart
        && mem != LimitPolicy::ImmediateKill)
        note("memory", mem, "kills the program at the limit (and restarts it by its restart policy)");
    const LimitPolicy cpu = w.limits.cpu.policy;
    if (cpuCores(w.limits) > 0 && cpu != LimitPolicy::None && cpu != LimitPolicy::Throttle)
        note("cpu", cpu, "throttles the program at the limit");
    for (const auto &[key, p] : {std::pair{"io", w.limits.io.policy}, std::pair{"process", w.limits.process.policy}})
        if (p != LimitPolicy::None)
            note(key, p, "applies the limits it can express, without this policy");
}

} // namespace

void noteCommonLosses(const WorkerSpec &w, QStringList *notes)
{
    const auto note = [&](const QString &what) { notes->append(w.id + QStringLiteral(": ") + what); };
    const config::ContextAwareRestart &r = w.restart;
    const config::ContextAwareRestart defaults;
    if (w.restartPolicy != config::RestartPolicy::Never && r.defaultRetry.backoffRate != 1.0)
        note(QStringLiteral("backoff_rate %1: not exported; the target's own restart delay applies").arg(r.defaultRetry.backoffRate));
    if (r.healthFailures != r.defaultRetry)
        note(QStringLiteral("context_aware_restart.health_failures: one restart policy for every cause"));
    if (r.resourceViolations != config::derivedResourceViolations(r.defaultRetry))
        note(QStringLiteral("context_aware_restart.resource_violations: one restart policy for every cause"));
    if (!r.severityMultipliers.isEmpty())
        note(QStringLiteral("context_aware_restart.severity_multipliers: no severities in the target"));
    if (r.sustainedViolationTime != defaults.sustainedViolationTime || r.spikeToleranceTime != defaults.spikeToleranceTime)
        note(QStringLiteral("sustained_violation_time / spike_tolerance_time: limits apply at once"));
    noteLimitPolicies(w, notes);
    if (anyWarningThreshold(w.limits))
        note(QStringLiteral("limits warning_threshold: no warnings before a limit"));
    if (w.limits.memory.maxVirtual > 0)
        note(QStringLiteral("limits.memory.max_virtual: not exported"));
    if (w.limits.cpu.maxTime.count() > 0)
        note(QStringLiteral("limits.cpu.max_time: not exported"));
    if (w.limits.io.maxReadBps || w.limits.io.maxWriteBps || w.limits.io.maxReadOps || w.limits.io.maxWriteOps)
        note(QStringLiteral("limits.io bandwidth and operations: they need a device, not known here"));
    if (w.limits.process.maxChildProcesses > 0)
        note(QStringLiteral("limits.process.max_child_processes: not exported"));
    if (w.limits.monitoring != config::MonitoringSpec{})
        note(QStringLiteral("limits.monitoring: the target's own metrics apply"));
    if (w.logCollection)
        note(QStringLiteral("log_collection: the target keeps the program's output its own way"));
    if (!w.processFile.isEmpty())
        note(QStringLiteral("control.process_file: not exported"));
}

void noteConfigLosses(const config::Config &config, QStringList *notes)
{
    if (config.logCollection && config.logCollection->enabled)
        notes->append(QStringLiteral("log_collection: not exported; the target keeps every program's output its own way"));
    // Ports come from the ids alone (integratedPort); two ids may meet. Rare, but say so.
    QMap<int, QString> portOwner;
    for (const WorkerSpec &w : config.workers) {
        if (w.type != config::WorkerType::Integrated)
            continue;
        const int port = integratedPort(w.id);
        if (portOwner.contains(port))
            notes->append(QStringLiteral("%1: its --port %2 is also %3's: change one of the two in the output")
                              .arg(w.id).arg(port).arg(portOwner.value(port)));
        portOwner.insert(port, w.id);
    }
}

void noteUnmanaged(const config::Config &config, QStringList *notes)
{
    for (const WorkerSpec &w : config.workers)
        if (!exportsAsProgram(w))
            notes->append(QStringLiteral("%1: not exported: an unmanaged worker is found, not started").arg(w.id));
}

qint64 nanoseconds(std::chrono::milliseconds d)
{
    return qint64(d.count()) * 1000000;
}

int secondsAtLeast(std::chrono::milliseconds d, int floor)
{
    return std::max(floor, int((d.count() + 999) / 1000));
}

QString dnsLabel(const QString &text)
{
    QString out;
    for (const QChar c : text.toLower())
        out += (c.isDigit() || (c >= u'a' && c <= u'z')) ? c : u'-';
    while (out.startsWith(u'-'))
        out.remove(0, 1);
    out.truncate(63);
    while (out.endsWith(u'-'))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("hsu") : out;
}

} // namespace hsu::exporter
