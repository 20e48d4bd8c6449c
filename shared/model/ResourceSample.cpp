#include "ResourceSample.h"

namespace hsu::model {

QJsonObject ResourceSample::toJson() const
{
    // Short keys: thousands of these travel in one resources.get answer.
    return QJsonObject{{QStringLiteral("ts"), timestampMs},
                       {QStringLiteral("cpu"), cpuPercent},
                       {QStringLiteral("cpu_machine"), cpuMachinePercent},
                       {QStringLiteral("rss"), rssBytes},
                       {QStringLiteral("vms"), virtualBytes},
                       {QStringLiteral("read_bps"), readBytesPerSec},
                       {QStringLiteral("write_bps"), writeBytesPerSec},
                       {QStringLiteral("fds"), openFds},
                       {QStringLiteral("threads"), threads},
                       {QStringLiteral("procs"), processes}};
}

std::optional<ResourceSample> ResourceSample::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("ts")).isDouble())
        return std::nullopt;
    ResourceSample s;
    s.timestampMs = o.value(QLatin1String("ts")).toInteger();
    s.cpuPercent = o.value(QLatin1String("cpu")).toDouble();
    s.cpuMachinePercent = o.value(QLatin1String("cpu_machine")).toDouble();
    s.rssBytes = o.value(QLatin1String("rss")).toInteger();
    s.virtualBytes = o.value(QLatin1String("vms")).toInteger();
    s.readBytesPerSec = o.value(QLatin1String("read_bps")).toDouble();
    s.writeBytesPerSec = o.value(QLatin1String("write_bps")).toDouble();
    s.openFds = o.value(QLatin1String("fds")).toInt();
    s.threads = o.value(QLatin1String("threads")).toInt();
    s.processes = o.value(QLatin1String("procs")).toInt();
    return s;
}

} // namespace hsu::model
