#pragma once

namespace hsu::agent::logs {

// Puts the calling thread (the log reader's or writer's) below the agent's supervision: under a
// log flood on a small machine, a worker's restart must get a core before the lines do.
void lowerLogThreadPriority();

} // namespace hsu::agent::logs
