// HSU core's gRPC service, as much of it as an integrated worker's health check needs: a unary
// proto.CoreService/Ping (empty request, empty response) answered over HTTP/2 cleartext with
// prior knowledge, one connection at a time. libnghttp2 does the framing and HPACK.

#include "grpc_ping.h"

#include <nghttp2/nghttp2.h>

#include <cstring>
#include <map>
#include <string>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

struct Connection
{
    int fd = -1;
    int answerStatus = 0;            // grpc-status Ping answers with
    std::map<int32_t, std::string> paths; // :path of each open stream
    std::string statusText;
};

constexpr char kPingPath[] = "/proto.CoreService/Ping";
// An empty PingResponse, length-prefixed: not compressed, length 0.
constexpr uint8_t kEmptyMessage[5] = {0, 0, 0, 0, 0};

nghttp2_nv header(const char *name, const char *value)
{
    return nghttp2_nv{reinterpret_cast<uint8_t *>(const_cast<char *>(name)),
                      reinterpret_cast<uint8_t *>(const_cast<char *>(value)), std::strlen(name), std::strlen(value),
                      NGHTTP2_NV_FLAG_NONE};
}

ssize_t readMessage(nghttp2_session *session, int32_t stream, uint8_t *buf, size_t length, uint32_t *flags,
                    nghttp2_data_source *, void *user)
{
    auto *c = static_cast<Connection *>(user);
    const size_t n = length < sizeof kEmptyMessage ? length : sizeof kEmptyMessage;
    std::memcpy(buf, kEmptyMessage, n);
    // The message, then the status as trailers (the stream ends with them).
    *flags |= NGHTTP2_DATA_FLAG_EOF | NGHTTP2_DATA_FLAG_NO_END_STREAM;
    c->statusText = std::to_string(c->answerStatus);
    const nghttp2_nv trailers[] = {header("grpc-status", c->statusText.c_str())};
    nghttp2_submit_trailer(session, stream, trailers, 1);
    return static_cast<ssize_t>(n);
}

void answer(nghttp2_session *session, Connection &c, int32_t stream)
{
    const std::string &path = c.paths[stream];
    if (path != kPingPath) {
        // Trailers-Only: what a gRPC server says of a method it does not have.
        const nghttp2_nv nva[] = {header(":status", "200"), header("content-type", "application/grpc"),
                                  header("grpc-status", "12"), header("grpc-message", "unknown method")};
        nghttp2_submit_response(session, stream, nva, 4, nullptr);
        return;
    }
    const nghttp2_nv nva[] = {header(":status", "200"), header("content-type", "application/grpc")};
    nghttp2_data_provider body{};
    body.read_callback = readMessage;
    nghttp2_submit_response(session, stream, nva, 2, &body);
}

int onHeader(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t namelen, const uint8_t *value,
             size_t valuelen, uint8_t, void *user)
{
    auto *c = static_cast<Connection *>(user);
    if (frame->hd.type == NGHTTP2_HEADERS && namelen == 5 && std::memcmp(name, ":path", 5) == 0)
        c->paths[frame->hd.stream_id].assign(reinterpret_cast<const char *>(value), valuelen);
    return 0;
}

int onFrame(nghttp2_session *session, const nghttp2_frame *frame, void *user)
{
    auto *c = static_cast<Connection *>(user);
    // The request is whole when its stream ends (after the headers, or after the message).
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA)
        && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) && c->paths.count(frame->hd.stream_id))
        answer(session, *c, frame->hd.stream_id);
    return 0;
}

int onClose(nghttp2_session *, int32_t stream, uint32_t, void *user)
{
    static_cast<Connection *>(user)->paths.erase(stream);
    return 0;
}

bool sendPending(nghttp2_session *session, int fd)
{
    for (;;) {
        const uint8_t *data = nullptr;
        ssize_t n = nghttp2_session_mem_send(session, &data);
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        while (n > 0) {
            const ssize_t sent = ::send(fd, data, static_cast<size_t>(n), MSG_NOSIGNAL);
            if (sent <= 0)
                return false;
            data += sent;
            n -= sent;
        }
    }
}

} // namespace

void serveGrpcPing(int listenFd, int answerStatus)
{
    Connection c;
    c.fd = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
    if (c.fd < 0)
        return;
    c.answerStatus = answerStatus;
    nghttp2_session_callbacks *callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrame);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onClose);
    nghttp2_session *session = nullptr;
    const bool made = nghttp2_session_server_new(&session, callbacks, &c) == 0;
    nghttp2_session_callbacks_del(callbacks);
    if (made) {
        nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, nullptr, 0);
        uint8_t buf[16384];
        // Until the client is done with the connection, or 2 s of silence (a client that hangs
        // must not keep the next one waiting for ever).
        while (sendPending(session, c.fd) && (nghttp2_session_want_read(session) || nghttp2_session_want_write(session))) {
            pollfd p{c.fd, POLLIN, 0};
            if (::poll(&p, 1, 2000) <= 0)
                break;
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n <= 0 || nghttp2_session_mem_recv(session, buf, static_cast<size_t>(n)) < 0)
                break;
        }
        nghttp2_session_del(session);
    }
    ::close(c.fd);
}
