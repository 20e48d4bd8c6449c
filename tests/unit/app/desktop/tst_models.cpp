// WorkerTableModel, WorkerFilterProxy and EventsModel, each under QAbstractItemModelTester.
#include "app/desktop/EventsModel.h"
#include "app/desktop/WorkerFilterProxy.h"
#include "app/desktop/WorkerPresentation.h"
#include "app/desktop/WorkerTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QFont>
#include <QTest>

#include <csignal>

using namespace hsu::desktop;
using hsu::model::WorkerState;
using hsu::model::WorkerStatus;

namespace {

WorkerStatus worker(const QString &id, WorkerState state, const QString &name = QString(), qint64 pid = 0)
{
    WorkerStatus w;
    w.id = id;
    w.name = name;
    w.state = state;
    w.pid = pid;
    return w;
}

QStringList ids(const QAbstractItemModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, 0).data(WorkerTableModel::IdRole).toString();
    return out;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void insertFromList();
    void listAgainMergesInPlace();
    void updateFromEventIsOneRowDataChanged();
    void unknownIdFromEventAppends();
    void columnsShowWhatTheyShould();
    void adoptedAndUnmanagedAreMarked();
    void uptimeTicksFromTheClock();
    void countsSayHowManyNeedAttention();
    void filterByText();
    void filterByState();
    void filterFollowsStateChanges();
    void sortByStateAndRestarts();
    void eventsAreBoundedOldestOut();
    void eventsShowChange();
    void historyIsPerWorkerAndBounded();
};

void TestModels::insertFromList()
{
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    m.setWorkers({worker(QStringLiteral("db"), WorkerState::Running, QStringLiteral("Database"), 11),
                  worker(QStringLiteral("web"), WorkerState::Starting)});
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.columnCount(), int(WorkerTableModel::ColumnCount));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m.rowOf(QStringLiteral("web")), 1);
    QCOMPARE(m.rowOf(QStringLiteral("nope")), -1);
    QVERIFY(m.worker(QStringLiteral("db")));
    QCOMPARE(m.worker(QStringLiteral("db"))->pid, 11);
}

void TestModels::listAgainMergesInPlace()
{
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setWorkers({worker(QStringLiteral("a"), WorkerState::Running), worker(QStringLiteral("b"), WorkerState::Running),
                  worker(QStringLiteral("c"), WorkerState::Running), worker(QStringLiteral("d"), WorkerState::Running)});
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    // b and c gone (one contiguous removal), d changed, e new.
    m.setWorkers({worker(QStringLiteral("a"), WorkerState::Running), worker(QStringLiteral("d"), WorkerState::Failed),
                  worker(QStringLiteral("e"), WorkerState::Stopped)});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(ids(m), (QStringList{QStringLiteral("a"), QStringLiteral("d"), QStringLiteral("e")}));
    QCOMPARE(m.rowOf(QStringLiteral("e")), 2);
    QVERIFY(m.worker(QStringLiteral("d"))->state == WorkerState::Failed);
    // Removing non-contiguous rows.
    m.setWorkers({worker(QStringLiteral("d"), WorkerState::Failed)});
    QCOMPARE(ids(m), QStringList{QStringLiteral("d")});
    QCOMPARE(m.rowOf(QStringLiteral("d")), 0);
}

void TestModels::updateFromEventIsOneRowDataChanged()
{
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setWorkers({worker(QStringLiteral("a"), WorkerState::Running), worker(QStringLiteral("b"), WorkerState::Running)});
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    QSignalSpy updated(&m, &WorkerTableModel::workerUpdated);
    WorkerStatus b = worker(QStringLiteral("b"), WorkerState::Backoff);
    b.exitSignal = SIGSEGV;
    const auto previous = m.updateWorker(b);
    QVERIFY(previous);
    QVERIFY(previous->state == WorkerState::Running);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(updated.size(), 1);
    // The same status again changes nothing.
    m.updateWorker(b);
    QCOMPARE(changed.size(), 1);
}

void TestModels::unknownIdFromEventAppends()
{
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy updated(&m, &WorkerTableModel::workerUpdated);
    QVERIFY(!m.updateWorker(worker(QStringLiteral("new"), WorkerState::Starting)));
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(updated.size(), 1);
    QVERIFY(updated.at(0).at(1).value<WorkerStatus>().id.isEmpty());
}

void TestModels::columnsShowWhatTheyShould()
{
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    WorkerStatus a = worker(QStringLiteral("web"), WorkerState::Running, QStringLiteral("Web server"), 4242);
    a.restarts = 3;
    a.exitCode = 3;
    WorkerStatus b = worker(QStringLiteral("crash"), WorkerState::Backoff);
    b.exitSignal = SIGSEGV;
    m.setWorkers({a, b});
    auto cell = [&](int row, int col) { return m.index(row, col).data().toString(); };
    QVERIFY(cell(0, WorkerTableModel::Name).contains(QLatin1String("web")));
    QVERIFY(cell(0, WorkerTableModel::Name).contains(QLatin1String("Web server")));
    QCOMPARE(cell(1, WorkerTableModel::Name), QStringLiteral("crash"));
    QCOMPARE(cell(0, WorkerTableModel::State), QStringLiteral("running"));
    QVERIFY(!m.index(0, WorkerTableModel::State).data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(m.index(0, WorkerTableModel::State).data(Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(m.index(0, WorkerTableModel::State).data(Qt::ForegroundRole)
            != m.index(1, WorkerTableModel::State).data(Qt::ForegroundRole));
    QCOMPARE(cell(0, WorkerTableModel::Pid), QStringLiteral("4242"));
    QCOMPARE(cell(1, WorkerTableModel::Pid), QStringLiteral("\u2014")); // empty cells say "—"
    QVERIFY(m.index(0, WorkerTableModel::Pid).data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(cell(1, WorkerTableModel::Uptime), QStringLiteral("\u2014"));
    QCOMPARE(cell(0, WorkerTableModel::Restarts), QStringLiteral("3"));
    QCOMPARE(cell(0, WorkerTableModel::LastExit), QStringLiteral("exit 3"));
    QCOMPARE(cell(1, WorkerTableModel::LastExit), QStringLiteral("SIGSEGV"));
    for (int col : {WorkerTableModel::Health, WorkerTableModel::Cpu, WorkerTableModel::Memory})
        QCOMPARE(cell(0, col), QStringLiteral("\u2014"));
    // A worker with a check: its verdict with an icon, the reason in the tooltip.
    WorkerStatus checked = *m.worker(QStringLiteral("web"));
    checked.health = QStringLiteral("degraded");
    checked.healthReason = QStringLiteral("HTTP 500 from http://127.0.0.1:8080/ (1 of 3 in a row)");
    checked.healthLatencyMs = 12;
    m.updateWorker(checked);
    QCOMPARE(cell(0, WorkerTableModel::Health), QStringLiteral("degraded"));
    QVERIFY(!m.index(0, WorkerTableModel::Health).data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(m.index(0, WorkerTableModel::Health).data(Qt::ToolTipRole).toString().contains(QLatin1String("HTTP 500")));
    QVERIFY(m.index(0, WorkerTableModel::Health).data(Qt::ToolTipRole).toString().contains(QLatin1String("12 ms")));
    QCOMPARE(m.index(0, WorkerTableModel::State).data(WorkerTableModel::StateRole).toInt(), int(WorkerState::Running));
}

// A re-adopted process says so beside its pid; an unmanaged worker's name is set apart and its
// tooltip says what it refuses.
void TestModels::adoptedAndUnmanagedAreMarked()
{
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    WorkerStatus a = worker(QStringLiteral("web"), WorkerState::Running, QString(), 4242);
    a.adopted = true;
    WorkerStatus u = worker(QStringLiteral("db"), WorkerState::Running, QString(), 77);
    u.type = QStringLiteral("unmanaged");
    u.canTerminate = false;
    u.allowedSignals = {QStringLiteral("SIGHUP")};
    m.setWorkers({a, u});
    QVERIFY(m.index(0, WorkerTableModel::Pid).data().toString().startsWith(QLatin1String("4242")));
    QVERIFY(m.index(0, WorkerTableModel::Pid).data().toString() != QLatin1String("4242"));
    QVERIFY(m.index(0, WorkerTableModel::Pid).data(Qt::ToolTipRole).toString().contains(QLatin1String("Re-adopted")));
    QCOMPARE(m.index(0, WorkerTableModel::Pid).data(WorkerTableModel::SortRole).toLongLong(), 4242);
    QVERIFY(m.index(1, WorkerTableModel::Name).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!m.index(0, WorkerTableModel::Name).data(Qt::FontRole).isValid());
    const QString tip = m.index(1, WorkerTableModel::Name).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("not captured")) && tip.contains(QLatin1String("may not be stopped"))
                 && tip.contains(QLatin1String("SIGHUP")),
             qPrintable(tip));
}

void TestModels::uptimeTicksFromTheClock()
{
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00Z"), Qt::ISODate);
    m.setClock([&now] { return now; });
    WorkerStatus a = worker(QStringLiteral("a"), WorkerState::Running, QString(), 10);
    a.startedAt = now.addSecs(-5);
    m.setWorkers({a, worker(QStringLiteral("b"), WorkerState::Stopped)});
    QCOMPARE(m.index(0, WorkerTableModel::Uptime).data().toString(), QStringLiteral("5s"));
    QCOMPARE(m.index(1, WorkerTableModel::Uptime).data().toString(), QStringLiteral("\u2014"));
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    now = now.addSecs(3600 + 125);
    m.refreshUptime();
    QCOMPARE(changed.size(), 1); // one signal for the whole column
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(WorkerTableModel::Uptime));
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(m.index(0, WorkerTableModel::Uptime).data().toString(), QStringLiteral("1h 02m"));
}

void TestModels::countsSayHowManyNeedAttention()
{
    const QList<WorkerStatus> all{worker(QStringLiteral("a"), WorkerState::Running), worker(QStringLiteral("b"), WorkerState::Running),
                                  worker(QStringLiteral("c"), WorkerState::Running), worker(QStringLiteral("d"), WorkerState::Failed),
                                  worker(QStringLiteral("e"), WorkerState::Stopped)};
    QCOMPARE(workerCountsText(all, {}), QStringLiteral("5 workers, 3 running \u00b7 1 need attention"));
    // A crash-looping worker counts although it is "running" right now; backoff counts; each once.
    QList<WorkerStatus> more = all;
    more[4] = worker(QStringLiteral("e"), WorkerState::Backoff);
    QCOMPARE(workerCountsText(more, {QStringLiteral("a"), QStringLiteral("e")}),
             QStringLiteral("5 workers, 3 running \u00b7 3 need attention"));
    QCOMPARE(workerCountsText({all.at(0), all.at(4)}, {}), QStringLiteral("2 workers, 1 running"));
    // Running but unhealthy needs attention too; degraded not yet.
    QList<WorkerStatus> checked = {all.at(0), all.at(1)};
    checked[0].health = QStringLiteral("unhealthy");
    checked[1].health = QStringLiteral("degraded");
    QCOMPARE(workerCountsText(checked, {}), QStringLiteral("2 workers, 2 running \u00b7 1 need attention"));
}

void TestModels::filterByText()
{
    WorkerTableModel m;
    WorkerFilterProxy proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester t1(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setWorkers({worker(QStringLiteral("db"), WorkerState::Running, QStringLiteral("Postgres")),
                  worker(QStringLiteral("web"), WorkerState::Running, QStringLiteral("Web server")),
                  worker(QStringLiteral("worker-1"), WorkerState::Stopped)});
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setTextFilter(QStringLiteral("POST")); // display name, any case
    QCOMPARE(ids(proxy), QStringList{QStringLiteral("db")});
    proxy.setTextFilter(QStringLiteral("w"));
    QCOMPARE(ids(proxy), (QStringList{QStringLiteral("web"), QStringLiteral("worker-1")}));
    proxy.setTextFilter(QStringLiteral("  "));
    QCOMPARE(proxy.rowCount(), 3);
}

void TestModels::filterByState()
{
    WorkerTableModel m;
    WorkerFilterProxy proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setWorkers({worker(QStringLiteral("a"), WorkerState::Running), worker(QStringLiteral("b"), WorkerState::Failed),
                  worker(QStringLiteral("c"), WorkerState::Backoff), worker(QStringLiteral("d"), WorkerState::Stopped)});
    proxy.setStateFilter({WorkerState::Failed, WorkerState::Backoff});
    QCOMPARE(ids(proxy), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    proxy.setTextFilter(QStringLiteral("c"));
    QCOMPARE(ids(proxy), QStringList{QStringLiteral("c")});
    proxy.setTextFilter(QString());
    proxy.setStateFilter({});
    QCOMPARE(proxy.rowCount(), 4);
}

void TestModels::filterFollowsStateChanges()
{
    WorkerTableModel m;
    WorkerFilterProxy proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setWorkers({worker(QStringLiteral("a"), WorkerState::Running), worker(QStringLiteral("b"), WorkerState::Running)});
    proxy.setStateFilter({WorkerState::Failed});
    QCOMPARE(proxy.rowCount(), 0);
    m.updateWorker(worker(QStringLiteral("b"), WorkerState::Failed));
    QCOMPARE(ids(proxy), QStringList{QStringLiteral("b")});
    m.updateWorker(worker(QStringLiteral("b"), WorkerState::Starting));
    QCOMPARE(proxy.rowCount(), 0);
}

void TestModels::sortByStateAndRestarts()
{
    WorkerTableModel m;
    WorkerFilterProxy proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    WorkerStatus a = worker(QStringLiteral("a"), WorkerState::Running);
    a.restarts = 10;
    WorkerStatus b = worker(QStringLiteral("b"), WorkerState::Failed);
    b.restarts = 2;
    WorkerStatus c = worker(QStringLiteral("c"), WorkerState::Stopped);
    c.restarts = 9;
    m.setWorkers({a, b, c});
    proxy.sort(WorkerTableModel::State, Qt::AscendingOrder);
    QCOMPARE(ids(proxy), (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
    proxy.sort(WorkerTableModel::Restarts, Qt::DescendingOrder); // numbers, not text: 10 > 9
    QCOMPARE(ids(proxy), (QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b")}));
}

void TestModels::eventsAreBoundedOldestOut()
{
    EventsModel m(3);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < 7; ++i)
        m.append(WorkerEvent{QDateTime::currentDateTimeUtc(), QStringLiteral("w%1").arg(i), WorkerState::Running,
                             WorkerState::Backoff, QString(), {}});
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(removed.size(), 4);
    QCOMPARE(m.eventAt(0).workerId, QStringLiteral("w4"));
    QCOMPARE(m.eventAt(2).workerId, QStringLiteral("w6"));
    QCOMPARE(m.index(0, EventsModel::Worker).data().toString(), QStringLiteral("w4"));
    m.clear();
    QCOMPARE(m.rowCount(), 0);
    m.append(WorkerEvent{QDateTime::currentDateTimeUtc(), QStringLiteral("x"), std::nullopt, WorkerState::Starting, {}, {}});
    QCOMPARE(m.eventAt(0).workerId, QStringLiteral("x"));
}

void TestModels::eventsShowChange()
{
    EventsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.append(WorkerEvent{QDateTime::currentDateTimeUtc(), QStringLiteral("db"), WorkerState::Running,
                         WorkerState::Backoff, QStringLiteral("exited with SIGSEGV"), {}});
    QCOMPARE(m.index(0, EventsModel::Change).data().toString(), QStringLiteral("running \u2192 backoff"));
    QCOMPARE(m.index(0, EventsModel::Reason).data().toString(), QStringLiteral("exited with SIGSEGV"));
    QCOMPARE(m.index(0, EventsModel::Worker).data().toString(), QStringLiteral("db"));
    QVERIFY(!m.index(0, EventsModel::Time).data().toString().isEmpty());
}

void TestModels::historyIsPerWorkerAndBounded()
{
    StateHistory h(2);
    for (int i = 0; i < 5; ++i)
        h.record(WorkerEvent{QDateTime::currentDateTimeUtc(), QStringLiteral("noisy"), WorkerState::Running,
                             WorkerState::Backoff, QString::number(i), {}});
    h.record(WorkerEvent{QDateTime::currentDateTimeUtc(), QStringLiteral("quiet"), std::nullopt, WorkerState::Running, {}, {}});
    QCOMPARE(h.of(QStringLiteral("noisy")).size(), 2);
    QCOMPARE(h.of(QStringLiteral("noisy")).last().reason, QStringLiteral("4"));
    QCOMPARE(h.of(QStringLiteral("quiet")).size(), 1);
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
