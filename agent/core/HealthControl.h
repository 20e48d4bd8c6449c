#pragma once

// What the IPC layer may ask of the health checks (agent/health implements it): one worker's
// check, verdict and last results. An interface, so agent/ipc does not depend on agent/health.

#include "shared/model/HealthReport.h"

#include <QString>

#include <optional>

namespace hsu::agent {

class HealthControl
{
public:
    virtual ~HealthControl() = default;
    // health.get: std::nullopt when there is no worker `id`; a worker without a check the agent
    // runs has an empty kind and health.
    virtual std::optional<model::HealthReport> healthReport(const QString &id) const = 0;
};

} // namespace hsu::agent
