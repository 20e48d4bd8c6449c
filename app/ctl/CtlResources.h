#pragma once

// hsuctl top, doctor, health and metrics: what the agent measures, how it enforces each
// limit, and what a worker's health check found.

#include "CtlArguments.h"

#include "shared/model/HealthReport.h"

#include <QJsonObject>
#include <QTextStream>

namespace hsu::client {
class AgentClient;
}

namespace hsu::ctl {

int top(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err);
int doctor(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err);
int health(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err);
// hsuctl metrics: the Prometheus text (metrics.get), with or without the HTTP endpoint.
int metrics(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err);

// What hsuctl health prints for a person; exposed for tests.
QString formatHealthReport(const model::HealthReport &report);

// The table top prints, from workers.list's workers and {id: sample}; exposed for tests.
QString formatTopTable(const QJsonArray &workers, const QJsonObject &samples);

} // namespace hsu::ctl
