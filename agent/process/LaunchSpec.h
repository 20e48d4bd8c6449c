#pragma once

#include "ChildEnvironment.h"

#include <QString>
#include <QList>
#include <QStringList>

#include <optional>

namespace hsu::agent {

// Everything needed to start one worker process, already resolved (absolute paths, merged env).
struct LaunchSpec
{
    QString program;
    QStringList args;
    ChildEnvironment environment;
    QString workingDirectory;
    // Where stdout / stderr go. An fd >= 0 is a descriptor of the log collector's FIFO: the child
    // opens that FIFO anew, read-write (by name, below, else through /proc/self/fd), as its fd 1 /
    // 2. A FIFO the child itself holds open for reading never fails a write with EPIPE, so the
    // agent's death cannot hurt the worker. Otherwise a file (appended; empty: discarded), for runs
    // without a collector.
    int stdoutFd = -1;
    int stderrFd = -1;
    // The FIFO behind each fd, by name: the child opens that instead of /proc/self/fd/N, and then
    // need not be given a copy of the agent's descriptor table (see spawnProcess).
    QByteArray stdoutPath;
    QByteArray stderrPath;
    QString stdoutFile;
    QString stderrFile;

    // Set in the child between fork and exec (agent/limits fills them in): the worker and all it
    // starts are inside its cgroups and under its rlimits from its first instruction on.
    struct ChildLimits
    {
        // A cgroup v2 folder the child is created in (clone3 with CLONE_INTO_CGROUP: no migration,
        // so nothing to wait for); where the kernel cannot, its cgroup.procs is joined instead.
        QByteArray cgroupDir;
        int cgroupDirFd = -1; // that folder, opened (O_DIRECTORY) by its owner; -1: opened per spawn
        // "0" is written to each before exec: the child joins that cgroup (v1 cgroup.procs). A
        // migration waits for the kernel's cgroup lock, milliseconds on some kernels: a Standby
        // does it ahead of the restart that needs it.
        QList<QByteArray> cgroupProcsFiles;
        qint64 addressSpace = -1; // RLIMIT_AS, bytes; -1: leave alone
        qint64 cpuSeconds = -1;   // RLIMIT_CPU
        qint64 openFiles = -1;    // RLIMIT_NOFILE (instead of the limit the agent was started with)
        qint64 processes = -1;    // RLIMIT_NPROC
        std::optional<int> nice;  // limits.priority
    };
    ChildLimits limits;

    // Descriptors the child gets as its fd 3 and 4 (-1: none); Standby's control socket and its
    // "go" eventfd.
    int passFd = -1;
    int passFd2 = -1;
};

} // namespace hsu::agent
