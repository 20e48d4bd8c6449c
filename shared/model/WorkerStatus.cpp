#include "WorkerStatus.h"

#include <QJsonArray>

#include <QJsonValue>

namespace hsu::model {

namespace {
// Local time, as the protocol has always written it (the agent keeps UTC, which costs no
// time-zone lookup at each of a restart's state changes).
QString isoMs(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(Qt::ISODateWithMs) : QString();
}
QDateTime fromIso(const QJsonValue &v)
{
    return v.isString() ? QDateTime::fromString(v.toString(), Qt::ISODateWithMs) : QDateTime();
}
} // namespace

QJsonObject WorkerStatus::toJson() const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("type"), type},
        {QStringLiteral("state"), toString(state)},
        {QStringLiteral("pid"), pid},
        {QStringLiteral("restarts"), restarts},
        {QStringLiteral("attempt"), attempt},
        {QStringLiteral("exit_code"), exitCode ? QJsonValue(*exitCode) : QJsonValue()},
        {QStringLiteral("exit_signal"), exitSignal ? QJsonValue(*exitSignal) : QJsonValue()},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("since"), isoMs(since)},
        {QStringLiteral("started_at"), startedAt.isValid() ? QJsonValue(isoMs(startedAt)) : QJsonValue()},
        {QStringLiteral("next_restart_ms"), nextRestartMs},
        {QStringLiteral("adopted"), adopted},
    };
    if (type == QLatin1String("unmanaged"))
        o.insert(QStringLiteral("control"), QJsonObject{{QStringLiteral("can_terminate"), canTerminate},
                                                        {QStringLiteral("can_restart"), canRestart},
                                                        {QStringLiteral("allowed_signals"), QJsonArray::fromStringList(allowedSignals)}});
    if (!health.isEmpty()) {
        o.insert(QStringLiteral("health"), health);
        o.insert(QStringLiteral("health_reason"), healthReason);
        if (healthLatencyMs >= 0)
            o.insert(QStringLiteral("health_latency_ms"), healthLatencyMs);
    }
    return o;
}

std::optional<WorkerStatus> WorkerStatus::fromJson(const QJsonObject &o)
{
    const auto state = workerStateFromString(o.value(QLatin1String("state")).toString());
    const QString id = o.value(QLatin1String("id")).toString();
    if (!state || id.isEmpty())
        return std::nullopt;
    WorkerStatus s;
    s.id = id;
    s.name = o.value(QLatin1String("name")).toString();
    s.type = o.value(QLatin1String("type")).toString(QStringLiteral("managed"));
    s.state = *state;
    s.pid = o.value(QLatin1String("pid")).toInteger();
    s.restarts = o.value(QLatin1String("restarts")).toInt();
    s.attempt = o.value(QLatin1String("attempt")).toInt();
    if (const auto v = o.value(QLatin1String("exit_code")); v.isDouble())
        s.exitCode = v.toInt();
    if (const auto v = o.value(QLatin1String("exit_signal")); v.isDouble())
        s.exitSignal = v.toInt();
    s.reason = o.value(QLatin1String("reason")).toString();
    s.since = fromIso(o.value(QLatin1String("since")));
    s.startedAt = fromIso(o.value(QLatin1String("started_at")));
    s.nextRestartMs = o.value(QLatin1String("next_restart_ms")).toInteger(-1);
    s.health = o.value(QLatin1String("health")).toString();
    s.healthReason = o.value(QLatin1String("health_reason")).toString();
    s.healthLatencyMs = o.value(QLatin1String("health_latency_ms")).toInteger(-1);
    s.adopted = o.value(QLatin1String("adopted")).toBool();
    if (const QJsonObject c = o.value(QLatin1String("control")).toObject(); !c.isEmpty()) {
        s.canTerminate = c.value(QLatin1String("can_terminate")).toBool();
        s.canRestart = c.value(QLatin1String("can_restart")).toBool();
        for (const QJsonValue &v : c.value(QLatin1String("allowed_signals")).toArray())
            s.allowedSignals << v.toString();
    }
    return s;
}

} // namespace hsu::model
