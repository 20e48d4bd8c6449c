// The window's health views against the real agent and a real HTTP server (offscreen): the
// detail pane's Health panel shows the check, its verdict, the strip and the list of results; a
// frozen server turns the worker unhealthy there, in the table and as one tray notification; a
// worker without a check says so.
#include "app/desktop/AgentConnection.h"
#include "app/desktop/DetailPane.h"
#include "app/desktop/HealthPanel.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/TrayController.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/WorkerTableView.h"

#include "tests/helpers/support/AgentRunner.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace hsu::desktop;
using namespace hsu::test;

class TestGuiHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void panelFollowsTheCheckAndTheTrayTellsOfUnhealthy()
    {
        int port = 0;
        {
            QTcpServer s;
            QVERIFY(s.listen(QHostAddress::LocalHost, 0));
            port = s.serverPort();
        }
        const QByteArray p = QByteArray::number(port);
        AgentRunner agent;
        QByteArray yaml = R"(workers:
  - id: web
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "@WORKER@", args: ["--serve-http", "@PORT@"] }
          restart_policy: never
          context_aware_restart:
            health_failures: { max_retries: 1, retry_delay: 30s }
        health_check:
          type: http
          http: { url: "@URL@" }
          run_options: { interval: 300ms, timeout: 200ms, retries: 2 }
  - id: plain
    type: managed
    unit: { managed: { control: { execution: { executable_path: "@WORKER@" } } } }
)";
        // (No "//" inside a raw string: moc takes it for a comment and misses the class.)
        yaml.replace("@URL@", "http://127.0.0.1:" + p + "/");
        agent.writeConfig(yaml.replace("@PORT@", p));
        QVERIFY2(agent.start(), agent.output().constData());
        DesktopOptions o;
        o.socketPath = agent.socketPath();
        o.configFile = agent.configPath();
        MainWindow w(o);
        QSignalSpy notes(w.tray(), &TrayController::notificationShown);
        w.start();
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
        WorkerTableModel *model = w.connection()->workers();
        QTRY_VERIFY_WITH_TIMEOUT(model->worker(QStringLiteral("web")) && model->worker(QStringLiteral("web"))->health == QLatin1String("healthy"),
                                 15000);
        const qint64 pid = model->worker(QStringLiteral("web"))->pid;
        agent.track(pid);

        w.table()->selectIds({QStringLiteral("web")});
        HealthPanel *panel = w.detailPane()->healthPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->report() && panel->resultRows() >= 1, 10000);
        QVERIFY(panel->isVisible());
        QVERIFY2(panel->verdictText().contains(QLatin1String("healthy")), qPrintable(panel->verdictText()));
        QVERIFY2(panel->checkText().contains(QLatin1String("http GET http://127.0.0.1:") + QString::fromLatin1(p)),
                 qPrintable(panel->checkText()));
        QVERIFY(!panel->findChild<HealthStrip *>()->results().isEmpty());

        // Frozen: one notification with the check's reason; the panel's results show the failed
        // runs and the verdict they led to (the worker is then restarted: its new process starts
        // over at "unknown", so the word itself is not waited for).
        QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!notes.isEmpty(), 15000);
        QCOMPARE(notes.first().at(1).toString(), QStringLiteral("web is unhealthy"));
        QVERIFY2(notes.first().at(2).toString().contains(QLatin1String("within 200 ms")), qPrintable(notes.first().at(2).toString()));
        const auto sawUnhealthy = [panel] {
            if (!panel->report())
                return false;
            for (const hsu::model::HealthResult &r : panel->findChild<HealthStrip *>()->results())
                if (!r.ok && r.verdict == QLatin1String("unhealthy"))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawUnhealthy(), 15000);
        QVERIFY(panel->resultRows() >= 3);
        ::kill(pid_t(pid), SIGCONT);

        // A worker without a check: the panel says so.
        w.table()->selectIds({QStringLiteral("plain")});
        QTRY_VERIFY_WITH_TIMEOUT(panel->report() && panel->report()->id == QLatin1String("plain"), 10000);
        QVERIFY2(panel->verdictText().contains(QLatin1String("No health check")), qPrintable(panel->verdictText()));
        QCOMPARE(panel->resultRows(), 0);
        QCOMPARE(agent.terminate(), 0);
    }
};

QTEST_MAIN(TestGuiHealth)
#include "tst_health.moc"
