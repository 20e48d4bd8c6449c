#pragma once

// What the IPC layer may ask of the resource monitor (agent/monitor implements it): samples,
// history, the limits and how they are enforced. An interface, so agent/ipc does not depend on the
// monitor and its tests can pass a fake.

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::agent {

class ResourceControl
{
public:
    virtual ~ResourceControl() = default;
    // resources.get's result for worker `id` at `resolution` ("1s", "10s", "1m"), points newer
    // than `sinceMs`; std::nullopt when the worker is unknown (`error` is left empty) or the
    // resolution is not one of those (`error` says so).
    virtual std::optional<QJsonObject> resources(const QString &id, const QString &resolution, qint64 sinceMs,
                                                 QString *error) const = 0;
    // agent.doctor: the machine's backends and, per worker, how each configured limit is enforced.
    virtual QJsonObject doctor() const = 0;
    // The limit backends active on this machine ("cgroup-v1", "rlimit", ...), for hello.
    virtual QStringList backends() const = 0;
};

} // namespace hsu::agent
