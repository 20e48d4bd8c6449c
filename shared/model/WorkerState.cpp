#include "WorkerState.h"

#include <array>
#include <utility>

namespace hsu::model {

namespace {

using S = WorkerState;

constexpr std::array<std::pair<WorkerState, const char *>, 10> kNames{{
    {S::Registered, "registered"},
    {S::Starting, "starting"},
    {S::Running, "running"},
    {S::Stopping, "stopping"},
    {S::Stopped, "stopped"},
    {S::Failed, "failed"},
    {S::Restarting, "restarting"},
    {S::Backoff, "backoff"},
    {S::Paused, "paused"},
    {S::Exited, "exited"},
}};

struct Edge
{
    WorkerState from;
    WorkerState to;
};

// Every move the supervisor may make. Anything else is a bug, caught by Worker::setState.
constexpr Edge kEdges[] = {
    {S::Registered, S::Starting},
    {S::Registered, S::Running},  // re-adopted: a process an earlier agent started, taken back
    {S::Stopped, S::Starting},
    {S::Failed, S::Starting},
    {S::Exited, S::Starting},
    {S::Backoff, S::Starting},    // delay over, or the user asked to start now
    {S::Restarting, S::Starting}, // the old process is gone
    {S::Starting, S::Running},    // spawned
    {S::Starting, S::Failed},     // spawn failed (missing or non-executable program)
    {S::Starting, S::Stopping},   // stop asked while starting
    {S::Running, S::Stopping},
    {S::Running, S::Backoff},     // exited, policy says restart
    {S::Running, S::Failed},      // exited, policy or breaker says give up
    {S::Running, S::Exited},      // exited, nothing to restart
    {S::Running, S::Restarting},
    {S::Running, S::Paused},
    {S::Paused, S::Running},
    {S::Paused, S::Stopping},
    {S::Paused, S::Restarting},
    {S::Paused, S::Backoff},      // died while paused (killed from outside)
    {S::Paused, S::Failed},
    {S::Paused, S::Exited},
    {S::Backoff, S::Stopped},     // stop cancels the pending restart
    {S::Backoff, S::Failed},
    {S::Stopping, S::Stopped},
    {S::Stopping, S::Failed},     // stopped because a resource limit's policy says so
    {S::Restarting, S::Stopping},
    {S::Restarting, S::Backoff},  // a restart for a violation waits its retry delay
    {S::Restarting, S::Failed},
};

} // namespace

QString toString(WorkerState state)
{
    for (const auto &[s, name] : kNames)
        if (s == state)
            return QString::fromLatin1(name);
    return QStringLiteral("unknown");
}

std::optional<WorkerState> workerStateFromString(const QString &name)
{
    for (const auto &[s, n] : kNames)
        if (name == QLatin1String(n))
            return s;
    return std::nullopt;
}

QString toString(Operation op)
{
    switch (op) {
    case Operation::Start: return QStringLiteral("start");
    case Operation::Stop: return QStringLiteral("stop");
    case Operation::Restart: return QStringLiteral("restart");
    case Operation::Pause: return QStringLiteral("pause");
    case Operation::Resume: return QStringLiteral("resume");
    }
    return QString();
}

bool canTransition(WorkerState from, WorkerState to)
{
    for (const auto &e : kEdges)
        if (e.from == from && e.to == to)
            return true;
    return false;
}

bool isActive(WorkerState state)
{
    switch (state) {
    case S::Starting:
    case S::Running:
    case S::Stopping:
    case S::Restarting:
    case S::Paused:
        return true;
    default:
        return false;
    }
}

std::optional<QString> operationError(Operation op, WorkerState state, const QString &workerId)
{
    const QString who = QStringLiteral("worker \"%1\"").arg(workerId);
    auto is = [&](const char *what) { return std::optional<QString>(who + QLatin1String(" is ") + QLatin1String(what)); };
    switch (op) {
    case Operation::Start:
        switch (state) {
        case S::Registered: case S::Stopped: case S::Failed: case S::Exited: case S::Backoff:
            return std::nullopt;
        case S::Running: return is("already running");
        case S::Starting: return is("already starting");
        case S::Stopping: return is("stopping");
        case S::Restarting: return is("restarting");
        case S::Paused: return is("paused (resume it instead)");
        }
        break;
    case Operation::Stop:
        switch (state) {
        case S::Starting: case S::Running: case S::Paused: case S::Backoff: case S::Restarting:
            return std::nullopt;
        case S::Stopping: return is("already stopping");
        case S::Registered: return is("not started");
        case S::Stopped: return is("already stopped");
        case S::Failed: return is("failed (not running)");
        case S::Exited: return is("exited (not running)");
        }
        break;
    case Operation::Restart:
        switch (state) {
        // From a state with no process, restart is a start: what a user pressing it expects.
        case S::Running: case S::Paused: case S::Backoff: case S::Registered: case S::Stopped:
        case S::Failed: case S::Exited:
            return std::nullopt;
        case S::Starting: return is("starting");
        case S::Stopping: return is("stopping");
        case S::Restarting: return is("already restarting");
        }
        break;
    case Operation::Pause:
        if (state == S::Running)
            return std::nullopt;
        return who + QLatin1String(" is ") + toString(state) + QLatin1String(" (only a running worker can be paused)");
    case Operation::Resume:
        if (state == S::Paused)
            return std::nullopt;
        return who + QLatin1String(" is ") + toString(state) + QLatin1String(" (not paused)");
    }
    return who + QLatin1String(": unknown operation");
}

} // namespace hsu::model
