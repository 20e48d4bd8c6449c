// The D-Bus half of ServiceLookup, built as the module hsu-servicelookup (ServiceLookupModule.h).
#include "ServiceLookupModule.h"

#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>

namespace hsu::agent::discovery {

namespace {
const QString kService = QStringLiteral("org.freedesktop.systemd1");
const QString kPath = QStringLiteral("/org/freedesktop/systemd1");
const QString kManager = QStringLiteral("org.freedesktop.systemd1.Manager");
constexpr int kTimeoutMs = 2000;

QString unitName(const QString &unit)
{
    return unit.contains(QLatin1Char('.')) ? unit : unit + QStringLiteral(".service");
}

// The bus connections to try, the user's manager first.
QList<std::pair<QString, QDBusConnection>> buses()
{
    return {{QStringLiteral("user"), QDBusConnection::sessionBus()}, {QStringLiteral("system"), QDBusConnection::systemBus()}};
}
} // namespace

ServicePid dbusMainPid(const QString &unit)
{
    const QString name = unitName(unit);
    QStringList problems;
    for (auto &[busName, bus] : buses()) {
        if (!bus.isConnected()) {
            problems << QStringLiteral("no %1 bus").arg(busName);
            continue;
        }
        QDBusInterface manager(kService, kPath, kManager, bus);
        manager.setTimeout(kTimeoutMs); // on the supervision thread: never the default 25 s
        const QDBusReply<QDBusObjectPath> path = manager.call(QStringLiteral("GetUnit"), name);
        if (!path.isValid()) {
            problems << QStringLiteral("%1 manager: %2").arg(busName, path.error().message());
            continue;
        }
        QDBusInterface props(kService, path.value().path(), QStringLiteral("org.freedesktop.DBus.Properties"), bus);
        props.setTimeout(kTimeoutMs);
        const QDBusReply<QDBusVariant> pid = props.call(QStringLiteral("Get"), QStringLiteral("org.freedesktop.systemd1.Service"),
                                                        QStringLiteral("MainPID"));
        if (!pid.isValid()) {
            problems << QStringLiteral("%1 manager: %2").arg(busName, pid.error().message());
            continue;
        }
        ServicePid out;
        out.bus = busName;
        out.pid = pid.value().variant().toLongLong();
        if (out.pid == 0)
            out.error = QStringLiteral("unit %1 (%2) has no main process now").arg(name, busName);
        return out;
    }
    ServicePid none;
    none.error = QStringLiteral("service-name discovery is not available here: systemd does not answer over D-Bus (%1)")
                     .arg(problems.join(QStringLiteral("; ")));
    return none;
}

bool dbusRestart(const QString &unit, QString *error)
{
    const QString name = unitName(unit);
    const ServicePid where = dbusMainPid(unit);
    if (where.bus.isEmpty()) {
        *error = where.error;
        return false;
    }
    QDBusConnection bus = where.bus == u"user" ? QDBusConnection::sessionBus() : QDBusConnection::systemBus();
    QDBusInterface manager(kService, kPath, kManager, bus);
    manager.setTimeout(kTimeoutMs);
    const QDBusReply<QDBusObjectPath> job = manager.call(QStringLiteral("RestartUnit"), name, QStringLiteral("replace"));
    if (!job.isValid()) {
        *error = QStringLiteral("systemd (%1) refused to restart %2: %3").arg(where.bus, name, job.error().message());
        return false;
    }
    return true;
}

} // namespace hsu::agent::discovery

extern "C" Q_DECL_EXPORT const hsu::agent::discovery::ServiceLookupApi *hsu_service_lookup_api()
{
    static const hsu::agent::discovery::ServiceLookupApi api{hsu::agent::discovery::kServiceLookupApiVersion,
                                                            &hsu::agent::discovery::dbusMainPid,
                                                            &hsu::agent::discovery::dbusRestart};
    return &api;
}
