#include "shared/model/WorkerState.h"
#include "shared/model/WorkerStatus.h"

#include <QJsonDocument>
#include <QTest>

using namespace hsu::model;

class TestWorkerState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namesRoundTrip();
    void transitionTable_data();
    void transitionTable();
    void operations_data();
    void operations();
    void statusJsonRoundTrip();
    void statusJsonRejectsGarbage();
};

static const WorkerState kAll[] = {WorkerState::Registered, WorkerState::Starting, WorkerState::Running,
                                   WorkerState::Stopping,   WorkerState::Stopped,  WorkerState::Failed,
                                   WorkerState::Restarting, WorkerState::Backoff,  WorkerState::Paused,
                                   WorkerState::Exited};

void TestWorkerState::namesRoundTrip()
{
    for (WorkerState s : kAll)
        QCOMPARE(workerStateFromString(toString(s)), std::optional<WorkerState>(s));
    QCOMPARE(workerStateFromString(QStringLiteral("sleeping")), std::nullopt);
}

void TestWorkerState::transitionTable_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("allowed");
    auto row = [](const char *f, const char *t, bool ok) {
        QTest::addRow("%s->%s", f, t) << QString::fromLatin1(f) << QString::fromLatin1(t) << ok;
    };
    row("registered", "starting", true);
    row("starting", "running", true);
    row("starting", "failed", true);
    row("running", "stopping", true);
    row("stopping", "stopped", true);
    row("stopped", "starting", true);
    row("running", "backoff", true);
    row("backoff", "starting", true);
    row("running", "exited", true);
    row("running", "failed", true);
    row("running", "restarting", true);
    row("running", "paused", true);
    row("paused", "running", true);
    row("paused", "stopping", true);
    // What resource-limit policies do: a restart that waits its retry delay, a stop that fails.
    row("restarting", "backoff", true);
    row("stopping", "failed", true);
    // A process an earlier agent started, taken back by a new agent (issue 13): no start.
    row("registered", "running", true);
    // Not in the table: these would mean a second instance or a skipped stop.
    row("running", "starting", false);
    row("stopping", "starting", false);
    row("stopped", "running", false);
    row("failed", "running", false);
    row("exited", "backoff", false);
    row("stopping", "running", false);
}

void TestWorkerState::transitionTable()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, allowed);
    QCOMPARE(canTransition(*workerStateFromString(from), *workerStateFromString(to)), allowed);
}

void TestWorkerState::operations_data()
{
    QTest::addColumn<int>("op");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("error"); // empty: allowed
    auto row = [](Operation op, const char *state, const char *error) {
        QTest::addRow("%s in %s", qPrintable(toString(op)), state)
            << int(op) << QString::fromLatin1(state) << QString::fromLatin1(error);
    };
    row(Operation::Start, "registered", "");
    row(Operation::Start, "stopped", "");
    row(Operation::Start, "failed", "");
    row(Operation::Start, "backoff", "");
    row(Operation::Start, "running", "worker \"db\" is already running");
    row(Operation::Start, "stopping", "worker \"db\" is stopping");
    row(Operation::Stop, "running", "");
    row(Operation::Stop, "backoff", "");
    row(Operation::Stop, "stopped", "worker \"db\" is already stopped");
    row(Operation::Stop, "stopping", "worker \"db\" is already stopping");
    row(Operation::Restart, "running", "");
    row(Operation::Restart, "stopped", "");
    row(Operation::Restart, "stopping", "worker \"db\" is stopping");
    row(Operation::Restart, "restarting", "worker \"db\" is already restarting");
    row(Operation::Pause, "running", "");
    row(Operation::Pause, "stopped", "worker \"db\" is stopped (only a running worker can be paused)");
    row(Operation::Resume, "paused", "");
    row(Operation::Resume, "running", "worker \"db\" is running (not paused)");
}

void TestWorkerState::operations()
{
    QFETCH(int, op);
    QFETCH(QString, state);
    QFETCH(QString, error);
    const auto err = operationError(Operation(op), *workerStateFromString(state), QStringLiteral("db"));
    QCOMPARE(err.value_or(QString()), error);
    QCOMPARE(isAllowed(Operation(op), *workerStateFromString(state)), error.isEmpty());
}

void TestWorkerState::statusJsonRoundTrip()
{
    WorkerStatus s;
    s.id = QStringLiteral("web");
    s.name = QStringLiteral("Web");
    s.state = WorkerState::Backoff;
    s.pid = 0;
    s.restarts = 4;
    s.attempt = 2;
    s.exitSignal = 11;
    s.reason = QStringLiteral("killed by signal 11 (SIGSEGV); restart 2 in 1.5 s");
    s.since = QDateTime::fromMSecsSinceEpoch(1700000000123);
    s.nextRestartMs = 1500;
    const QJsonObject o = s.toJson();
    QCOMPARE(o.value(QLatin1String("state")).toString(), QStringLiteral("backoff"));
    QVERIFY(o.value(QLatin1String("exit_code")).isNull());
    QCOMPARE(o.value(QLatin1String("exit_signal")).toInt(), 11);
    // Through text, as on the wire.
    const auto back = WorkerStatus::fromJson(QJsonDocument::fromJson(QJsonDocument(o).toJson()).object());
    QVERIFY(back.has_value());
    QCOMPARE(back->toJson(), o);
    QVERIFY(*back == s);
    QVERIFY(!o.contains(QLatin1String("health"))); // no check, no key
    // With a health check: its verdict and the last failure's reason.
    s.health = QStringLiteral("degraded");
    s.healthReason = QStringLiteral("HTTP 500 from http://127.0.0.1:8080/ (1 of 3)");
    s.healthLatencyMs = 7;
    const QJsonObject h = s.toJson();
    QCOMPARE(h.value(QLatin1String("health_latency_ms")).toInteger(), 7);
    QCOMPARE(h.value(QLatin1String("health")).toString(), QStringLiteral("degraded"));
    const auto backH = WorkerStatus::fromJson(QJsonDocument::fromJson(QJsonDocument(h).toJson()).object());
    QVERIFY(backH.has_value());
    QVERIFY(*backH == s);
    // Re-adopted: said in the JSON (hsuctl --json status, the GUI), false by default.
    QCOMPARE(h.value(QLatin1String("adopted")).toBool(), false);
    s.adopted = true;
    const auto backA = WorkerStatus::fromJson(QJsonDocument::fromJson(QJsonDocument(s.toJson()).toJson()).object());
    QVERIFY(backA && backA->adopted);
}

void TestWorkerState::statusJsonRejectsGarbage()
{
    QVERIFY(!WorkerStatus::fromJson({}).has_value());
    QVERIFY(!WorkerStatus::fromJson({{QStringLiteral("id"), QStringLiteral("x")},
                                     {QStringLiteral("state"), QStringLiteral("dancing")}})
                 .has_value());
}

QTEST_GUILESS_MAIN(TestWorkerState)
#include "tst_workerstate.moc"
