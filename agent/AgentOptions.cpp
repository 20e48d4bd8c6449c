#include "AgentOptions.h"

#include "shared/config/DefaultConfig.h"
#include "shared/config/WorkerSpec.h"
#include "shared/protocol/SocketPath.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace hsu::agent {

namespace {
QString envOr(const char *name, const QString &fallback)
{
    const QString v = qEnvironmentVariable(name);
    return v.isEmpty() ? fallback : v;
}
} // namespace

std::optional<AgentOptions> AgentOptions::parse(const QStringList &args, QString *error, QString *output)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "HSU Master agent: starts, watches and restarts the workers of an HSU Master config, in the foreground."));
    const QCommandLineOption help = p.addHelpOption();
    const QCommandLineOption version = p.addVersionOption();
    const QCommandLineOption config({QStringLiteral("c"), QStringLiteral("config")},
                                    QStringLiteral("The HSU Master YAML config to run (default: %1, created empty "
                                                   "when missing).")
                                        .arg(config::defaultConfigFile()),
                                    QStringLiteral("FILE"));
    const QCommandLineOption socket(QStringLiteral("socket"),
                                    QStringLiteral("Listen on this local socket (default: $HSU_SOCKET, else %1).")
                                        .arg(protocol::defaultSocketPath()),
                                    QStringLiteral("PATH"));
    const QCommandLineOption stateDir(QStringLiteral("state-dir"),
                                      QStringLiteral("Folder for the agent's state (pid files)."), QStringLiteral("DIR"));
    const QCommandLineOption logDir(QStringLiteral("log-dir"),
                                    QStringLiteral("Folder for worker logs; relative log paths resolve here."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption logLines(QStringLiteral("log-lines"),
                                      QStringLiteral("Lines of output kept in memory per worker (default 1000)."),
                                      QStringLiteral("N"));
    const QCommandLineOption noCgroups(QStringLiteral("no-cgroups"),
                                       QStringLiteral("Do not put workers in cgroups (process groups, a /proc scan "
                                                      "and rlimits only)."));
    const QCommandLineOption cgroups(
        QStringLiteral("cgroups"),
        QStringLiteral("Which cgroup hierarchies hold the workers: auto (default: v2 where it is writable, v1 "
                       "for what only v1 offers), v1, v2, or off (as --no-cgroups)."),
        QStringLiteral("MODE"), QStringLiteral("auto"));
    const QCommandLineOption onSigterm(
        QStringLiteral("on-sigterm"),
        QStringLiteral("What SIGTERM does: stop (default: stop every worker, then exit) or leave (exit at once and "
                       "leave the workers running; the next agent takes them back). For service managers."),
        QStringLiteral("WHAT"), QStringLiteral("stop"));
    const QCommandLineOption metrics(
        QStringLiteral("metrics"),
        QStringLiteral("Serve Prometheus metrics over HTTP at ADDRESS (HOST:PORT, [IPv6]:PORT, or PORT for "
                       "127.0.0.1:PORT), whatever the config's master.metrics says; \"off\": not even where the config "
                       "asks. Off by default."),
        QStringLiteral("ADDRESS"));
    p.addOptions({config, socket, stateDir, logDir, logLines, noCgroups, cgroups, onSigterm, metrics});

    if (!p.parse(args)) {
        *error = p.errorText();
        return std::nullopt;
    }
    if (p.isSet(help)) {
        *output = p.helpText();
        return std::nullopt;
    }
    if (p.isSet(version)) {
        *output = QStringLiteral("hsu-agent %1\n").arg(QStringLiteral(HSU_VERSION));
        return std::nullopt;
    }
    if (!p.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument: %1").arg(p.positionalArguments().constFirst());
        return std::nullopt;
    }
    AgentOptions o;
    o.createConfigIfMissing = !p.isSet(config);
    o.configFile = QFileInfo(o.createConfigIfMissing ? config::defaultConfigFile() : p.value(config)).absoluteFilePath();
    o.socketPath = protocol::resolveSocketPath(p.value(socket));
    const QString home = QDir::homePath();
    o.stateDir = QFileInfo(p.isSet(stateDir) ? p.value(stateDir)
                                             : envOr("XDG_RUNTIME_DIR", QStringLiteral("/tmp")) + QStringLiteral("/hsu-master"))
                     .absoluteFilePath();
    o.logDir = p.isSet(logDir) ? p.value(logDir)
                               : envOr("XDG_DATA_HOME", home + QStringLiteral("/.local/share"))
                                     + QStringLiteral("/logs/hsu-master");
    if (p.isSet(logLines)) {
        bool ok = false;
        o.logLines = p.value(logLines).toInt(&ok);
        if (!ok || o.logLines < 1 || o.logLines > 1000000) {
            *error = QStringLiteral("--log-lines must be a number from 1 to 1000000");
            return std::nullopt;
        }
    }
    o.useCgroups = !p.isSet(noCgroups);
    if (const QString term = p.value(onSigterm); term == u"leave")
        o.leaveWorkersOnTerm = true;
    else if (term != u"stop") {
        *error = QStringLiteral("--on-sigterm must be stop or leave");
        return std::nullopt;
    }
    const QString mode = p.value(cgroups);
    if (mode == u"off")
        o.useCgroups = false;
    else if (mode == u"v1" || mode == u"v2")
        o.cgroupVersion = mode == u"v1" ? 1 : 2;
    else if (mode != u"auto") {
        *error = QStringLiteral("--cgroups must be auto, v1, v2 or off");
        return std::nullopt;
    }
    if (p.isSet(metrics)) {
        o.metrics = p.value(metrics).trimmed();
        if (*o.metrics != u"off" && !config::isListenAddress(*o.metrics)) {
            *error = QStringLiteral("--metrics must be HOST:PORT, [IPv6]:PORT, PORT or off (e.g. 127.0.0.1:9464)");
            return std::nullopt;
        }
    }
    o.stateDir = QFileInfo(o.stateDir).absoluteFilePath();
    o.logDir = QFileInfo(o.logDir).absoluteFilePath();
    return o;
}

} // namespace hsu::agent
