#include "Protocol.h"

namespace hsu::protocol {

Version currentVersion()
{
    return {kVersionMajor, kVersionMinor};
}

QString versionString()
{
    return QStringLiteral("%1.%2").arg(kVersionMajor).arg(kVersionMinor);
}

std::optional<Version> parseVersion(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.isEmpty() || parts.size() > 2)
        return std::nullopt;
    Version v;
    bool ok = false;
    v.majorPart = parts.at(0).toInt(&ok);
    if (!ok || v.majorPart < 0)
        return std::nullopt;
    if (parts.size() == 2) {
        v.minorPart = parts.at(1).toInt(&ok);
        if (!ok || v.minorPart < 0)
            return std::nullopt;
    }
    return v;
}

bool isCompatible(const Version &client)
{
    return client.majorPart == kVersionMajor;
}

QStringList method::all()
{
    return {Hello, WorkersList, WorkersGet, WorkersStart, WorkersStop, WorkersRestart,
            ConfigValidate, AgentShutdown, EventsSubscribe, EventsUnsubscribe,
            LogsTail, LogsSubscribe, LogsUnsubscribe, WorkersPause, WorkersResume, WorkersSignal,
            ResourcesGet, ResourcesSubscribe, ResourcesUnsubscribe, AgentDoctor, ConfigReload,
            ConfigDiff, ConfigGet, ConfigSave, HealthGet, MetricsGet};
}

QStringList event::all()
{
    return {WorkerState, LogsDropped, LimitsViolation, ConfigReloaded};
}

} // namespace hsu::protocol
