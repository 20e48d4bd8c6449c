#pragma once

// One unary gRPC call over HTTP/2 cleartext with prior knowledge, asynchronous on the calling
// thread's event loop: a CheckSocket (TCP_NODELAY set: without it Nagle meets the server's delayed
// ACK and every call takes ~40 ms) carries the bytes, libnghttp2 does the HTTP/2 framing and
// HPACK. Why not QNetworkAccessManager, which can speak h2c too: it cannot set TCP_NODELAY on its
// socket (41 ms per call measured, against 0.9 ms with it) and warns on every reply with a body;
// see docs/architecture.md, "Health checks". One connection per call: a check runs every few
// seconds at most, and a fresh connection also proves the server still accepts them.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTimer>

#include <functional>


namespace hsu::agent::health {

class CheckSocket;
struct GrpcSession;

struct GrpcReply
{
    // false: no gRPC answer at all (refused, reset, timed out, not HTTP/2, not gRPC); `error` says why.
    bool answered = false;
    QString error;
    int grpcStatus = -1;  // 0 OK, 5 NOT_FOUND, 12 UNIMPLEMENTED, ...
    QString grpcMessage;
    QByteArray message;   // the first response message, unframed (may be empty)
};

// The name of a grpc-status code ("NOT_FOUND" for 5), for reasons a person reads.
QString grpcStatusName(int code);

class GrpcCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GrpcCall)
public:
    explicit GrpcCall(QObject *parent = nullptr);
    ~GrpcCall() override;

    // Calls `path` ("/grpc.health.v1.Health/Check") on host:port with one request `message`
    // (unframed protobuf), the deadline sent as grpc-timeout and enforced here. `done` is called
    // once, never from inside start(); abort() or the next start() drops a call under way.
    void start(const QString &host, quint16 port, const QByteArray &path, const QByteArray &message,
               int timeoutMs, const QList<QPair<QByteArray, QByteArray>> &headers,
               std::function<void(const GrpcReply &)> done);
    void abort();

private:
    void onConnected();
    void onReadable();
    bool flush();
    void finish(GrpcReply reply);
    void fail(const QString &error);

    CheckSocket *m_socket = nullptr;
    GrpcSession *m_session = nullptr;
    QTimer m_deadline;
    std::function<void(const GrpcReply &)> m_done;
    QString m_where; // "127.0.0.1:50051", for errors
};

} // namespace hsu::agent::health
