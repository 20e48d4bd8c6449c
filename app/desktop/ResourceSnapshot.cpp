#include "ResourceSnapshot.h"

#include "ResourceUnits.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace hsu::desktop {

using model::ResourceSample;

namespace {

// The context of this file's texts: free functions have no class for lupdate to name.
struct Text final
{
    Q_DECLARE_TR_FUNCTIONS(hsu::desktop::ResourceSnapshot)
};

// A limit or a value of `resource` in its unit.
QString readable(const QString &resource, double x)
{
    if (resource == QLatin1String("memory"))
        return formatBytes(x);
    if (resource == QLatin1String("cpu"))
        return formatPercent(x);
    if (resource == QLatin1String("io"))
        return formatRate(x);
    return QString::number(x, 'g', 12);
}

} // namespace

QString resolutionName(Resolution r)
{
    switch (r) {
    case Resolution::OneSecond: return QStringLiteral("1s");
    case Resolution::TenSeconds: return QStringLiteral("10s");
    case Resolution::OneMinute: return QStringLiteral("1m");
    }
    return {};
}

qint64 resolutionStepMs(Resolution r)
{
    switch (r) {
    case Resolution::OneSecond: return 1000;
    case Resolution::TenSeconds: return 10'000;
    case Resolution::OneMinute: return 60'000;
    }
    return 1000;
}

qint64 resolutionSpanMs(Resolution r)
{
    switch (r) {
    case Resolution::OneSecond: return 10 * 60'000;
    case Resolution::TenSeconds: return 2 * 3600'000;
    case Resolution::OneMinute: return 24 * 3600'000;
    }
    return 10 * 60'000;
}

QString spanLabel(Resolution r)
{
    switch (r) {
    case Resolution::OneSecond: return Text::tr("10 min");
    case Resolution::TenSeconds: return Text::tr("2 h");
    case Resolution::OneMinute: return Text::tr("24 h");
    }
    return {};
}

std::optional<ResourceSnapshot> ResourceSnapshot::fromJson(const QJsonObject &o)
{
    const std::optional<model::ResourceReport> report = model::ResourceReport::fromJson(o);
    if (!report)
        return std::nullopt;
    return fromReport(*report);
}

ResourceSnapshot ResourceSnapshot::fromReport(const model::ResourceReport &report)
{
    ResourceSnapshot s;
    s.id = report.id;
    s.intervalMs = report.intervalMs;
    for (Resolution r : {Resolution::OneSecond, Resolution::TenSeconds, Resolution::OneMinute})
        if (report.resolution == resolutionName(r))
            s.resolution = r;
    s.now = report.now;
    s.points = report.points;
    s.limits = report.limits;
    s.enforcement = report.enforcement;
    s.freezer = report.freezer;
    return s;
}

bool LimitViolation::wantsNotification() const
{
    return kind == QLatin1String("action") || policy == QLatin1String("alert");
}

QString LimitViolation::text() const
{
    if (!message.isEmpty())
        return message;
    QString t = Text::tr("%1 %2").arg(resource, kind);
    if (!value.isEmpty())
        t += limit.isEmpty() ? Text::tr(": %1").arg(value) : Text::tr(": %1 of %2").arg(value, limit);
    if (!action.isEmpty())
        t += Text::tr(" (%1)").arg(action);
    return t;
}

std::optional<LimitViolation> LimitViolation::fromJson(const QJsonObject &o)
{
    const std::optional<model::LimitViolation> v = model::LimitViolation::fromJson(o);
    if (!v)
        return std::nullopt;
    return fromModel(*v);
}

LimitViolation LimitViolation::fromModel(const model::LimitViolation &m)
{
    LimitViolation v;
    v.worker = m.worker;
    v.resource = m.resource;
    v.kind = m.kind;
    v.policy = m.policy;
    v.action = m.action;
    v.message = m.message;
    v.value = readable(v.resource, m.value);
    v.limit = m.limit > 0 ? readable(v.resource, m.limit) : QString();
    return v;
}

} // namespace hsu::desktop
