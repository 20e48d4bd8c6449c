#pragma once

// What resources.get answers and limits.violation reports, read into plain values (no widgets,
// no client): the history model, the pane and the tests share them.

#include "shared/model/ResourceSample.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace hsu::desktop {

// The agent keeps three histories; each view span reads one of them.
enum class Resolution { OneSecond, TenSeconds, OneMinute };

QString resolutionName(Resolution r);          // "1s", "10s", "1m" (the protocol's spelling)
qint64 resolutionStepMs(Resolution r);         // 1000, 10'000, 60'000
qint64 resolutionSpanMs(Resolution r);         // 10 min, 2 h, 24 h: what the agent keeps of it
QString spanLabel(Resolution r);               // "10 min", "2 h", "24 h"

// 0 means "no such limit" everywhere, as on the wire.
struct ResourceLimits
{
    qint64 maxRss = 0;            // bytes
    double maxPercent = 0;        // % of one core
    int maxProcesses = 0;
    int maxFds = 0;
    double maxReadBps = 0;
    double maxWriteBps = 0;
    double warningMemory = 0;     // % of maxRss at which the agent warns
    double warningCpu = 0;        // % of maxPercent

    bool operator==(const ResourceLimits &) const = default;
    bool isEmpty() const { return *this == ResourceLimits{}; }
    static ResourceLimits fromJson(const QJsonObject &o);
};

// One row of "enforcement": which limit, its value, and who enforces it.
struct EnforcedLimit
{
    QString limit;     // "memory.max_rss"
    QString value;     // "512 MiB"
    QString mechanism; // "cgroup v1 memory.limit_in_bytes", "watched (sampled every 2s; policy restart)"
    bool kernel = false; // the kernel stops the worker at the limit; otherwise the agent watches

    bool operator==(const EnforcedLimit &) const = default;
};

struct ResourceSnapshot
{
    QString id;
    int intervalMs = 2000;
    Resolution resolution = Resolution::OneSecond;
    std::optional<model::ResourceSample> now;  // null while the worker has no process
    QList<model::ResourceSample> points;       // oldest first
    ResourceLimits limits;
    QList<EnforcedLimit> enforcement;
    bool freezer = false; // paused through a cgroup freezer (else SIGSTOP to its process group)

    static std::optional<ResourceSnapshot> fromJson(const QJsonObject &o);
};

// A limits.violation event.
struct LimitViolation
{
    QString worker;
    QString resource; // memory, cpu, processes, fds, io
    QString kind;     // warning, violation, action
    QString policy;   // what the config says to do (log, alert, restart, ...)
    QString action;   // what the agent did, when kind is "action"
    QString message;
    QString value;    // already readable: "530 MiB", "120.0 %"
    QString limit;

    // Worth a desktop notification: the agent acted, or the config asks to be alerted.
    bool wantsNotification() const;
    // "memory violation: 530 MiB of 512 MiB (restart)" when the agent sent no message.
    QString text() const;
    static std::optional<LimitViolation> fromJson(const QJsonObject &o);
};

} // namespace hsu::desktop
