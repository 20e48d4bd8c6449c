#pragma once

// XDG autostart (freedesktop "Desktop Application Autostart Specification"): a hsu-agent.desktop
// entry in $XDG_CONFIG_HOME/autostart (this user) or in DIR/autostart for each DIR of
// $XDG_CONFIG_DIRS (every user: one an administrator adds; the package installs none). A user
// entry with the same name replaces the system one for that user, and Hidden=true in it means
// "do not start", which is how one user turns off what an administrator turned on for everyone.

#include "app/autostart/AutostartBackend.h"

#include <QHash>

namespace hsu::autostart::detail {

// The [Desktop Entry] group of a .desktop file: keys as written, values with escapes undone.
struct DesktopEntry
{
    bool readable = false;
    QHash<QString, QString> values;

    static DesktopEntry read(const QString &path);
    bool isTrue(const QString &key) const;
};

// The Exec value for `argv`, quoted and escaped as the spec asks (spaces, quotes, $, %, ...).
QString desktopExecLine(const QStringList &argv);

class XdgAutostart final : public Backend
{
public:
    static constexpr const char *kEntryName = "hsu-agent.desktop";

    // `userConfigHome` stands for $XDG_CONFIG_HOME, `systemConfigDirs` for $XDG_CONFIG_DIRS
    // (first is most important).
    XdgAutostart(QString userConfigHome, QStringList systemConfigDirs);

    // The real locations from the environment, or the ones under `root` (HSU_AUTOSTART_ROOT).
    static XdgAutostart fromEnvironment(const QString &root);

    bool enable(const QStringList &command, QString *error) override;
    bool disable(QString *error) override;
    Status status() const override;

    QString userEntryPath() const;
    // The system-wide entry that applies (the first DIR that has one), or empty.
    QString systemEntryPath() const;

private:
    QString m_userConfigHome;
    QStringList m_systemConfigDirs;
};

} // namespace hsu::autostart::detail
