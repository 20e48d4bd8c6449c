#include "ResourceSnapshot.h"

#include "ResourceUnits.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace hsu::desktop {

using model::ResourceSample;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("hsu::desktop::ResourceSnapshot", text);
}

// A limit or a value of `resource` in its unit; strings are shown as the agent wrote them.
QString readable(const QString &resource, const QJsonValue &v)
{
    if (!v.isDouble())
        return v.toVariant().toString();
    const double x = v.toDouble();
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
    case Resolution::OneSecond: return tr("10 min");
    case Resolution::TenSeconds: return tr("2 h");
    case Resolution::OneMinute: return tr("24 h");
    }
    return {};
}

ResourceLimits ResourceLimits::fromJson(const QJsonObject &o)
{
    ResourceLimits l;
    l.maxRss = o.value(QLatin1String("max_rss")).toInteger();
    l.maxPercent = o.value(QLatin1String("max_percent")).toDouble();
    l.maxProcesses = o.value(QLatin1String("max_processes")).toInt();
    l.maxFds = o.value(QLatin1String("max_fds")).toInt();
    l.maxReadBps = o.value(QLatin1String("max_read_bps")).toDouble();
    l.maxWriteBps = o.value(QLatin1String("max_write_bps")).toDouble();
    l.warningMemory = o.value(QLatin1String("warning_threshold_memory")).toDouble();
    l.warningCpu = o.value(QLatin1String("warning_threshold_cpu")).toDouble();
    return l;
}

std::optional<ResourceSnapshot> ResourceSnapshot::fromJson(const QJsonObject &o)
{
    ResourceSnapshot s;
    s.id = o.value(QLatin1String("id")).toString();
    if (s.id.isEmpty())
        return std::nullopt;
    s.intervalMs = o.value(QLatin1String("interval_ms")).toInt(2000);
    const QString resolution = o.value(QLatin1String("resolution")).toString();
    for (Resolution r : {Resolution::OneSecond, Resolution::TenSeconds, Resolution::OneMinute})
        if (resolution == resolutionName(r))
            s.resolution = r;
    if (o.value(QLatin1String("now")).isObject())
        s.now = ResourceSample::fromJson(o.value(QLatin1String("now")).toObject());
    const QJsonArray points = o.value(QLatin1String("points")).toArray();
    s.points.reserve(points.size());
    for (const QJsonValue &v : points)
        if (auto p = ResourceSample::fromJson(v.toObject()))
            s.points.append(*p);
    s.limits = ResourceLimits::fromJson(o.value(QLatin1String("limits")).toObject());
    for (const QJsonValue &v : o.value(QLatin1String("enforcement")).toArray()) {
        const QJsonObject e = v.toObject();
        s.enforcement.append({e.value(QLatin1String("limit")).toString(), e.value(QLatin1String("value")).toVariant().toString(),
                              e.value(QLatin1String("mechanism")).toString(), e.value(QLatin1String("kernel")).toBool()});
    }
    s.freezer = o.value(QLatin1String("freezer")).toBool();
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
    QString t = tr("%1 %2").arg(resource, kind);
    if (!value.isEmpty())
        t += limit.isEmpty() ? tr(": %1").arg(value) : tr(": %1 of %2").arg(value, limit);
    if (!action.isEmpty())
        t += tr(" (%1)").arg(action);
    return t;
}

std::optional<LimitViolation> LimitViolation::fromJson(const QJsonObject &o)
{
    LimitViolation v;
    v.worker = o.value(QLatin1String("worker")).toString();
    if (v.worker.isEmpty())
        return std::nullopt;
    v.resource = o.value(QLatin1String("resource")).toString();
    v.kind = o.value(QLatin1String("kind")).toString();
    v.policy = o.value(QLatin1String("policy")).toString();
    v.action = o.value(QLatin1String("action")).toString();
    v.message = o.value(QLatin1String("message")).toString();
    v.value = readable(v.resource, o.value(QLatin1String("value")));
    v.limit = readable(v.resource, o.value(QLatin1String("limit")));
    return v;
}

} // namespace hsu::desktop
