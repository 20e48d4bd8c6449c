#pragma once

// The log part of protocol v1 (docs/protocol.md, "Logs"): method, event and field names.
// They mirror hsu::protocol (shared/protocol/Protocol.h) and are kept here only until the agent
// side of logs lands there; then these names become aliases of the shared ones.

#include <QLatin1String>

namespace hsu::desktop::logproto {

inline constexpr QLatin1String Tail{"logs.tail"};
inline constexpr QLatin1String Subscribe{"logs.subscribe"};
inline constexpr QLatin1String Unsubscribe{"logs.unsubscribe"};
// Pushed after logs.subscribe: {"lines": [Line...], "skipped": N}, at most one per 50 ms.
inline constexpr QLatin1String LinesEvent{"logs.lines"};
// Through events.subscribe: {"worker", "target", "dropped", "total_dropped", "reason"}.
inline constexpr QLatin1String DroppedEvent{"logs.dropped"};

// The agent caps logs.tail at this many lines.
inline constexpr int kMaxTailLines = 10000;

} // namespace hsu::desktop::logproto
