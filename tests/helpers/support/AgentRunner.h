#pragma once

// Starts the real hsu-agent (from HSU_TEST_HSU_AGENT) on a config in a temporary folder, talks
// NDJSON to it over a raw QLocalSocket, and ends it — and every worker it left — by pid.

#include <QJsonObject>
#include <QJsonValue>
#include <QLocalSocket>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

namespace hsu::test {

QString testWorkerPath();
QString agentPath();
QString hsuctlPath();
QString standbyPath();
// Alive and not a zombie.
bool processAlive(qint64 pid);
// The worker `id` in a workers.list response (an empty object when it is not there).
QJsonObject workerIn(const QJsonObject &listResponse, const QString &id);
// The pids a test worker wrote with --pids-file, one per line (empty while the file is missing).
QList<qint64> readPidFile(const QString &path);
// A config with one idle test worker, "steady" (for AgentRunner::writeConfig).
extern const QByteArray kOneWorkerConfig;

// One raw protocol connection: writes lines, reads lines; no client library in between.
class RawClient
{
public:
    bool connectTo(const QString &path, int timeoutMs = 3000);
    void sendLine(const QByteArray &line); // adds the newline
    void sendRaw(const QByteArray &bytes);
    // The next JSON object the agent sends (response or event), or an empty object on timeout.
    QJsonObject readObject(int timeoutMs = 5000);
    // Sends a request and returns its response (events that arrive first are kept for later).
    QJsonObject call(const QString &method, const QJsonObject &params = {}, int timeoutMs = 5000);
    // Waits for a worker.state event matching id and state.
    bool waitForState(const QString &id, const QString &state, int timeoutMs = 10000);
    // The next event named `name` (events read meanwhile are kept), or an empty object on timeout.
    QJsonObject waitForEvent(const QString &name, int timeoutMs = 10000);
    bool hello();
    bool isConnected() const;
    QLocalSocket &socket() { return m_socket; }

private:
    QLocalSocket m_socket;
    QByteArray m_buffer;
    QList<QJsonObject> m_events;
    int m_nextId = 1;
};

class AgentRunner
{
public:
    AgentRunner();
    ~AgentRunner();

    QString dir() const { return m_dir.path(); }
    QString socketPath() const { return m_dir.filePath(QStringLiteral("agent.sock")); }
    QString logDir() const { return m_dir.filePath(QStringLiteral("logs")); }
    QString configPath() const { return m_dir.filePath(QStringLiteral("config.yaml")); }
    // Writes the config; `@WORKER@` stands for the test worker, `@DIR@` for the temporary folder.
    void writeConfig(QByteArray yaml);
    // Starts the agent and waits until it answers hello. False (with output kept) if it exits.
    // May be called again after the agent ended (same folders: a "next" agent).
    bool start(int timeoutMs = 10000);
    // More hsu-agent arguments for the next start().
    void setExtraArgs(const QStringList &args) { m_extraArgs = args; }
    // False: start() passes no --config (the agent runs its default, config::defaultConfigFile();
    // point XDG_CONFIG_HOME somewhere with process().setProcessEnvironment()).
    void setPassConfig(bool on) { m_passConfig = on; }
    QString stateDir() const { return m_dir.filePath(QStringLiteral("state")); }
    // SIGKILL, as a crash would end it; its workers are left as they are.
    void crash();
    QProcess &process() { return m_agent; }
    qint64 pid() const { return m_agent.processId(); }
    QByteArray output(); // stdout + stderr so far
    // SIGTERM and wait; returns the exit code, or -1 if it had to be killed.
    int terminate(int timeoutMs = 15000);
    // Remembers a worker pid: killed (if still alive) when the runner goes.
    void track(qint64 pid) { m_tracked.append(pid); }

    // Removes the cgroup folder an agent of `stateDir` made for its workers, once they are gone
    // (the destructor does it for this runner's; a test whose agent used another state folder
    // calls it itself).
    static void removeCgroupsOf(const QString &stateDir);

private:

    QTemporaryDir m_dir;
    QProcess m_agent;
    QByteArray m_output;
    QList<qint64> m_tracked;
    QStringList m_extraArgs;
    bool m_passConfig = true;
};

} // namespace hsu::test
