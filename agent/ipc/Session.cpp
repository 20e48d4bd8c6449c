#include "Session.h"

#include "IpcLog.h"
#include "LocalConnection.h"

#include <QTimer>

#include <algorithm>

namespace hsu::agent {

namespace p = protocol;

namespace {
// How long a graceful close may wait for the client to take its last responses.
constexpr int kCloseGraceMs = 5000;
} // namespace

Session::Session(quint64 id, LocalConnection *connection, Dispatcher &dispatcher, const Limits &limits, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_connection(connection)
    , m_dispatcher(dispatcher)
    , m_limits(limits)
    , m_decoder(limits.maxFrameSize)
{
    connection->setParent(this);
    // Bounded read buffer (so one flooding client cannot make the agent hold much more than a frame):
    // the kernel holds the rest and the client blocks on its writes.
    connection->setReadBufferSize(1024 * 1024);
    // A fresh connection has read nothing yet: its first readyRead() comes from the event loop.
    connect(connection, &LocalConnection::readyRead, this, &Session::onReadyRead);
    connect(connection, &LocalConnection::disconnected, this, &Session::onDisconnected);
}

Session::~Session() = default;

void Session::onReadyRead()
{
    while (m_connection && !m_closing && m_connection->bytesAvailable() > 0) {
        const QByteArray chunk = m_connection->readAll();
        if (chunk.isEmpty())
            break;
        m_decoder.feed(chunk);
        m_peakBuffered = std::max(m_peakBuffered, m_decoder.pendingBytes() + chunk.size());
        for (auto r = m_decoder.next(); r.status != p::FrameDecoder::Status::Incomplete; r = m_decoder.next()) {
            handle(r);
            if (m_closing)
                return; // whatever else it sent is not read
        }
    }
}

void Session::handle(const p::FrameDecoder::Result &frame)
{
    switch (frame.status) {
    case p::FrameDecoder::Status::Frame:
        handleRequest(frame.object);
        return;
    case p::FrameDecoder::Status::Invalid:
        rejectFrame(QString(p::error::InvalidFrame), frame.error, QJsonValue(QJsonValue::Null));
        return;
    case p::FrameDecoder::Status::TooLarge:
        rejectFrame(QString(p::error::FrameTooLarge), frame.error, QJsonValue(QJsonValue::Null));
        return;
    case p::FrameDecoder::Status::Incomplete:
        return;
    }
}

void Session::handleRequest(const QJsonObject &object)
{
    const auto parsed = p::parseRequest(object);
    if (!parsed.ok()) {
        rejectFrame(parsed.error.code, parsed.error.message, parsed.id);
        return;
    }
    const Dispatcher::Outcome outcome = m_dispatcher.dispatch(m_state, *parsed.value);
    sendResponse(outcome.response);
    if (outcome.shutdownAfterReply && !m_closing)
        Q_EMIT shutdownRequested();
}

void Session::sendResponse(const p::Response &response)
{
    QByteArray frame = response.encodeFrame();
    if (!p::fitsFrame(frame, m_limits.maxFrameSize)) {
        qCWarning(lcIpc) << "session" << m_id << "response of" << frame.size() << "bytes exceeds the frame limit";
        frame = p::encodeFrame(p::Response::failure(response.id, QString(p::error::ResponseTooLarge),
                                                    QStringLiteral("the response exceeds %1 bytes").arg(m_limits.maxFrameSize))
                                   .toJson());
    }
    sendFrame(frame);
}

void Session::rejectFrame(const QString &code, const QString &message, const QJsonValue &id)
{
    ++m_badFrames;
    qCWarning(lcIpc) << "session" << m_id << "bad frame" << m_badFrames << "of" << m_limits.maxBadFrames << code << message;
    sendResponse(p::Response::failure(id, code, message));
    if (m_badFrames >= m_limits.maxBadFrames) {
        qCWarning(lcIpc) << "session" << m_id << "closed after" << m_badFrames << "bad frames";
        closeGracefully();
    }
}

bool Session::sendFrame(const QByteArray &frame)
{
    if (!m_connection || m_closing)
        return false;
    if (m_connection->bytesToWrite() + frame.size() > m_limits.maxPendingBytes) {
        drop("it does not read what it is sent");
        return false;
    }
    m_peakBuffered = std::max(m_peakBuffered, m_connection->bytesToWrite() + frame.size());
    m_connection->write(frame);
    return true;
}

void Session::closeGracefully()
{
    if (m_closing || !m_connection)
        return;
    m_closing = true;
    m_connection->closeAfterFlush();
    QTimer::singleShot(kCloseGraceMs, this, [this] {
        if (!m_closedEmitted)
            drop("it did not take its last responses");
    });
}

void Session::flush()
{
    if (m_connection)
        m_connection->flush();
}

void Session::abort()
{
    m_closing = true;
    m_closedEmitted = true; // the server already forgot this session
    if (m_connection)
        m_connection->abort();
}

void Session::drop(const char *why)
{
    qCWarning(lcIpc) << "session" << m_id << "(" << m_state.clientName << ") dropped:" << why;
    m_closing = true;
    if (m_connection)
        m_connection->abort();
    onDisconnected();
}

void Session::onDisconnected()
{
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    m_closing = true;
    qCDebug(lcIpc) << "session" << m_id << "(" << m_state.clientName << ") closed";
    Q_EMIT closed(this);
}

} // namespace hsu::agent
