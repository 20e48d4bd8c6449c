// TrayController offscreen (no tray host): the overall icon state, the menu's contents and what
// its actions ask for, the notification path with an injected clock, and the late-tray retry.
#include "app/desktop/TrayController.h"
#include "app/desktop/WorkerTableModel.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace hsu::desktop;
using hsu::model::Operation;
using hsu::model::WorkerState;
using hsu::model::WorkerStatus;

// QCOMPARE prints these by name.
namespace QTest {
template <>
inline char *toString(const OverallState &s)
{
    return qstrdup(QByteArray::number(int(s)).constData());
}
} // namespace QTest

namespace {

WorkerStatus worker(const QString &id, WorkerState state)
{
    WorkerStatus w;
    w.id = id;
    w.state = state;
    return w;
}

QAction *findAction(QMenu *menu, const QString &textStart)
{
    for (QAction *a : menu->actions())
        if (a->text().startsWith(textStart))
            return a;
    return nullptr;
}

QStringList texts(QMenu *menu)
{
    QStringList out;
    for (QAction *a : menu->actions())
        if (!a->isSeparator())
            out << a->text();
    return out;
}

} // namespace

class TestTray : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void overallState_data();
    void overallState();
    void iconFollowsModel();
    void menuHasEveryWorkerAndTheFixedEntries();
    void workerSubmenuFollowsStateMachine();
    void menuActionsEmitIntents();
    void menuWhileDisconnected();
    void longListIsCapped();
    void failureNotifiesDebouncedPerWorker();
    void unhealthyNotifiesOnceDebouncedApartFromFailures();
    void crashLoopNotifiesAfterThreeRestartsInAMinute();
    void bubblesAreMergedInABurst();
    void crashLoopKeepsTheIconOffOk();
    void menuShowsNamesAndAFailedLoopWithoutContradiction();
    void openMenuUpdatesInPlace();
    void lateTrayIsRetriedThenShown();
    void noTrayGivesUpAfterAttempts();
};

void TestTray::overallState_data()
{
    QTest::addColumn<QList<WorkerState>>("states");
    QTest::addColumn<bool>("connected");
    QTest::addColumn<OverallState>("expected");
    using S = WorkerState;
    QTest::newRow("no agent") << QList<S>{S::Running} << false << OverallState::NoAgent;
    QTest::newRow("empty") << QList<S>{} << true << OverallState::Ok;
    QTest::newRow("all running") << QList<S>{S::Running, S::Running} << true << OverallState::Ok;
    QTest::newRow("stopped and exited are fine") << QList<S>{S::Running, S::Stopped, S::Exited} << true << OverallState::Ok;
    QTest::newRow("starting") << QList<S>{S::Running, S::Starting} << true << OverallState::Busy;
    QTest::newRow("backoff") << QList<S>{S::Backoff, S::Running} << true << OverallState::Busy;
    QTest::newRow("failed wins") << QList<S>{S::Backoff, S::Failed, S::Running} << true << OverallState::Problem;
}

void TestTray::overallState()
{
    QFETCH(QList<WorkerState>, states);
    QFETCH(bool, connected);
    QFETCH(OverallState, expected);
    QList<WorkerStatus> workers;
    for (WorkerState s : states)
        workers << worker(QStringLiteral("w%1").arg(workers.size()), s);
    QCOMPARE(TrayController::computeOverall(workers, connected), expected);
    // A running worker that fails its health check is a problem as well.
    if (connected && !workers.isEmpty() && expected == OverallState::Ok) {
        workers[0].health = QStringLiteral("unhealthy");
        QCOMPARE(TrayController::computeOverall(workers, connected), OverallState::Problem);
    }
}

void TestTray::iconFollowsModel()
{
    WorkerTableModel model;
    TrayController tray(&model);
    QCOMPARE(tray.overallState(), OverallState::NoAgent);
    QSignalSpy spy(&tray, &TrayController::overallStateChanged);
    model.setWorkers({worker(QStringLiteral("a"), WorkerState::Running)});
    tray.setConnected(true);
    QCOMPARE(tray.overallState(), OverallState::Ok);
    model.updateWorker(worker(QStringLiteral("a"), WorkerState::Backoff));
    QCOMPARE(tray.overallState(), OverallState::Busy);
    model.updateWorker(worker(QStringLiteral("a"), WorkerState::Failed));
    QCOMPARE(tray.overallState(), OverallState::Problem);
    QVERIFY(tray.toolTip().contains(QLatin1String("failed")));
    QCOMPARE(spy.size(), 3);
    // Three distinct icons (plus the no-agent one).
    const qint64 ok = overallIcon(OverallState::Ok).cacheKey();
    const qint64 busy = overallIcon(OverallState::Busy).cacheKey();
    const qint64 problem = overallIcon(OverallState::Problem).cacheKey();
    QVERIFY(ok != busy && busy != problem && ok != problem);
}

void TestTray::menuHasEveryWorkerAndTheFixedEntries()
{
    WorkerTableModel model;
    model.setWorkers({worker(QStringLiteral("db"), WorkerState::Running), worker(QStringLiteral("web"), WorkerState::Failed),
                      worker(QStringLiteral("job"), WorkerState::Stopped)});
    TrayController tray(&model);
    tray.setConnected(true);
    tray.rebuildMenu();
    const QStringList t = texts(tray.menu());
    QVERIFY2(t.contains(QStringLiteral("Open HSU Master")), qPrintable(t.join(QLatin1Char('|'))));
    QVERIFY(t.contains(QStringLiteral("db \u2014 running")));
    QVERIFY(t.contains(QStringLiteral("web \u2014 failed")));
    QVERIFY(t.contains(QStringLiteral("job \u2014 stopped")));
    QVERIFY(t.contains(QStringLiteral("Start all")));
    QVERIFY(t.contains(QStringLiteral("Stop all")));
    QAction *quit = findAction(tray.menu(), QStringLiteral("Quit"));
    QVERIFY(quit);
    // It says that it quits the GUI only.
    QVERIFY(quit->text().contains(QLatin1String("workers keep running")));
    QVERIFY(quit->toolTip().contains(QLatin1String("keep running")));
    // Every worker's entry carries its state icon and a submenu.
    QAction *db = findAction(tray.menu(), QStringLiteral("db "));
    QVERIFY(db && db->menu());
    QVERIFY(!db->icon().isNull());
    // The menu follows the model (rebuilt before it opens).
    model.updateWorker(worker(QStringLiteral("db"), WorkerState::Backoff));
    tray.rebuildMenu();
    QVERIFY(texts(tray.menu()).contains(QStringLiteral("db \u2014 backoff")));
}

void TestTray::workerSubmenuFollowsStateMachine()
{
    WorkerTableModel model;
    model.setWorkers({worker(QStringLiteral("db"), WorkerState::Running), worker(QStringLiteral("job"), WorkerState::Stopped)});
    TrayController tray(&model);
    tray.setConnected(true);
    tray.rebuildMenu();
    QMenu *db = findAction(tray.menu(), QStringLiteral("db "))->menu();
    QCOMPARE(texts(db), (QStringList{QStringLiteral("Start"), QStringLiteral("Stop"), QStringLiteral("Restart")}));
    QVERIFY(!findAction(db, QStringLiteral("Start"))->isEnabled());
    QVERIFY(findAction(db, QStringLiteral("Stop"))->isEnabled());
    QVERIFY(findAction(db, QStringLiteral("Restart"))->isEnabled());
    QMenu *job = findAction(tray.menu(), QStringLiteral("job "))->menu();
    QVERIFY(findAction(job, QStringLiteral("Start"))->isEnabled());
    QVERIFY(!findAction(job, QStringLiteral("Stop"))->isEnabled());
}

void TestTray::menuActionsEmitIntents()
{
    WorkerTableModel model;
    model.setWorkers({worker(QStringLiteral("db"), WorkerState::Running)});
    TrayController tray(&model);
    tray.setConnected(true);
    tray.rebuildMenu();
    QSignalSpy op(&tray, &TrayController::operationRequested);
    QSignalSpy all(&tray, &TrayController::allRequested);
    QSignalSpy show(&tray, &TrayController::showWindowRequested);
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    findAction(findAction(tray.menu(), QStringLiteral("db "))->menu(), QStringLiteral("Restart"))->trigger();
    QCOMPARE(op.size(), 1);
    QVERIFY(op.at(0).at(0).value<Operation>() == Operation::Restart);
    QCOMPARE(op.at(0).at(1).toStringList(), QStringList{QStringLiteral("db")});
    findAction(tray.menu(), QStringLiteral("Start all"))->trigger();
    findAction(tray.menu(), QStringLiteral("Stop all"))->trigger();
    QCOMPARE(all.size(), 2);
    QVERIFY(all.at(0).at(0).value<Operation>() == Operation::Start);
    QVERIFY(all.at(1).at(0).value<Operation>() == Operation::Stop);
    findAction(tray.menu(), QStringLiteral("Open HSU Master"))->trigger();
    QCOMPARE(show.size(), 1);
    findAction(tray.menu(), QStringLiteral("Quit"))->trigger();
    QCOMPARE(quit.size(), 1);
}

void TestTray::menuWhileDisconnected()
{
    WorkerTableModel model;
    model.setWorkers({worker(QStringLiteral("db"), WorkerState::Running)});
    TrayController tray(&model);
    tray.rebuildMenu();
    const QStringList t = texts(tray.menu());
    QVERIFY(t.contains(QStringLiteral("No agent answers")));
    QVERIFY(!findAction(tray.menu(), QStringLiteral("Start all"))->isEnabled());
    QVERIFY(findAction(tray.menu(), QStringLiteral("Open HSU Master"))->isEnabled());
    QVERIFY(findAction(tray.menu(), QStringLiteral("Quit"))->isEnabled());
}

void TestTray::longListIsCapped()
{
    WorkerTableModel model;
    QList<WorkerStatus> many;
    for (int i = 0; i < TrayController::kMaxMenuWorkers + 5; ++i)
        many << worker(QStringLiteral("w%1").arg(i), WorkerState::Running);
    model.setWorkers(many);
    TrayController tray(&model);
    tray.setConnected(true);
    tray.rebuildMenu();
    int submenus = 0;
    for (QAction *a : tray.menu()->actions())
        submenus += a->menu() ? 1 : 0;
    QCOMPARE(submenus, TrayController::kMaxMenuWorkers);
    QVERIFY(findAction(tray.menu(), QStringLiteral("5 more")));
}

void TestTray::failureNotifiesDebouncedPerWorker()
{
    WorkerTableModel model;
    TrayController tray(&model);
    QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00Z"), Qt::ISODate);
    tray.setClock([&now] { return now; });
    QSignalSpy shown(&tray, &TrayController::notificationShown);
    WorkerStatus failed = worker(QStringLiteral("db"), WorkerState::Failed);
    failed.reason = QStringLiteral("gave up after 3 restarts");
    const WorkerStatus running = worker(QStringLiteral("db"), WorkerState::Running);
    tray.onWorkerTransition(failed, running);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).at(0).toString(), QStringLiteral("db"));
    QVERIFY(shown.at(0).at(1).toString().contains(QLatin1String("failed")));
    QCOMPARE(shown.at(0).at(2).toString(), failed.reason);
    // Fails again 30 s later: still within the minute, no second notification.
    now = now.addSecs(30);
    tray.onWorkerTransition(failed, running);
    QCOMPARE(shown.size(), 1);
    // Another worker is not held back by the first.
    WorkerStatus other = failed;
    other.id = QStringLiteral("web");
    tray.onWorkerTransition(other, worker(QStringLiteral("web"), WorkerState::Running));
    QCOMPARE(shown.size(), 2);
    // A minute after the first: notified again.
    now = now.addSecs(31);
    tray.onWorkerTransition(failed, running);
    QCOMPARE(shown.size(), 3);
    // Not a failure: nothing.
    tray.onWorkerTransition(worker(QStringLiteral("x"), WorkerState::Stopped), running);
    QCOMPARE(shown.size(), 3);
}

void TestTray::unhealthyNotifiesOnceDebouncedApartFromFailures()
{
    WorkerTableModel model;
    TrayController tray(&model);
    QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00Z"), Qt::ISODate);
    tray.setClock([&now] { return now; });
    QSignalSpy shown(&tray, &TrayController::notificationShown);
    WorkerStatus healthy = worker(QStringLiteral("web"), WorkerState::Running);
    healthy.health = QStringLiteral("healthy");
    WorkerStatus degraded = healthy;
    degraded.health = QStringLiteral("degraded");
    WorkerStatus unhealthy = healthy;
    unhealthy.health = QStringLiteral("unhealthy");
    unhealthy.healthReason = QStringLiteral("HTTP 500 from http://127.0.0.1:8080/");
    tray.onHealthChanged(degraded, healthy);
    QCOMPARE(shown.size(), 0); // degraded is not yet worth a bubble
    tray.onHealthChanged(unhealthy, degraded);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).at(1).toString(), QStringLiteral("web is unhealthy"));
    QCOMPARE(shown.at(0).at(2).toString(), unhealthy.healthReason);
    // Restarted, healthy, unhealthy again 20 s later: within the minute, held back.
    now = now.addSecs(20);
    tray.onHealthChanged(healthy, unhealthy);
    tray.onHealthChanged(unhealthy, healthy);
    QCOMPARE(shown.size(), 1);
    // Its failure right after is told all the same (counted apart).
    WorkerStatus failed = worker(QStringLiteral("web"), WorkerState::Failed);
    failed.reason = QStringLiteral("gave up after 3 restarts for failed health checks");
    tray.onWorkerTransition(failed, unhealthy);
    QCOMPARE(shown.size(), 2);
    now = now.addSecs(41);
    tray.onHealthChanged(unhealthy, healthy);
    QCOMPARE(shown.size(), 3);
}

void TestTray::crashLoopNotifiesAfterThreeRestartsInAMinute()
{
    WorkerTableModel model;
    TrayController tray(&model);
    QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00Z"), Qt::ISODate);
    tray.setClock([&now] { return now; });
    QSignalSpy shown(&tray, &TrayController::notificationShown);
    const WorkerStatus running = worker(QStringLiteral("c"), WorkerState::Running);
    WorkerStatus backoff = worker(QStringLiteral("c"), WorkerState::Backoff);
    backoff.exitSignal = 11;
    auto crash = [&](int afterSecs) {
        now = now.addSecs(afterSecs);
        tray.onWorkerTransition(backoff, running);
    };
    crash(0);
    crash(25);
    QCOMPARE(shown.size(), 0);
    crash(40); // first crash now 65 s ago: only two in the window
    QCOMPARE(shown.size(), 0);
    crash(10); // three within a minute
    QCOMPARE(shown.size(), 1);
    QVERIFY(shown.at(0).at(1).toString().contains(QLatin1String("crash loop")));
    QVERIFY(shown.at(0).at(2).toString().contains(QLatin1String("SIGSEGV")));
    crash(5);
    crash(5);
    QCOMPARE(shown.size(), 1); // debounced
    crash(55);
    QCOMPARE(shown.size(), 2);
}

void TestTray::menuShowsNamesAndAFailedLoopWithoutContradiction()
{
    // The window shows a worker's name; so does the tray (and its notifications). A worker whose
    // restarts were given up says so, instead of "failed (crash-looping)".
    WorkerTableModel model;
    TrayController tray(&model);
    QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00Z"), Qt::ISODate);
    tray.setClock([&now] { return now; });
    QSignalSpy shown(&tray, &TrayController::notificationShown);
    WorkerStatus running = worker(QStringLiteral("flaky"), WorkerState::Running);
    running.name = QStringLiteral("Flaky service");
    WorkerStatus backoff = running;
    backoff.state = WorkerState::Backoff;
    WorkerStatus failed = running;
    failed.state = WorkerState::Failed;
    WorkerStatus plain = worker(QStringLiteral("web"), WorkerState::Running); // no name: its id
    model.setWorkers({running, plain});
    tray.setConnected(true);
    tray.rebuildMenu();
    QVERIFY2(texts(tray.menu()).contains(QStringLiteral("Flaky service \u2014 running")), qPrintable(texts(tray.menu()).join(QLatin1Char('|'))));
    QVERIFY(texts(tray.menu()).contains(QStringLiteral("web \u2014 running")));
    for (int i = 0; i < 3; ++i) {
        now = now.addSecs(5);
        model.updateWorker(backoff);
        tray.onWorkerTransition(backoff, running);
        model.updateWorker(running);
        tray.onWorkerTransition(running, backoff);
    }
    QVERIFY(tray.isCrashLooping(QStringLiteral("flaky")));
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).at(1).toString(), QStringLiteral("Flaky service is in a crash loop"));
    QVERIFY2(tray.toolTip().contains(QLatin1String("(Flaky service)")), qPrintable(tray.toolTip()));
    model.updateWorker(failed);
    tray.onWorkerTransition(failed, running); // its notification is debounced behind the loop's
    tray.rebuildMenu();
    const QStringList entries = texts(tray.menu());
    QVERIFY2(entries.contains(QStringLiteral("Flaky service \u2014 failed: gave up after a crash loop")),
             qPrintable(entries.join(QLatin1Char('|'))));
    for (const QString &entry : entries)
        QVERIFY2(!entry.contains(QLatin1String("flaky")), qPrintable(entry)); // never the id where a name exists
}

void TestTray::crashLoopKeepsTheIconOffOk()
{
    // A crash-looping worker is "running" most of the time (backoff lasts 1-2 s per cycle):
    // the icon must not say "all fine" while it loops.
    WorkerTableModel model;
    TrayController tray(&model);
    QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00Z"), Qt::ISODate);
    tray.setClock([&now] { return now; });
    const WorkerStatus running = worker(QStringLiteral("c"), WorkerState::Running);
    const WorkerStatus backoff = worker(QStringLiteral("c"), WorkerState::Backoff);
    model.setWorkers({running, worker(QStringLiteral("ok"), WorkerState::Running)});
    tray.setConnected(true);
    QCOMPARE(tray.overallState(), OverallState::Ok);
    auto cycle = [&] {
        now = now.addSecs(5);
        model.updateWorker(backoff);
        tray.onWorkerTransition(backoff, running);
        now = now.addSecs(2);
        model.updateWorker(running);
        tray.onWorkerTransition(running, backoff);
    };
    cycle();
    cycle();
    QCOMPARE(tray.overallState(), OverallState::Ok); // two restarts: not a loop yet
    QVERIFY(!tray.isCrashLooping(QStringLiteral("c")));
    cycle();
    QVERIFY(tray.isCrashLooping(QStringLiteral("c")));
    QVERIFY(model.worker(QStringLiteral("c"))->state == WorkerState::Running);
    QCOMPARE(tray.overallState(), OverallState::Problem); // every worker "running", still a problem
    QVERIFY2(tray.toolTip().contains(QLatin1String("crash loop (c)")), qPrintable(tray.toolTip()));
    QCOMPARE(tray.crashLoopingIds(), QStringList{QStringLiteral("c")});
    tray.rebuildMenu();
    QVERIFY2(texts(tray.menu()).contains(QStringLiteral("c \u2014 running, crash loop (3 restarts in a minute)")),
             qPrintable(texts(tray.menu()).join(QLatin1Char('|'))));
    // A minute without restarts: the loop is over and the icon is fine again.
    now = now.addSecs(61);
    model.updateWorker(worker(QStringLiteral("ok"), WorkerState::Starting));
    model.updateWorker(worker(QStringLiteral("ok"), WorkerState::Running));
    QVERIFY(!tray.isCrashLooping(QStringLiteral("c")));
    QCOMPARE(tray.overallState(), OverallState::Ok);
}

void TestTray::openMenuUpdatesInPlace()
{
    WorkerTableModel model;
    model.setWorkers({worker(QStringLiteral("db"), WorkerState::Running), worker(QStringLiteral("job"), WorkerState::Stopped)});
    TrayController tray(&model);
    tray.setConnected(true);
    tray.menu()->popup(QPoint(10, 10));
    QTRY_VERIFY(tray.menu()->isVisible());
    QAction *db = findAction(tray.menu(), QStringLiteral("db "));
    QVERIFY(db && db->menu());
    QMenu *dbMenu = db->menu();
    const qint64 runningIcon = db->icon().cacheKey();
    QVERIFY(findAction(dbMenu, QStringLiteral("Stop"))->isEnabled());
    QVERIFY(!findAction(dbMenu, QStringLiteral("Start"))->isEnabled());
    const QList<QAction *> before = tray.menu()->actions();

    model.updateWorker(worker(QStringLiteral("db"), WorkerState::Failed));
    // Same entries (no rebuild under the pointer), new text, icon and enabling.
    QCOMPARE(tray.menu()->actions(), before);
    QCOMPARE(db->text(), QStringLiteral("db \u2014 failed"));
    QVERIFY(db->icon().cacheKey() != runningIcon);
    QVERIFY(findAction(dbMenu, QStringLiteral("Start"))->isEnabled());
    QVERIFY(!findAction(dbMenu, QStringLiteral("Stop"))->isEnabled());
    QCOMPARE(findAction(tray.menu(), QStringLiteral("job "))->text(), QStringLiteral("job \u2014 stopped"));
    tray.menu()->hide();
}

void TestTray::bubblesAreMergedInABurst()
{
    WorkerTableModel model;
    TrayController tray(&model);
    QSignalSpy notified(&tray, &TrayController::notificationShown);
    QSignalSpy bubbles(&tray, &TrayController::bubbleShown);
    for (int i = 0; i < 8; ++i) {
        WorkerStatus failed = worker(QStringLiteral("w%1").arg(i), WorkerState::Failed);
        tray.onWorkerTransition(failed, worker(failed.id, WorkerState::Running));
    }
    QCOMPARE(notified.size(), 8); // each worker's own notification
    QCOMPARE(bubbles.size(), 1);  // but one bubble now...
    QVERIFY(bubbles.at(0).at(0).toString().contains(QLatin1String("w0")));
    // ...and one summing up the other seven once the interval has passed.
    QTRY_COMPARE_WITH_TIMEOUT(bubbles.size(), 2, TrayController::kBubbleIntervalMs + 3000);
    QVERIFY2(bubbles.at(1).at(0).toString().startsWith(QLatin1String("7 workers")), qPrintable(bubbles.at(1).at(0).toString()));
    QVERIFY(bubbles.at(1).at(1).toString().contains(QLatin1String("and 2 more")));
}

void TestTray::lateTrayIsRetriedThenShown()
{
    WorkerTableModel model;
    TrayController tray(&model);
    int probes = 0;
    tray.setAvailabilityProbe([&probes] { return ++probes >= 3; });
    tray.setRetry(20, 10);
    QSignalSpy available(&tray, &TrayController::availabilityChanged);
    tray.start();
    QVERIFY(!tray.isAvailable());
    QTRY_COMPARE_WITH_TIMEOUT(available.size(), 1, 5000);
    QVERIFY(available.at(0).at(0).toBool());
    QVERIFY(tray.isAvailable());
    QCOMPARE(probes, 3);
}

void TestTray::noTrayGivesUpAfterAttempts()
{
    WorkerTableModel model;
    TrayController tray(&model);
    int probes = 0;
    tray.setAvailabilityProbe([&probes] {
        ++probes;
        return false;
    });
    tray.setRetry(10, 4);
    tray.start();
    QVERIFY(tray.isLookingForTray());
    QTRY_VERIFY_WITH_TIMEOUT(!tray.isLookingForTray(), 5000);
    QCOMPARE(probes, 5); // the first look plus four retries, then it stopped looking
    QVERIFY(!tray.isAvailable());
}

QTEST_MAIN(TestTray)
#include "tst_tray.moc"
