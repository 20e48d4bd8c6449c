#include "DesktopOptions.h"

#include "Appearance.h"
#include "Translations.h"

#include "shared/protocol/SocketPath.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace hsu::desktop {

namespace {
QString appDir()
{
    return QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
}

QString firstExisting(const QStringList &candidates, bool executable)
{
    for (const QString &c : candidates) {
        const QFileInfo fi(c);
        if (fi.isFile() && (!executable || fi.isExecutable()))
            return QDir::cleanPath(fi.absoluteFilePath());
    }
    return {};
}

QString envOr(const char *name, const QString &fallback)
{
    const QString v = qEnvironmentVariable(name);
    return v.isEmpty() ? fallback : v;
}
} // namespace

QString demoConfigFile()
{
    const QString dir = appDir();
    QStringList candidates;
    if (!dir.isEmpty())
        candidates << dir + QStringLiteral("/../share/hsu-master/demo.yaml");
    candidates << QStringLiteral(HSU_SOURCE_DIR "/resources/demo.yaml") // a build tree
               << QStringLiteral("/usr/share/hsu-master/demo.yaml");
    return firstExisting(candidates, false);
}

QString demoWorkerProgram()
{
    const QString set = qEnvironmentVariable("HSU_DEMO_BIN");
    if (!set.isEmpty())
        return set;
    const QString dir = appDir();
    QStringList candidates;
    if (!dir.isEmpty())
        candidates << dir + QStringLiteral("/../lib/hsu-master/testworker")
                   << dir + QStringLiteral("/../../tests/helpers/testworker/testworker"); // app/desktop in a build tree
    candidates << QStringLiteral("/usr/lib/hsu-master/testworker");
    return firstExisting(candidates, true);
}

QString demoRuntimeFolder()
{
    return envOr("XDG_RUNTIME_DIR", QStringLiteral("/tmp")) + QStringLiteral("/hsu-master-demo");
}

void applyDemoEnvironment(const DesktopOptions &options)
{
    if (options.demo && !options.demoWorkerProgram.isEmpty() && qEnvironmentVariableIsEmpty("HSU_DEMO_BIN"))
        qputenv("HSU_DEMO_BIN", options.demoWorkerProgram.toLocal8Bit());
}

bool parseDesktopOptions(const QStringList &arguments, DesktopOptions *options, QString *output, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("hsu-master", "HSU Master: the window and tray icon of the hsu-agent process supervisor."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption config(QStringLiteral("config"),
                                    QCoreApplication::translate("hsu-master", "Config file the agent runs when started from here."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption socket(QStringLiteral("socket"),
                                    QCoreApplication::translate("hsu-master", "The agent's socket (default: $HSU_SOCKET, else the per-user default)."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption startAgent(QStringLiteral("start-agent"),
                                        QCoreApplication::translate("hsu-master", "Start hsu-agent if none answers."));
    const QCommandLineOption hidden(QStringLiteral("hidden"),
                                    QCoreApplication::translate("hsu-master", "Start in the tray, without showing the window."));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QCoreApplication::translate("hsu-master", "Show the demo: a few sample workers on an agent of their "
                                                                            "own, apart from yours (started when none answers)."));
    const QCommandLineOption appearance(
        QStringLiteral("appearance"),
        QCoreApplication::translate("hsu-master", "system (the desktop's style and colours), light or dark (Fusion with a light or dark palette). Default: $HSU_APPEARANCE, else the setting."),
        QStringLiteral("MODE"));
    const QCommandLineOption language(
        QStringLiteral("language"),
        QCoreApplication::translate("hsu-master", "The window's language: system (the desktop's), en, de or fr. Default: $HSU_LANGUAGE, else the setting."),
        QStringLiteral("LANG"));
    parser.addOptions({config, socket, startAgent, hidden, demo, appearance, language});

    if (!parser.parse(arguments)) {
        *output = parser.errorText() + QLatin1Char('\n') + parser.helpText();
        *exitCode = 2;
        return false;
    }
    if (parser.isSet(helpOption)) {
        *output = parser.helpText();
        *exitCode = 0;
        return false;
    }
    if (parser.isSet(versionOption)) {
        *output = QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion() + QLatin1Char('\n');
        *exitCode = 0;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *output = QCoreApplication::translate("hsu-master", "unexpected argument: %1\n").arg(parser.positionalArguments().constFirst());
        *exitCode = 2;
        return false;
    }
    options->socketPath = protocol::resolveSocketPath(parser.value(socket));
    options->configFile = parser.isSet(config) ? QFileInfo(parser.value(config)).absoluteFilePath() : QString();
    options->startAgent = parser.isSet(startAgent);
    options->hidden = parser.isSet(hidden);
    options->appearance = parser.isSet(appearance) ? parser.value(appearance) : qEnvironmentVariable("HSU_APPEARANCE");
    if (!options->appearance.isEmpty() && !appearanceFromString(options->appearance)) {
        *output = QCoreApplication::translate("hsu-master", "--appearance: expected system, light or dark, not \"%1\"\n").arg(options->appearance);
        *exitCode = 2;
        return false;
    }
    options->language = parser.value(language);
    if (parser.isSet(language) && !isLanguageSetting(options->language)) {
        *output = QCoreApplication::translate("hsu-master", "--language: expected system, en, de or fr, not \"%1\"\n").arg(options->language);
        *exitCode = 2;
        return false;
    }
    options->demo = parser.isSet(demo);
    if (!options->demo)
        return true;
    if (parser.isSet(config)) {
        *output = QCoreApplication::translate("hsu-master", "--demo runs the demo config; it takes no --config\n");
        *exitCode = 2;
        return false;
    }
    options->configFile = demoConfigFile();
    if (options->configFile.isEmpty()) {
        *output = QCoreApplication::translate("hsu-master", "--demo: the demo config (demo.yaml) is not installed here\n");
        *exitCode = 1;
        return false;
    }
    // Its own socket (unless --socket names one), state and log folders: the demo's agent never
    // touches the user's agent, its workers or its records.
    const QString folder = demoRuntimeFolder();
    if (!parser.isSet(socket))
        options->socketPath = folder + QStringLiteral("/agent.sock");
    options->startAgent = true;
    options->demoWorkerProgram = demoWorkerProgram();
    const QString logs = envOr("XDG_DATA_HOME", QDir::homePath() + QStringLiteral("/.local/share")) + QStringLiteral("/logs/hsu-master-demo");
    options->agentArguments = {QStringLiteral("--config"), options->configFile, QStringLiteral("--socket"), options->socketPath,
                               QStringLiteral("--state-dir"), folder + QStringLiteral("/state"), QStringLiteral("--log-dir"), logs};
    return true;
}

} // namespace hsu::desktop
