#include "ResourceReport.h"

#include "JsonLists.h"

#include <QJsonArray>
#include <QJsonValue>

namespace hsu::model {

namespace {
QList<EnforcedLimit> limitsFrom(const QJsonValue &v)
{
    QList<EnforcedLimit> out;
    for (const QJsonValue &e : v.toArray())
        out.append(EnforcedLimit::fromJson(e.toObject()));
    return out;
}

QJsonArray limitsTo(const QList<EnforcedLimit> &limits)
{
    QJsonArray out;
    for (const EnforcedLimit &e : limits)
        out.append(e.toJson());
    return out;
}

} // namespace

QJsonObject ResourceLimits::toJson() const
{
    return QJsonObject{{QStringLiteral("max_rss"), double(maxRss)},
                       {QStringLiteral("max_percent"), maxPercent},
                       {QStringLiteral("max_processes"), maxProcesses},
                       {QStringLiteral("max_fds"), maxFds},
                       {QStringLiteral("max_read_bps"), maxReadBps},
                       {QStringLiteral("max_write_bps"), maxWriteBps},
                       {QStringLiteral("warning_threshold_memory"), warningMemory},
                       {QStringLiteral("warning_threshold_cpu"), warningCpu}};
}

ResourceLimits ResourceLimits::fromJson(const QJsonObject &o)
{
    ResourceLimits l;
    l.maxRss = qint64(o.value(QLatin1String("max_rss")).toDouble());
    l.maxPercent = o.value(QLatin1String("max_percent")).toDouble();
    l.maxProcesses = o.value(QLatin1String("max_processes")).toInt();
    l.maxFds = o.value(QLatin1String("max_fds")).toInt();
    l.maxReadBps = o.value(QLatin1String("max_read_bps")).toDouble();
    l.maxWriteBps = o.value(QLatin1String("max_write_bps")).toDouble();
    l.warningMemory = o.value(QLatin1String("warning_threshold_memory")).toDouble();
    l.warningCpu = o.value(QLatin1String("warning_threshold_cpu")).toDouble();
    return l;
}

QJsonObject EnforcedLimit::toJson() const
{
    return QJsonObject{{QStringLiteral("limit"), limit},
                       {QStringLiteral("value"), value},
                       {QStringLiteral("mechanism"), mechanism},
                       {QStringLiteral("kernel"), kernel},
                       {QStringLiteral("reason"), reason}};
}

EnforcedLimit EnforcedLimit::fromJson(const QJsonObject &o)
{
    return EnforcedLimit{o.value(QLatin1String("limit")).toString(), o.value(QLatin1String("value")).toVariant().toString(),
                         o.value(QLatin1String("mechanism")).toString(), o.value(QLatin1String("kernel")).toBool(),
                         o.value(QLatin1String("reason")).toString()};
}

QJsonObject ResourceReport::toJson() const
{
    QJsonArray list;
    for (const ResourceSample &s : points)
        list.append(s.toJson());
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("interval_ms"), intervalMs},
                       {QStringLiteral("resolution"), resolution},
                       {QStringLiteral("now"), now ? QJsonValue(now->toJson()) : QJsonValue()},
                       {QStringLiteral("points"), list},
                       {QStringLiteral("limits"), limits.toJson()},
                       {QStringLiteral("enforcement"), limitsTo(enforcement)},
                       {QStringLiteral("freezer"), freezer},
                       {QStringLiteral("cgroup"), cgroup.isEmpty() ? QJsonValue() : QJsonValue(cgroup)},
                       {QStringLiteral("history_bytes"), historyBytes},
                       {QStringLiteral("history_max_bytes"), historyMaxBytes}};
}

std::optional<ResourceReport> ResourceReport::fromJson(const QJsonObject &o)
{
    ResourceReport r;
    r.id = o.value(QLatin1String("id")).toString();
    if (r.id.isEmpty())
        return std::nullopt;
    r.intervalMs = o.value(QLatin1String("interval_ms")).toInt(2000);
    r.resolution = o.value(QLatin1String("resolution")).toString(QStringLiteral("1s"));
    if (o.value(QLatin1String("now")).isObject())
        r.now = ResourceSample::fromJson(o.value(QLatin1String("now")).toObject());
    const QJsonArray points = o.value(QLatin1String("points")).toArray();
    r.points.reserve(points.size());
    for (const QJsonValue &v : points)
        if (auto p = ResourceSample::fromJson(v.toObject()))
            r.points.append(*p);
    r.limits = ResourceLimits::fromJson(o.value(QLatin1String("limits")).toObject());
    r.enforcement = limitsFrom(o.value(QLatin1String("enforcement")));
    r.freezer = o.value(QLatin1String("freezer")).toBool();
    r.cgroup = o.value(QLatin1String("cgroup")).toString();
    r.historyBytes = o.value(QLatin1String("history_bytes")).toInteger();
    r.historyMaxBytes = o.value(QLatin1String("history_max_bytes")).toInteger();
    return r;
}

QJsonObject DoctorReport::toJson() const
{
    QJsonObject list;
    for (auto it = workers.cbegin(); it != workers.cend(); ++it)
        list.insert(it.key(), QJsonObject{{QStringLiteral("cgroup"), it->cgroups.isEmpty() ? QJsonValue() : QJsonValue(QJsonArray::fromStringList(it->cgroups))},
                                          {QStringLiteral("freezer"), it->freezer},
                                          {QStringLiteral("limits"), limitsTo(it->limits)}});
    return QJsonObject{{QStringLiteral("backends"), QJsonArray::fromStringList(backends)},
                       {QStringLiteral("cgroups"), QJsonArray::fromStringList(cgroups)},
                       {QStringLiteral("problems"), QJsonArray::fromStringList(problems)},
                       {QStringLiteral("workers"), list}};
}

std::optional<DoctorReport> DoctorReport::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("backends")).isArray() || !o.value(QLatin1String("workers")).isObject())
        return std::nullopt;
    DoctorReport d;
    d.backends = stringsOf(o.value(QLatin1String("backends")));
    d.cgroups = stringsOf(o.value(QLatin1String("cgroups")));
    d.problems = stringsOf(o.value(QLatin1String("problems")));
    const QJsonObject list = o.value(QLatin1String("workers")).toObject();
    for (auto it = list.begin(); it != list.end(); ++it) {
        const QJsonObject w = it.value().toObject();
        d.workers.insert(it.key(), Worker{stringsOf(w.value(QLatin1String("cgroup"))), w.value(QLatin1String("freezer")).toBool(),
                                          limitsFrom(w.value(QLatin1String("limits")))});
    }
    return d;
}

QJsonObject LimitViolation::toJson() const
{
    QJsonObject o{{QStringLiteral("worker"), worker},
                  {QStringLiteral("resource"), resource},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("value"), value},
                  {QStringLiteral("limit"), limit},
                  {QStringLiteral("key"), key},
                  {QStringLiteral("policy"), policy},
                  {QStringLiteral("message"), message}};
    if (!action.isEmpty())
        o.insert(QStringLiteral("action"), action);
    if (policy == QLatin1String("alert"))
        o.insert(QStringLiteral("alert"), true); // kept for 1.2 clients that look for it
    return o;
}

std::optional<LimitViolation> LimitViolation::fromJson(const QJsonObject &o)
{
    LimitViolation v;
    v.worker = o.value(QLatin1String("worker")).toString();
    v.kind = o.value(QLatin1String("kind")).toString();
    if (v.worker.isEmpty() || v.kind.isEmpty())
        return std::nullopt;
    v.resource = o.value(QLatin1String("resource")).toString();
    v.key = o.value(QLatin1String("key")).toString();
    v.policy = o.value(QLatin1String("policy")).toString();
    v.action = o.value(QLatin1String("action")).toString();
    v.message = o.value(QLatin1String("message")).toString();
    v.value = o.value(QLatin1String("value")).toDouble();
    v.limit = o.value(QLatin1String("limit")).toDouble();
    return v;
}

} // namespace hsu::model
