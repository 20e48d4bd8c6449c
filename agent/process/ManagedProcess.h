#pragma once

#include "LaunchSpec.h"
#include "ProcessHandle.h"

#include <QProcess>

namespace hsu::agent {

// A worker process this agent starts: QProcess, with the child made leader of its own session
// (setsid before exec) so no signal aimed at the agent's group or terminal reaches it, and nothing
// that dies with the agent takes it along.
class ManagedProcess final : public ProcessHandle
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagedProcess)
public:
    explicit ManagedProcess(QObject *parent = nullptr);
    ~ManagedProcess() override;

    // Starts the process. Success or failure arrives as started() or failedToStart().
    void start(const LaunchSpec &spec);

    // The agent raises its own open-file limit to watch many workers; workers get back the
    // limit the agent was started with (a program using select() breaks above 1024).
    static void setChildOpenFileLimit(quint64 soft);

    qint64 pid() const override { return m_pid; }
    qint64 processGroup() const override { return m_pid; }
    bool isRunning() const override;
    bool signalGroup(int sig) override;

private:
    // QProcess's destructor kills a running child; this lets the handle let go of it instead.
    class Process final : public QProcess
    {
    public:
        void forget() { setProcessState(QProcess::NotRunning); }
    };

    void onErrorOccurred(QProcess::ProcessError error);
    void onFinished(int exitCode, QProcess::ExitStatus status);

    Process m_process;
    qint64 m_pid = 0;
    bool m_finished = false;
};

} // namespace hsu::agent
