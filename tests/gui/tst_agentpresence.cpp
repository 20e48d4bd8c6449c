// The window and its agent, present or not (offscreen, the real agent and workers): it survives
// losing its agent and picks a new one up; with no agent it offers to start one; an agent that
// died is started again with its own command line and takes the workers back.
#include "app/desktop/AgentConnection.h"
#include "app/desktop/ConnectionBanner.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/TrayController.h"
#include "app/desktop/WorkerActions.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/WorkerTableView.h"
#include "tests/gui/WindowTestSupport.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace hsu::desktop;
using namespace hsu::test;
using namespace hsu::test::window;
using hsu::model::WorkerState;
using hsu::model::WorkerStatus;

class TestAgentPresence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    }
    void agentKilledAndRestartedWindowReconnects();
    void noAgentBannerStartsOne();
    void agentThatDiedIsStartedAgain();
};

void TestAgentPresence::agentKilledAndRestartedWindowReconnects()
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


void TestAgentPresence::noAgentBannerStartsOne()
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

void TestAgentPresence::agentThatDiedIsStartedAgain()
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


QTEST_MAIN(TestAgentPresence)
#include "tst_agentpresence.moc"
