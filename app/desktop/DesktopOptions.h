#pragma once

// hsu-master's command line.

#include <QString>
#include <QStringList>

namespace hsu::desktop {

struct DesktopOptions
{
    QString socketPath;  // resolved: --socket, else $HSU_SOCKET, else the default
    QString configFile;  // --config: what "Start agent" runs; empty = AgentLauncher's default
    bool startAgent = false; // --start-agent: start one at launch when none answers
    bool hidden = false;     // --hidden: start in the tray
    // --appearance, else $HSU_APPEARANCE: "system", "light" or "dark"; empty: the saved setting.
    QString appearance;
};

// Parses `arguments` (argv, program first). On --help/--version or an error returns false with
// `output` holding what to print and `exitCode` the status to exit with.
bool parseDesktopOptions(const QStringList &arguments, DesktopOptions *options, QString *output, int *exitCode);

} // namespace hsu::desktop
