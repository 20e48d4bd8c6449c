// The Logs tabs against the real agent and real test workers (offscreen): the selected worker's
// tab shows its output as it is written, once each line, stderr told apart; the all-workers tab
// takes a 25,000-line burst and stays bounded (what the agent skipped is counted and shown).
#include "app/desktop/AgentConnection.h"
#include "app/desktop/LogModel.h"
#include "app/desktop/LogStream.h"
#include "app/desktop/LogView.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/WorkerTableView.h"

#include "tests/helpers/support/AgentRunner.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTabWidget>
#include <QTest>

using namespace hsu::desktop;
using namespace hsu::test;

namespace {

const QByteArray kConfig = R"(
workers:
  - id: talker
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--lines", "300", "--line-interval", "10", "--stderr-lines", "5", "--run-for", "300000"]
  - id: flood
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--run-for", "300000"]
  - id: burst
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--lines", "25000", "--run-for", "300000"]
          restart_policy: never
)";

DesktopOptions optionsFor(const AgentRunner &agent)
{
    DesktopOptions o;
    o.socketPath = agent.socketPath();
    o.configFile = agent.configPath();
    return o;
}

// Output rows (not notices) of `worker`, as "stdout 12" / "stderr 3" keys, to spot repeats.
QStringList lineKeys(const LogModel &m, const QString &worker)
{
    QStringList keys;
    for (int r = 0; r < m.rowCount(); ++r) {
        const LogLine &l = m.lineAt(r);
        if (l.kind == LogLine::Kind::Line && l.worker == worker)
            keys << (l.isStderr() ? QStringLiteral("stderr ") : QStringLiteral("stdout ")) + l.text;
    }
    return keys;
}

// The agent's number of the newest line of `worker` in the model (0: none).
qint64 lastSeq(const LogModel &m, const QString &worker)
{
    for (int r = m.rowCount() - 1; r >= 0; --r)
        if (m.lineAt(r).kind == LogLine::Kind::Line && m.lineAt(r).worker == worker)
            return m.lineAt(r).seq;
    return 0;
}

} // namespace

class TestLogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void workerTabFollowsItsOutput();
    void allWorkersTabStaysBounded();
};

void TestLogs::workerTabFollowsItsOutput()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    w.start();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->workers()->worker(QStringLiteral("talker")), 10000);
    LogModel *model = w.workerLogView()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    w.table()->selectIds({QStringLiteral("talker")});
    w.detailTabs()->setCurrentWidget(w.workerLogView());
    QTRY_VERIFY(w.workerLogStream()->isActive());
    QCOMPARE(w.workerLogStream()->worker(), QStringLiteral("talker"));
    // It is still writing (a line every 10 ms): the last one arrives live.
    QTRY_VERIFY_WITH_TIMEOUT(lineKeys(*model, QStringLiteral("talker")).contains(QStringLiteral("stdout line 300")), 20000);
    const QStringList keys = lineKeys(*model, QStringLiteral("talker"));
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), keys.size()); // tail and live overlap: once each
    QCOMPARE(keys.size(), 305);
    QCOMPARE(keys.filter(QStringLiteral("stderr ")).size(), 5);
    for (int r = 0; r < model->rowCount(); ++r)
        QCOMPARE(model->index(r, 0).data(LogModel::IsStderrRole).toBool(), model->lineAt(r).isStderr());
    QTRY_VERIFY_WITH_TIMEOUT(w.workerLogView()->isAtBottom(), 5000);
    QVERIFY(w.workerLogView()->isFollowing());

    // Another worker: the view is emptied and shows that one's (flood has written nothing).
    w.table()->selectIds({QStringLiteral("flood")});
    QTRY_COMPARE_WITH_TIMEOUT(w.workerLogStream()->worker(), QStringLiteral("flood"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.workerLogStream()->isTailPending(), 5000);
    QCOMPARE(lineKeys(*model, QStringLiteral("talker")).size(), 0);
}

void TestLogs::allWorkersTabStaysBounded()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient raw;
    QVERIFY(raw.connectTo(agent.socketPath()));
    QVERIFY(raw.hello());
    MainWindow w(optionsFor(agent));
    w.start();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    LogModel *model = w.allLogsView()->model();
    QCOMPARE(model->capacity(), 10000);
    // The agent sends at most 5,000 lines per 50 ms batch and counts the rest of a burst as
    // skipped: a smaller ring here is what one burst overflows.
    constexpr int kCapacity = 2000;
    model->setCapacity(kCapacity);
    int most = 0;
    connect(model, &QAbstractItemModel::rowsInserted, this, [&] { most = qMax(most, model->rowCount()); });

    w.tabs()->setCurrentWidget(w.allLogsView());
    QTRY_VERIFY(w.allLogsStream()->isActive());
    // burst wrote 25,000 lines at start: the tail brings the newest of them.
    QTRY_COMPARE_WITH_TIMEOUT(lastSeq(*model, QStringLiteral("burst")), 25000, 20000);
    // Now following: a restart writes 25,000 more at once (the agent numbers them 25,001 on).
    const QJsonObject restarted = raw.call(QStringLiteral("workers.restart"), {{QStringLiteral("ids"), QJsonArray{QStringLiteral("burst")}}});
    QVERIFY2(!restarted.contains(QLatin1String("error")), QJsonDocument(restarted).toJson().constData());
    // All of it arrives, or what did not is counted as skipped (and says so in a notice).
    QTRY_VERIFY_WITH_TIMEOUT(lastSeq(*model, QStringLiteral("burst")) == 50000 ||
                                 (lastSeq(*model, QStringLiteral("burst")) > 25000 && model->skipped() > 0),
                             30000);
    QVERIFY2(most <= kCapacity, qPrintable(QString::number(most)));
    QCOMPARE(model->rowCount(), kCapacity);
    QVERIFY(model->evicted() > 0);
    if (model->skipped() > 0)
        QVERIFY(!model->match(model->index(0, LogModel::Text), LogModel::IsNoticeRole, true).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(w.allLogsView()->isAtBottom(), 5000);
    qInfo() << "rows" << model->rowCount() << "evicted" << model->evicted() << "skipped by the agent" << model->skipped();
}

QTEST_MAIN(TestLogs)
#include "tst_logs.moc"
