#pragma once

// The FIFO each captured stream of a worker goes through. The agent opens it twice: a non-blocking
// read end it reads from, and a read-write end (close-on-exec) that the child dup2()s onto its
// stdout or stderr before exec. Because the worker's own descriptor is read-write, the pipe always
// has a reader while the worker lives: a write never fails with EPIPE/SIGPIPE when no agent runs,
// and what was written meanwhile (up to the pipe's capacity) waits for the next agent. The agent's
// own read-write end also keeps the read end from ever reporting end-of-file between restarts.

#include <QString>

#include <optional>

namespace hsu::agent::logs {

struct Fifo
{
    QString path;
    int readFd = -1;  // O_RDONLY | O_NONBLOCK | O_CLOEXEC
    int childFd = -1; // O_RDWR | O_CLOEXEC: what the child makes its fd 1 or 2
};

// Creates the FIFO at `path` (mode 0600; an existing FIFO there is reused, which is how a new agent
// reads what a worker wrote while no agent ran; anything else there is an error) and opens both
// ends. The pipe is grown to `capacity` bytes where the kernel allows it (a larger pipe means fewer
// wake-ups during a burst, and more kept while no agent reads).
std::optional<Fifo> openFifo(const QString &path, int capacity, QString *error);

// Closes both ends; `remove` also unlinks the FIFO (the agent is done with that worker).
void closeFifo(Fifo &fifo, bool remove);

} // namespace hsu::agent::logs
