#include "ThreadPriority.h"

#include <algorithm>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace hsu::agent {

void lowerThreadPriority(int steps)
{
    // Relative to the agent's own nice value, so an agent started with a higher priority keeps
    // its helper threads ahead of ordinary processes too.
    const pid_t tid = pid_t(::syscall(SYS_gettid));
    ::setpriority(PRIO_PROCESS, tid, std::min(19, ::getpriority(PRIO_PROCESS, 0) + steps));
}

} // namespace hsu::agent
