#include "LogThreadPriority.h"

#include "agent/process/ThreadPriority.h"

namespace hsu::agent::logs {

void lowerLogThreadPriority()
{
    lowerThreadPriority(10);
}

} // namespace hsu::agent::logs
