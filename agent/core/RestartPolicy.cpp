#include "RestartPolicy.h"

#include "shared/config/RestartMath.h"

namespace hsu::agent {

namespace {
bool policyRestarts(config::RestartPolicy policy, bool clean)
{
    switch (policy) {
    case config::RestartPolicy::Never:
        return false;
    case config::RestartPolicy::OnFailure:
        return !clean;
    case config::RestartPolicy::Always:
    case config::RestartPolicy::UnlessStopped: // a user's stop never reaches here
        return true;
    }
    return false;
}
} // namespace

bool RestartPolicy::restartsAtOnce(const config::WorkerSpec &spec, bool clean, int attemptsUsed)
{
    if (!policyRestarts(spec.restartPolicy, clean))
        return false;
    const double severity = config::severityMultiplier(spec.restart, QStringLiteral("critical"));
    const double profile = config::profileMultiplier(spec.restart, spec.profileType);
    return attemptsUsed < config::allowedAttempts(spec.restart.defaultRetry, severity, profile)
        && config::retryDelay(spec.restart.defaultRetry, severity * profile, attemptsUsed).count() == 0;
}

RestartDecision RestartPolicy::decide(const config::WorkerSpec &spec, const ExitInfo &exit, int attemptsUsed)
{
    RestartDecision d;
    const QString how = exit.describe();
    if (!policyRestarts(spec.restartPolicy, exit.clean())) {
        if (exit.clean()) {
            d.action = RestartDecision::Action::Exited;
            d.reason = QStringLiteral("finished (%1)").arg(how);
        } else {
            d.action = RestartDecision::Action::Failed;
            d.reason = QStringLiteral("%1; restart_policy %2 does not restart it")
                           .arg(how, spec.restartPolicy == config::RestartPolicy::Never
                                         ? QStringLiteral("never") : QStringLiteral("on-failure"));
        }
        return d;
    }
    // A process's own exit is "critical" severity (multiplier 1 unless the user says otherwise).
    const double severity = config::severityMultiplier(spec.restart, QStringLiteral("critical"));
    const double profile = config::profileMultiplier(spec.restart, spec.profileType);
    const int allowed = config::allowedAttempts(spec.restart.defaultRetry, severity, profile);
    if (attemptsUsed >= allowed) {
        d.action = RestartDecision::Action::Failed;
        d.reason = QStringLiteral("gave up after %1 restart%2 (last: %3)")
                       .arg(attemptsUsed).arg(attemptsUsed == 1 ? QString() : QStringLiteral("s")).arg(how);
        return d;
    }
    d.action = RestartDecision::Action::Restart;
    d.delay = config::retryDelay(spec.restart.defaultRetry, severity * profile, attemptsUsed);
    d.reason = how;
    return d;
}

} // namespace hsu::agent
