#pragma once

// Every process of one worker, including descendants that left its process group with setsid():
// where the machine offers cgroups, the worker's own cgroup (agent/limits implements this). The
// process group alone cannot hold on to a double-forked daemon; a cgroup can.

#include <QList>

namespace hsu::agent {

class ProcessTree
{
public:
    virtual ~ProcessTree() = default;
    // Every process in it now.
    virtual QList<qint64> pids() const = 0;
    // Sends `sig` to every process in it.
    virtual void signalAll(int sig) = 0;
    // SIGKILL to everything, including what forks meanwhile (freeze, kill, thaw).
    virtual void killAll() = 0;
    // Pause and resume the whole tree at once (cgroup freezer), where the machine can.
    virtual bool canFreeze() const = 0;
    virtual bool setFrozen(bool frozen) = 0;
};

} // namespace hsu::agent
