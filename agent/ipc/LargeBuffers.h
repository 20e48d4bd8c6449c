#pragma once

// Where the memory of a large request goes once it is answered. A client may send frames of up to
// 16 MiB; the agent reads, parses and frees them. glibc serves such blocks with mmap at first, but
// raises its mmap threshold to the size of each mmapped block freed (up to 32 MiB), so from the
// second frame on they come from the heap, where any small allocation made meanwhile above them
// keeps the freed pages in the process: the chaos test saw an idle agent at 65 MiB instead of
// 31 MiB after a garbage flood (docs/chaos.md, defect 3). A fixed threshold keeps every block of
// at least `threshold` bytes mmapped, so freeing it gives it back to the system at once.

#include <cstddef>
#include <cstdint>

namespace hsu::agent {

// Fixes the C library's mmap threshold at `threshold` bytes (which also stops its dynamic
// adjustment). True where that was done; false on a C library without mallopt (not glibc).
bool returnLargeBuffersToTheSystem(std::size_t threshold = std::size_t(1) << 20);

// Gives the free pages inside the C library's heaps back to the system (malloc_trim). Below the
// threshold above, a client's write queue of many responses (a slow client holds up to its
// limit, 32 MiB) is many heap blocks: freed while anything allocated later sits above them, they
// stay resident (the chaos test's agent idled at 97 MiB after slow clients). Costs a walk over the
// free blocks: for after a large buffer went, not for every request. True when some was given back.
bool releaseFreeMemory();
// How many times releaseFreeMemory() ran in this process.
std::uint64_t freeMemoryReleases();

} // namespace hsu::agent
