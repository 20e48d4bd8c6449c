// The agent's readers of kernel text, fed as text: /proc/PID/stat and /proc/PID/io (the resource
// sampler and the process scan), /proc/self/cgroup with /proc/self/mountinfo (CgroupSystem::parse),
// cgroup.procs and the "key value" files (memory.events, cgroup.events). The kernel writes these, but
// a process names itself (stat's comm) and a container runtime writes mount paths: no byte may crash
// the agent.
//
// Input: byte 0 chooses where the input splits into the two cgroup files, then the text.

#include "FuzzInput.h"

#include "agent/limits/CgroupSystem.h"
#include "agent/resources/ProcStat.h"

using namespace hsu;
using namespace hsu::agent;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size)
{
    fuzz::Input in(data, size);
    const quint8 split = in.takeByte();
    const QByteArrayView text = in.rest();

    // The sampler reads into a buffer it NUL-terminates; the parsers are given the length only.
    const QByteArray owned = text.toByteArray();
    (void)resources::parseProcStat(owned.constData(), std::size_t(owned.size()));
    (void)resources::parseProcIo(owned.constData(), std::size_t(owned.size()));

    for (const qint64 pid : limits::parsePidList(text))
        HSU_FUZZ_CHECK(pid >= 0);
    for (const char *key : {"oom_kill", "frozen", "populated"})
        (void)limits::keyedValue(owned, key);

    const qsizetype at = text.size() * split / 256;
    const limits::CgroupSystem system = limits::CgroupSystem::parse(text.first(at).toByteArray(),
                                                                    text.sliced(at).toByteArray());
    (void)system.describe();
    (void)system.offer();
    (void)system.usable();
    for (const QString &c : limits::CgroupSystem::v1Controllers())
        (void)system.v1(c);
    return 0;
}
