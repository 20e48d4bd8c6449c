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

} // namespace hsu::protocol
