#include "PeerCredentials.h"

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace hsu::agent {

std::optional<PeerCredentials> peerCredentials(qintptr socketDescriptor)
{
#if defined(Q_OS_LINUX)
    struct ucred cred = {};
    socklen_t len = sizeof cred;
    if (::getsockopt(int(socketDescriptor), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || len != sizeof cred)
        return std::nullopt;
    return PeerCredentials{qint64(cred.uid), qint64(cred.pid)};
#elif defined(Q_OS_UNIX)
    uid_t uid = 0;
    gid_t gid = 0;
    if (::getpeereid(int(socketDescriptor), &uid, &gid) != 0)
        return std::nullopt;
    return PeerCredentials{qint64(uid), 0};
#else
    Q_UNUSED(socketDescriptor);
    return std::nullopt;
#endif
}

qint64 currentUid()
{
#if defined(Q_OS_UNIX)
    return qint64(::geteuid());
#else
    return -1;
#endif
}

bool canCheckPeers()
{
#if defined(Q_OS_UNIX)
    return true;
#else
    return false;
#endif
}

} // namespace hsu::agent
