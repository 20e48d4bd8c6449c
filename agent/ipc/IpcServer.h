#pragma once

// The agent's end of the local protocol: a Unix socket (LocalListener) only the agent's own user can reach
// (owner-only socket in an owner-only folder, plus a peer uid check on every connection), one
// Session per client, one Dispatcher for all of them.

#include "Dispatcher.h"
#include "Session.h"

#include "shared/model/WorkerStatus.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <vector>

class QLockFile;

namespace hsu::agent {

class LocalListener;
class WorkerControl;

class IpcServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IpcServer)

public:
    struct Options
    {
        Dispatcher::Options dispatcher;
        Session::Limits limits;
        // The only uid served; -1 means the agent's own (tests set another one to see a rejection).
        qint64 allowedUid = -1;
        // How long listen() waits for an agent already on the path to answer hello.
        int probeTimeoutMs = 2000;
    };

    explicit IpcServer(WorkerControl &control, QObject *parent = nullptr);
    IpcServer(WorkerControl &control, Options options, QObject *parent = nullptr);
    ~IpcServer() override;

    // Starts serving on `path`. Refuses (false, `error` says why) when another agent answers there,
    // e.g. "another hsu-agent is already running on /run/user/1000/hsu-master/agent.sock (pid 4242)".
    // A socket file nobody answers on is left over from a crash: it is removed and replaced.
    // Creates the socket's folder (0700) when missing; the socket itself is made 0600.
    bool listen(const QString &path, QString *error = nullptr);
    // Stops listening, disconnects every client and removes the socket file.
    void close();

    bool isListening() const;
    QString socketPath() const { return m_path; }
    int sessionCount() const { return int(m_sessions.size()); }
    // Whether any session called resources.subscribe.
    bool hasResourceFollowers() const;
    const Dispatcher &dispatcher() const { return m_dispatcher; }

public Q_SLOTS:
    // Sends the worker.state event to every session subscribed to it.
    void publishWorkerState(const hsu::model::WorkerStatus &status);
    // logs.dropped to every session subscribed to it.
    void publishLogsDropped(const QJsonObject &report);
    // logs.lines to every session that called logs.subscribe, with only the workers it asked for.
    void publishLogLines(const QJsonArray &lines, const QJsonObject &skippedByWorker);
    // resources.samples ({"samples": {id: sample}}) to every session that called resources.subscribe,
    // with only the workers it asked for.
    void publishResourceSamples(const QJsonObject &samplesById);
    // limits.violation to every session subscribed to it.
    void publishLimitsViolation(const QJsonObject &violation);
    void publishConfigReloaded(const QJsonObject &result);

Q_SIGNALS:
    void sessionOpened(quint64 sessionId);
    void sessionClosed(quint64 sessionId);
    // A connection refused by the peer check (another user).
    void peerRejected(qint64 uid);
    // Whether any session follows logs now (the collector keeps live lines only then).
    void logFollowersChanged(bool any);
    // Whether any session follows resources.samples now.
    void resourceFollowersChanged(bool any);

private:
    static Dispatcher::Options withLogHook(Dispatcher::Options options, IpcServer *server);
    void recountLogFollowers(); // and resource followers
    void onNewConnection();
    void onSessionClosed(Session *session);
    void publish(const QString &event, const QJsonValue &data);
    bool prepareFolder(const QString &path, QString *error);
    bool takeOverPath(const QString &path, QString *error);

    WorkerControl &m_control;
    Options m_options;
    Dispatcher m_dispatcher;
    LocalListener *m_server = nullptr;
    std::unique_ptr<QLockFile> m_lock;
    QString m_path;
    std::vector<Session *> m_sessions;
    quint64 m_nextSessionId = 1;
    bool m_logFollowed = false;
    bool m_resourcesFollowed = false;
    // After a session that held this much went, the heap's free pages go back to the system.
    static constexpr qint64 kReleaseAfterBytes = 1024 * 1024;
    QTimer m_releaseTimer;
};

} // namespace hsu::agent
