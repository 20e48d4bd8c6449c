#include "HealthReport.h"

#include <QJsonArray>
#include <QJsonValue>

namespace hsu::model {

namespace {
QString isoMs(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(Qt::ISODateWithMs) : QString();
}
} // namespace

QJsonObject HealthResult::toJson() const
{
    QJsonObject o{{QStringLiteral("at"), isoMs(at)},
                  {QStringLiteral("ok"), ok},
                  {QStringLiteral("latency_ms"), latencyMs},
                  {QStringLiteral("verdict"), verdict}};
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    return o;
}

std::optional<HealthResult> HealthResult::fromJson(const QJsonObject &o)
{
    const QJsonValue ok = o.value(QLatin1String("ok"));
    const QDateTime at = QDateTime::fromString(o.value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
    if (!ok.isBool() || !at.isValid())
        return std::nullopt;
    HealthResult r;
    r.at = at;
    r.ok = ok.toBool();
    r.latencyMs = o.value(QLatin1String("latency_ms")).toInteger();
    r.reason = o.value(QLatin1String("reason")).toString();
    r.verdict = o.value(QLatin1String("verdict")).toString();
    return r;
}

QJsonObject HealthReport::toJson() const
{
    QJsonArray list;
    for (const HealthResult &r : results)
        list.append(r.toJson());
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("check"),
                        QJsonObject{{QStringLiteral("kind"), kind},
                                    {QStringLiteral("target"), target},
                                    {QStringLiteral("enabled"), enabled},
                                    {QStringLiteral("interval_ms"), intervalMs},
                                    {QStringLiteral("timeout_ms"), timeoutMs},
                                    {QStringLiteral("initial_delay_ms"), initialDelayMs},
                                    {QStringLiteral("retries"), retries}}},
                       {QStringLiteral("health"), health},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("failures_in_a_row"), failuresInARow},
                       {QStringLiteral("checks"), checks},
                       {QStringLiteral("failures"), failures},
                       {QStringLiteral("results"), list}};
}

std::optional<HealthReport> HealthReport::fromJson(const QJsonObject &o)
{
    const QJsonValue check = o.value(QLatin1String("check"));
    const QJsonValue results = o.value(QLatin1String("results"));
    HealthReport h;
    h.id = o.value(QLatin1String("id")).toString();
    if (h.id.isEmpty() || !check.isObject() || !results.isArray())
        return std::nullopt;
    const QJsonObject c = check.toObject();
    h.kind = c.value(QLatin1String("kind")).toString();
    h.target = c.value(QLatin1String("target")).toString();
    h.enabled = c.value(QLatin1String("enabled")).toBool(true);
    h.intervalMs = c.value(QLatin1String("interval_ms")).toInteger();
    h.timeoutMs = c.value(QLatin1String("timeout_ms")).toInteger();
    h.initialDelayMs = c.value(QLatin1String("initial_delay_ms")).toInteger();
    h.retries = c.value(QLatin1String("retries")).toInt(1);
    h.health = o.value(QLatin1String("health")).toString();
    h.reason = o.value(QLatin1String("reason")).toString();
    h.failuresInARow = o.value(QLatin1String("failures_in_a_row")).toInt();
    h.checks = o.value(QLatin1String("checks")).toInteger();
    h.failures = o.value(QLatin1String("failures")).toInteger();
    for (const QJsonValue &v : results.toArray()) {
        const std::optional<HealthResult> r = HealthResult::fromJson(v.toObject());
        if (!r)
            return std::nullopt; // a malformed entry: the whole answer is suspect
        h.results.append(*r);
    }
    return h;
}

} // namespace hsu::model
