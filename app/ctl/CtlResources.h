#pragma once

// hsuctl top and hsuctl doctor: what the agent measures and how it enforces each limit.

#include "CtlArguments.h"

#include <QJsonObject>
#include <QTextStream>

namespace hsu::client {
class AgentClient;
}

namespace hsu::ctl {

int top(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err);
int doctor(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err);

// The table top prints, from workers.list's workers and {id: sample}; exposed for tests.
QString formatTopTable(const QJsonArray &workers, const QJsonObject &samples);

} // namespace hsu::ctl
