#pragma once

// The client end of protocol v1, shared by the GUI and hsuctl. Asynchronous at heart (the GUI
// never blocks); call()/connectAndWait() wrap it in a local event loop for the command line.
//
// A connection is usable once `connected()` is emitted: the socket is up, hello succeeded (the
// agent speaks our major version) and the subscriptions held by this object were sent again.
//
// With setAutoReconnect(true) (the GUI) a failed connect or a lost connection is retried with a
// growing delay until it works or the caller gives up; every success emits connected() again, so
// a client re-fetches its state there. Off by default: hsuctl must fail fast.

#include "shared/protocol/FrameCodec.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QLocalSocket;
class QTimer;

namespace hsu::client {

// The outcome of one request. errorCode is empty on success; otherwise a protocol error code
// ("not_found", "invalid_state", ...) or one of the local ones: "timeout", "disconnected".
struct Reply
{
    QJsonValue result;
    QString errorCode;
    QString errorMessage;

    bool ok() const { return errorCode.isEmpty(); }
};

class AgentClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentClient)

public:
    // WaitingToReconnect: not connected, a retry is scheduled (only with auto-reconnect on).
    enum class State { Disconnected, Connecting, Greeting, Connected, WaitingToReconnect };
    Q_ENUM(State)

    using ReplyHandler = std::function<void(const Reply &)>;
    static constexpr int kDefaultTimeoutMs = 10000;
    static constexpr int kFirstRetryDelayMs = 100;
    static constexpr int kMaxRetryDelayMs = 5000;

    // `clientName` is sent in hello ("hsuctl", "hsu-master") and shows in the agent's log.
    explicit AgentClient(const QString &clientName, QObject *parent = nullptr);
    ~AgentClient() override;

    // Starts connecting; ends in connected() or connectionFailed(). Drops any current connection
    // and starts the retry count afresh.
    void connectToAgent(const QString &path);
    // Closes the connection and cancels any scheduled retry; the state ends Disconnected.
    void disconnectFromAgent();

    // When on, a failed connect or a lost connection is retried after kFirstRetryDelayMs, doubling
    // up to kMaxRetryDelayMs (plus up to 10 % jitter below the cap), forever, each retry announced
    // by reconnecting(). Turning it on does not connect by itself; turning it off cancels a
    // scheduled retry (state Disconnected).
    void setAutoReconnect(bool on);
    bool autoReconnect() const { return m_autoReconnect; }
    // The backoff bounds; the defaults above suit a local agent (tests shorten them).
    void setReconnectDelays(int firstMs, int maxMs);

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    QString socketPath() const { return m_path; }
    // The hello result: {agent_version, protocol, pid, capabilities}; empty until connected.
    QJsonObject agentInfo() const { return m_agentInfo; }
    // Whether the connected agent lists this method / event in hello's capabilities (false while
    // not connected): what a client asks before using something a newer agent added.
    bool offersMethod(QLatin1String name) const { return offers(QLatin1String("methods"), name); }
    bool offersEvent(QLatin1String name) const { return offers(QLatin1String("events"), name); }

    // Sends a request; `handler` runs exactly once, with the response, or with "timeout" after
    // `timeoutMs`, or with "disconnected" (also when the connection is lost while it waits).
    // Requests made while connecting wait for the connection; made while disconnected or waiting
    // to reconnect, they fail at once (handler called from the event loop).
    qint64 request(const QString &method, const QJsonObject &params = {}, ReplyHandler handler = {},
                   int timeoutMs = kDefaultTimeoutMs);

    // Events this client wants; kept across reconnects and sent again after each hello.
    void subscribe(const QStringList &events);
    void unsubscribe(const QStringList &events);
    QStringList subscriptions() const;

    // Blocking helpers for command-line use (they run a local QEventLoop). connectAndWait ends at
    // the first outcome; with auto-reconnect on, retries go on after a failure.
    bool connectAndWait(const QString &path, QString *error, int timeoutMs = 5000);
    Reply callAndWait(const QString &method, const QJsonObject &params = {}, int timeoutMs = kDefaultTimeoutMs);
    // Same as callAndWait, for callers that only need the message: nullopt and `error` set on failure.
    std::optional<QJsonValue> call(const QString &method, const QJsonObject &params, QString *error,
                                   int timeoutMs = kDefaultTimeoutMs);

Q_SIGNALS:
    void connected();
    void disconnected();
    void connectionFailed(const QString &message);
    // A retry is scheduled: attempt 1, 2, ... since the last success, in `delayMs`. Emitted after
    // disconnected() or connectionFailed(), with the state already WaitingToReconnect.
    void reconnecting(int attempt, int delayMs);
    void stateChanged(hsu::client::AgentClient::State state);
    // A pushed event ("worker.state", data = WorkerStatus JSON). Not named event(): QObject::event.
    void eventReceived(const QString &name, const QJsonValue &data);

private:
    bool offers(QLatin1String kind, QLatin1String name) const;
    struct Pending
    {
        ReplyHandler handler;
        QTimer *timer = nullptr;
    };

    void setState(State state);
    void openSocket();
    // The state to fall back to after a failure, arming the retry timer when auto-reconnect is on.
    State scheduleRetry();
    void announceRetry();
    void onRetryTimer();
    void onSocketConnected();
    void onSocketDisconnected();
    void onSocketError();
    void onReadyRead();
    void handleFrame(const QJsonObject &object);
    void onHelloReply(const Reply &reply);
    void write(const QByteArray &frame);
    void finish(qint64 id, const Reply &reply);
    void failAll(const QString &code, const QString &message);
    void fail(const QString &message);

    QString m_clientName;
    QString m_path;
    QLocalSocket *m_socket = nullptr;
    State m_state = State::Disconnected;
    protocol::FrameDecoder m_decoder;
    qint64 m_nextId = 1;
    QHash<qint64, Pending> m_pending;
    QList<QByteArray> m_outbox; // requests made before the socket was up
    QSet<QString> m_subscriptions;
    QJsonObject m_agentInfo;

    bool m_autoReconnect = false;
    int m_firstRetryDelayMs = kFirstRetryDelayMs;
    int m_maxRetryDelayMs = kMaxRetryDelayMs;
    int m_attempt = 0; // retries since the last successful hello
    int m_retryDelayMs = 0;
    QTimer *m_retryTimer = nullptr;
};

} // namespace hsu::client
