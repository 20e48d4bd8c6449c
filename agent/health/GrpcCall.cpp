#include "GrpcCall.h"

#include "CheckSocket.h"

#include <QMetaObject>

#include <nghttp2/nghttp2.h>

#include <cstring>

namespace hsu::agent::health {

QString grpcStatusName(int code)
{
    static const char *const names[] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
                                        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
                                        "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
                                        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
    if (code >= 0 && code < int(std::size(names)))
        return QString::fromLatin1(names[code]);
    return QStringLiteral("status %1").arg(code);
}

// The nghttp2 client session of one call, and what it heard.
struct GrpcSession
{
    nghttp2_session *h2 = nullptr;
    int32_t stream = -1;
    QByteArray request;  // framed: 1 byte "compressed" (0), 4 bytes length, the message
    qsizetype sent = 0;
    int httpStatus = 0;
    QByteArray contentType;
    int grpcStatus = -1;
    QByteArray grpcMessage;
    QByteArray body;
    bool closed = false;
    uint32_t resetCode = 0;

    ~GrpcSession()
    {
        if (h2)
            nghttp2_session_del(h2);
    }
};

namespace {

// nghttp2's callbacks; each reaches the call's GrpcSession through the session's user data.
struct GrpcCallbacks
{
    static int header(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t namelen,
                      const uint8_t *value, size_t valuelen, uint8_t, void *user)
    {
        auto *s = static_cast<GrpcSession *>(user);
        if (frame->hd.type != NGHTTP2_HEADERS || frame->hd.stream_id != s->stream)
            return 0;
        const QByteArray n(reinterpret_cast<const char *>(name), qsizetype(namelen));
        const QByteArray v(reinterpret_cast<const char *>(value), qsizetype(valuelen));
        if (n == ":status")
            s->httpStatus = v.toInt();
        else if (n == "content-type")
            s->contentType = v;
        else if (n == "grpc-status") {
            bool ok = false;
            const int code = v.toInt(&ok);
            s->grpcStatus = ok ? code : 2; // not a number: UNKNOWN, as gRPC clients take it
        } else if (n == "grpc-message")
            s->grpcMessage = QByteArray::fromPercentEncoding(v);
        return 0;
    }

    static int data(nghttp2_session *, uint8_t, int32_t stream, const uint8_t *data, size_t len, void *user)
    {
        auto *s = static_cast<GrpcSession *>(user);
        // A health answer is a few bytes: anything past 64 KiB is not read (the call still ends).
        if (stream == s->stream && s->body.size() < 65536)
            s->body.append(reinterpret_cast<const char *>(data), qsizetype(len));
        return 0;
    }

    static int closed(nghttp2_session *, int32_t stream, uint32_t code, void *user)
    {
        auto *s = static_cast<GrpcSession *>(user);
        if (stream == s->stream) {
            s->closed = true;
            s->resetCode = code;
        }
        return 0;
    }

    static ssize_t read(nghttp2_session *, int32_t, uint8_t *buf, size_t length, uint32_t *flags,
                        nghttp2_data_source *, void *user)
    {
        auto *s = static_cast<GrpcSession *>(user);
        const size_t n = std::min(length, size_t(s->request.size() - s->sent));
        std::memcpy(buf, s->request.constData() + s->sent, n);
        s->sent += qsizetype(n);
        if (s->sent == s->request.size())
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        return ssize_t(n);
    }
};

} // namespace

GrpcCall::GrpcCall(QObject *parent)
    : QObject(parent)
{
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("no answer from %1 within %2 ms").arg(m_where).arg(m_deadline.interval()));
    });
}

GrpcCall::~GrpcCall()
{
    abort();
}

void GrpcCall::abort()
{
    m_done = nullptr;
    m_deadline.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    delete m_session;
    m_session = nullptr;
}

void GrpcCall::start(const QString &host, quint16 port, const QByteArray &path, const QByteArray &message,
                     int timeoutMs, const QList<QPair<QByteArray, QByteArray>> &headers,
                     std::function<void(const GrpcReply &)> done)
{
    abort();
    m_done = std::move(done);
    m_where = QStringLiteral("%1:%2").arg(host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host)
                  .arg(port);
    m_session = new GrpcSession;
    GrpcSession &s = *m_session;
    const quint32 length = quint32(message.size());
    s.request.reserve(5 + message.size());
    s.request.append('\0');
    for (int shift = 24; shift >= 0; shift -= 8)
        s.request.append(char((length >> shift) & 0xff));
    s.request.append(message);

    nghttp2_session_callbacks *callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &GrpcCallbacks::header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &GrpcCallbacks::data);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &GrpcCallbacks::closed);
    const int made = nghttp2_session_client_new(&s.h2, callbacks, &s);
    nghttp2_session_callbacks_del(callbacks);
    if (made != 0) {
        s.h2 = nullptr;
        QMetaObject::invokeMethod(this, [this] { fail(QStringLiteral("cannot make an HTTP/2 session")); },
                                  Qt::QueuedConnection);
        return;
    }
    nghttp2_submit_settings(s.h2, NGHTTP2_FLAG_NONE, nullptr, 0);

    // grpc-timeout: at most 8 digits and a unit (PROTOCOL-HTTP2.md).
    const QByteArray authority = m_where.toUtf8();
    const QByteArray timeout = QByteArray::number(std::clamp(timeoutMs, 1, 99999999)) + 'm';
    QList<QPair<QByteArray, QByteArray>> all{{":method", "POST"},
                                             {":scheme", "http"},
                                             {":path", path},
                                             {":authority", authority},
                                             {"content-type", "application/grpc"},
                                             {"te", "trailers"},
                                             {"grpc-timeout", timeout},
                                             {"user-agent", "hsu-agent"}};
    for (const auto &h : headers)
        all.append({h.first.toLower(), h.second});
    std::vector<nghttp2_nv> nva;
    nva.reserve(size_t(all.size()));
    for (const auto &h : all) {
        nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t *>(const_cast<char *>(h.first.constData())),
                                 reinterpret_cast<uint8_t *>(const_cast<char *>(h.second.constData())),
                                 size_t(h.first.size()), size_t(h.second.size()), NGHTTP2_NV_FLAG_NONE});
    }
    nghttp2_data_provider body{};
    body.read_callback = &GrpcCallbacks::read;
    // nghttp2 copies the header block when the request is submitted.
    s.stream = nghttp2_submit_request(s.h2, nullptr, nva.data(), nva.size(), &body, nullptr);
    if (s.stream < 0) {
        const QString why = QString::fromUtf8(nghttp2_strerror(s.stream));
        QMetaObject::invokeMethod(this, [this, why] { fail(QStringLiteral("bad request: %1").arg(why)); },
                                  Qt::QueuedConnection);
        return;
    }

    m_socket = new CheckSocket(this);
    connect(m_socket, &CheckSocket::connected, this, &GrpcCall::onConnected);
    connect(m_socket, &CheckSocket::readyRead, this, &GrpcCall::onReadable);
    connect(m_socket, &CheckSocket::peerClosed, this, [this] {
        onReadable(); // what came before the close decides
        if (m_done)
            fail(QStringLiteral("%1 closed the connection before answering").arg(m_where));
    });
    connect(m_socket, &CheckSocket::failed, this, [this](const QString &why) { fail(QStringLiteral("%1: %2").arg(m_where, why)); });
    m_deadline.start(std::max(1, timeoutMs));
    m_socket->connectTo(host, port);
}

void GrpcCall::onConnected()
{
    flush(); // the connection preface, SETTINGS and the request
}

bool GrpcCall::flush()
{
    for (;;) {
        // nghttp2's callbacks in onReadable() can end the call (and drop the session) before this
        // runs, and so can a write below that fails at once (the server closed: EPIPE -> failed ->
        // fail()): checked before every round, not once.
        if (!m_session || !m_socket)
            return false;
        const uint8_t *data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(m_session->h2, &data);
        if (n < 0) {
            fail(QStringLiteral("HTTP/2 with %1: %2").arg(m_where, QString::fromUtf8(nghttp2_strerror(int(n)))));
            return false;
        }
        if (n == 0)
            return true;
        m_socket->write(QByteArray(reinterpret_cast<const char *>(data), qsizetype(n)));
    }
}

void GrpcCall::onReadable()
{
    if (!m_session || !m_socket)
        return;
    const QByteArray bytes = m_socket->readAll();
    const ssize_t used = nghttp2_session_mem_recv(m_session->h2, reinterpret_cast<const uint8_t *>(bytes.constData()),
                                                  size_t(bytes.size()));
    if (used < 0) {
        // An HTTP/1 server answers the preface with text: say so rather than nghttp2's words.
        fail(bytes.startsWith("HTTP/")
                 ? QStringLiteral("%1 answers HTTP/1, not gRPC (HTTP/2)").arg(m_where)
                 : QStringLiteral("HTTP/2 with %1: %2").arg(m_where, QString::fromUtf8(nghttp2_strerror(int(used)))));
        return;
    }
    if (!flush())
        return;
    GrpcSession &s = *m_session;
    if (!s.closed)
        return;
    GrpcReply reply;
    if (s.httpStatus != 200 || !s.contentType.startsWith("application/grpc")) {
        reply.error = s.httpStatus == 0 ? QStringLiteral("%1 reset the call (HTTP/2 error %2)").arg(m_where).arg(s.resetCode)
                                        : QStringLiteral("%1 answered HTTP %2 (%3), not gRPC")
                                              .arg(m_where)
                                              .arg(s.httpStatus)
                                              .arg(QString::fromUtf8(s.contentType.isEmpty() ? "no content type" : s.contentType));
        finish(reply);
        return;
    }
    reply.answered = true;
    reply.grpcStatus = s.grpcStatus < 0 ? 2 : s.grpcStatus; // no status at all: UNKNOWN
    reply.grpcMessage = QString::fromUtf8(s.grpcMessage);
    if (s.grpcStatus < 0)
        reply.grpcMessage = QStringLiteral("the answer carries no grpc-status");
    // The first length-prefixed message (flag byte, 4 bytes big-endian length).
    if (s.body.size() >= 5) {
        const auto *b = reinterpret_cast<const uchar *>(s.body.constData());
        const quint32 len = (quint32(b[1]) << 24) | (quint32(b[2]) << 16) | (quint32(b[3]) << 8) | quint32(b[4]);
        if (b[0] == 0 && qsizetype(len) <= s.body.size() - 5)
            reply.message = s.body.mid(5, qsizetype(len));
    }
    finish(reply);
}

void GrpcCall::fail(const QString &error)
{
    GrpcReply reply;
    reply.error = error;
    finish(reply);
}

void GrpcCall::finish(GrpcReply reply)
{
    if (!m_done)
        return;
    auto done = std::move(m_done);
    abort();
    done(reply);
}

} // namespace hsu::agent::health
