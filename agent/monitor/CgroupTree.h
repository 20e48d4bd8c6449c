#pragma once

// A worker's cgroup seen as its process tree (agent/process's ProcessTree): what stops, clean-ups
// and pause use to reach every process of the worker, setsid() daemons included.

#include "agent/limits/WorkerCgroup.h"
#include "agent/process/ProcessTree.h"

#include <memory>

namespace hsu::agent::monitor {

class CgroupTree final : public ProcessTree
{
public:
    explicit CgroupTree(std::shared_ptr<limits::WorkerCgroup> cgroup)
        : m_cgroup(std::move(cgroup))
    {
    }
    QList<qint64> pids() const override { return m_cgroup->pids(); }
    void signalAll(int sig) override;
    // Short bounds: these run on the supervision thread; the stop's own polling finishes the job.
    void killAll() override { m_cgroup->killAll(std::chrono::milliseconds(20)); }
    bool canFreeze() const override { return m_cgroup->canFreeze(); }
    bool setFrozen(bool frozen) override
    {
        return frozen ? m_cgroup->freeze(std::chrono::milliseconds(200)) : m_cgroup->thaw();
    }
    limits::WorkerCgroup &cgroup() const { return *m_cgroup; }

private:
    std::shared_ptr<limits::WorkerCgroup> m_cgroup;
};

} // namespace hsu::agent::monitor
