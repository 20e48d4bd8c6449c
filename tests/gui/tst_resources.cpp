// The Resources tab and the table's CPU/Memory columns against the real agent and a real test
// worker (offscreen): the worker holds 64 MiB and spins 30 % of a core; the charts receive its
// samples (from resources.get, then live from resources.samples) and the figures say so.
#include "app/desktop/AgentConnection.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/ResourceChart.h"
#include "app/desktop/ResourceHistoryModel.h"
#include "app/desktop/ResourceFeed.h"
#include "app/desktop/ResourcesPane.h"
#include "app/desktop/WorkerActions.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/WorkerTableView.h"

#include "tests/helpers/support/AgentRunner.h"

#include <QAction>
#include <QTabWidget>
#include <QTest>

using namespace hsu::desktop;
using namespace hsu::test;

namespace {

const QByteArray kConfig = R"(
workers:
  - id: hog
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--hog-memory", "64", "--spin-cpu", "30", "--run-for", "300000"]
  - id: idle
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--run-for", "300000"]
)";

constexpr qint64 kMiB = 1024 * 1024;

} // namespace

class TestResourcesGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resourcesTabChartsARealWorker();
};

void TestResourcesGui::resourcesTabChartsARealWorker()
{
    AgentRunner agent;
    agent.writeConfig(kConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    DesktopOptions options;
    options.socketPath = agent.socketPath();
    options.configFile = agent.configPath();
    MainWindow w(options);
    w.start();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    WorkerTableModel *workers = w.connection()->workers();
    QTRY_VERIFY_WITH_TIMEOUT(workers->worker(QStringLiteral("hog")), 10000);

    if (!w.resourceFeed()->agentReportsResources()) {
        // The agent names resources.* (protocol 1.2) but has no sampler wired to them yet: the
        // window must say so and show dashes, not hang or guess.
        w.table()->selectIds({QStringLiteral("hog")});
        w.detailTabs()->setCurrentWidget(w.resourcesPane());
        QTRY_VERIFY_WITH_TIMEOUT(w.resourcesPane()->message().contains(QStringLiteral("does not report resources")), 5000);
        const int hogRow = workers->rowOf(QStringLiteral("hog"));
        QCOMPARE(workers->index(hogRow, WorkerTableModel::Memory).data().toString(), QStringLiteral("\u2014"));
        QCOMPARE(w.resourcesPane()->figure(QStringLiteral("RSS")), QStringLiteral("\u2014"));
        // Pause: the agent offers workers.pause, so the running worker may be asked.
        QTRY_VERIFY_WITH_TIMEOUT(w.actions()->pause()->isEnabled(), 5000);
        QSKIP("this hsu-agent lists no resources.get (its sampler is not wired to the dispatcher yet)");
    }

    // The table: the hog's memory column reads its 64 MiB (and more: the program itself) once
    // a sampling round has come.
    const int row = workers->rowOf(QStringLiteral("hog"));
    QTRY_VERIFY_WITH_TIMEOUT(workers->sample(QStringLiteral("hog")) &&
                                 workers->sample(QStringLiteral("hog"))->rssBytes >= 60 * kMiB,
                             20000);
    QVERIFY(workers->index(row, WorkerTableModel::Memory).data().toString().endsWith(QStringLiteral("MiB")));
    QVERIFY(workers->index(row, WorkerTableModel::Cpu).data().toString().endsWith(QStringLiteral(" %")));

    w.table()->selectIds({QStringLiteral("hog")});
    ResourcesPane *pane = w.resourcesPane();
    w.detailTabs()->setCurrentWidget(pane);
    QTRY_COMPARE_WITH_TIMEOUT(pane->worker(), QStringLiteral("hog"), 5000);
    ResourceHistoryModel *history = pane->history();
    QTRY_VERIFY_WITH_TIMEOUT(history->hasSnapshot(), 10000);
    // Live samples keep coming: the chart's point count grows by at least two rounds.
    const qsizetype before = history->points().size();
    ResourceChart *memory = pane->chart(ResourceChart::Metric::Memory);
    QTRY_VERIFY_WITH_TIMEOUT(history->points().size() >= before + 2, 15000);
    QVERIFY(memory->pointCount(0) >= 2);
    QVERIFY(history->maxRss() >= 60.0 * kMiB);
    // 30 % asked, in percent of a core: some round shows at least 1 (a loaded runner gives less than
    // 30, but not nothing; a share drawn as a fraction would stay under 1).
    QTRY_VERIFY_WITH_TIMEOUT(history->maxCpu() >= 1, 60000);
    QVERIFY(pane->figure(QStringLiteral("RSS")).endsWith(QStringLiteral("MiB")));
    QVERIFY(pane->figure(QStringLiteral("Processes")).toInt() >= 1);
    QVERIFY(pane->message().isEmpty());
    for (int i = 1; i < history->points().size(); ++i)
        QVERIFY(history->points().at(i - 1).timestampMs < history->points().at(i).timestampMs);

    // The 2 h span reads the 10 s history afresh.
    pane->setResolution(Resolution::TenSeconds);
    QTRY_VERIFY_WITH_TIMEOUT(history->hasSnapshot(), 10000);
    QCOMPARE(history->resolution(), Resolution::TenSeconds);

    // Pause needs an agent that offers workers.pause: known for the selection; the action follows it.
    QTRY_VERIFY_WITH_TIMEOUT(workers->canPause(QStringLiteral("hog")).has_value(), 10000);
    qInfo() << "can_pause" << *workers->canPause(QStringLiteral("hog")) << "points" << history->points().size();
}

QTEST_MAIN(TestResourcesGui)
#include "tst_resources.moc"
