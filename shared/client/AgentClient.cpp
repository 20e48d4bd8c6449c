#include "AgentClient.h"

#include "shared/protocol/Envelope.h"
#include "shared/protocol/Protocol.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QFileInfo>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

namespace hsu::client {

namespace p = protocol;

namespace {
Q_LOGGING_CATEGORY(lcClient, "hsu.client", QtInfoMsg) // debug only on request: hsuctl prints to a terminal

Reply errorReply(const QString &code, const QString &message)
{
    return Reply{QJsonValue(), code, message};
}
} // namespace

AgentClient::AgentClient(const QString &clientName, QObject *parent)
    : QObject(parent)
    , m_clientName(clientName)
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &AgentClient::onRetryTimer);
}

AgentClient::~AgentClient()
{
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
    // Handlers may point at objects that are going away with us: do not call them now.
    for (const Pending &pending : std::as_const(m_pending))
        delete pending.timer;
    m_pending.clear();
}

void AgentClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void AgentClient::connectToAgent(const QString &path)
{
    m_retryTimer->stop();
    m_attempt = 0;
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
        const bool wasConnected = m_state == State::Connected;
        setState(State::Disconnected);
        failAll(QString(p::error::Disconnected), QStringLiteral("connection replaced"));
        if (wasConnected)
            Q_EMIT disconnected();
    }
    // QLocalSocket reads a name without a slash as one in the temp folder: a relative path such as
    // "state/agent.sock" (which the agent takes as relative to its folder) is made absolute here.
    m_path = path.contains(u'/') ? QFileInfo(path).absoluteFilePath() : path;
    openSocket();
}

bool AgentClient::offers(QLatin1String kind, QLatin1String name) const
{
    if (!isConnected())
        return false;
    const QJsonObject caps = m_agentInfo.value(QLatin1String("capabilities")).toObject();
    for (const QJsonValue &v : caps.value(kind).toArray())
        if (v.toString() == name)
            return true;
    return false;
}

void AgentClient::openSocket()
{
    m_decoder.reset();
    m_agentInfo = {};
    auto *socket = new QLocalSocket(this);
    m_socket = socket;
    connect(socket, &QLocalSocket::connected, this, &AgentClient::onSocketConnected);
    connect(socket, &QLocalSocket::disconnected, this, &AgentClient::onSocketDisconnected);
    connect(socket, &QLocalSocket::errorOccurred, this, &AgentClient::onSocketError);
    connect(socket, &QLocalSocket::readyRead, this, &AgentClient::onReadyRead);
    setState(State::Connecting);
    // A missing or refused socket fails inside this call: fail() then owns m_socket, so the
    // local pointer is the last thing touched here.
    socket->connectToServer(m_path);
}

void AgentClient::setAutoReconnect(bool on)
{
    m_autoReconnect = on;
    if (!on && m_state == State::WaitingToReconnect) {
        m_retryTimer->stop();
        m_attempt = 0;
        setState(State::Disconnected);
    }
}

void AgentClient::setReconnectDelays(int firstMs, int maxMs)
{
    m_firstRetryDelayMs = std::max(1, firstMs);
    m_maxRetryDelayMs = std::max(m_firstRetryDelayMs, maxMs);
}

AgentClient::State AgentClient::scheduleRetry()
{
    if (!m_autoReconnect || m_path.isEmpty())
        return State::Disconnected;
    ++m_attempt;
    // Quick while the agent merely restarts, calm when it is gone for good.
    const int shift = std::min(m_attempt - 1, 24);
    const qint64 base = std::min<qint64>(qint64(m_firstRetryDelayMs) << shift, m_maxRetryDelayMs);
    // Jitter keeps the clients that lost the same agent (GUI, tray, scripts) from knocking in
    // step. It only adds and never passes the cap, so a caller sees delays that never shrink.
    const qint64 jitter = QRandomGenerator::global()->bounded(base / 10 + 1);
    m_retryDelayMs = int(std::min<qint64>(base + jitter, m_maxRetryDelayMs));
    m_retryTimer->start(m_retryDelayMs);
    return State::WaitingToReconnect;
}

void AgentClient::announceRetry()
{
    // A handler of disconnected() or connectionFailed() may have reconnected or given up already.
    if (m_state == State::WaitingToReconnect && m_retryTimer->isActive())
        Q_EMIT reconnecting(m_attempt, m_retryDelayMs);
}

void AgentClient::onRetryTimer()
{
    if (m_state != State::WaitingToReconnect)
        return;
    qCDebug(lcClient) << "reconnecting to" << m_path << "attempt" << m_attempt;
    openSocket();
}

void AgentClient::disconnectFromAgent()
{
    m_retryTimer->stop();
    m_attempt = 0;
    if (!m_socket) {
        setState(State::Disconnected); // may have been waiting to retry
        return;
    }
    QLocalSocket *socket = std::exchange(m_socket, nullptr);
    disconnect(socket, nullptr, this, nullptr);
    socket->disconnectFromServer(); // sends what is queued first
    socket->deleteLater();
    const bool wasConnected = m_state == State::Connected;
    m_outbox.clear();
    setState(State::Disconnected);
    failAll(QString(p::error::Disconnected), QStringLiteral("disconnected by the client"));
    if (wasConnected)
        Q_EMIT disconnected();
}

void AgentClient::onSocketConnected()
{
    setState(State::Greeting);
    const qint64 id = m_nextId++;
    Pending hello;
    hello.handler = [this](const Reply &r) { onHelloReply(r); };
    hello.timer = new QTimer(this);
    hello.timer->setSingleShot(true);
    connect(hello.timer, &QTimer::timeout, this, [this, id] {
        finish(id, errorReply(QString(p::error::Timeout), QStringLiteral("the agent did not answer hello")));
    });
    hello.timer->start(kDefaultTimeoutMs);
    m_pending.insert(id, hello);
    write(p::encodeFrame(p::Request{QJsonValue(id), QString(p::method::Hello),
                                    QJsonObject{{QStringLiteral("protocol"), p::versionString()},
                                                {QStringLiteral("client"), m_clientName}}}
                             .toJson()));
    // Whatever was asked while connecting goes right behind hello: the agent answers in order.
    for (const QByteArray &frame : std::exchange(m_outbox, {}))
        write(frame);
}

void AgentClient::onHelloReply(const Reply &reply)
{
    if (m_state != State::Greeting)
        return;
    if (!reply.ok()) {
        fail(QStringLiteral("the agent at %1 refused hello: %2").arg(m_path, reply.errorMessage));
        return;
    }
    const QJsonObject info = reply.result.toObject();
    const auto version = p::parseVersion(info.value(QLatin1String("protocol")).toString());
    if (!version || version->majorPart != p::kVersionMajor) {
        fail(QStringLiteral("the agent at %1 speaks protocol %2, this client %3")
                 .arg(m_path, info.value(QLatin1String("protocol")).toString(), p::versionString()));
        return;
    }
    m_agentInfo = info;
    m_attempt = 0;
    m_retryTimer->stop();
    if (!m_subscriptions.isEmpty()) {
        request(QString(p::method::EventsSubscribe),
                QJsonObject{{QStringLiteral("events"), QJsonArray::fromStringList(subscriptions())}},
                [](const Reply &r) {
                    if (!r.ok())
                        qCWarning(lcClient) << "subscribing again failed:" << r.errorMessage;
                });
    }
    setState(State::Connected);
    qCDebug(lcClient) << "connected to agent" << info.value(QLatin1String("agent_version")).toString() << "at" << m_path;
    Q_EMIT connected();
}

void AgentClient::onSocketDisconnected()
{
    const State was = m_state;
    if (m_socket) {
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_outbox.clear();
    const bool active = was != State::Disconnected && was != State::WaitingToReconnect;
    setState(active ? scheduleRetry() : State::Disconnected);
    failAll(QString(p::error::Disconnected), QStringLiteral("the agent closed the connection"));
    if (was == State::Connected)
        Q_EMIT disconnected();
    else if (active)
        Q_EMIT connectionFailed(QStringLiteral("the agent at %1 closed the connection").arg(m_path));
    announceRetry();
}

void AgentClient::onSocketError()
{
    if (!m_socket)
        return;
    if (m_state != State::Connecting)
        return; // once connected, errors end in disconnected(), handled there
    QString why;
    switch (m_socket->error()) {
    case QLocalSocket::ServerNotFoundError: why = QStringLiteral("no such socket"); break;
    case QLocalSocket::ConnectionRefusedError: why = QStringLiteral("connection refused"); break;
    case QLocalSocket::SocketAccessError: why = QStringLiteral("permission denied"); break;
    case QLocalSocket::SocketTimeoutError: why = QStringLiteral("timed out"); break;
    default: why = m_socket->errorString(); break;
    }
    fail(QStringLiteral("cannot connect to %1: %2").arg(m_path, why));
}

void AgentClient::fail(const QString &message)
{
    if (m_state == State::Disconnected || m_state == State::WaitingToReconnect)
        return;
    if (m_socket) {
        QLocalSocket *socket = std::exchange(m_socket, nullptr);
        disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater();
    }
    m_outbox.clear();
    setState(scheduleRetry());
    failAll(QString(p::error::Disconnected), message);
    qCDebug(lcClient).noquote() << message;
    Q_EMIT connectionFailed(message);
    announceRetry();
}

void AgentClient::onReadyRead()
{
    if (!m_socket)
        return;
    m_decoder.feed(m_socket->readAll());
    for (auto r = m_decoder.next(); r.status != p::FrameDecoder::Status::Incomplete; r = m_decoder.next()) {
        if (r.status == p::FrameDecoder::Status::Frame)
            handleFrame(r.object);
        else
            qCWarning(lcClient).noquote() << "unreadable frame from the agent:" << r.error;
        if (!m_socket)
            return; // a handler disconnected us
    }
}

void AgentClient::handleFrame(const QJsonObject &object)
{
    switch (p::kindOf(object)) {
    case p::MessageKind::Response: {
        const auto parsed = p::parseResponse(object);
        if (!parsed.ok()) {
            qCWarning(lcClient).noquote() << "invalid response from the agent:" << parsed.error.message;
            return;
        }
        const p::Response &r = *parsed.value;
        if (r.id.isNull()) {
            // The agent could not read one of our frames; nothing to match it to.
            qCWarning(lcClient).noquote() << "the agent rejected a frame:" << (r.error ? r.error->message : QString());
            return;
        }
        Reply reply;
        if (r.error)
            reply = errorReply(r.error->code, r.error->message);
        else
            reply.result = r.result;
        finish(r.id.toInteger(-1), reply);
        return;
    }
    case p::MessageKind::Event: {
        const auto parsed = p::parseEvent(object);
        if (parsed.ok())
            Q_EMIT eventReceived(parsed.value->name, parsed.value->data);
        return;
    }
    case p::MessageKind::Request:
    case p::MessageKind::Unknown:
        qCWarning(lcClient) << "unexpected message from the agent";
        return;
    }
}

qint64 AgentClient::request(const QString &method, const QJsonObject &params, ReplyHandler handler, int timeoutMs)
{
    const qint64 id = m_nextId++;
    const QByteArray frame = p::encodeFrame(p::Request{QJsonValue(id), method, params}.toJson());

    auto failLater = [this, handler](const QString &code, const QString &message) {
        if (handler)
            QTimer::singleShot(0, this, [handler, code, message] { handler(errorReply(code, message)); });
    };
    if (m_state == State::Disconnected || m_state == State::WaitingToReconnect) {
        failLater(QString(p::error::Disconnected), QStringLiteral("not connected to the agent"));
        return id;
    }
    if (!p::fitsFrame(frame)) {
        failLater(QString(p::error::InvalidRequest), QStringLiteral("the request exceeds %1 bytes").arg(p::kMaxFrameSize));
        return id;
    }

    Pending pending;
    pending.handler = std::move(handler);
    pending.timer = new QTimer(this);
    pending.timer->setSingleShot(true);
    connect(pending.timer, &QTimer::timeout, this, [this, id, method, timeoutMs] {
        finish(id, errorReply(QString(p::error::Timeout),
                              QStringLiteral("no answer to %1 within %2 ms").arg(method).arg(timeoutMs)));
    });
    pending.timer->start(timeoutMs);
    m_pending.insert(id, pending);

    if (m_state == State::Connecting)
        m_outbox.append(frame);
    else
        write(frame);
    return id;
}

void AgentClient::write(const QByteArray &frame)
{
    if (m_socket)
        m_socket->write(frame);
}

void AgentClient::finish(qint64 id, const Reply &reply)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return; // timed out earlier, or not ours
    Pending pending = it.value();
    m_pending.erase(it);
    pending.timer->stop();
    pending.timer->deleteLater(); // we may be inside its timeout()
    if (pending.handler)
        pending.handler(reply);
}

void AgentClient::failAll(const QString &code, const QString &message)
{
    const QList<qint64> ids = m_pending.keys();
    for (qint64 id : ids)
        finish(id, errorReply(code, message));
}

void AgentClient::subscribe(const QStringList &events)
{
    QStringList added;
    for (const QString &e : events)
        if (!m_subscriptions.contains(e))
            added << e;
    m_subscriptions.unite(QSet<QString>(events.begin(), events.end()));
    if (m_state == State::Connected && !added.isEmpty()) {
        request(QString(p::method::EventsSubscribe), QJsonObject{{QStringLiteral("events"), QJsonArray::fromStringList(added)}},
                [](const Reply &r) {
                    if (!r.ok())
                        qCWarning(lcClient) << "subscribe failed:" << r.errorMessage;
                });
    }
}

void AgentClient::unsubscribe(const QStringList &events)
{
    for (const QString &e : events)
        m_subscriptions.remove(e);
    if (m_state == State::Connected && !events.isEmpty()) {
        request(QString(p::method::EventsUnsubscribe), QJsonObject{{QStringLiteral("events"), QJsonArray::fromStringList(events)}});
    }
}

QStringList AgentClient::subscriptions() const
{
    QStringList list(m_subscriptions.begin(), m_subscriptions.end());
    list.sort();
    return list;
}

bool AgentClient::connectAndWait(const QString &path, QString *error, int timeoutMs)
{
    QEventLoop loop;
    QString failure;
    const auto c1 = connect(this, &AgentClient::connected, &loop, &QEventLoop::quit);
    const auto c2 = connect(this, &AgentClient::connectionFailed, &loop, [&](const QString &message) {
        failure = message;
        loop.quit();
    });
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    connectToAgent(path);
    // Failing to connect may already have been reported inside connectToAgent(). With
    // auto-reconnect on, the first outcome ends the wait; retries go on in the background.
    if (failure.isEmpty() && !isConnected()) {
        timer.start(timeoutMs);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    disconnect(c1);
    disconnect(c2);
    if (isConnected())
        return true;
    if (failure.isEmpty()) {
        failure = m_state == State::Disconnected
                      ? QStringLiteral("cannot connect to %1").arg(path)
                      : QStringLiteral("no answer from %1 within %2 ms").arg(path).arg(timeoutMs);
    }
    if (m_state != State::Disconnected)
        fail(failure);
    if (error)
        *error = failure;
    return false;
}

Reply AgentClient::callAndWait(const QString &method, const QJsonObject &params, int timeoutMs)
{
    QEventLoop loop;
    std::optional<Reply> out;
    request(method, params, [&](const Reply &r) {
        out = r;
        loop.quit();
    }, timeoutMs);
    if (!out)
        loop.exec(QEventLoop::ExcludeUserInputEvents); // ends: the handler always runs (timeout at worst)
    return *out;
}

std::optional<QJsonValue> AgentClient::call(const QString &method, const QJsonObject &params, QString *error, int timeoutMs)
{
    const Reply r = callAndWait(method, params, timeoutMs);
    if (r.ok())
        return r.result;
    if (error)
        *error = r.errorMessage.isEmpty() ? r.errorCode : r.errorMessage;
    return std::nullopt;
}

} // namespace hsu::client
