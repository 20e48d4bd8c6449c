#pragma once

// The client end of protocol v1, shared by the GUI and hsuctl. Asynchronous at heart (the GUI
// never blocks); call()/connectAndWait() wrap it in a local event loop for the command line.
//
// A connection is usable once `connected()` is emitted: the socket is up, hello succeeded (the
// agent speaks our major version) and the subscriptions held by this object were sent again.
// That last step is what a later reconnect-with-backoff needs: it only has to call
// connectToAgent() again.

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
    enum class State { Disconnected, Connecting, Greeting, Connected };
    Q_ENUM(State)

    using ReplyHandler = std::function<void(const Reply &)>;
    static constexpr int kDefaultTimeoutMs = 10000;

    // `clientName` is sent in hello ("hsuctl", "hsu-master") and shows in the agent's log.
    explicit AgentClient(const QString &clientName, QObject *parent = nullptr);
    ~AgentClient() override;

    // Starts connecting; ends in connected() or connectionFailed(). Drops any current connection.
    void connectToAgent(const QString &path);
    void disconnectFromAgent();

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    QString socketPath() const { return m_path; }
    // The hello result: {agent_version, protocol, pid, capabilities}; empty until connected.
    QJsonObject agentInfo() const { return m_agentInfo; }

    // Sends a request; `handler` runs exactly once, with the response, or with "timeout" after
    // `timeoutMs`, or with "disconnected". Requests made while connecting wait for the connection;
    // made while disconnected, they fail at once (handler called from the event loop).
    qint64 request(const QString &method, const QJsonObject &params = {}, ReplyHandler handler = {},
                   int timeoutMs = kDefaultTimeoutMs);

    // Events this client wants; kept across reconnects and sent again after each hello.
    void subscribe(const QStringList &events);
    void unsubscribe(const QStringList &events);
    QStringList subscriptions() const;

    // Blocking helpers for command-line use (they run a local QEventLoop).
    bool connectAndWait(const QString &path, QString *error, int timeoutMs = 5000);
    Reply callAndWait(const QString &method, const QJsonObject &params = {}, int timeoutMs = kDefaultTimeoutMs);
    // Same as callAndWait, for callers that only need the message: nullopt and `error` set on failure.
    std::optional<QJsonValue> call(const QString &method, const QJsonObject &params, QString *error,
                                   int timeoutMs = kDefaultTimeoutMs);

Q_SIGNALS:
    void connected();
    void disconnected();
    void connectionFailed(const QString &message);
    void stateChanged(hsu::client::AgentClient::State state);
    // A pushed event ("worker.state", data = WorkerStatus JSON). Not named event(): QObject::event.
    void eventReceived(const QString &name, const QJsonValue &data);

private:
    struct Pending
    {
        ReplyHandler handler;
        QTimer *timer = nullptr;
    };

    void setState(State state);
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
};

} // namespace hsu::client
