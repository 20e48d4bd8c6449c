#pragma once

#include "agent/process/ProcessHandle.h"
#include "shared/config/WorkerSpec.h"

#include <QString>

#include <chrono>

namespace hsu::agent {

// What happens after a worker's process ends on its own (not by a user's stop).
struct RestartDecision
{
    enum class Action { Restart, Exited, Failed };
    Action action = Action::Exited;
    std::chrono::milliseconds delay{0}; // Restart: wait this long first
    QString reason;                     // Exited / Failed: why, for the user
};

// restart_policy + context_aware_restart (the "default" context: a process's own exit), with
// HSU Master's formula: attempts = max(1, int(max_retries x mult)), delay of attempt n =
// retry_delay x mult x backoff_rate^n (0 = at once), mult = severity x profile multiplier.
class RestartPolicy final
{
public:
    // `attemptsUsed`: restarts already made in the current failure streak.
    static RestartDecision decide(const config::WorkerSpec &spec, const ExitInfo &exit, int attemptsUsed);
    // Whether decide() would restart at once (zero delay) after a clean or any other exit; the
    // same answer without building its reason.
    static bool restartsAtOnce(const config::WorkerSpec &spec, bool clean, int attemptsUsed);
};

} // namespace hsu::agent
