#pragma once

// The resource payloads, one value type each for the agent (which writes them), hsuctl and the
// GUI (which read them): resources.get (ResourceReport), agent.doctor (DoctorReport) and the
// limits.violation event (LimitViolation). JSON keys as in docs/protocol.md.

#include "ResourceSample.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::model {

// A worker's configured limits; 0 means "no such limit", as on the wire.
struct ResourceLimits
{
    qint64 maxRss = 0;            // bytes (after a restart_adjusted raise)
    double maxPercent = 0;        // % of one core
    int maxProcesses = 0;
    int maxFds = 0;
    double maxReadBps = 0;
    double maxWriteBps = 0;
    double warningMemory = 0;     // % of maxRss at which the agent warns
    double warningCpu = 0;        // % of maxPercent

    bool operator==(const ResourceLimits &) const = default;
    bool isEmpty() const { return *this == ResourceLimits{}; }
    QJsonObject toJson() const;
    static ResourceLimits fromJson(const QJsonObject &o);
};

// One configured limit, its value, and who enforces it.
struct EnforcedLimit
{
    QString limit;       // "memory.max_rss"
    QString value;       // "512 MiB"
    QString mechanism;   // "cgroup v1 memory.limit_in_bytes", "watched (sampled every 2s; policy restart)"
    bool kernel = false; // the kernel stops the worker at the limit; otherwise the agent watches
    QString reason;      // why this mechanism (and not a kernel one)

    bool operator==(const EnforcedLimit &) const = default;
    QJsonObject toJson() const;
    static EnforcedLimit fromJson(const QJsonObject &o);
};

// resources.get
struct ResourceReport
{
    QString id;
    int intervalMs = 2000;
    QString resolution = QStringLiteral("1s"); // "1s", "10s", "1m"
    std::optional<ResourceSample> now;         // null while the worker has no process
    QList<ResourceSample> points;              // oldest first
    ResourceLimits limits;
    QList<EnforcedLimit> enforcement;
    bool freezer = false;  // paused through a cgroup freezer (else SIGSTOP to its process group)
    QString cgroup;        // its first cgroup, empty without one
    qint64 historyBytes = 0;
    qint64 historyMaxBytes = 0;

    bool operator==(const ResourceReport &) const = default;
    QJsonObject toJson() const;
    static std::optional<ResourceReport> fromJson(const QJsonObject &o);
};

// agent.doctor
struct DoctorReport
{
    struct Worker
    {
        QStringList cgroups; // empty: none
        bool freezer = false;
        QList<EnforcedLimit> limits;
        bool operator==(const Worker &) const = default;
    };
    QStringList backends;  // "cgroup-v2", "cgroup-v1", "rlimit", "nice"
    QStringList cgroups;   // what the agent found, in words
    QStringList problems;
    QMap<QString, Worker> workers;

    bool operator==(const DoctorReport &) const = default;
    QJsonObject toJson() const;
    static std::optional<DoctorReport> fromJson(const QJsonObject &o);
};

// The limits.violation event: a warning, a violation, or what the agent did about one.
struct LimitViolation
{
    QString worker;
    QString resource;  // memory, cpu, processes, fds, io
    QString kind;      // warning, violation, action
    QString key;       // the config key: "memory.max_rss"
    QString policy;    // what the config says to do (log, alert, restart, ...)
    QString action;    // what the agent did, when kind is "action"
    QString message;
    double value = 0;  // in the resource's unit: bytes, % of a core, a count, bytes/s
    double limit = 0;

    bool operator==(const LimitViolation &) const = default;
    QJsonObject toJson() const;
    static std::optional<LimitViolation> fromJson(const QJsonObject &o);
};

} // namespace hsu::model
