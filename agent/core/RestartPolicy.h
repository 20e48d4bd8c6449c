#pragma once

#include "agent/process/ProcessHandle.h"
#include "shared/config/WorkerSpec.h"

#include <QString>

#include <chrono>

namespace hsu::agent {

// Why a worker is to be restarted. Each cause has its own retry settings in context_aware_restart
// (default, resource_violations, health_failures) and its own count of attempts.
enum class RestartCause {
    Exit,              // its process ended on its own: restart_policy decides whether to restart
    ResourceViolation, // a resource limit's policy says restart
    HealthFailure,     // its health check failed `retries` times in a row
};
constexpr int kRestartCauses = 3;

struct RestartRequest
{
    RestartCause cause = RestartCause::Exit;
    ExitInfo exit;    // Exit: how the process ended
    QString reason;   // the other causes: what happened, for the user ("max_rss 50 MB exceeded ...")
    int attemptsUsed = 0; // restarts already made for this cause in the current streak
};

// What happens next.
struct RestartDecision
{
    enum class Action { Restart, Exited, Failed };
    Action action = Action::Exited;
    std::chrono::milliseconds delay{0}; // Restart: wait this long first
    QString reason;                     // why, for the user (Restart: what happened)
};

// The one restart decision, for every cause: restart_policy (for an exit) and HSU Master's formula
// on the cause's retry settings: attempts = max(1, int(max_retries x mult)), delay of attempt n =
// retry_delay x mult x backoff_rate^n (0 = at once), mult = severity ("critical") x profile.
class RestartPolicy final
{
public:
    static RestartDecision decide(const config::WorkerSpec &spec, const RestartRequest &request);
    // An exit, the common case.
    static RestartDecision decide(const config::WorkerSpec &spec, const ExitInfo &exit, int attemptsUsed)
    {
        return decide(spec, RestartRequest{RestartCause::Exit, exit, QString(), attemptsUsed});
    }
    // Whether decide() would restart at once (zero delay) after a clean or any other exit; the
    // same answer without building its reason.
    static bool restartsAtOnce(const config::WorkerSpec &spec, bool clean, int attemptsUsed);
    // The retry settings a cause uses.
    static const config::RetryConfig &retryFor(const config::ContextAwareRestart &restart, RestartCause cause);
};

} // namespace hsu::agent
