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
    // Where stdout / stderr go (appended). Files, not pipes: a file outlives the agent, so a
    // worker never gets SIGPIPE because its agent died. Empty: discarded.
    QString stdoutFile;
    QString stderrFile;
};

} // namespace hsu::agent
