#include "LargeBuffers.h"

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

} // namespace hsu::agent
