#pragma once

namespace hsu::agent {

// Puts the calling thread `steps` nice levels below the agent (at most 19): helper threads (the
// log reader and writer, the state records' writer) must leave a core to a worker's restart, and
// to workers starting, on a small machine.
void lowerThreadPriority(int steps = 10);

} // namespace hsu::agent
