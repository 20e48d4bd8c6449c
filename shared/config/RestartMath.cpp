#include "shared/config/RestartMath.h"

#include "shared/config/Names.h"

#include <algorithm>
#include <cmath>

namespace hsu::config {

int allowedAttempts(const RetryConfig &retry, double severityMult, double profileMult)
{
    const double attempts = double(retry.maxRetries) * severityMult * profileMult;
    return std::max(1, int(attempts));
}

Duration retryDelay(const RetryConfig &retry, double mult, int attempt)
{
    const double ms = double(retry.retryDelay.count()) * mult * std::pow(retry.backoffRate, std::max(0, attempt));
    return Duration(std::llround(std::max(0.0, ms)));
}

double profileMultiplier(const ContextAwareRestart &restart, ProfileType profile)
{
    const QString key = enumName(profile);
    if (!restart.workerProfileMultipliers.isEmpty())
        return restart.workerProfileMultipliers.value(key, 1.0);
    switch (profile) {
    case ProfileType::Batch:
        return 3.0;
    case ProfileType::Web:
        return 1.0;
    case ProfileType::Database:
        return 5.0;
    case ProfileType::Worker:
        return 2.0;
    case ProfileType::Scheduler:
        return 2.5;
    case ProfileType::Default:
        return 1.0;
    }
    return 1.0;
}

double severityMultiplier(const ContextAwareRestart &restart, const QString &severity)
{
    if (!restart.severityMultipliers.isEmpty())
        return restart.severityMultipliers.value(severity, 1.0);
    if (severity == u"warning")
        return 0.5;
    if (severity == u"emergency")
        return 2.0;
    return 1.0;
}

RetryConfig derivedResourceViolations(const RetryConfig &defaultRetry)
{
    return RetryConfig{defaultRetry.maxRetries + 2, defaultRetry.retryDelay * 2, 1.5};
}

} // namespace hsu::config
