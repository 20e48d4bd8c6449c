// Start / Stop / Restart enabling follows the state machine (hsu::model::isAllowed), per state
// and for mixed selections; triggering asks only for the workers that allow it. Pause / Resume
// also need an agent that offers workers.pause.
#include "app/desktop/WorkerActions.h"

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace hsu::desktop;
using hsu::model::Operation;
using hsu::model::WorkerState;

class TestActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void singleSelection_data();
    void singleSelection();
    void mixedSelectionEnablesWhenAnyAllows();
    void triggerSendsOnlyAllowedIds();
    void nothingSelectedOrNoAgentDisablesAll();
    void shortcutsAreSet();
    void pauseResume_data();
    void pauseResume();
    void pauseAsksOnlyPausableWorkers();
    void unmanagedOffersOnlyWhatItsControlAllows();
    void signalMenuChoices();
};

void TestActions::singleSelection_data()
{
    QTest::addColumn<WorkerState>("state");
    QTest::addColumn<bool>("start");
    QTest::addColumn<bool>("stop");
    QTest::addColumn<bool>("restart");
    // Written out rather than computed from isAllowed: a change of the state machine must show here.
    QTest::newRow("registered") << WorkerState::Registered << true << false << true;
    QTest::newRow("starting") << WorkerState::Starting << false << true << false;
    QTest::newRow("running") << WorkerState::Running << false << true << true;
    QTest::newRow("stopping") << WorkerState::Stopping << false << false << false;
    QTest::newRow("stopped") << WorkerState::Stopped << true << false << true;
    QTest::newRow("failed") << WorkerState::Failed << true << false << true;
    QTest::newRow("restarting") << WorkerState::Restarting << false << true << false;
    QTest::newRow("backoff") << WorkerState::Backoff << true << true << true;
    QTest::newRow("paused") << WorkerState::Paused << false << true << true;
    QTest::newRow("exited") << WorkerState::Exited << true << false << true;
}

void TestActions::singleSelection()
{
    QFETCH(WorkerState, state);
    QFETCH(bool, start);
    QFETCH(bool, stop);
    QFETCH(bool, restart);
    WorkerActions actions;
    actions.setSelection({{QStringLiteral("w"), state}});
    QCOMPARE(actions.start()->isEnabled(), start);
    QCOMPARE(actions.stop()->isEnabled(), stop);
    QCOMPARE(actions.restart()->isEnabled(), restart);
    // And the same as the state machine says.
    QCOMPARE(actions.start()->isEnabled(), hsu::model::isAllowed(Operation::Start, state));
    QCOMPARE(actions.stop()->isEnabled(), hsu::model::isAllowed(Operation::Stop, state));
    QCOMPARE(actions.restart()->isEnabled(), hsu::model::isAllowed(Operation::Restart, state));
}

void TestActions::mixedSelectionEnablesWhenAnyAllows()
{
    WorkerActions actions;
    actions.setSelection({{QStringLiteral("a"), WorkerState::Running}, {QStringLiteral("b"), WorkerState::Stopped}});
    QVERIFY(actions.start()->isEnabled());
    QVERIFY(actions.stop()->isEnabled());
    QVERIFY(actions.restart()->isEnabled());
    actions.setSelection({{QStringLiteral("a"), WorkerState::Stopping}, {QStringLiteral("b"), WorkerState::Running}});
    QVERIFY(!actions.start()->isEnabled());
    QVERIFY(actions.stop()->isEnabled());
}

void TestActions::triggerSendsOnlyAllowedIds()
{
    WorkerActions actions;
    QSignalSpy spy(&actions, &WorkerActions::triggered);
    actions.setSelection({{QStringLiteral("a"), WorkerState::Running},
                          {QStringLiteral("b"), WorkerState::Stopped},
                          {QStringLiteral("c"), WorkerState::Failed}});
    actions.start()->trigger();
    QCOMPARE(spy.size(), 1);
    QVERIFY(spy.at(0).at(0).value<Operation>() == Operation::Start);
    QCOMPARE(spy.at(0).at(1).toStringList(), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    actions.stop()->trigger();
    QCOMPARE(spy.at(1).at(1).toStringList(), QStringList{QStringLiteral("a")});
    QCOMPARE(allowedIds(Operation::Restart, {{QStringLiteral("x"), WorkerState::Stopping}}), QStringList());
}

void TestActions::nothingSelectedOrNoAgentDisablesAll()
{
    WorkerActions actions;
    for (QAction *a : actions.all())
        QVERIFY(!a->isEnabled());
    actions.setSelection({{QStringLiteral("b"), WorkerState::Stopped}});
    QVERIFY(actions.start()->isEnabled());
    actions.setAvailable(false);
    for (QAction *a : actions.all())
        QVERIFY(!a->isEnabled());
    QSignalSpy spy(&actions, &WorkerActions::triggered);
    actions.start()->trigger();
    QCOMPARE(spy.size(), 0);
    actions.setAvailable(true);
    QVERIFY(actions.start()->isEnabled());
}

void TestActions::shortcutsAreSet()
{
    WorkerActions actions;
    QSet<QKeySequence> seen;
    for (QAction *a : actions.all()) {
        QVERIFY(!a->shortcut().isEmpty());
        QVERIFY(!seen.contains(a->shortcut()));
        seen.insert(a->shortcut());
    }
}

void TestActions::pauseResume_data()
{
    QTest::addColumn<WorkerState>("state");
    QTest::addColumn<bool>("canPause");
    QTest::addColumn<bool>("pause");
    QTest::addColumn<bool>("resume");
    // Pause: running and the agent can pause it; Resume: paused (and the agent can, likewise).
    QTest::newRow("running, can pause") << WorkerState::Running << true << true << false;
    QTest::newRow("running, cannot") << WorkerState::Running << false << false << false;
    QTest::newRow("paused, can pause") << WorkerState::Paused << true << false << true;
    QTest::newRow("paused, not known") << WorkerState::Paused << false << false << false;
    QTest::newRow("starting") << WorkerState::Starting << true << false << false;
    QTest::newRow("stopping") << WorkerState::Stopping << true << false << false;
    QTest::newRow("stopped") << WorkerState::Stopped << true << false << false;
    QTest::newRow("backoff") << WorkerState::Backoff << true << false << false;
    QTest::newRow("failed") << WorkerState::Failed << true << false << false;
}

void TestActions::pauseResume()
{
    QFETCH(WorkerState, state);
    QFETCH(bool, canPause);
    QFETCH(bool, pause);
    QFETCH(bool, resume);
    WorkerActions actions;
    actions.setSelection({{QStringLiteral("w"), state, canPause}});
    QCOMPARE(actions.pause()->isEnabled(), pause);
    QCOMPARE(actions.resume()->isEnabled(), resume);
    actions.setAvailable(false);
    QVERIFY(!actions.pause()->isEnabled());
    QVERIFY(!actions.resume()->isEnabled());
}

void TestActions::pauseAsksOnlyPausableWorkers()
{
    WorkerActions actions;
    QSignalSpy spy(&actions, &WorkerActions::triggered);
    actions.setSelection({{QStringLiteral("a"), WorkerState::Running, true},
                          {QStringLiteral("b"), WorkerState::Running, false},
                          {QStringLiteral("c"), WorkerState::Paused, true}});
    actions.pause()->trigger();
    actions.resume()->trigger();
    QCOMPARE(spy.size(), 2);
    QVERIFY(spy.at(0).at(0).value<Operation>() == Operation::Pause);
    QCOMPARE(spy.at(0).at(1).toStringList(), QStringList{QStringLiteral("a")});
    QVERIFY(spy.at(1).at(0).value<Operation>() == Operation::Resume);
    QCOMPARE(spy.at(1).at(1).toStringList(), QStringList{QStringLiteral("c")});
}

// An unmanaged worker: never started or paused by the agent; stopped and restarted only where its
// control says so (the agent refuses the rest anyway; the window does not offer it).
void TestActions::unmanagedOffersOnlyWhatItsControlAllows()
{
    hsu::model::WorkerStatus s;
    s.id = QStringLiteral("db");
    s.type = QStringLiteral("unmanaged");
    s.state = WorkerState::Running;
    s.pid = 77;
    s.canTerminate = false;
    s.canRestart = true;
    WorkerActions actions;
    actions.setSelection({SelectedWorker::from(s, true)});
    QVERIFY(!actions.start()->isEnabled());
    QVERIFY(!actions.stop()->isEnabled());
    QVERIFY(actions.restart()->isEnabled());
    QVERIFY(!actions.pause()->isEnabled());
    s.canTerminate = true;
    s.canRestart = false;
    actions.setSelection({SelectedWorker::from(s, true)});
    QVERIFY(actions.stop()->isEnabled());
    QVERIFY(!actions.restart()->isEnabled());
    s.state = WorkerState::Exited; // not found now: nothing to ask for, a start least of all
    actions.setSelection({SelectedWorker::from(s, true)});
    QVERIFY(!actions.start()->isEnabled());
    QVERIFY(!actions.restart()->isEnabled());
}

void TestActions::signalMenuChoices()
{
    hsu::model::WorkerStatus s;
    s.id = QStringLiteral("w");
    s.state = WorkerState::Running;
    QVERIFY(signalChoices(s).isEmpty()); // no process
    s.pid = 5;
    QVERIFY(signalChoices(s).contains(QStringLiteral("SIGHUP")));
    QVERIFY(signalChoices(s).contains(QStringLiteral("SIGKILL")));
    s.type = QStringLiteral("unmanaged");
    s.allowedSignals = {QStringLiteral("SIGHUP")};
    QCOMPARE(signalChoices(s), QStringList{QStringLiteral("SIGHUP")});
    s.allowedSignals.clear();
    QVERIFY(signalChoices(s).isEmpty());
}

QTEST_MAIN(TestActions)
#include "tst_actions.moc"
