#pragma once

// The "Resources and limits" part of the protocol as the GUI uses it. The agent side is being
// written at the same time; until shared/protocol defines these names they are spelt here, once.
// Switch to protocol::method::... / protocol::event::... when they land there.

#include <QLatin1String>

namespace hsu::desktop::resproto {

// {"id", "resolution": "1s"|"10s"|"1m", "since": ms} -> {"id", "interval_ms", "resolution", "now",
// "points", "limits", "enforcement", "can_pause"}
inline constexpr QLatin1String Get{"resources.get"};
// {"ids": [...]} (absent: every worker) -> {}; then SamplesEvent once per sampling round.
inline constexpr QLatin1String Subscribe{"resources.subscribe"};
inline constexpr QLatin1String Unsubscribe{"resources.unsubscribe"};
// {"samples": {"<worker id>": Sample, ...}}
inline constexpr QLatin1String SamplesEvent{"resources.samples"};
// Through events.subscribe, when hello lists it: {"worker", "resource", "kind", "value", "limit",
// "policy", "action", "message"}.
inline constexpr QLatin1String ViolationEvent{"limits.violation"};
// {"id"} -> WorkerStatus; refused with invalid_state or unavailable.
inline constexpr QLatin1String Pause{"workers.pause"};
inline constexpr QLatin1String Resume{"workers.resume"};

} // namespace hsu::desktop::resproto
