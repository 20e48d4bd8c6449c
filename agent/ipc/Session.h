#pragma once

// One connected client: reads frames, hands requests to the Dispatcher, writes responses and the
// events it subscribed to. Never blocks the agent: writes are queued in the connection, and a client
// that lets the queue grow past its bound is dropped rather than waited for.

#include "Dispatcher.h"

#include "shared/protocol/FrameCodec.h"

#include <QObject>
#include <QPointer>


namespace hsu::agent {

class LocalConnection;

class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    struct Limits
    {
        qsizetype maxFrameSize = protocol::kMaxFrameSize;
        // Bytes written but not yet taken by the client; beyond this the client is dropped.
        qint64 maxPendingBytes = 2 * protocol::kMaxFrameSize + 1024 * 1024;
        // Bad frames (garbage, oversized, not a request) tolerated; the next one closes the connection.
        int maxBadFrames = 5;
    };

    // Takes ownership of `connection` (already accepted).
    Session(quint64 id, LocalConnection *connection, Dispatcher &dispatcher, const Limits &limits, QObject *parent = nullptr);
    ~Session() override;

    quint64 id() const { return m_id; }
    const SessionState &state() const { return m_state; }
    bool isSubscribed(const QString &event) const { return m_state.subscriptions.contains(event); }
    bool isClosing() const { return m_closing; }
    // The most bytes this session held at once: its unfinished frame, or responses and events
    // waiting for the client to read them.
    qint64 peakBufferedBytes() const { return m_peakBuffered; }

    // Queues one encoded frame (encodeFrame()). False when the client was dropped for not reading.
    bool sendFrame(const QByteArray &frame);
    // Flushes what is queued, then disconnects (abandoned after a few seconds if the client stalls).
    void closeGracefully();
    // Hands the kernel what it takes now, without waiting (before the agent may exit).
    void flush();
    // Drops the connection now, without a word (the server is closing).
    void abort();

Q_SIGNALS:
    // The connection is gone; the server forgets the session (and deletes it later).
    void closed(hsu::agent::Session *session);
    // A client asked for agent.shutdown and its reply is queued.
    void shutdownRequested();

private:
    void onReadyRead();
    void handle(const protocol::FrameDecoder::Result &frame);
    void handleRequest(const QJsonObject &object);
    void sendResponse(const protocol::Response &response);
    void rejectFrame(const QString &code, const QString &message, const QJsonValue &id);
    void drop(const char *why);
    void onDisconnected();

    quint64 m_id;
    QPointer<LocalConnection> m_connection;
    Dispatcher &m_dispatcher;
    Limits m_limits;
    protocol::FrameDecoder m_decoder;
    SessionState m_state;
    int m_badFrames = 0;
    qint64 m_peakBuffered = 0;
    bool m_closing = false;
    bool m_closedEmitted = false;
};

} // namespace hsu::agent
