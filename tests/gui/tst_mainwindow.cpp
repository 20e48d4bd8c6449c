// The real window against the real agent and real workers (offscreen): the table follows a crash
// and restart, actions reach the agent, forbidden actions are disabled, and the window survives
// losing its agent.
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

namespace {

const QByteArray kConfig = R"(
workers:
  - id: steady
    type: managed
    unit:
      managed:
        metadata: { name: "Steady one" }
        control:
          execution: { executable_path: "@WORKER@" }
          graceful_timeout: 2s
  - id: crasher
    type: managed
    profile_type: web
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--run-for", "300", "--crash", "SEGV"]
          restart_policy: on-failure
          context_aware_restart:
            default: { max_retries: 100, retry_delay: 400ms, backoff_rate: 1 }
  - id: quiet
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "@WORKER@" }
)";

DesktopOptions optionsFor(const AgentRunner &agent)
{
    DesktopOptions o;
    o.socketPath = agent.socketPath();
    o.configFile = agent.configPath();
    return o;
}

// By name: QCOMPARE prints it, and failures read "backoff" rather than 7.
QString stateOf(const MainWindow &w, const QString &id)
{
    const WorkerStatus *s = w.connection()->workers()->worker(id);
    return s ? hsu::model::toString(s->state) : QStringLiteral("(no such row)");
}

QJsonObject agentWorker(RawClient &c, const QString &id)
{
    return c.call(QStringLiteral("workers.get"), {{QStringLiteral("id"), id}}).value(QLatin1String("result")).toObject();
}

QString agentState(RawClient &c, const QString &id)
{
    return agentWorker(c, id).value(QLatin1String("state")).toString();
}

// Ends whatever agent answers on `socketPath`, and its workers, by pid: for an agent this test did
// not start itself (the window's "Start agent"), so that a failing test leaves nothing running.
void killAgentAt(const QString &socketPath)
{
    RawClient c;
    if (!c.connectTo(socketPath, 500))
        return;
    const qint64 agentPid = c.call(QStringLiteral("hello"), {{QStringLiteral("protocol"), QStringLiteral("1.0")}})
                                .value(QLatin1String("result")).toObject().value(QLatin1String("pid")).toInteger();
    QList<qint64> pids;
    for (const QJsonValue &v : c.call(QStringLiteral("workers.list")).value(QLatin1String("result")).toObject()
                                   .value(QLatin1String("workers")).toArray())
        if (const qint64 pid = v.toObject().value(QLatin1String("pid")).toInteger(); pid > 0)
            pids << pid;
    if (agentPid > 0)
        ::kill(pid_t(agentPid), SIGKILL);
    for (qint64 pid : std::as_const(pids))
        ::kill(pid_t(pid), SIGKILL);
}

} // namespace

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
    void agentKilledAndRestartedWindowReconnects();
    void noAgentBannerStartsOne();
    void agentThatDiedIsStartedAgain();
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

void TestMainWindow::agentKilledAndRestartedWindowReconnects()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    // This test brings the agent back itself (agentThatDiedIsStartedAgain: the window does).
    w.connection()->setRestartAgentIfDied(false);
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("quiet")), QStringLiteral("running"), 10000);
    w.table()->selectIds({QStringLiteral("steady")});

    // SIGKILL the agent; its workers outlive it by design: end them too, by the pids the table shows.
    QList<qint64> oldPids;
    for (const WorkerStatus &s : w.connection()->workers()->workers())
        if (s.pid > 0)
            oldPids << s.pid;
    QVERIFY(!oldPids.isEmpty());
    QVERIFY(::kill(pid_t(agent.pid()), SIGKILL) == 0);
    QVERIFY(agent.process().waitForFinished(5000));
    for (qint64 pid : std::as_const(oldPids)) {
        agent.track(pid);
        ::kill(pid_t(pid), SIGKILL);
    }

    // Grey table, banner saying so, no actions.
    QTRY_COMPARE_WITH_TIMEOUT(w.connection()->status(), AgentConnection::Status::Reconnecting, 5000);
    QVERIFY(!w.table()->isEnabled());
    QVERIFY(w.banner()->isVisible());
    QVERIFY2(w.banner()->text().contains(QLatin1String("reconnecting")), qPrintable(w.banner()->text()));
    for (QAction *a : w.actions()->all())
        QVERIFY(!a->isEnabled());
    QCOMPARE(w.tray()->overallState(), OverallState::NoAgent);
    QCOMPARE(w.connection()->workers()->rowCount(), 3); // the last known rows stay, greyed

    // A new agent on the same socket: the window comes back by itself and shows the truth.
    QVERIFY2(agent.start(), agent.output().constData());
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 15000);
    QVERIFY(w.table()->isEnabled());
    QVERIFY(!w.banner()->isVisible());
    RawClient raw;
    QVERIFY(raw.connectTo(agent.socketPath()));
    QVERIFY(raw.hello());
    for (const QString &id : {QStringLiteral("steady"), QStringLiteral("quiet")}) {
        QTRY_COMPARE_WITH_TIMEOUT(agentState(raw, id), QStringLiteral("running"), 10000);
        const qint64 pid = agentWorker(raw, id).value(QLatin1String("pid")).toInteger();
        agent.track(pid);
        QVERIFY(!oldPids.contains(pid));
        QTRY_COMPARE_WITH_TIMEOUT(w.connection()->workers()->worker(id)->pid, pid, 5000);
        QCOMPARE(stateOf(w, id), QStringLiteral("running"));
    }
    // The selection survived, and its actions are live again.
    QCOMPARE(w.table()->selectedIds(), QStringList{QStringLiteral("steady")});
    QVERIFY(w.actions()->stop()->isEnabled());
    QVERIFY(!w.actions()->start()->isEnabled());
}

void TestMainWindow::noAgentBannerStartsOne()
{
    // Everything the started agent writes goes to this temporary folder.
    AgentRunner place; // its folder and config only; we do not start it
    place.writeConfig(kConfig);
    const QString dir = place.dir();
    qputenv("XDG_RUNTIME_DIR", (dir + QStringLiteral("/run")).toUtf8());
    qputenv("XDG_DATA_HOME", (dir + QStringLiteral("/data")).toUtf8());
    qputenv("XDG_STATE_HOME", (dir + QStringLiteral("/state-home")).toUtf8());
    qputenv("HSU_AGENT_PROGRAM", agentPath().toUtf8());
    QDir().mkpath(dir + QStringLiteral("/run"));

    // The agent the window starts keeps its state where XDG_RUNTIME_DIR says.
    const auto cleanup = qScopeGuard([&place, dir] {
        killAgentAt(place.socketPath());
        AgentRunner::removeCgroupsOf(dir + QStringLiteral("/run/hsu-master"));
    });
    MainWindow w(optionsFor(place));
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.connection()->status(), AgentConnection::Status::NoAgent, 5000);
    QVERIFY(w.banner()->isVisible());
    QVERIFY2(w.banner()->text().contains(QLatin1String("No agent answers")), qPrintable(w.banner()->text()));
    QVERIFY(w.banner()->startButton()->isVisible());
    QVERIFY(!w.table()->isEnabled());

    QTest::mouseClick(w.banner()->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 15000);
    const qint64 agentPid = w.connection()->agentInfo().value(QLatin1String("pid")).toInteger();
    QVERIFY(agentPid > 0);
    QVERIFY(!w.banner()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    QList<qint64> workerPids;
    for (const WorkerStatus &s : w.connection()->workers()->workers())
        if (s.pid > 0)
            workerPids << s.pid;

    // The agent was started detached: it is not ours to keep. End it (it stops its workers).
    QVERIFY(::kill(pid_t(agentPid), SIGTERM) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(agentPid), 15000);
    for (qint64 pid : std::as_const(workerPids)) {
        if (processAlive(pid))
            ::kill(pid_t(pid), SIGKILL);
    }
    QTRY_COMPARE_WITH_TIMEOUT(w.connection()->status(), AgentConnection::Status::Reconnecting, 5000);
}

// No service manager runs this agent (XDG autostart, or the window's "Start agent"): when it dies,
// the window starts it again — with the dead one's command line (its state folder, log folder,
// options), so that the new agent takes the workers back.
void TestMainWindow::agentThatDiedIsStartedAgain()
{
    AgentRunner agent; // its own --state-dir and --log-dir: not what the window would pick itself
    agent.writeConfig(kConfig);
    const QString dir = agent.dir();
    qputenv("XDG_STATE_HOME", (dir + QStringLiteral("/state-home")).toUtf8()); // the launcher's log
    qputenv("HSU_AGENT_PROGRAM", agentPath().toUtf8());
    QVERIFY2(agent.start(), agent.output().constData());
    const auto cleanup = qScopeGuard([&agent] { killAgentAt(agent.socketPath()); });
    MainWindow w(optionsFor(agent));
    QSignalSpy scheduled(w.connection(), &AgentConnection::agentRestartScheduled);
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"), 10000);
    const qint64 worker = w.connection()->workers()->worker(QStringLiteral("steady"))->pid;
    QVERIFY(worker > 0);
    agent.track(worker);

    const qint64 firstAgent = agent.pid();
    QVERIFY(::kill(pid_t(firstAgent), SIGKILL) == 0);
    QVERIFY(agent.process().waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!scheduled.isEmpty(), 10000);
    QCOMPARE(scheduled.at(0).at(0).toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected()
                                 && w.connection()->agentInfo().value(QLatin1String("pid")).toInteger() != firstAgent,
                             20000);
    // The same process, taken back, and the window says so.
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->workers()->worker(QStringLiteral("steady"))->adopted, 10000);
    QCOMPARE(w.connection()->workers()->worker(QStringLiteral("steady"))->pid, worker);
    QCOMPARE(stateOf(w, QStringLiteral("steady")), QStringLiteral("running"));
    const QStringList args = [&] {
        QStringList out;
        for (const QJsonValue &v : w.connection()->agentInfo().value(QLatin1String("arguments")).toArray())
            out << v.toString();
        return out;
    }();
    QVERIFY2(args.contains(agent.stateDir()), qPrintable(args.join(u' ')));
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
