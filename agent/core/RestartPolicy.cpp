#include "RestartPolicy.h"

#include <algorithm>
#include <cmath>

namespace hsu::agent {

namespace {
// TEMP until shared/config/RestartMath lands.
double severityMultiplier(const config::ContextAwareRestart &r, const QString &sev)
{
    return r.severityMultipliers.value(sev, 1.0);
}
double profileMultiplier(const config::ContextAwareRestart &r, config::ProfileType p)
{
    static const char *names[] = {"batch", "web", "database", "worker", "scheduler", "default"};
    static const double builtIn[] = {3, 1, 5, 2, 2.5, 1};
    const int i = static_cast<int>(p);
    if (!r.workerProfileMultipliers.isEmpty())
        return r.workerProfileMultipliers.value(QString::fromLatin1(names[i]), 1.0);
    return builtIn[i];
}
int allowedAttempts(const config::RetryConfig &c, double sev, double prof)
{
    return std::max(1, static_cast<int>(c.maxRetries * sev * prof));
}
std::chrono::milliseconds retryDelay(const config::RetryConfig &c, double mult, int attempt)
{
    return std::chrono::milliseconds(
        static_cast<qint64>(double(c.retryDelay.count()) * mult * std::pow(c.backoffRate, attempt)));
}
} // namespace

RestartDecision RestartPolicy::decide(const config::WorkerSpec &spec, const ExitInfo &exit, int attemptsUsed)
{
    RestartDecision d;
    const QString how = exit.describe();
    bool restart = false;
    switch (spec.restartPolicy) {
    case config::RestartPolicy::Never:
        restart = false;
        break;
    case config::RestartPolicy::OnFailure:
        restart = !exit.clean();
        break;
    case config::RestartPolicy::Always:
    case config::RestartPolicy::UnlessStopped: // a user's stop never reaches here
        restart = true;
        break;
    }
    if (!restart) {
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
    const double severity = severityMultiplier(spec.restart, QStringLiteral("critical"));
    const double profile = profileMultiplier(spec.restart, spec.profileType);
    const int allowed = allowedAttempts(spec.restart.defaultRetry, severity, profile);
    if (attemptsUsed >= allowed) {
        d.action = RestartDecision::Action::Failed;
        d.reason = QStringLiteral("gave up after %1 restart%2 (last: %3)")
                       .arg(attemptsUsed).arg(attemptsUsed == 1 ? QString() : QStringLiteral("s")).arg(how);
        return d;
    }
    d.action = RestartDecision::Action::Restart;
    d.delay = retryDelay(spec.restart.defaultRetry, severity * profile, attemptsUsed);
    d.reason = how;
    return d;
}

} // namespace hsu::agent
