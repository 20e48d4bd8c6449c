#pragma once

// The FIFO each captured stream of a worker goes through. The agent holds one descriptor of it,
// read-write, non-blocking and close-on-exec, and reads from it; the child opens the same FIFO anew
// read-write (by name, or through /proc/self/fd/N: see agent/process/LaunchSpec.h) as its stdout
// or stderr. Because the worker's own descriptor is read-write, the pipe always has a reader while
// the worker lives: a write never fails with EPIPE/SIGPIPE when no agent runs, and what was written
// meanwhile (up to the pipe's capacity) waits for the next agent. Because the agent's is read-write too, it never sees
// end-of-file (nor a poll that reports a hang-up over and over) between a worker's runs.
// One descriptor per stream rather than a read end plus a write end to hand over: every descriptor
// the agent holds is copied into each child it starts and closed again at exec, which showed in
// starting a thousand workers.

#include <QString>

#include <optional>

namespace hsu::agent::logs {

struct Fifo
{
    QString path;
    int fd = -1; // O_RDWR | O_NONBLOCK | O_CLOEXEC
};

// Creates the FIFO at `path` (mode 0600; an existing FIFO there is reused, which is how a new agent
// reads what a worker wrote while no agent ran; anything else there is an error) and opens it. The pipe is grown to `capacity` bytes where the kernel allows it (a larger pipe means fewer
// wake-ups during a burst, and more kept while no agent reads).
std::optional<Fifo> openFifo(const QString &path, int capacity, QString *error);

// Closes the agent's descriptor; `remove` also unlinks the FIFO (the agent is done with that worker).
void closeFifo(Fifo &fifo, bool remove);

} // namespace hsu::agent::logs
