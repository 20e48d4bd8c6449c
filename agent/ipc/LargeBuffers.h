#pragma once

// Where the memory of a large request goes once it is answered. A client may send frames of up to
// 16 MiB; the agent reads, parses and frees them. glibc serves such blocks with mmap at first, but
// raises its mmap threshold to the size of each mmapped block freed (up to 32 MiB), so from the
// second frame on they come from the heap, where any small allocation made meanwhile above them
// keeps the freed pages in the process: the chaos test saw an idle agent at 65 MiB instead of
// 31 MiB after a garbage flood (docs/chaos.md, defect 3). A fixed threshold keeps every block of
// at least `threshold` bytes mmapped, so freeing it gives it back to the system at once.

#include <cstddef>

namespace hsu::agent {

// Fixes the C library's mmap threshold at `threshold` bytes (which also stops its dynamic
// adjustment). True where that was done; false on a C library without mallopt (not glibc).
bool returnLargeBuffersToTheSystem(std::size_t threshold = std::size_t(1) << 20);

} // namespace hsu::agent
