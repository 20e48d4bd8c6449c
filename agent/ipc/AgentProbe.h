#pragma once

#include <QString>

namespace hsu::agent {

// What is at a socket path before the agent listens there.
struct ProbeResult
{
    enum class Kind {
        Nothing,  // no such file
        Stale,    // a file nobody answers on (an agent that crashed)
        Answered, // something accepted the connection: another agent
        Error,    // cannot tell (e.g. permission denied): do not touch the path
    };
    Kind kind = Kind::Nothing;
    qint64 pid = 0;  // Answered: the pid its hello reported, 0 when it did not answer in time
    QString message; // Error: why
};

// Connects to `path`, and if that works, says hello to learn the agent's pid. Runs a local event
// loop for at most `timeoutMs`, so an agent in the same thread (tests) can still answer.
ProbeResult probeAgent(const QString &path, int timeoutMs);

} // namespace hsu::agent
