#pragma once

// Starts hsu-agent for a client that found none answering (the GUI's "Start agent", and
// `hsu-master --start-agent`). The agent is started detached, in its own session: it outlives the
// GUI, which only ever is one of its clients. Its output goes to a log file, because nobody reads
// its terminal; when it exits at once (a broken config, most often) that log is the message.
//
// Static helpers for the one-shot parts; an instance to wait, without blocking, until the started
// agent answers hello or has exited:
//
//     auto *launcher = new AgentLauncher(this);
//     connect(launcher, &AgentLauncher::ready, ...);   // connect the real AgentClient now
//     connect(launcher, &AgentLauncher::failed, ...);  // "hsu-agent exited: FILE:8:11: ..."
//     launcher->start(AgentLauncher::defaultConfigFile(), socketPath);

#include <QObject>
#include <QString>

class QTimer;

namespace hsu::client {

class AgentClient;

class AgentLauncher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentLauncher)

public:
    static constexpr int kDefaultTimeoutMs = 10000;

    // $HSU_AGENT_PROGRAM if set (tests), else hsu-agent beside the running program, else the build
    // tree's agent/hsu-agent seen from app/desktop, else PATH. Empty with `error` set if none.
    static QString findAgentProgram(QString *error = nullptr);
    // config::defaultConfigFile(): what an agent started without --config runs (and creates
    // empty on a first start).
    static QString defaultConfigFile();
    // ${XDG_STATE_HOME:-~/.local/state}/hsu-master/agent.log: the agent's stdout and stderr.
    static QString logFilePath();

    // Starts `hsu-agent --config FILE --socket PATH` detached (no --config when `configFile` is
    // empty: the agent's default). False with `error` set when no
    // program is found or it cannot be started; true says nothing about whether the config is good.
    static bool startDetached(const QString &configFile, const QString &socketPath, QString *error);
    // The same, also telling the agent's pid and where its output starts in the log file.
    static bool startDetached(const QString &configFile, const QString &socketPath, QString *error,
                              qint64 *pid, qint64 *logOffset, const QStringList &arguments = {});

    explicit AgentLauncher(QObject *parent = nullptr);
    ~AgentLauncher() override;

    // Starts the agent and watches it; ends, always from the event loop, in exactly one of ready()
    // or failed(). A second call while one is under way is refused with failed().
    void start(const QString &configFile, const QString &socketPath, int timeoutMs = kDefaultTimeoutMs);
    // The agent's whole command line from now on (hello's "arguments" of an agent that died, so
    // that the one started again has its config, state folder and options: it takes the workers
    // back); empty: `--config FILE --socket PATH`.
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }
    // Watches an agent started by other means (pid from startDetached()).
    void watch(qint64 pid, const QString &socketPath, qint64 logOffset, int timeoutMs = kDefaultTimeoutMs);
    bool isRunning() const { return m_pid > 0; }
    qint64 pid() const { return m_lastPid; }

    // What the agent wrote to the log since it was started by this object (at most the last 4 KiB).
    QString logTail() const;

Q_SIGNALS:
    // The agent answered hello on the socket.
    void ready();
    // "hsu-agent exited: <its last lines>", or why it could not start or did not answer in time.
    void failed(const QString &message);

private:
    void poll();
    void finish(bool ok, const QString &message);

    QString m_socketPath;
    QStringList m_arguments;
    qint64 m_pid = 0; // while watching
    qint64 m_lastPid = 0;
    qint64 m_logOffset = 0;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_deadline = nullptr;
    AgentClient *m_probe = nullptr;
};

} // namespace hsu::client
