#include "RestartPolicy.h"

#include "shared/config/Names.h"

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

// A process's own exit, a violation and a failed check are all "critical" severity (multiplier 1
// unless the user says otherwise).
double multiplier(const config::WorkerSpec &spec)
{
    return config::severityMultiplier(spec.restart, QStringLiteral("critical"))
        * config::profileMultiplier(spec.restart, spec.profileType);
}

int allowed(const config::WorkerSpec &spec, RestartCause cause)
{
    const double severity = config::severityMultiplier(spec.restart, QStringLiteral("critical"));
    const double profile = config::profileMultiplier(spec.restart, spec.profileType);
    return config::allowedAttempts(RestartPolicy::retryFor(spec.restart, cause), severity, profile);
}

QString causeWords(RestartCause cause)
{
    switch (cause) {
    case RestartCause::Exit: return QString();
    case RestartCause::ResourceViolation: return QStringLiteral(" for resource violations");
    case RestartCause::HealthFailure: return QStringLiteral(" for failed health checks");
    }
    return QString();
}
} // namespace

const config::RetryConfig &RestartPolicy::retryFor(const config::ContextAwareRestart &restart, RestartCause cause)
{
    switch (cause) {
    case RestartCause::Exit: break;
    case RestartCause::ResourceViolation: return restart.resourceViolations;
    case RestartCause::HealthFailure: return restart.healthFailures;
    }
    return restart.defaultRetry;
}

bool RestartPolicy::restartsAtOnce(const config::WorkerSpec &spec, bool clean, int attemptsUsed)
{
    return policyRestarts(spec.restartPolicy, clean) && attemptsUsed < allowed(spec, RestartCause::Exit)
        && config::retryDelay(spec.restart.defaultRetry, multiplier(spec), attemptsUsed).count() == 0;
}

RestartDecision RestartPolicy::decide(const config::WorkerSpec &spec, const RestartRequest &request)
{
    RestartDecision d;
    const int used = request.attemptsUsed;
    QString what = request.reason;
    if (request.cause == RestartCause::Exit) {
        const ExitInfo &exit = request.exit;
        what = exit.describe();
        if (!policyRestarts(spec.restartPolicy, exit.clean())) {
            if (exit.clean()) {
                d.action = RestartDecision::Action::Exited;
                d.reason = QStringLiteral("finished (%1)").arg(what);
            } else {
                d.action = RestartDecision::Action::Failed;
                d.reason = QStringLiteral("%1; restart_policy %2 does not restart it")
                               .arg(what, config::enumName(spec.restartPolicy));
            }
            return d;
        }
    }
    if (used >= allowed(spec, request.cause)) {
        d.action = RestartDecision::Action::Failed;
        d.reason = QStringLiteral("gave up after %1 restart%2%3 (last: %4)")
                       .arg(used).arg(used == 1 ? QString() : QStringLiteral("s"), causeWords(request.cause), what);
        return d;
    }
    d.action = RestartDecision::Action::Restart;
    d.delay = config::retryDelay(retryFor(spec.restart, request.cause), multiplier(spec), used);
    d.reason = what;
    return d;
}

} // namespace hsu::agent
