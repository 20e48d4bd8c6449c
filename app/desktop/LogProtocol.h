#pragma once

// The log part of protocol v1.1 as the GUI uses it: short names for what shared/protocol
// defines (docs/protocol.md, "Logs"), so the log classes read alike and no literal is repeated.

#include "shared/protocol/Protocol.h"

namespace hsu::desktop::logproto {

inline constexpr QLatin1String Tail = protocol::method::LogsTail;
inline constexpr QLatin1String Subscribe = protocol::method::LogsSubscribe;
inline constexpr QLatin1String Unsubscribe = protocol::method::LogsUnsubscribe;
// Pushed after logs.subscribe: {"lines": [Line...], "skipped": N}, at most one per 50 ms.
inline constexpr QLatin1String LinesEvent = protocol::event::LogsLines;
// Through events.subscribe: {"worker", "target", "dropped", "total_dropped", "reason"}.
inline constexpr QLatin1String DroppedEvent = protocol::event::LogsDropped;

} // namespace hsu::desktop::logproto
