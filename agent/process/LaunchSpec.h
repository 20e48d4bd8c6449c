#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace hsu::agent {

// Everything needed to start one worker process, already resolved (absolute paths, merged env).
struct LaunchSpec
{
    QString program;
    QStringList args;
    QProcessEnvironment environment;
    QString workingDirectory;
    // Where stdout / stderr go. An fd >= 0 (the log collector's FIFO, opened read-write and
    // close-on-exec in the agent) becomes the child's fd 1 / 2: a FIFO the child itself holds
    // open for reading never fails a write with EPIPE, so the agent's death cannot hurt the worker.
    // Otherwise a file (appended; empty: discarded), for runs without a collector.
    int stdoutFd = -1;
    int stderrFd = -1;
    QString stdoutFile;
    QString stderrFile;
};

} // namespace hsu::agent
