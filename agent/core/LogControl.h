#pragma once

// What the IPC layer may ask of the log collector (agent/logs implements it). Kept as an
// interface beside WorkerControl so that agent/ipc never depends on agent/logs, and IPC tests can
// pass a fake.

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace hsu::agent {

class LogControl
{
public:
    virtual ~LogControl() = default;
    // The last `lines` lines of worker `id` (empty: every worker, merged by time), oldest first,
    // each in the protocol's line form; `stream` "stdout" / "stderr" or empty for both.
    // std::nullopt when `id` is unknown.
    virtual std::optional<QJsonArray> tail(const QString &id, int lines, const QString &stream) const = 0;
    // For workers.get: {"log_dropped": N, "log_lines": N, "log_filtered": N, "log_error": "..."}.
    virtual QJsonObject workerLogInfo(const QString &id) const = 0;
    // The most lines a tail can return (the ring's size).
    virtual int ringCapacity() const = 0;
};

} // namespace hsu::agent
