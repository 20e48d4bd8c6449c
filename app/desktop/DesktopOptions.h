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
    // --demo: the demo config on an agent of its own (its own socket, state and log folders), so
    // it never mixes with the user's agent; started when none answers there.
    bool demo = false;
    QString demoWorkerProgram; // --demo: the test worker the demo's workers run (HSU_DEMO_BIN)
    // The whole command line of an agent started from here; empty: --config/--socket as usual.
    QStringList agentArguments;
    // --appearance, else $HSU_APPEARANCE: "system", "light" or "dark"; empty: the saved setting.
    QString appearance;
    // --language: "system" or a language code (Translations.h); empty: $HSU_LANGUAGE, else the
    // setting. Installed by main() before parsing; kept here for the record.
    QString language;
};

// Where the demo lives, found beside the running program: the installed package's
// PREFIX/share/hsu-master/demo.yaml and PREFIX/lib/hsu-master/testworker, else the build tree's
// (the source's resources/demo.yaml, tests/helpers/testworker/testworker). Empty when not found.
QString demoConfigFile();
QString demoWorkerProgram(); // $HSU_DEMO_BIN when set
// The demo agent's own folder: ${XDG_RUNTIME_DIR:-/tmp}/hsu-master-demo (socket and state).
QString demoRuntimeFolder();

// For --demo: sets HSU_DEMO_BIN (unless already set) so the agent started from here, which
// inherits the environment, finds the test worker.
void applyDemoEnvironment(const DesktopOptions &options);

// Parses `arguments` (argv, program first). On --help/--version or an error returns false with
// `output` holding what to print and `exitCode` the status to exit with.
bool parseDesktopOptions(const QStringList &arguments, DesktopOptions *options, QString *output, int *exitCode);

} // namespace hsu::desktop
