#pragma once

// A systemd unit's main process, over D-Bus (org.freedesktop.systemd1): the user's own manager
// first (session bus), then the system's. Where neither answers (no systemd, no bus), a clear
// "not available here" instead of a pid.

#include <QString>

namespace hsu::agent::discovery {

struct ServicePid
{
    qint64 pid = 0;
    QString bus;   // "user" or "system": where the unit was found
    QString error; // when pid is 0
};

ServicePid serviceMainPid(const QString &unit);
// Asks the manager that runs the unit to restart it (RestartUnit, mode "replace").
bool restartService(const QString &unit, QString *error);

} // namespace hsu::agent::discovery
