#include "CtlArguments.h"

#include "shared/config/DefaultConfig.h"
#include "shared/config/Names.h"
#include "shared/export/Export.h"
#include "shared/protocol/Protocol.h"
#include "shared/protocol/SocketPath.h"

#include <QFileInfo>
#include <QCommandLineParser>

namespace hsu::ctl {

namespace {

ParseResult usage(const QString &message)
{
    ParseResult r;
    r.error = message;
    return r;
}

struct CommandName
{
    const char *name;
    Command command;
};

constexpr CommandName kCommands[] = {
    {"status", Command::Status},     {"start", Command::Start},       {"stop", Command::Stop},
    {"restart", Command::Restart},   {"shutdown", Command::Shutdown}, {"reload", Command::Reload}, {"diff", Command::Diff}, {"add", Command::Add}, {"remove", Command::Remove}, {"validate", Command::Validate},
    {"autostart", Command::Autostart}, {"logs", Command::Logs},     {"help", Command::Help},
    {"pause", Command::Pause},         {"resume", Command::Resume},   {"top", Command::Top},
    {"doctor", Command::Doctor},       {"health", Command::Health},   {"signal", Command::Signal},
    {"metrics", Command::Metrics},     {"export", Command::Export},
};

} // namespace

QString usageText()
{
    return QStringLiteral(
               "Usage: hsuctl [--socket PATH] [--json] COMMAND [ARGS]\n"
               "\n"
               "Commands:\n"
               "  status [ID]             workers and their state (just ID when given)\n"
               "  start ID... | --all     start workers\n"
               "  stop ID... | --all      stop workers\n"
               "  restart ID... | --all   restart workers\n"
               "  pause ID... | resume ID...\n"
               "                          freeze a worker's whole process tree, and thaw it\n"
               "  top [--once] [--interval S] [--count N]\n"
               "                          CPU, memory, I/O, fds, threads and processes of every worker,\n"
               "                          refreshed (--json: one snapshot)\n"
               "  signal ID SIGNAL        send a signal (SIGHUP, USR1, ...) to a worker's processes\n"
               "                          (an unmanaged worker: only those its allowed_signals lists)\n"
               "  doctor                  which limit each backend enforces on this machine\n"
               "  health ID               a worker's health check, its verdict and its last results\n"
               "                          with their latency and reason\n"
               "  metrics                 every metric in the Prometheus text format, as the agent's\n"
               "                          HTTP endpoint serves it (--json: with where it is served)\n"
               "  shutdown                stop every worker, then the agent\n"
               "  reload                  read the config file again and apply what changed: added\n"
               "                          workers start, removed ones stop, changed ones restart,\n"
               "                          the rest keep running (a file with errors changes nothing)\n"
               "  diff [FILE]             what a reload of FILE (default: the agent's config) would do\n"
               "  add ID [--name N] [--restart POLICY] [--env K=V]... [--cwd DIR] -- PROGRAM [ARGS...]\n"
               "                          adds a managed worker to the agent's config file (the program\n"
               "                          found in PATH, written as an absolute path) and starts it\n"
               "  remove ID               stops a worker and takes it out of the config file\n"
               "  validate [FILE]         check a config file (default: yours, the agent's default; needs no agent)\n"
               "  export --to nomad|kubernetes|systemd [--out DIR] [--image IMAGE] [--mhz-per-core N] [FILE]\n"
               "                          write FILE's workers (default: your config) as a Nomad job,\n"
               "                          Kubernetes manifests or systemd user units: on stdout, or one\n"
               "                          file each in DIR; what cannot be mapped is listed on stderr.\n"
               "                          --image: the image holding the programs (Kubernetes);\n"
               "                          --mhz-per-core: Nomad's CPU MHz for one core (default 1000).\n"
               "                          Needs no agent.\n"
               "  autostart on|off|status start hsu-agent at login for this user, or not (needs no agent)\n"
               "  logs [ID] [-f] [-n N] [--stream stdout|stderr]\n"
               "                          the last N (default 10) lines of a worker's output (every\n"
               "                          worker's without ID); -f keeps following; stdout lines go to\n"
               "                          stdout and stderr lines to stderr (--json: one object a line)\n"
               "\n"
               "Options:\n"
               "  --socket PATH           the agent's socket (also: $HSU_SOCKET; default %1)\n"
               "  --json                  machine-readable output on stdout\n"
               "  -h, --help              this help\n"
               "  --version               versions of hsuctl and its protocol\n"
               "\n"
               "Exit status: 0 ok, 1 request failed, 2 usage error, 3 agent not reachable.\n")
        .arg(protocol::defaultSocketPath());
}

QString versionText()
{
    return QStringLiteral("hsuctl %1 (protocol %2)\n").arg(QStringLiteral(HSU_VERSION), protocol::versionString());
}

ParseResult parseArguments(const QStringList &argv)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption socketOpt(QStringLiteral("socket"), QString(), QStringLiteral("PATH"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"));
    const QCommandLineOption allOpt(QStringLiteral("all"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption versionOpt(QStringLiteral("version"));
    const QCommandLineOption followOpt(QStringList{QStringLiteral("f"), QStringLiteral("follow")});
    const QCommandLineOption linesOpt(QStringList{QStringLiteral("n"), QStringLiteral("lines")}, QString(),
                                      QStringLiteral("N"));
    const QCommandLineOption streamOpt(QStringLiteral("stream"), QString(), QStringLiteral("STREAM"));
    const QCommandLineOption onceOpt(QStringLiteral("once"));
    const QCommandLineOption countOpt(QStringLiteral("count"), QString(), QStringLiteral("N"));
    const QCommandLineOption intervalOpt(QStringLiteral("interval"), QString(), QStringLiteral("SECONDS"));
    const QCommandLineOption nameOpt(QStringLiteral("name"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption restartOpt(QStringLiteral("restart"), QString(), QStringLiteral("POLICY"));
    const QCommandLineOption envOpt(QStringLiteral("env"), QString(), QStringLiteral("K=V"));
    const QCommandLineOption cwdOpt(QStringLiteral("cwd"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption toOpt(QStringLiteral("to"), QString(), QStringLiteral("TARGET"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption imageOpt(QStringLiteral("image"), QString(), QStringLiteral("IMAGE"));
    const QCommandLineOption mhzOpt(QStringLiteral("mhz-per-core"), QString(), QStringLiteral("N"));
    parser.addOptions({socketOpt, jsonOpt, allOpt, helpOpt, versionOpt, followOpt, linesOpt, streamOpt, onceOpt,
                       countOpt, intervalOpt, nameOpt, restartOpt, envOpt, cwdOpt, toOpt, outOpt, imageOpt, mhzOpt});

    QStringList args = argv;
    if (args.isEmpty())
        args << QStringLiteral("hsuctl");
    if (!parser.parse(args))
        return usage(parser.errorText());

    ParseResult r;
    Arguments &a = r.args;
    a.json = parser.isSet(jsonOpt);
    a.all = parser.isSet(allOpt);
    if (parser.isSet(socketOpt)) {
        a.socket = parser.value(socketOpt);
        if (a.socket.isEmpty())
            return usage(QStringLiteral("--socket needs a path"));
    }
    if (parser.isSet(helpOpt)) {
        a.command = Command::Help;
        return r;
    }
    if (parser.isSet(versionOpt)) {
        a.command = Command::Version;
        return r;
    }

    QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return usage(QStringLiteral("no command given"));
    const QString name = pos.takeFirst();
    for (const CommandName &c : kCommands)
        if (name == QLatin1String(c.name))
            a.command = c.command;
    if (a.command == Command::None)
        return usage(QStringLiteral("unknown command \"%1\"").arg(name));

    const bool logOptions = parser.isSet(followOpt) || parser.isSet(linesOpt) || parser.isSet(streamOpt);
    if (logOptions && a.command != Command::Logs)
        return usage(QStringLiteral("-f, -n and --stream go with logs"));
    const bool topOptions = parser.isSet(onceOpt) || parser.isSet(countOpt) || parser.isSet(intervalOpt);
    if (topOptions && a.command != Command::Top)
        return usage(QStringLiteral("--once, --count and --interval go with top"));
    const bool addOptions = parser.isSet(nameOpt) || parser.isSet(restartOpt) || parser.isSet(envOpt) || parser.isSet(cwdOpt);
    if (addOptions && a.command != Command::Add)
        return usage(QStringLiteral("--name, --restart, --env and --cwd go with add"));
    const bool exportOptions = parser.isSet(toOpt) || parser.isSet(outOpt) || parser.isSet(imageOpt) || parser.isSet(mhzOpt);
    if (exportOptions && a.command != Command::Export)
        return usage(QStringLiteral("--to, --out, --image and --mhz-per-core go with export"));
    const bool takesAll = a.command == Command::Start || a.command == Command::Stop || a.command == Command::Restart;
    if (a.all && !takesAll)
        return usage(QStringLiteral("--all goes with start, stop and restart"));

    switch (a.command) {
    case Command::Pause:
    case Command::Resume:
        if (pos.isEmpty())
            return usage(QStringLiteral("%1: which workers? Give their ids").arg(name));
        a.ids = pos;
        break;
    case Command::Top: {
        if (!pos.isEmpty())
            return usage(QStringLiteral("top takes no worker ids"));
        a.once = parser.isSet(onceOpt) || a.json;
        bool ok = true;
        if (parser.isSet(countOpt))
            a.count = parser.value(countOpt).toInt(&ok);
        if (!ok || a.count < 0)
            return usage(QStringLiteral("--count needs a number (0 or more)"));
        if (parser.isSet(intervalOpt))
            a.interval = parser.value(intervalOpt).toDouble(&ok);
        if (!ok || a.interval < 0.1)
            return usage(QStringLiteral("--interval needs seconds (0.1 or more)"));
        break;
    }
    case Command::Doctor:
    case Command::Metrics:
    case Command::Help:
    case Command::Shutdown:
    case Command::Reload:
        if (!pos.isEmpty())
            return usage(QStringLiteral("%1 takes no arguments").arg(name));
        break;
    case Command::Add: {
        if (pos.size() < 2)
            return usage(QStringLiteral("add ID [options] -- PROGRAM [ARGS...]: give an id and a program"));
        a.ids = {pos.takeFirst()};
        a.program = pos;
        a.name = parser.value(nameOpt);
        a.restart = parser.value(restartOpt);
        if (parser.isSet(restartOpt) && !config::enumFromName<config::RestartPolicy>(a.restart))
            return usage(QStringLiteral("--restart is one of %1").arg(config::enumChoices<config::RestartPolicy>()));
        a.env = parser.values(envOpt);
        for (const QString &e : std::as_const(a.env))
            if (!e.contains(u'=') || e.startsWith(u'='))
                return usage(QStringLiteral("--env wants NAME=VALUE, not \"%1\"").arg(e));
        if (parser.isSet(cwdOpt))
            a.cwd = QFileInfo(parser.value(cwdOpt)).absoluteFilePath();
        break;
    }
    case Command::Health:
        if (pos.size() != 1)
            return usage(QStringLiteral("health takes one worker id"));
        a.ids = pos;
        break;
    case Command::Signal:
        if (pos.size() != 2)
            return usage(QStringLiteral("signal ID SIGNAL: give a worker id and a signal (SIGHUP, USR1, ...)"));
        a.ids = {pos.at(0)};
        a.signal = pos.at(1);
        break;
    case Command::Remove:
        if (pos.size() != 1)
            return usage(QStringLiteral("remove takes one worker id"));
        a.ids = pos;
        break;
    case Command::Diff:
        if (pos.size() > 1)
            return usage(QStringLiteral("diff takes at most one file"));
        if (!pos.isEmpty())
            a.file = QFileInfo(pos.first()).absoluteFilePath(); // the agent's folder is not ours
        break;
    case Command::Status:
        if (pos.size() > 1)
            return usage(QStringLiteral("status takes at most one worker id"));
        a.ids = pos;
        break;
    case Command::Start:
    case Command::Stop:
    case Command::Restart:
        if (a.all && !pos.isEmpty())
            return usage(QStringLiteral("%1: give worker ids or --all, not both").arg(name));
        if (!a.all && pos.isEmpty())
            return usage(QStringLiteral("%1: which workers? Give their ids or --all").arg(name));
        a.ids = pos;
        break;
    case Command::Validate:
        if (pos.size() > 1)
            return usage(QStringLiteral("validate takes one file"));
        a.file = pos.isEmpty() ? config::defaultConfigFile() : pos.first(); // the agent's default
        break;
    case Command::Export: {
        if (pos.size() > 1)
            return usage(QStringLiteral("export takes at most one file"));
        a.file = pos.isEmpty() ? config::defaultConfigFile() : pos.first();
        a.exportTarget = parser.value(toOpt);
        if (!parser.isSet(toOpt))
            return usage(QStringLiteral("export needs --to %1").arg(exporter::targetChoices()));
        if (!exporter::targetFromName(a.exportTarget))
            return usage(QStringLiteral("--to is one of %1, not \"%2\"").arg(exporter::targetChoices(), a.exportTarget));
        a.outDir = parser.value(outOpt);
        if (parser.isSet(outOpt) && a.outDir.isEmpty())
            return usage(QStringLiteral("--out needs a folder"));
        a.image = parser.value(imageOpt);
        if (parser.isSet(imageOpt) && a.exportTarget != QLatin1String("kubernetes"))
            return usage(QStringLiteral("--image goes with --to kubernetes"));
        if (parser.isSet(mhzOpt)) {
            if (a.exportTarget != QLatin1String("nomad"))
                return usage(QStringLiteral("--mhz-per-core goes with --to nomad"));
            bool ok = false;
            a.mhzPerCore = parser.value(mhzOpt).toInt(&ok);
            if (!ok || a.mhzPerCore < 1)
                return usage(QStringLiteral("--mhz-per-core needs a whole number of MHz (1 or more)"));
        }
        break;
    }
    case Command::Autostart: {
        const QString action = pos.value(0);
        if (pos.size() != 1
            || (action != QLatin1String("on") && action != QLatin1String("off") && action != QLatin1String("status")))
            return usage(QStringLiteral("autostart takes one of: on, off, status"));
        a.autostart = action == QLatin1String("on")    ? AutostartAction::On
                      : action == QLatin1String("off") ? AutostartAction::Off
                                                       : AutostartAction::Status;
        break;
    }
    case Command::Logs: {
        if (pos.size() > 1)
            return usage(QStringLiteral("logs takes at most one worker id"));
        a.ids = pos;
        a.follow = parser.isSet(followOpt);
        if (parser.isSet(linesOpt)) {
            bool ok = false;
            a.lines = parser.value(linesOpt).toInt(&ok);
            if (!ok || a.lines < 0)
                return usage(QStringLiteral("-n needs a number of lines (0 or more)"));
        }
        a.stream = parser.value(streamOpt);
        if (parser.isSet(streamOpt) && a.stream != QLatin1String("stdout") && a.stream != QLatin1String("stderr"))
            return usage(QStringLiteral("--stream takes stdout or stderr"));
        break;
    }
    case Command::None:
    case Command::Version:
        break;
    }
    return r;
}

} // namespace hsu::ctl
