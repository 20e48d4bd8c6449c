#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace hsu::agent {

struct Respawn;
struct ExitReport;

// How a worker's process ended.
struct ExitInfo
{
    std::optional<int> exitCode; // normal exit
    std::optional<int> signal;   // killed by this signal
    bool clean() const { return exitCode && *exitCode == 0; }
    QString describe() const; // "exit code 3", "signal 11 (SIGSEGV)"
};

// One worker's process as the supervisor sees it, whoever made it: a process this agent started
// (ManagedProcess) or, in a later step, one a previous agent started and this one found again.
// Everything the supervisor does to a process goes through here, so both kinds share the logic.
class ProcessHandle : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ProcessHandle() override = default;

    virtual qint64 pid() const = 0;
    // The process group the worker leads (its own session, made in the child before exec).
    virtual qint64 processGroup() const = 0;
    virtual bool isRunning() const = 0;
    // Sends `sig` to every process of the worker's group.
    virtual bool signalGroup(int sig) = 0;

    // What the ExitWatcher may do by itself when the process ends on its own (ExitWatcher.h);
    // null: nothing, the owner is told and decides.
    virtual void arm(std::unique_ptr<Respawn> respawn) = 0;
    // Disarms. If the process ended and its successor was started meanwhile, finished() is
    // emitted now (takeRespawn() then has the successor) and true returned.
    virtual bool catchUp() = 0;
    // In a slot of finished(): the successor the ExitWatcher started, if it did (once).
    virtual std::optional<ExitReport> takeRespawn() = 0;

Q_SIGNALS:
    void started(qint64 pid);
    void failedToStart(const QString &reason);
    void finished(const hsu::agent::ExitInfo &exit);
};

} // namespace hsu::agent
