#include "serve.h"

#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <string_view>

int listenOn(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        setupFailed("socket");
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
        setupFailed("cannot bind 127.0.0.1:" + std::to_string(port));
    if (::listen(fd, 128) != 0)
        setupFailed("listen");
    return fd;
}

void serveOne(int listenFd, bool http)
{
    const int conn = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0)
        return;
    if (http) {
        // Read the request head (up to a blank line, 64 KiB, or 2 s of silence), then answer.
        std::string req;
        char buf[4096];
        const long long giveUp = monotonicMs() + 2000;
        while (req.find("\r\n\r\n") == std::string::npos && req.find("\n\n") == std::string::npos
               && req.size() < 65536) {
            pollfd p{conn, POLLIN, 0};
            const long long left = giveUp - monotonicMs();
            if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0)
                break;
            const ssize_t n = ::recv(conn, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            req.append(buf, static_cast<size_t>(n));
        }
        static constexpr std::string_view kAnswer = "HTTP/1.0 200 OK\r\n"
                                                    "Content-Type: text/plain\r\n"
                                                    "Content-Length: 3\r\n"
                                                    "Connection: close\r\n"
                                                    "\r\n"
                                                    "ok\n";
        std::string_view rest = kAnswer;
        while (!rest.empty()) {
            const ssize_t n = ::send(conn, rest.data(), rest.size(), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            rest.remove_prefix(static_cast<size_t>(n));
        }
        ::shutdown(conn, SHUT_WR);
    }
    ::close(conn);
}
