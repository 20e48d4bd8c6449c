#pragma once

// The restart arithmetic of CONFIG.md "Restart delay", as pure functions so the agent's policy code
// and its tests agree on one formula.

#include "shared/config/WorkerSpec.h"

#include <QString>

namespace hsu::config {

// max(1, int(max_retries × severityMult × profileMult)): at least one attempt is always allowed.
int allowedAttempts(const RetryConfig &retry, double severityMult, double profileMult);

// retry_delay × mult × backoff_rate^attempt (attempt counts from 0), rounded to milliseconds.
// Zero means "restart at once" (HSU Master floors it at 1 s; we do not).
Duration retryDelay(const RetryConfig &retry, double mult, int attempt);

// worker_profile_multipliers: the user's map replaces the built-in one entirely (HSU Master's
// rule: batch 3, web 1, database 5, worker 2, scheduler 2.5, default 1); a missing key counts 1.
double profileMultiplier(const ContextAwareRestart &restart, ProfileType profile);

// severity_multipliers, same replacement rule; built-in: warning 0.5, critical 1, emergency 2.
// A process's own exit is "critical" (multiplier 1 unless the user says otherwise).
double severityMultiplier(const ContextAwareRestart &restart, const QString &severity);

// What the loader fills in when resource_violations is not written: {max_retries + 2, retry_delay × 2, 1.5}.
RetryConfig derivedResourceViolations(const RetryConfig &defaultRetry);

} // namespace hsu::config
