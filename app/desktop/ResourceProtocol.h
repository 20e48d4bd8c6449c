#pragma once

// The "Resources and limits" part of protocol v1.2 as the GUI uses it: short names for what
// shared/protocol defines, so the resource classes read alike and no literal is repeated.

#include "shared/protocol/Protocol.h"

namespace hsu::desktop::resproto {

// {"id", "resolution": "1s"|"10s"|"1m", "since": ms} -> {"id", "interval_ms", "resolution", "now",
// "points", "limits", "enforcement", "freezer"}
inline constexpr QLatin1String Get = protocol::method::ResourcesGet;
// {"ids": [...]} (absent: every worker) -> {}; then SamplesEvent once per sampling round.
inline constexpr QLatin1String Subscribe = protocol::method::ResourcesSubscribe;
inline constexpr QLatin1String Unsubscribe = protocol::method::ResourcesUnsubscribe;
// {"samples": {"<worker id>": Sample, ...}}
inline constexpr QLatin1String SamplesEvent = protocol::event::ResourcesSamples;
// Through events.subscribe, when hello lists it: {"worker", "resource", "kind", "value", "limit",
// "policy", "action", "message"}.
inline constexpr QLatin1String ViolationEvent = protocol::event::LimitsViolation;
// {"id"} -> WorkerStatus; refused with invalid_state or unavailable.
inline constexpr QLatin1String Pause = protocol::method::WorkersPause;
inline constexpr QLatin1String Resume = protocol::method::WorkersResume;

} // namespace hsu::desktop::resproto
