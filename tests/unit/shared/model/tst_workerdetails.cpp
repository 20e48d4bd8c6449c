// model::WorkerDetails, what workers.get adds to a status (the launch, state history and log
// files), written by the agent and read by the GUI through this one type: a round trip keeps
// every field; an agent without "spec" reads as no launch.

#include "shared/model/WorkerDetails.h"

#include <QTest>

using namespace hsu::model;

class TestWorkerDetails : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        WorkerDetails d;
        WorkerLaunch l;
        l.program = QStringLiteral("/usr/bin/python3");
        l.args = {QStringLiteral("-m"), QStringLiteral("http.server")};
        l.environment = {QStringLiteral("PORT=8080")};
        l.workingDirectory = QStringLiteral("/srv");
        l.restartPolicy = QStringLiteral("on-failure");
        l.maxRetries = 3;
        l.retryDelayMs = 5000;
        l.backoffRate = 1.5;
        l.gracefulTimeoutMs = 20000;
        l.enabled = false;
        l.dependsOn = {QStringLiteral("db")};
        l.description = QStringLiteral("web");
        l.stdoutFile = QStringLiteral("/var/log/w-stdout.log");
        l.stderrFile = QStringLiteral("/var/log/w-stderr.log");
        d.launch = l;
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch());
        d.history = {StateChange{t, QStringLiteral("starting"), QStringLiteral("running"), QString()},
                     StateChange{t.addMSecs(5), QStringLiteral("running"), QStringLiteral("backoff"), QStringLiteral("exit 3")}};
        d.stdoutFiles = {l.stdoutFile, QStringLiteral("/var/log/all.log")};
        d.stderrFiles = {l.stderrFile};
        QCOMPARE(WorkerDetails::fromJson(d.toJson()), d);
    }

    void noSpecIsNoLaunch()
    {
        const WorkerDetails d = WorkerDetails::fromJson(QJsonObject{{QStringLiteral("id"), QStringLiteral("x")}});
        QVERIFY(!d.launch);
        QVERIFY(d.history.isEmpty() && d.stdoutFiles.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkerDetails)
#include "tst_workerdetails.moc"
