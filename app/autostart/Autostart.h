#pragma once

// Whether hsu-agent starts at login, for this user: one API over the platform's own mechanism
// (XDG autostart entries on Linux and other freedesktop systems, the HKCU Run key on Windows, a
// LaunchAgent plist on macOS). The GUI's settings and `hsuctl autostart` both go through here, so
// they always agree on what "on" means.
//
// HSU_AUTOSTART_ROOT=DIR points every backend at a folder instead of the real places, so tests
// read and write real files (see docs/install.md, "Autostart"):
//   home                         DIR/home
//   XDG user entries             DIR/home/.config/autostart        (instead of $XDG_CONFIG_HOME/autostart)
//   XDG system entries           DIR/etc/xdg/autostart             (instead of each of $XDG_CONFIG_DIRS)
//   macOS user / system agents   DIR/home/Library/LaunchAgents, DIR/Library/LaunchAgents
//   Windows Run key              DIR/registry/Run.ini (an INI file with the key's values)

#include <QString>
#include <QStringList>

namespace hsu::autostart {

// Which entry decides whether the agent starts at login.
enum class Source {
    None,   // no entry anywhere: off
    User,   // this user's own entry (written by enable/disable, or by hand)
    System, // an entry installed for every user (an administrator's /etc/xdg/autostart/hsu-agent.desktop; the package installs none)
};

struct Status
{
    bool enabled = false;
    Source source = Source::None;
    QString entry;       // the file (or registry value) that decides; empty for Source::None
    QString systemEntry; // the system-wide entry when one exists, even if a user entry overrides it
    QString command;     // what the deciding entry runs (as written in it); empty when none
    QString reason;      // one sentence for a person: why it is on or off
    QString backend;     // "xdg", "windows-run" or "launch-agent"
};

QString sourceName(Source source); // "none", "user", "system"

class Autostart final
{
public:
    Autostart() = delete;

    // Turns autostart on for this user: removes a user entry that hides the system-wide one, or
    // writes a user entry when there is no system-wide one. Doing it twice changes nothing.
    static bool enable(QString *error = nullptr);

    // Turns autostart off for this user only: hides a system-wide entry with a user entry
    // (XDG: Hidden=true), or removes the user's own entry. Doing it twice changes nothing.
    static bool disable(QString *error = nullptr);

    static Status status();

    // The command an entry written by enable() runs, program first. On Linux that is the
    // package's session wrapper when installed (`hsu-agent-session [--tray]`); otherwise hsu-agent
    // itself, which runs the user's config (config::defaultConfigFile()) without --config. With
    // trayAtLogin() and hsu-master at hand, the entry also starts `hsu-master --hidden`.
    static QStringList agentCommand();

    // "Show the tray icon at login": whether the entry also starts hsu-master in the tray (no
    // window). On unless the user turned it off; kept in settingsFile().
    static bool trayAtLogin();
    // Records the choice and, when autostart is on, rewrites the entry to match.
    static bool setTrayAtLogin(bool on, QString *error = nullptr);

    // The first start of hsu-master turns autostart on, once per user: the next starts find the
    // mark in settingsFile() and leave the user's choice alone (`hsuctl autostart off`, the
    // settings dialog). True when it turned autostart on now.
    static bool enableOnFirstRun(QString *error = nullptr);

    // ${XDG_CONFIG_HOME:-~/.config}/hsu-master/hsu-master.conf (QSettings, INI), under the test
    // root when HSU_AUTOSTART_ROOT is set.
    static QString settingsFile();

    // The user's config: config::defaultConfigFile(), or under the test root when
    // HSU_AUTOSTART_ROOT is set. The agent creates it, empty, on a first start.
    static QString userConfigFile();

    // HSU_AUTOSTART_ROOT, or empty when the real locations are in use.
    static QString testRoot();
};

} // namespace hsu::autostart
