#pragma once

// One measurement of a worker's whole process tree (the worker and every descendant), as the
// agent samples it every monitoring.interval, and as it travels in resources.* messages.

#include <QJsonObject>

#include <optional>

namespace hsu::model {

struct ResourceSample
{
    qint64 timestampMs = 0;     // ms since the epoch
    double cpuPercent = 0;      // of one core (100 = one core busy), over the last interval
    double cpuMachinePercent = 0; // of the whole machine (100 = every core busy)
    qint64 rssBytes = 0;        // resident memory of the tree
    qint64 virtualBytes = 0;    // virtual memory of the tree
    double readBytesPerSec = 0; // storage reads (read_bytes of /proc/PID/io), over the last interval
    double writeBytesPerSec = 0;
    int openFds = 0;
    int threads = 0;
    int processes = 0;

    bool operator==(const ResourceSample &) const = default;

    // {"ts", "cpu", "cpu_machine", "rss", "vms", "read_bps", "write_bps", "fds", "threads", "procs"}
    QJsonObject toJson() const;
    static std::optional<ResourceSample> fromJson(const QJsonObject &o);
};

} // namespace hsu::model
