#include "DesktopOptions.h"

#include "Appearance.h"

#include "shared/protocol/SocketPath.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

namespace hsu::desktop {

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
    const QCommandLineOption appearance(
        QStringLiteral("appearance"),
        QCoreApplication::translate("hsu-master", "system (the desktop's style and colours), light or dark (Fusion with a light or dark palette). Default: $HSU_APPEARANCE, else the setting."),
        QStringLiteral("MODE"));
    parser.addOptions({config, socket, startAgent, hidden, appearance});

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
    return true;
}

} // namespace hsu::desktop
