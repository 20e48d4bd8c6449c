#pragma once

#include <QString>

#include <optional>

namespace hsu::model {

// HSU Master's worker states plus backoff, paused and exited (ARCHITECTURE.md, "Worker state machine").
enum class WorkerState {
    Registered,
    Starting,
    Running,
    Stopping,
    Stopped,
    Failed,
    Restarting,
    Backoff,
    Paused,
    Exited,
};

// What a user (or a client) asks of a worker.
enum class Operation { Start, Stop, Restart, Pause, Resume };

QString toString(WorkerState state);
std::optional<WorkerState> workerStateFromString(const QString &name);
QString toString(Operation op);

// The transition table: may a worker move from `from` to `to`?
bool canTransition(WorkerState from, WorkerState to);

// May `op` be asked of a worker in `state`? Returns the error to show when not,
// e.g. `worker "db" is stopping`.
std::optional<QString> operationError(Operation op, WorkerState state, const QString &workerId);
inline bool isAllowed(Operation op, WorkerState state)
{
    return !operationError(op, state, QString()).has_value();
}

// True while a process may exist for the worker.
bool isActive(WorkerState state);

} // namespace hsu::model
