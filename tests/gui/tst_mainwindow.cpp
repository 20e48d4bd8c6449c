// The real window against the real agent and real workers (offscreen): the table follows a crash
// and restart, actions reach the agent, forbidden actions are disabled. Losing the agent and
// getting one back: tst_agentpresence.cpp.
#include "app/desktop/AgentConnection.h"
#include "app/desktop/ConnectionBanner.h"
#include "app/desktop/DetailPane.h"
#include "app/desktop/EventsModel.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/TrayController.h"
#include "app/desktop/WorkerActions.h"
#include "app/desktop/WorkerFilterProxy.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/WorkerTableView.h"
#include "shared/model/WorkerState.h"

#include "tests/gui/WindowTestSupport.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScopeGuard>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QRegularExpression>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <utility>

using namespace hsu::desktop;
using namespace hsu::test;
using hsu::model::WorkerState;
using hsu::model::WorkerStatus;
using namespace hsu::test::window;


class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tableFollowsCrashAndRestart();
    void actionsReachTheAgent();
    void forbiddenActionsAreDisabled();
    void refusalsShowInStatusBar();
    void filtersNarrowTheTable();
    void tableFollowsAReload();
    void closeHidesToTrayOnlyWithATray();
    void shortcutsWorkInTheWindow();
    void snapshotsOfTheDemo();
};

void TestMainWindow::initTestCase()
{
    QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
    QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
}

void TestMainWindow::tableFollowsCrashAndRestart()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    QAbstractItemModelTester t1(w.connection()->workers(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(w.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(w.connection()->events(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Every move of the crasher's row, and how long from the agent entering a state (its `since`)
    // to the row showing it (printed only: that is the machine's speed as much as ours).
    QList<std::pair<WorkerState, WorkerState>> moves;
    QList<qint64> latencies;
    connect(w.connection()->workers(), &WorkerTableModel::workerUpdated, this,
            [&moves, &latencies](const WorkerStatus &current, const WorkerStatus &previous) {
                if (previous.id.isEmpty() || previous.state == current.state)
                    return;
                if (current.since.isValid())
                    latencies.append(current.since.msecsTo(QDateTime::currentDateTimeUtc()));
                if (current.id == QLatin1String("crasher"))
                    moves.append({previous.state, current.state});
            });
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QCOMPARE(w.connection()->workers()->rowCount(), 3);
    QVERIFY(w.table()->isEnabled());
    QVERIFY(!w.banner()->isVisible());

    WorkerTableModel *model = w.connection()->workers();
    const int row = model->rowOf(QStringLiteral("crasher"));
    // It crashes (backoff, last exit SIGSEGV), then runs again with a restart counted.
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("crasher")), QStringLiteral("backoff"), 20000);
    QCOMPARE(model->index(row, WorkerTableModel::LastExit).data().toString(), QStringLiteral("SIGSEGV"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("crasher")), QStringLiteral("running"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(model->index(row, WorkerTableModel::Restarts).data().toInt() >= 1, 10000);
    QVERIFY(model->worker(QStringLiteral("crasher"))->pid > 0);

    // The Events view saw a crash, with from -> to (the window may have connected during the first
    // backoff on a busy machine: the crasher crashes again every 0.7 s).
    EventsModel *events = w.connection()->events();
    auto sawCrash = [events] {
        for (int i = 0; i < events->rowCount(); ++i) {
            const WorkerEvent &e = events->eventAt(i);
            if (e.workerId == QLatin1String("crasher") && e.from == WorkerState::Running && e.to == WorkerState::Backoff)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawCrash(), 20000);

    // The detail pane of the selected worker follows too, with its history.
    w.table()->selectIds({QStringLiteral("crasher")});
    QCOMPARE(w.detailPane()->workerId(), QStringLiteral("crasher"));
    QTRY_VERIFY_WITH_TIMEOUT(w.detailPane()->historyRows() >= 2, 5000);
    {
        // Dated (an agent runs for weeks), and a reason in full on its own line under its change.
        auto *history = w.detailPane()->findChild<QTreeWidget *>(QStringLiteral("stateHistory"));
        QVERIFY(history);
        static const QRegularExpression dated(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"));
        QVERIFY2(dated.match(history->topLevelItem(0)->text(0)).hasMatch(), qPrintable(history->topLevelItem(0)->text(0)));
        auto crashReasonShown = [history] {
            for (int i = 0; i < history->topLevelItemCount(); ++i) {
                const QTreeWidgetItem *item = history->topLevelItem(i);
                if (item->childCount() == 1 && item->child(0)->text(0).contains(QLatin1String("SIGSEGV")))
                    return item->isExpanded() && item->child(0)->isFirstColumnSpanned();
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(crashReasonShown(), 5000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(w.detailPane()->fieldText(QStringLiteral("exit")), QStringLiteral("SIGSEGV"), 5000);
    // What it runs and how it restarts, from the agent (workers.get "spec").
    QTRY_VERIFY_WITH_TIMEOUT(w.detailPane()->fieldText(QStringLiteral("command")).contains(QLatin1String("--crash SEGV")), 5000);
    QVERIFY2(w.detailPane()->fieldText(QStringLiteral("policy")).startsWith(QLatin1String("on-failure")),
             qPrintable(w.detailPane()->fieldText(QStringLiteral("policy"))));
    // The command is the program's file name and its arguments; the full path is the tooltip.
    {
        const QString command = w.detailPane()->fieldText(QStringLiteral("command"));
        QVERIFY2(command.startsWith(QLatin1String("testworker ")), qPrintable(command));
        auto *commandLabel = w.detailPane()->findChild<QLabel *>(QStringLiteral("command"));
        QVERIFY(commandLabel && commandLabel->toolTip().startsWith(QLatin1Char('/')));
        QVERIFY(commandLabel->toolTip().endsWith(QLatin1String("--crash SEGV")) || commandLabel->toolTip().contains(QLatin1String("--crash SEGV")));
    }

    // Event-driven: the row took every move the agent made, one at a time, in order: each one an
    // edge of the transition table, through a whole restart (a crash seen, then running again). A
    // table refreshed by polling the list would jump (backoff -> running, past a "starting" that
    // lasts one spawn) or miss a crash.
    auto wholeRestartSeen = [&moves] {
        bool crashed = false;
        for (const auto &[from, to] : std::as_const(moves)) {
            if (crashed && to == WorkerState::Running)
                return true;
            crashed |= from == WorkerState::Running && to == WorkerState::Backoff;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(wholeRestartSeen(), 20000);
    QStringList seen;
    for (const auto &[from, to] : std::as_const(moves))
        seen << hsu::model::toString(from) + QStringLiteral("->") + hsu::model::toString(to);
    qInfo() << "the crasher's row moved" << seen.join(u' ');
    for (const auto &[from, to] : std::as_const(moves))
        QVERIFY2(hsu::model::canTransition(from, to), qPrintable(seen.join(u' ')));
    std::sort(latencies.begin(), latencies.end());
    qInfo() << "agent state change -> table, ms: median" << latencies.at(latencies.size() / 2) << "max"
            << latencies.last() << "of" << latencies.size();
}

void TestMainWindow::actionsReachTheAgent()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient raw;
    QVERIFY(raw.connectTo(agent.socketPath()));
    QVERIFY(raw.hello());
    MainWindow w(optionsFor(agent));
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    const qint64 firstPid = w.connection()->workers()->worker(QStringLiteral("steady"))->pid;
    agent.track(firstPid);

    w.table()->selectIds({QStringLiteral("steady")});
    QVERIFY(w.actions()->stop()->isEnabled());
    w.actions()->stop()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(agentState(raw, QStringLiteral("steady")), QStringLiteral("stopped"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("stopped"), 5000);
    // The actions follow the new state of the selection.
    QVERIFY(w.actions()->start()->isEnabled());
    QVERIFY(!w.actions()->stop()->isEnabled());

    w.actions()->start()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(agentState(raw, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 5000);
    const qint64 secondPid = agentWorker(raw, QStringLiteral("steady")).value(QLatin1String("pid")).toInteger();
    agent.track(secondPid);
    QVERIFY(secondPid != firstPid);

    const int restartsBefore = agentWorker(raw, QStringLiteral("steady")).value(QLatin1String("restarts")).toInt();
    QTRY_VERIFY_WITH_TIMEOUT(w.actions()->restart()->isEnabled(), 5000);
    w.actions()->restart()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(agentWorker(raw, QStringLiteral("steady")).value(QLatin1String("restarts")).toInt() > restartsBefore
                                 && agentState(raw, QStringLiteral("steady")) == QLatin1String("running"),
                             10000);
    const qint64 thirdPid = agentWorker(raw, QStringLiteral("steady")).value(QLatin1String("pid")).toInteger();
    agent.track(thirdPid);
    QTRY_COMPARE_WITH_TIMEOUT(w.connection()->workers()->worker(QStringLiteral("steady"))->pid, thirdPid, 5000);

    // Multi-select: stop both running workers at once (the keyboard shortcut's action).
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("quiet")), QStringLiteral("running"), 5000);
    agent.track(w.connection()->workers()->worker(QStringLiteral("quiet"))->pid);
    w.table()->selectIds({QStringLiteral("steady"), QStringLiteral("quiet")});
    QCOMPARE(w.table()->selectedIds().size(), 2);
    w.actions()->stop()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(agentState(raw, QStringLiteral("steady")), QStringLiteral("stopped"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(agentState(raw, QStringLiteral("quiet")), QStringLiteral("stopped"), 10000);
    QVERIFY(w.lastError().isEmpty());
}

void TestMainWindow::forbiddenActionsAreDisabled()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    agent.track(w.connection()->workers()->worker(QStringLiteral("steady"))->pid);
    w.table()->selectIds({QStringLiteral("steady")});
    QVERIFY(!w.actions()->start()->isEnabled()); // running: Start is forbidden
    QVERIFY(w.actions()->stop()->isEnabled());
    QVERIFY(w.actions()->restart()->isEnabled());
    // Nothing selected: nothing to do.
    w.table()->selectIds({});
    for (QAction *a : w.actions()->all())
        QVERIFY(!a->isEnabled());
}

void TestMainWindow::refusalsShowInStatusBar()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    agent.track(w.connection()->workers()->worker(QStringLiteral("steady"))->pid);
    // What a stale view (or the tray) could ask: the agent refuses, the window says so.
    w.connection()->requestOperation(hsu::model::Operation::Start, {QStringLiteral("steady")});
    QTRY_VERIFY_WITH_TIMEOUT(w.lastError().contains(QLatin1String("already running")), 5000);
    QVERIFY2(w.statusBar()->currentMessage().contains(QLatin1String("already running")),
             qPrintable(w.statusBar()->currentMessage()));
    w.connection()->requestOperation(hsu::model::Operation::Stop, {QStringLiteral("no-such-worker")});
    QTRY_VERIFY_WITH_TIMEOUT(w.lastError().contains(QLatin1String("no-such-worker")), 5000);
}

void TestMainWindow::tableFollowsAReload()
{
    const auto idle = [](const char *id) {
        return QByteArray("  - id: ") + id + R"(
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "@WORKER@" }
)";
    };
    AgentRunner agent;
    agent.writeConfig("workers:\n" + idle("one") + idle("two"));
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("two")), QStringLiteral("running"), 10000);
    agent.writeConfig("workers:\n" + idle("one") + idle("three"));
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()));
    QVERIFY(c.hello());
    QVERIFY(c.call(QStringLiteral("config.reload")).contains(QLatin1String("result")));
    // Without a reconnect: "two" leaves the table, "three" joins it, the status bar says so.
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("two")), QStringLiteral("(no such row)"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("three")), QStringLiteral("running"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->currentMessage().contains(QLatin1String("Config reloaded")), 5000);
    // The Events view keeps it: what changed, why, how long it took.
    EventsModel *events = w.connection()->events();
    QAbstractItemModelTester tester(events, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto noteRow = [events](const char *note) {
        for (int i = events->rowCount() - 1; i >= 0; --i)
            if (events->eventAt(i).note == QLatin1String(note))
                return i;
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(noteRow("config reloaded") >= 0, 5000);
    const QString reloaded = events->index(noteRow("config reloaded"), EventsModel::Reason).data().toString();
    QVERIFY2(reloaded.contains(QLatin1String("1 added")) && reloaded.contains(QLatin1String("1 removed")), qPrintable(reloaded));
    QCOMPARE(events->index(noteRow("config reloaded"), EventsModel::Change).data().toString(), QStringLiteral("config reloaded"));
    // A broken file: the window says where, and nothing changes.
    agent.writeConfig("workers: [\n");
    c.call(QStringLiteral("config.reload"));
    QTRY_VERIFY_WITH_TIMEOUT(w.lastError().contains(QLatin1String("nothing changed")), 5000);
    QVERIFY2(w.lastError().contains(QLatin1String("config.yaml:")), qPrintable(w.lastError()));
    QCOMPARE(stateOf(w, QStringLiteral("three")), QStringLiteral("running"));
    QTRY_VERIFY_WITH_TIMEOUT(noteRow("config refused") >= 0, 5000);
    QVERIFY(events->eventAt(noteRow("config refused")).reason.contains(QLatin1String("config.yaml:")));
}

void TestMainWindow::filtersNarrowTheTable()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    agent.track(w.connection()->workers()->worker(QStringLiteral("steady"))->pid);
    w.filterEdit()->setText(QStringLiteral("STEADY ONE")); // the display name, any case
    QCOMPARE(w.proxy()->rowCount(), 1);
    w.filterEdit()->clear();
    QCOMPARE(w.proxy()->rowCount(), 3);
    w.stateFilter()->setCurrentIndex(w.stateFilter()->findText(QStringLiteral("Running")));
    QTRY_VERIFY_WITH_TIMEOUT(w.proxy()->rowCount() >= 2, 5000);
    for (int r = 0; r < w.proxy()->rowCount(); ++r)
        QCOMPARE(w.proxy()->index(r, 0).data(WorkerTableModel::StateRole).toInt(), int(WorkerState::Running));
}

void TestMainWindow::closeHidesToTrayOnlyWithATray()
{
    QTemporaryDir dir;
    DesktopOptions options;
    options.socketPath = dir.filePath(QStringLiteral("nobody.sock"));
    {
        MainWindow w(options);
        w.tray()->setAvailabilityProbe([] { return true; });
        w.start();
        QVERIFY(w.tray()->isAvailable());
        QVERIFY(!QApplication::quitOnLastWindowClosed());
        QVERIFY(w.isVisible());
        QVERIFY(!w.close()); // refused: hidden to the tray instead
        QVERIFY(!w.isVisible());
        Q_EMIT w.tray()->showWindowRequested(); // "Open HSU Master"
        QVERIFY(w.isVisible());
    }
    {
        MainWindow w(options);
        w.tray()->setAvailabilityProbe([] { return false; });
        w.start();
        QVERIFY(QApplication::quitOnLastWindowClosed()); // no tray: closing quits the GUI
        QVERIFY(w.close());
        QVERIFY(!w.isVisible());
    }
    {
        // --hidden with a tray: nothing shown, the tray is the way in.
        options.hidden = true;
        MainWindow w(options);
        w.tray()->setAvailabilityProbe([] { return true; });
        w.start();
        QVERIFY(!w.isVisible());
    }
}

void TestMainWindow::shortcutsWorkInTheWindow()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient raw;
    QVERIFY(raw.connectTo(agent.socketPath()));
    QVERIFY(raw.hello());
    MainWindow w(optionsFor(agent));
    w.start();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("quiet")), QStringLiteral("running"), 10000);
    agent.track(w.connection()->workers()->worker(QStringLiteral("quiet"))->pid);
    w.table()->setFocus();
    w.table()->selectIds({QStringLiteral("quiet")});
    QTest::keyClick(w.table(), Qt::Key_Period, Qt::ControlModifier); // Stop
    QTRY_COMPARE_WITH_TIMEOUT(agentState(raw, QStringLiteral("quiet")), QStringLiteral("stopped"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w.actions()->start()->isEnabled(), 5000);
    QTest::keyClick(w.table(), Qt::Key_Return, Qt::ControlModifier); // Start
    QTRY_COMPARE_WITH_TIMEOUT(agentState(raw, QStringLiteral("quiet")), QStringLiteral("running"), 10000);
    agent.track(agentWorker(raw, QStringLiteral("quiet")).value(QLatin1String("pid")).toInteger());
}

// Not a check: with HSU_GUI_SNAPSHOT_DIR set, renders the window on the demo config (offscreen, at
// 1100x700) to PNG files there, to look at the layout without a display.
void TestMainWindow::snapshotsOfTheDemo()
{
    const QString out = qEnvironmentVariable("HSU_GUI_SNAPSHOT_DIR");
    if (out.isEmpty())
        QSKIP("set HSU_GUI_SNAPSHOT_DIR to render the demo window to PNG files");
    QFile demo(QStringLiteral(HSU_SOURCE_DIR "/resources/demo.yaml"));
    QVERIFY(demo.open(QIODevice::ReadOnly));
    qputenv("HSU_DEMO_BIN", testWorkerPath().toUtf8());
    AgentRunner agent;
    agent.writeConfig(demo.readAll());
    QVERIFY2(agent.start(), agent.output().constData());
    const auto cleanup = qScopeGuard([&agent] { killAgentAt(agent.socketPath()); });
    MainWindow w(optionsFor(agent));
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTest::qWait(9000); // let the demo show restarts, a backoff and a finished batch job
    w.table()->selectIds({QStringLiteral("flaky")});
    QTest::qWait(200);
    QVERIFY(w.grab().save(out + QStringLiteral("/main-window.png")));
    w.tray()->rebuildMenu();
    w.tray()->menu()->adjustSize();
    QVERIFY(w.tray()->menu()->grab().save(out + QStringLiteral("/tray-menu.png")));
    w.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    QTest::qWait(200);
    QVERIFY(w.grab().save(out + QStringLiteral("/events.png")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
