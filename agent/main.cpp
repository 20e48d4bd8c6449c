// hsu-agent: thin entry point. Everything else lives in hsu_agent_app and below.
#include "AgentApp.h"
#include "agent/ipc/LargeBuffers.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    // The agent needs no GLib main loop (nothing GTK-based runs in it); Qt's own Unix dispatcher
    // touches fewer pages (about 0.25 MB less RSS) and serves a thousand descriptors just as well.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hsu-agent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HSU_VERSION));
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddTHH:mm:ss.zzz} %{if-warning}warning %{endif}"
                                      "%{if-critical}error %{endif}%{category}: %{message}"));

    QString error, output;
    const auto options = hsu::agent::AgentOptions::parse(QCoreApplication::arguments(), &error, &output);
    if (!options) {
        if (!output.isEmpty()) {
            std::fputs(qPrintable(output), stdout);
            return 0;
        }
        std::fprintf(stderr, "hsu-agent: %s\nTry 'hsu-agent --help'.\n", qPrintable(error));
        return 2;
    }
    hsu::agent::raiseOpenFileLimit();
    hsu::agent::returnLargeBuffersToTheSystem(); // 16 MiB frames must not stay in the heap
    int rc = 0;
    bool replace = false;
    {
        hsu::agent::AgentApp agent(*options);
        QObject::connect(&agent, &hsu::agent::AgentApp::finished, &app, &QCoreApplication::exit);
        if (const int failed = agent.start())
            return failed;
        rc = app.exec();
        replace = agent.replaceRequested();
    } // every worker let go of, the socket closed
    if (replace)
        hsu::agent::replaceProcess(QCoreApplication::arguments()); // returns only on failure
    return replace ? 1 : rc;
}
