#include "LargeBuffers.h"

#include <atomic>
#include <climits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hsu::agent {

bool returnLargeBuffersToTheSystem(std::size_t threshold)
{
#if defined(__GLIBC__)
    // A block this size costs one mmap and munmap more than one from the heap: nothing beside the
    // parsing of a megabyte of JSON. Smaller blocks stay on the heap as before.
    return threshold <= std::size_t(INT_MAX) && ::mallopt(M_MMAP_THRESHOLD, int(threshold)) == 1;
#else
    (void)threshold;
    return false;
#endif
}

namespace {
std::atomic<std::uint64_t> g_releases{0};
} // namespace

bool releaseFreeMemory()
{
    g_releases.fetch_add(1, std::memory_order_relaxed);
#if defined(__GLIBC__)
    return ::malloc_trim(0) == 1;
#else
    return false;
#endif
}

std::uint64_t freeMemoryReleases()
{
    return g_releases.load(std::memory_order_relaxed);
}

} // namespace hsu::agent
