#pragma once

// hsuctl logs: the last lines from the agent's ring, then (with -f) the live ones.

#include "CtlArguments.h"

#include <QTextStream>

namespace hsu::client {
class AgentClient;
}

namespace hsu::ctl {

int logs(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err);

} // namespace hsu::ctl
