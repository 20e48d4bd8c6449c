#pragma once

// Protocol v1 vocabulary: the version, and every method, event and error code name, so that no
// string literal of the protocol appears anywhere else (docs/protocol.md is the reference).

#include <QLatin1String>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::protocol {

// The major number changes only when an old client can no longer talk to a new agent (or the
// other way round); the minor number grows when methods, params or fields are added.
inline constexpr int kVersionMajor = 1;
inline constexpr int kVersionMinor = 7; // 1.1: logs.*; 1.2: resources.*, workers.pause/resume, agent.doctor, limits.violation; 1.3: config.reload, config.reloaded; 1.4: health in the status; 1.5: health.get; 1.6: workers.signal, adopted and control in the status; 1.7: metrics.get

// Longest line either side sends or accepts, newline excluded.
inline constexpr qsizetype kMaxFrameSize = 16 * 1024 * 1024;

// Not named major/minor: glibc defines macros of those names.
struct Version
{
    int majorPart = 0;
    int minorPart = 0;
    bool operator==(const Version &) const = default;
};

Version currentVersion();
QString versionString();                                 // "1.0"
std::optional<Version> parseVersion(const QString &text); // "1.0" -> {1, 0}; "1" -> {1, 0}
// Can an agent speaking this version serve a client announcing `client`? Same major is enough.
bool isCompatible(const Version &client);

namespace method {
inline constexpr QLatin1String Hello{"hello"};
inline constexpr QLatin1String WorkersList{"workers.list"};
inline constexpr QLatin1String WorkersGet{"workers.get"};
inline constexpr QLatin1String WorkersStart{"workers.start"};
inline constexpr QLatin1String WorkersStop{"workers.stop"};
inline constexpr QLatin1String WorkersRestart{"workers.restart"};
inline constexpr QLatin1String ConfigValidate{"config.validate"};
inline constexpr QLatin1String AgentShutdown{"agent.shutdown"};
inline constexpr QLatin1String EventsSubscribe{"events.subscribe"};
inline constexpr QLatin1String EventsUnsubscribe{"events.unsubscribe"};
inline constexpr QLatin1String LogsTail{"logs.tail"};
inline constexpr QLatin1String LogsSubscribe{"logs.subscribe"};
inline constexpr QLatin1String LogsUnsubscribe{"logs.unsubscribe"};
inline constexpr QLatin1String WorkersPause{"workers.pause"};
inline constexpr QLatin1String WorkersResume{"workers.resume"};
// {"id", "signal": "SIGHUP"}: sent to the worker's group (unmanaged: only its allowed_signals).
inline constexpr QLatin1String WorkersSignal{"workers.signal"};
inline constexpr QLatin1String ResourcesGet{"resources.get"};
inline constexpr QLatin1String ResourcesSubscribe{"resources.subscribe"};
inline constexpr QLatin1String ResourcesUnsubscribe{"resources.unsubscribe"};
inline constexpr QLatin1String AgentDoctor{"agent.doctor"};
// Reads the config file again and applies the difference (1.1); the reply is what it will do.
inline constexpr QLatin1String ConfigReload{"config.reload"};
// What a reload of a file (default: the config file) would do, without doing it (1.3).
inline constexpr QLatin1String ConfigDiff{"config.diff"};
// The config file's path and text; saving a new text (checked, atomic, FILE.bak kept, reloaded) (1.3).
inline constexpr QLatin1String ConfigGet{"config.get"};
inline constexpr QLatin1String ConfigSave{"config.save"};
// {"id"} -> model::HealthReport: the worker's check, verdict and last results (1.5)
inline constexpr QLatin1String HealthGet{"health.get"};
// {} -> {"text": the Prometheus text format, "content_type", "endpoint": where it is served over
// HTTP ("" when not)} (1.7)
inline constexpr QLatin1String MetricsGet{"metrics.get"};
QStringList all();
} // namespace method

namespace event {
inline constexpr QLatin1String WorkerState{"worker.state"};
inline constexpr QLatin1String LogsDropped{"logs.dropped"};
inline constexpr QLatin1String LimitsViolation{"limits.violation"};
// A reload ended (applied, or refused with the file's errors).
inline constexpr QLatin1String ConfigReloaded{"config.reloaded"};
// Sent only to sessions that called logs.subscribe (not through events.subscribe).
inline constexpr QLatin1String LogsLines{"logs.lines"};
// Sent only to sessions that called resources.subscribe.
inline constexpr QLatin1String ResourcesSamples{"resources.samples"};
// What events.subscribe accepts.
QStringList all();
} // namespace event

namespace error {
// Frame level: the line could not be read as a request (the response carries "id": null).
inline constexpr QLatin1String InvalidFrame{"invalid_frame"};     // not JSON, or not an object
inline constexpr QLatin1String FrameTooLarge{"frame_too_large"};  // longer than kMaxFrameSize
inline constexpr QLatin1String InvalidRequest{"invalid_request"}; // JSON object, but not a request
// Request level.
inline constexpr QLatin1String HelloRequired{"hello_required"};
inline constexpr QLatin1String UnsupportedProtocol{"unsupported_protocol"};
inline constexpr QLatin1String UnknownMethod{"unknown_method"};
inline constexpr QLatin1String InvalidParams{"invalid_params"};
inline constexpr QLatin1String NotFound{"not_found"};
inline constexpr QLatin1String InvalidState{"invalid_state"};
inline constexpr QLatin1String Failed{"failed"};
inline constexpr QLatin1String Unavailable{"unavailable"};
inline constexpr QLatin1String ResponseTooLarge{"response_too_large"};
// Never sent by the agent: what AgentClient reports for requests that got no response.
inline constexpr QLatin1String Timeout{"timeout"};
inline constexpr QLatin1String Disconnected{"disconnected"};
} // namespace error

// Envelope keys.
namespace key {
inline constexpr QLatin1String Id{"id"};
inline constexpr QLatin1String Method{"method"};
inline constexpr QLatin1String Params{"params"};
inline constexpr QLatin1String Result{"result"};
inline constexpr QLatin1String Error{"error"};
inline constexpr QLatin1String Code{"code"};
inline constexpr QLatin1String Message{"message"};
inline constexpr QLatin1String Event{"event"};
inline constexpr QLatin1String Data{"data"};
} // namespace key

} // namespace hsu::protocol
