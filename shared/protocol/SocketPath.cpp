#include "SocketPath.h"

#include <QDir>

namespace hsu::protocol {

QString defaultSocketPath()
{
#ifdef Q_OS_WIN
    // Named pipes live in one global namespace: the user name keeps users apart.
    QString user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = QStringLiteral("user");
    return QStringLiteral("hsu-master-agent-") + user;
#else
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty())
        return QDir(runtimeDir).filePath(QStringLiteral("hsu-master/agent.sock"));
    // Not /tmp: a folder only this user can create things in, so nobody can squat the path.
    return QDir::home().filePath(QStringLiteral(".local/state/hsu-master/agent.sock"));
#endif
}

QString resolveSocketPath(const QString &commandLine)
{
    if (!commandLine.isEmpty())
        return commandLine;
    const QString fromEnv = qEnvironmentVariable(kSocketEnvVar);
    if (!fromEnv.isEmpty())
        return fromEnv;
    return defaultSocketPath();
}

} // namespace hsu::protocol
