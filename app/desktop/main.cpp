// hsu-master: the GUI. Everything lives in hsu_desktop; this only reads the command line.
#include "app/desktop/Appearance.h"
#include "app/desktop/DesktopOptions.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/SettingsDialog.h"
#include "app/desktop/Translations.h"
#include "app/desktop/WorkerPresentation.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("hsu-master"));
    QApplication::setApplicationDisplayName(QStringLiteral("HSU Master"));
    QApplication::setApplicationVersion(QStringLiteral(HSU_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("hsu-master"));
    QApplication::setWindowIcon(hsu::desktop::applicationIcon());

    // Before the command line is parsed, so that --help speaks the chosen language too.
    hsu::desktop::installTranslations(hsu::desktop::chooseLanguage(hsu::desktop::languageArgument(QApplication::arguments())));

    hsu::desktop::DesktopOptions options;
    QString output;
    int exitCode = 0;
    if (!hsu::desktop::parseDesktopOptions(QApplication::arguments(), &options, &output, &exitCode)) {
        std::fputs(output.toLocal8Bit().constData(), exitCode == 0 ? stdout : stderr);
        return exitCode;
    }
    hsu::desktop::applyAppearance(options.appearance.isEmpty()
                                      ? hsu::desktop::savedAppearance()
                                      : hsu::desktop::appearanceFromString(options.appearance).value_or(hsu::desktop::Appearance::System));
    hsu::desktop::applyDemoEnvironment(options);
    if (!options.demo) { // a look at the demo is no reason to start anything at login
        QString error;
        if (hsu::desktop::enableAutostartOnFirstRun(&error))
            std::fputs("hsu-master: first start: the agent now starts at login (Settings, or `hsuctl autostart off`)\n", stderr);
        else if (!error.isEmpty())
            std::fprintf(stderr, "hsu-master: could not turn autostart on: %s\n", qPrintable(error));
    }
    hsu::desktop::MainWindow window(options);
    window.start();
    return QApplication::exec();
}
