#pragma once

// Where the agent listens. Precedence: --socket PATH, then $HSU_SOCKET, then the default.

#include <QString>

namespace hsu::protocol {

inline constexpr char kSocketEnvVar[] = "HSU_SOCKET";

// $XDG_RUNTIME_DIR/hsu-master/agent.sock; without XDG_RUNTIME_DIR (macOS, a bare session)
// ~/.local/state/hsu-master/agent.sock. On Windows a per-user named pipe name.
QString defaultSocketPath();

// `commandLine` when not empty, else $HSU_SOCKET when set and not empty, else defaultSocketPath().
QString resolveSocketPath(const QString &commandLine = QString());

// <socket>.stopped: the agent writes it when it exits because it was asked to (a shutdown,
// SIGTERM) and removes it when it starts. A GUI starts again only an agent that died without it.
inline QString stoppedMarkerPath(const QString &socketPath)
{
    return socketPath + QStringLiteral(".stopped");
}

} // namespace hsu::protocol
