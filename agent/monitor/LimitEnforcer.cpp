#include "LimitEnforcer.h"

#include "shared/config/Names.h"
#include "shared/model/ResourceReport.h"

#include <QLocale>

#include <algorithm>

namespace hsu::agent::monitor {

namespace {
constexpr double kAdjustStep = 1.5;
constexpr double kAdjustCap = 2.0;

LimitAction actionFor(config::LimitPolicy p)
{
    switch (p) {
    case config::LimitPolicy::Restart: return LimitAction::Restart;
    case config::LimitPolicy::RestartAdjusted: return LimitAction::RestartAdjusted;
    case config::LimitPolicy::GracefulShutdown: return LimitAction::GracefulShutdown;
    case config::LimitPolicy::ImmediateKill: return LimitAction::ImmediateKill;
    case config::LimitPolicy::Throttle: return LimitAction::Throttle;
    default: return LimitAction::None;
    }
}

// An action is named as the policy that asks for it (config::enumName: one source of names).
QString actionName(LimitAction a)
{
    switch (a) {
    case LimitAction::Restart: return config::enumName(config::LimitPolicy::Restart);
    case LimitAction::RestartAdjusted: return config::enumName(config::LimitPolicy::RestartAdjusted);
    case LimitAction::GracefulShutdown: return config::enumName(config::LimitPolicy::GracefulShutdown);
    case LimitAction::ImmediateKill: return config::enumName(config::LimitPolicy::ImmediateKill);
    case LimitAction::Throttle: return config::enumName(config::LimitPolicy::Throttle);
    case LimitAction::None: break;
    }
    return config::enumName(config::LimitPolicy::None);
}
} // namespace

QString LimitEnforcer::policyName(config::LimitPolicy p)
{
    return config::enumName(p);
}

QString LimitEnforcer::formatBytes(double bytes)
{
    return QLocale::c().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

LimitEnforcer::LimitEnforcer(const config::WorkerSpec &spec, QStringList kernelEnforced)
    : m_workerId(spec.id)
    , m_restart(spec.restart)
{
    const config::LimitsSpec &l = spec.limits;
    auto add = [&](const QString &resource, const QString &key, double limit, int warn, config::LimitPolicy policy,
                   bool sustained) {
        if (limit <= 0)
            return;
        Rule r;
        r.resource = resource;
        r.key = key;
        r.limit = limit;
        r.warningPercent = warn;
        r.policy = policy;
        r.sustained = sustained;
        r.kernel = kernelEnforced.contains(resource);
        m_rules << r;
    };
    add(QStringLiteral("memory"), QStringLiteral("max_rss"), double(l.memory.maxRss), l.memory.warningThreshold,
        l.memory.policy, false);
    const double cpu = l.cpu.maxPercent > 0 ? l.cpu.maxPercent : l.cpu.maxCores * 100;
    add(QStringLiteral("cpu"), l.cpu.maxPercent > 0 ? QStringLiteral("max_percent") : QStringLiteral("max_cores"), cpu,
        l.cpu.warningThreshold, l.cpu.policy, true);
    add(QStringLiteral("processes"), QStringLiteral("max_processes"), l.process.maxProcesses,
        l.process.warningThreshold, l.process.policy, false);
    add(QStringLiteral("fds"), QStringLiteral("max_file_descriptors"), l.process.maxFileDescriptors,
        l.process.warningThreshold, l.process.policy, false);
    add(QStringLiteral("io_read"), QStringLiteral("max_read_bps"), double(l.io.maxReadBps), l.io.warningThreshold,
        l.io.policy, true);
    add(QStringLiteral("io_write"), QStringLiteral("max_write_bps"), double(l.io.maxWriteBps), l.io.warningThreshold,
        l.io.policy, true);
}

double LimitEnforcer::adjustment(const QString &resource) const
{
    return m_adjust.value(resource, 1.0);
}

void LimitEnforcer::processStarted(qint64 startMs)
{
    m_startMs = startMs;
    m_acted = false;
    for (Rule &r : m_rules) {
        r.overSinceMs = -1;
        r.reportedViolation = false;
        r.warned = false;
    }
}

double LimitEnforcer::valueOf(const Rule &rule, const model::ResourceSample &s)
{
    if (rule.resource == u"memory")
        return double(s.rssBytes);
    if (rule.resource == u"cpu")
        return s.cpuPercent;
    if (rule.resource == u"processes")
        return s.processes;
    if (rule.resource == u"fds")
        return s.openFds;
    if (rule.resource == u"io_read")
        return s.readBytesPerSec;
    return s.writeBytesPerSec;
}

QString LimitEnforcer::describe(const Rule &rule, double value) const
{
    const double limit = rule.limit * adjustment(rule.resource);
    if (rule.resource == u"memory")
        return QStringLiteral("RSS %1 over max_rss %2").arg(formatBytes(value), formatBytes(limit));
    if (rule.resource == u"cpu")
        return QStringLiteral("CPU %1 % over %2 %3 %").arg(value, 0, 'f', 1).arg(rule.key).arg(limit, 0, 'f', 1);
    if (rule.resource.startsWith(u"io_"))
        return QStringLiteral("%1 %2/s over %3 %2/s").arg(rule.key, formatBytes(value), formatBytes(limit));
    return QStringLiteral("%1 %2 over %3 %4").arg(rule.resource).arg(qint64(value)).arg(rule.key).arg(qint64(limit));
}

EnforcerDecision LimitEnforcer::evaluate(const model::ResourceSample &s, qint64 nowMs)
{
    EnforcerDecision d;
    const bool inGrace = nowMs - m_startMs < m_restart.startupGracePeriod.count();
    for (Rule &r : m_rules) {
        if (r.policy == config::LimitPolicy::None)
            continue;
        const double limit = r.limit * adjustment(r.resource);
        const double value = valueOf(r, s);
        auto event = [&](const QString &kind, const QString &message, const QString &action = QString()) {
            model::LimitViolation v;
            v.worker = m_workerId;
            v.resource = r.resource;
            v.kind = kind;
            v.key = r.key;
            v.policy = policyName(r.policy);
            v.action = action;
            v.message = message;
            v.value = value;
            v.limit = limit;
            d.events << v.toJson();
        };
        if (r.warningPercent > 0) {
            const double threshold = limit * r.warningPercent / 100.0;
            if (value >= threshold && !r.warned) {
                r.warned = true;
                event(QStringLiteral("warning"), QStringLiteral("%1 at %2 % of its limit (%3)")
                                                     .arg(r.resource).arg(int(value * 100 / limit))
                                                     .arg(describe(r, value).replace(QLatin1String(" over "), QLatin1String(", limit "))));
            } else if (value < threshold) {
                r.warned = false;
            }
        }
        if (value <= limit) {
            r.overSinceMs = -1;
            r.reportedViolation = false;
            continue;
        }
        if (r.overSinceMs < 0)
            r.overSinceMs = nowMs;
        const qint64 lasted = nowMs - r.overSinceMs;
        const qint64 needed = r.sustained ? m_restart.sustainedViolationTime.count() : m_restart.spikeToleranceTime.count();
        // The grace period forgives a start-up's burst of CPU or I/O, never a runaway: memory,
        // processes and descriptors are acted on after spike_tolerance_time from the first second.
        const bool forgiven = inGrace && r.sustained;
        if (!r.reportedViolation) {
            r.reportedViolation = true;
            event(QStringLiteral("violation"), describe(r, value) + (forgiven ? QStringLiteral(" (in the startup grace period: no action)") : QString()));
        }
        const LimitAction action = actionFor(r.policy);
        if (action == LimitAction::None || m_acted || forgiven || lasted < needed)
            continue;
        if (action == LimitAction::Throttle && r.kernel)
            continue; // the kernel holds it already
        m_acted = action != LimitAction::Throttle;
        d.action = action;
        d.resource = r.resource;
        d.reason = QStringLiteral("%1 (policy %2)").arg(describe(r, value), policyName(r.policy));
        if (action == LimitAction::RestartAdjusted) {
            const double next = std::min(adjustment(r.resource) * kAdjustStep, kAdjustCap);
            m_adjust.insert(r.resource, next);
            d.reason += QStringLiteral("; limit raised to %1").arg(r.resource == u"memory" ? formatBytes(r.limit * next)
                                                                                          : QString::number(r.limit * next));
        }
        event(QStringLiteral("action"), d.reason, actionName(action));
    }
    return d;
}

} // namespace hsu::agent::monitor
