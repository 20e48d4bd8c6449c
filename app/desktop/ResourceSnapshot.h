#pragma once

// What resources.get answers and limits.violation reports, as this window uses them (no widgets,
// no client): read through the shared types (model::ResourceReport, model::LimitViolation) the
// agent writes them with, then given the window's resolution enum and readable values.

#include "shared/model/ResourceReport.h"
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

// The shared types (shared/model/ResourceReport.h), under the names this window has used.
using ResourceLimits = model::ResourceLimits;
using EnforcedLimit = model::EnforcedLimit;

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
    static ResourceSnapshot fromReport(const model::ResourceReport &report);
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
    static LimitViolation fromModel(const model::LimitViolation &v);
};

} // namespace hsu::desktop
