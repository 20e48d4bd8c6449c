#include "ProcessSampler.h"

#ifdef Q_OS_LINUX
#include "LinuxProcessSampler.h"
#endif

namespace hsu::agent::resources {

std::unique_ptr<ProcessSampler> ProcessSampler::create()
{
#ifdef Q_OS_LINUX
    return std::make_unique<LinuxProcessSampler>();
#else
    return nullptr;
#endif
}

} // namespace hsu::agent::resources
