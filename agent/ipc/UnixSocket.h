#pragma once

// The few system calls LocalListener and LocalConnection share (Unix only).

#include <QString>

struct sockaddr_un;

namespace hsu::agent::unixsocket {

// A new AF_UNIX stream socket, close-on-exec (workers are forked from the agent and must not inherit
// it) and, when `nonBlocking`, non-blocking. -1 with errno set on failure.
int openStream(bool nonBlocking);

// Makes an open fd non-blocking and close-on-exec; on macOS also SIGPIPE-free (no MSG_NOSIGNAL there).
void prepare(int fd, bool nonBlocking);

// Fills `addr` for `path`; false (and `error`) when the path does not fit sun_path.
bool address(const QString &path, sockaddr_un *addr, QString *error);

// send() that never raises SIGPIPE and never blocks.
long sendNoSignal(int fd, const char *data, qsizetype size);

// strerror(errno), as a QString.
QString errorString(int errorNumber);

} // namespace hsu::agent::unixsocket
