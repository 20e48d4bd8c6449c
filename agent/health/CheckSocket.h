#pragma once

// One TCP connection of one check run, on Qt Core alone: a non-blocking socket watched by
// QSocketNotifiers on the calling thread's event loop. Why not QTcpSocket: Qt Network and what it
// loads (Kerberos, libproxy, brotli) cost the agent 1.2 MB of RSS with no check at all, and the
// agent's IPC already has its own small socket layer for the same reason; a check needs only
// connect, write, read and close. TCP_NODELAY is set (a gRPC call is a few small writes).
//
// A numeric address is used as it is; a name is resolved by the system resolver on a short-lived
// thread of its own (getaddrinfo blocks), never on the supervision thread.

#include <QByteArray>
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace hsu::agent::health {

class CheckSocket final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckSocket)
public:
    explicit CheckSocket(QObject *parent = nullptr);
    ~CheckSocket() override; // closes

    // Connects to host:port: connected() or failed() follows, never from inside this call.
    void connectTo(const QString &host, quint16 port);
    // Queues bytes; what the kernel does not take now goes when the socket can take it.
    void write(const QByteArray &bytes);
    // What has arrived since the last call.
    QByteArray readAll();
    void close();

Q_SIGNALS:
    void connected();
    void readyRead();
    // The peer closed its side (what it sent before is readable first).
    void peerClosed();
    // Resolution, connection or a later read/write failed: the reason in the system's words
    // ("Connection refused", "host nosuch.invalid not found").
    void failed(const QString &reason);

private:
    void connectToAddress(const QByteArray &sockaddr, int family);
    void onWritable();
    void onReadable();
    void fail(const QString &reason);

    int m_fd = -1;
    bool m_connected = false;
    QByteArray m_out;
    QByteArray m_in;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    quint16 m_port = 0;
    // Counts connectTo() and close(): an answer for an earlier attempt is dropped.
    int m_attempt = 0;
};

} // namespace hsu::agent::health
