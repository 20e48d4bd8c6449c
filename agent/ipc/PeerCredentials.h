#pragma once

#include <QtGlobal>

#include <optional>

namespace hsu::agent {

struct PeerCredentials
{
    qint64 uid = -1;
    qint64 pid = 0; // 0 where the OS does not tell
};

// Who is at the other end of a connected local socket (SO_PEERCRED on Linux, getpeereid on the
// BSDs and macOS). nullopt when the OS cannot tell, which the server treats as "reject".
std::optional<PeerCredentials> peerCredentials(qintptr socketDescriptor);

// The uid the agent runs as: the only one it serves.
qint64 currentUid();

// Whether this platform can check peers at all (Windows relies on the pipe's ACL instead).
bool canCheckPeers();

} // namespace hsu::agent
