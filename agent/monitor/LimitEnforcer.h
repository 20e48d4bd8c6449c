#pragma once

// Decides, from a worker's samples, what its limits' policies say to do. Pure: no processes, no
// timers, no clock of its own (the caller passes the time), so every rule is tested directly.
//
// Per limit: crossing warning_threshold (percent of the limit) is one "warning" event, re-armed once
// the value drops below it again. Going over the limit is a "violation"; the policy acts once the
// violation has lasted long enough: spike_tolerance_time for memory, processes and fds (a hard
// resource: a brief spike may be tolerated, no more), sustained_violation_time for cpu and io (a
// rate: only a sustained excess counts). During startup_grace_period after a process starts, cpu
// and io violations are reported but not acted on (a start-up's burst is not a fault); memory,
// process and descriptor limits are enforced from the start (a runaway gets no two minutes). One
// action per process: the next comes after the worker's next start.

#include "shared/config/WorkerSpec.h"
#include "shared/model/ResourceSample.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace hsu::agent::monitor {

enum class LimitAction { None, Restart, RestartAdjusted, GracefulShutdown, ImmediateKill, Throttle };

struct EnforcerDecision
{
    QList<QJsonObject> events; // limits.violation data, each {worker, resource, kind, value, limit, ...}
    LimitAction action = LimitAction::None;
    QString resource;          // which limit the action is for
    QString reason;            // for the worker's state, e.g. "RSS 310 MiB over max_rss 100 MiB (policy restart)"
};

class LimitEnforcer
{
public:
    // `kernelEnforced`: resources whose limit the kernel already holds (no sampled violation of
    // those can happen, except memory where the kernel kills: see oomKilled()).
    LimitEnforcer(const config::WorkerSpec &spec, QStringList kernelEnforced = {});

    // A new process started at `startMs`: grace starts, timers and the one-action latch reset.
    void processStarted(qint64 startMs);
    // A reload changed the worker's context_aware_restart (tolerance, sustained and grace times).
    void setRestartSettings(const config::ContextAwareRestart &restart) { m_restart = restart; }
    EnforcerDecision evaluate(const model::ResourceSample &sample, qint64 nowMs);

    // restart_adjusted raised the limit: each restart of that kind multiplies it by 1.5, up to
    // twice what the config says.
    double adjustment(const QString &resource) const;
    bool hasLimits() const { return !m_rules.isEmpty(); }

    static QString policyName(config::LimitPolicy p);
    static QString formatBytes(double bytes);

private:
    struct Rule
    {
        QString resource; // memory, cpu, processes, fds, io_read, io_write
        QString key;      // the config key, e.g. max_rss
        double limit = 0;
        int warningPercent = 0;
        config::LimitPolicy policy = config::LimitPolicy::None;
        bool sustained = false; // a rate: sustained_violation_time; else spike_tolerance_time
        bool kernel = false;
        bool warned = false;
        qint64 overSinceMs = -1;
        bool reportedViolation = false;
    };
    static double valueOf(const Rule &rule, const model::ResourceSample &s);
    QString describe(const Rule &rule, double value) const;

    QString m_workerId;
    config::ContextAwareRestart m_restart;
    QList<Rule> m_rules;
    QHash<QString, double> m_adjust; // resource -> multiplier from restart_adjusted
    qint64 m_startMs = 0;
    bool m_acted = false;
};

} // namespace hsu::agent::monitor
