#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::agent {

// hsu-agent's command line: [--config FILE] [--socket PATH] [--state-dir DIR] [--log-dir DIR]
// [--log-lines N] [--cgroups auto|v1|v2|off] [--no-cgroups]
// [--on-sigterm stop|leave] [--metrics ADDRESS|off].
struct AgentOptions
{
    QString configFile; // --config, else config::defaultConfigFile()
    // No --config: the user's own config, written empty on a first start (AgentApp::start).
    bool createConfigIfMissing = false;
    QString socketPath; // resolved: --socket, else $HSU_SOCKET, else the default
    QString stateDir;   // default ${XDG_RUNTIME_DIR:-/tmp}/hsu-master (HSU Master's pid-file folder)
    QString logDir;     // default ${XDG_DATA_HOME:-~/.local/share}/logs/hsu-master
    int logLines = 1000; // lines kept in memory per worker (logs.tail, the GUI's first screen)
    bool useCgroups = true; // --no-cgroups (--cgroups off): process groups, a /proc scan and rlimits only
    int cgroupVersion = 0;  // --cgroups v1|v2: only that version's hierarchies; 0 (auto): all usable
    // --on-sigterm leave: SIGTERM ends the agent alone, its workers run on for the next agent to
    // take back (a service manager's stop or restart, an upgrade); stop (default): SIGTERM stops
    // every worker first, as SIGINT and `hsuctl shutdown` always do.
    bool leaveWorkersOnTerm = false;
    // --metrics ADDRESS: the Prometheus endpoint there, overriding the config's master.metrics;
    // "off": none at all. Not given: the config decides (default: none).
    std::optional<QString> metrics;

    // Parses `args` (argv as a list). On a usage error returns nothing and sets *error; on
    // --help / --version returns nothing and sets *output (exit 0).
    static std::optional<AgentOptions> parse(const QStringList &args, QString *error, QString *output);
};

} // namespace hsu::agent
