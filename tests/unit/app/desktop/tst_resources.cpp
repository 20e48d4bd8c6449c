// Resources and limits in the GUI, without an agent: the history model behind the charts
// (bounded, in order, per span, live samples averaged at 10s/1m), the table's CPU and Memory
// columns fed by a synthetic resources.samples event, the Resources tab drawn offscreen with its
// limit lines, the enforcement table, and the tray's notification of a limits.violation.
#include "app/desktop/EventsModel.h"
#include "app/desktop/ResourceChart.h"
#include "app/desktop/ResourceFeed.h"
#include "app/desktop/ResourceHistoryModel.h"
#include "app/desktop/ResourceUnits.h"
#include "app/desktop/ResourcesPane.h"
#include "app/desktop/TrayController.h"
#include "app/desktop/WorkerFilterProxy.h"
#include "app/desktop/WorkerTableModel.h"

#include "shared/client/AgentClient.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace hsu::desktop;
using hsu::model::ResourceSample;
using hsu::model::WorkerState;
using hsu::model::WorkerStatus;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // a fixed epoch ms: the tests never read the clock
constexpr qint64 kMiB = 1024 * 1024;

ResourceSample sample(qint64 ts, double cpu, qint64 rss, double read = 0, double write = 0)
{
    ResourceSample s;
    s.timestampMs = ts;
    s.cpuPercent = cpu;
    s.cpuMachinePercent = cpu / 4;
    s.rssBytes = rss;
    s.virtualBytes = rss * 3;
    s.readBytesPerSec = read;
    s.writeBytesPerSec = write;
    s.openFds = 7;
    s.threads = 3;
    s.processes = 2;
    return s;
}

WorkerStatus status(const QString &id, WorkerState state)
{
    WorkerStatus w;
    w.id = id;
    w.state = state;
    return w;
}

ResourceSnapshot snapshotOf(const QString &id, Resolution r, const QList<ResourceSample> &points)
{
    ResourceSnapshot s;
    s.id = id;
    s.resolution = r;
    s.points = points;
    if (!points.isEmpty())
        s.now = points.constLast();
    s.limits.maxRss = 512 * kMiB;
    s.limits.warningMemory = 80;
    s.limits.maxPercent = 50;
    // As the agent spells them: the config's own units.
    s.enforcement = {{QStringLiteral("memory.max_rss"), QStringLiteral("512MB"),
                      QStringLiteral("cgroup v1 memory.limit_in_bytes"), true, QString()},
                     {QStringLiteral("cpu.max_percent"), QStringLiteral("50%"),
                      QStringLiteral("watched (sampled every 2s; policy restart)"), false, QString()}};
    s.freezer = true;
    return s;
}

// How many pixels of `image` within `rows` around y have exactly `color`.
int pixelsOfColor(const QImage &image, int y, const QColor &color)
{
    int n = 0;
    for (int row = qMax(0, y - 1); row <= qMin(image.height() - 1, y + 1); ++row)
        for (int x = 0; x < image.width(); ++x)
            n += QColor(image.pixel(x, row)) == color ? 1 : 0;
    return n;
}

} // namespace

class TestResources : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void units();
    void snapshotParsesTheWire();
    void historyReceivesSamplesInOrder();
    void historyIsBoundedBySpanAndCapacity_data();
    void historyIsBoundedBySpanAndCapacity();
    void historyAveragesLiveSamplesAtCoarseResolutions();
    void historyIgnoresAnswersForAnotherWorkerOrSpan();
    void tableColumnsFollowResourcesSamples();
    void tableSortsCpuAndMemoryNumerically();
    void resourcesTabDrawsLimitLines();
    void resourcesTabShowsFiguresAndEnforcement();
    void spanSelectorSwitchesResolution();
    void violationsReachEventsAndTray();
};

void TestResources::units()
{
    QCOMPARE(formatBytes(812), QStringLiteral("812 B"));
    QCOMPARE(formatBytes(48.2 * kMiB), QStringLiteral("48.2 MiB"));
    QCOMPARE(formatBytes(1.5 * 1024 * kMiB), QStringLiteral("1.50 GiB"));
    QCOMPARE(formatPercent(12.34), QStringLiteral("12.3 %"));
    QCOMPARE(formatRate(3 * 1024), QStringLiteral("3 KiB/s"));
    QCOMPARE(formatRate(3.5 * 1024), QStringLiteral("3.50 KiB/s"));
    // A round value (a limit, a grid line) without decimals, as the limits table writes it.
    QCOMPARE(formatBytes(64 * kMiB), QStringLiteral("64 MiB"));
    QCOMPARE(formatPercent(40), QStringLiteral("40 %"));
    // The agent's limit values (the config's spelling) in the same units as the figures.
    QCOMPARE(formatLimitValue(QStringLiteral("memory.max_rss"), QStringLiteral("64MB")), QStringLiteral("64 MiB"));
    QCOMPARE(formatLimitValue(QStringLiteral("memory.max_virtual"), QStringLiteral("2GB")), QStringLiteral("2 GiB"));
    QCOMPARE(formatLimitValue(QStringLiteral("memory.max_rss"), QStringLiteral("1536KB")), QStringLiteral("1.50 MiB"));
    QCOMPARE(formatLimitValue(QStringLiteral("cpu.max_percent"), QStringLiteral("40%")), QStringLiteral("40 %"));
    QCOMPARE(formatLimitValue(QStringLiteral("cpu.max_percent"), QStringLiteral("12.5%")), QStringLiteral("12.5 %"));
    QCOMPARE(formatLimitValue(QStringLiteral("io.max_read_bps"), QStringLiteral("10MB")), QStringLiteral("10 MiB/s"));
    QCOMPARE(formatLimitValue(QStringLiteral("process.max_processes"), QStringLiteral("16")), QStringLiteral("16"));
    QCOMPARE(formatLimitValue(QStringLiteral("cpu.max_time"), QStringLiteral("1h")), QStringLiteral("1h"));
    QCOMPARE(formatLimitValue(QStringLiteral("memory.max_rss"), QStringLiteral("lots")), QStringLiteral("lots"));
    QCOMPARE(niceStep(100, 4, false), 50.0); // 25 a step -> the next 1-2-5 value
    QCOMPARE(niceStep(600 * kMiB, 4, true), double(256 * kMiB));
}

void TestResources::snapshotParsesTheWire()
{
    const QJsonObject wire{
        {QStringLiteral("id"), QStringLiteral("web")},
        {QStringLiteral("interval_ms"), 2000},
        {QStringLiteral("resolution"), QStringLiteral("10s")},
        {QStringLiteral("now"), sample(kT0, 12.5, 48 * kMiB).toJson()},
        {QStringLiteral("points"), QJsonArray{sample(kT0 - 10'000, 1, kMiB).toJson(), sample(kT0, 2, kMiB).toJson()}},
        {QStringLiteral("limits"), QJsonObject{{QStringLiteral("max_rss"), 536870912}, {QStringLiteral("max_percent"), 50},
                                               {QStringLiteral("warning_threshold_memory"), 80}}},
        {QStringLiteral("enforcement"),
         QJsonArray{QJsonObject{{QStringLiteral("limit"), QStringLiteral("memory.max_rss")},
                                {QStringLiteral("value"), QStringLiteral("512 MiB")},
                                {QStringLiteral("mechanism"), QStringLiteral("cgroup v2 memory.max")},
                                {QStringLiteral("kernel"), true}}}},
        {QStringLiteral("freezer"), true}};
    const auto s = ResourceSnapshot::fromJson(wire);
    QVERIFY(s);
    QCOMPARE(s->resolution, Resolution::TenSeconds);
    QCOMPARE(s->points.size(), 2);
    QVERIFY(s->now);
    QCOMPARE(s->now->cpuPercent, 12.5);
    QCOMPARE(s->limits.maxRss, 512 * kMiB);
    QCOMPARE(s->limits.warningMemory, 80.0);
    QCOMPARE(s->enforcement.size(), 1);
    QVERIFY(s->enforcement.first().kernel);
    QVERIFY(s->freezer);
    // "now": null while the worker has no process.
    QJsonObject stopped = wire;
    stopped.insert(QStringLiteral("now"), QJsonValue::Null);
    QVERIFY(!ResourceSnapshot::fromJson(stopped)->now);
    QVERIFY(!ResourceSnapshot::fromJson({})); // no id: unreadable
}

void TestResources::historyReceivesSamplesInOrder()
{
    ResourceHistoryModel h;
    h.setWorker(QStringLiteral("web"));
    QSignalSpy resets(&h, &ResourceHistoryModel::reset);
    QSignalSpy appended(&h, &ResourceHistoryModel::appended);
    QVERIFY(h.applySnapshot(snapshotOf(QStringLiteral("web"), Resolution::OneSecond,
                                       {sample(kT0, 5, 10 * kMiB), sample(kT0 + 2000, 7, 12 * kMiB)})));
    QCOMPARE(resets.size(), 1);
    QCOMPARE(h.points().size(), 2);
    h.appendLive(sample(kT0 + 4000, 9, 20 * kMiB));
    h.appendLive(sample(kT0 + 2000, 99, 99 * kMiB)); // already in the snapshot: not twice
    h.appendLive(sample(kT0 + 6000, 3, 11 * kMiB));
    QCOMPARE(appended.size(), 2);
    QCOMPARE(h.points().size(), 4);
    for (int i = 1; i < h.points().size(); ++i)
        QVERIFY(h.points().at(i - 1).timestampMs < h.points().at(i).timestampMs);
    QCOMPARE(h.latest()->timestampMs, kT0 + 6000);
    QCOMPARE(h.maxCpu(), 9.0);
    QCOMPARE(h.maxRss(), double(20 * kMiB));
    QCOMPARE(h.newestMs(), kT0 + 6000);
    QCOMPARE(h.limits().maxRss, 512 * kMiB);
    QVERIFY(h.freezer());
}

void TestResources::historyIsBoundedBySpanAndCapacity_data()
{
    QTest::addColumn<Resolution>("resolution");
    QTest::addColumn<qint64>("stepMs");
    QTest::addColumn<int>("capacity");
    QTest::newRow("10 min at 1s") << Resolution::OneSecond << qint64(1000) << 600;
    QTest::newRow("2 h at 10s") << Resolution::TenSeconds << qint64(10'000) << 720;
    QTest::newRow("24 h at 1m") << Resolution::OneMinute << qint64(60'000) << 1440;
}

void TestResources::historyIsBoundedBySpanAndCapacity()
{
    QFETCH(Resolution, resolution);
    QFETCH(qint64, stepMs);
    QFETCH(int, capacity);
    ResourceHistoryModel h;
    h.setWorker(QStringLiteral("web"));
    h.setResolution(resolution);
    QCOMPARE(h.capacity(), capacity);
    // Three spans' worth of points from the agent: only the last span stays.
    QList<ResourceSample> points;
    for (int i = 0; i < 3 * capacity; ++i)
        points.append(sample(kT0 + i * stepMs, i % 100, kMiB));
    QVERIFY(h.applySnapshot(snapshotOf(QStringLiteral("web"), resolution, points)));
    QVERIFY(h.points().size() <= capacity);
    QVERIFY(h.points().constFirst().timestampMs >= h.newestMs() - h.spanMs());
    QCOMPARE(h.newestMs(), points.constLast().timestampMs);
    // And live samples for another two spans: still bounded, the oldest left first.
    for (int i = 0; i < 2 * capacity; ++i)
        h.appendLive(sample(points.constLast().timestampMs + (i + 1) * stepMs, 1, kMiB));
    QVERIFY(h.points().size() <= capacity);
    QVERIFY(h.points().size() >= capacity - 1);
    QVERIFY(h.points().constFirst().timestampMs >= h.newestMs() - h.spanMs());
}

void TestResources::historyAveragesLiveSamplesAtCoarseResolutions()
{
    ResourceHistoryModel h;
    h.setWorker(QStringLiteral("web"));
    h.setResolution(Resolution::TenSeconds);
    QVERIFY(h.applySnapshot(snapshotOf(QStringLiteral("web"), Resolution::TenSeconds, {sample(kT0, 0, kMiB)})));
    // Samples every 2 s: five per 10 s bucket, averaged into one point that grows as it fills.
    const double cpus[] = {10, 20, 30, 40, 50, 100, 100};
    for (int i = 0; i < 7; ++i)
        h.appendLive(sample(kT0 + 2000 * (i + 1), cpus[i], (i + 1) * kMiB));
    QCOMPARE(h.points().size(), 3); // the fetched one, a full bucket, the one filling
    QCOMPARE(h.points().at(1).cpuPercent, 30.0);
    QCOMPARE(h.points().at(1).rssBytes, 3 * kMiB);
    QCOMPARE(h.points().at(1).timestampMs, kT0 + 10'000);
    QCOMPARE(h.points().at(2).cpuPercent, 100.0);
    QCOMPARE(h.latest()->cpuPercent, 100.0); // the figures show the newest sample, not the mean
}

void TestResources::historyIgnoresAnswersForAnotherWorkerOrSpan()
{
    ResourceHistoryModel h;
    h.setWorker(QStringLiteral("web"));
    QVERIFY(!h.applySnapshot(snapshotOf(QStringLiteral("db"), Resolution::OneSecond, {sample(kT0, 1, 1)})));
    QVERIFY(!h.applySnapshot(snapshotOf(QStringLiteral("web"), Resolution::OneMinute, {sample(kT0, 1, 1)})));
    QVERIFY(h.points().isEmpty());
    QVERIFY(h.applySnapshot(snapshotOf(QStringLiteral("web"), Resolution::OneSecond, {sample(kT0, 1, 1)})));
    h.setWorker(QStringLiteral("db")); // another worker: nothing of web's stays
    QVERIFY(h.points().isEmpty());
    QVERIFY(h.limits().isEmpty());
    QVERIFY(!h.latest());
}

void TestResources::tableColumnsFollowResourcesSamples()
{
    hsu::client::AgentClient client(QStringLiteral("test"));
    ResourceFeed *feed = ResourceFeed::of(&client);
    QCOMPARE(ResourceFeed::of(&client), feed); // one per connection
    WorkerTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QObject::connect(feed, &ResourceFeed::samplesReceived, &m, &WorkerTableModel::setSamples);
    m.setWorkers({status(QStringLiteral("web"), WorkerState::Running), status(QStringLiteral("db"), WorkerState::Running),
                  status(QStringLiteral("job"), WorkerState::Stopped)});
    auto cell = [&m](int row, int column) { return m.index(row, column).data().toString(); };
    QCOMPARE(cell(0, WorkerTableModel::Cpu), QStringLiteral("\u2014"));
    QCOMPARE(cell(0, WorkerTableModel::Memory), QStringLiteral("\u2014"));

    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    const QJsonObject event{{QStringLiteral("samples"),
                             QJsonObject{{QStringLiteral("web"), sample(kT0, 12.34, qint64(48.2 * kMiB)).toJson()},
                                         {QStringLiteral("job"), sample(kT0, 50, kMiB).toJson()},
                                         {QStringLiteral("ghost"), sample(kT0, 1, 1).toJson()}}}};
    feed->handleEvent(QStringLiteral("resources.samples"), event);
    QCOMPARE(changed.size(), 1); // one round, one dataChanged
    QCOMPARE(cell(0, WorkerTableModel::Cpu), QStringLiteral("12.3 %"));
    QCOMPARE(cell(0, WorkerTableModel::Memory), QStringLiteral("48.2 MiB"));
    QCOMPARE(cell(1, WorkerTableModel::Cpu), QStringLiteral("\u2014")); // no sample for db yet
    QCOMPARE(cell(2, WorkerTableModel::Cpu), QStringLiteral("\u2014")); // stopped: a stale sample is not shown
    QCOMPARE(cell(0, WorkerTableModel::Health), QStringLiteral("\u2014"));

    // The next round replaces the figures; the worker stopping hides them.
    feed->handleEvent(QStringLiteral("resources.samples"),
                      QJsonObject{{QStringLiteral("samples"),
                                   QJsonObject{{QStringLiteral("web"), sample(kT0 + 2000, 0.5, 2 * kMiB).toJson()}}}});
    QCOMPARE(cell(0, WorkerTableModel::Cpu), QStringLiteral("0.5 %"));
    QCOMPARE(cell(0, WorkerTableModel::Memory), QStringLiteral("2 MiB"));
    m.updateWorker(status(QStringLiteral("web"), WorkerState::Stopped));
    QCOMPARE(cell(0, WorkerTableModel::Cpu), QStringLiteral("\u2014"));
    // Other events pass by.
    feed->handleEvent(QStringLiteral("logs.lines"), QJsonObject{});
}

void TestResources::tableSortsCpuAndMemoryNumerically()
{
    WorkerTableModel m;
    WorkerFilterProxy proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setWorkers({status(QStringLiteral("a"), WorkerState::Running), status(QStringLiteral("b"), WorkerState::Running),
                  status(QStringLiteral("c"), WorkerState::Running), status(QStringLiteral("d"), WorkerState::Running)});
    m.setSamples({{QStringLiteral("a"), sample(kT0, 9, 900 * 1024)},
                  {QStringLiteral("b"), sample(kT0, 12, 2 * kMiB)},
                  {QStringLiteral("c"), sample(kT0, 100, 10 * kMiB)}});
    auto order = [&proxy] {
        QString ids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            ids += proxy.index(r, 0).data(WorkerTableModel::IdRole).toString();
        return ids;
    };
    proxy.sort(WorkerTableModel::Cpu, Qt::AscendingOrder);
    QCOMPARE(order(), QStringLiteral("dabc")); // "9 %" before "12 %"; no sample first
    proxy.sort(WorkerTableModel::Memory, Qt::DescendingOrder);
    QCOMPARE(order(), QStringLiteral("cbad")); // 10 MiB, 2 MiB, 900 KiB
    m.setSamples({{QStringLiteral("d"), sample(kT0 + 2000, 1, 100 * kMiB)}});
    QCOMPARE(order(), QStringLiteral("dcba")); // a new round re-sorts
}

void TestResources::resourcesTabDrawsLimitLines()
{
    hsu::client::AgentClient client(QStringLiteral("test"));
    ResourcesPane pane(ResourceFeed::of(&client));
    pane.resize(1000, 330);
    pane.setWorker(QStringLiteral("web"));
    QList<ResourceSample> points;
    for (int i = 0; i < 150; ++i)
        points.append(sample(kT0 + i * 2000, 20 + (i % 10), (100 + i) * kMiB, 1000 * i, 500 * i));
    QVERIFY(pane.history()->applySnapshot(snapshotOf(QStringLiteral("web"), Resolution::OneSecond, points)));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    ResourceChart *memory = pane.chart(ResourceChart::Metric::Memory);
    QCOMPARE(memory->pointCount(0), 150);
    const auto &lines = memory->referenceLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).label, QStringLiteral("max_rss 512 MiB"));
    QVERIFY(!lines.at(0).warning);
    QVERIFY(lines.at(1).warning);
    QCOMPARE(lines.at(1).value, 512.0 * kMiB * 0.8);
    QVERIFY(memory->scaleTop() >= 512.0 * kMiB); // the limit is in view
    QVERIFY(lines.at(0).y > memory->plotRect().top() && lines.at(0).y < lines.at(1).y);
    QVERIFY(lines.at(1).y < memory->plotRect().bottom());

    // Drawn: the line's colour on its row, the warning's on its own.
    const QImage image = memory->grab().toImage();
    const QPalette pal = memory->palette();
    QVERIFY2(pixelsOfColor(image, qRound(lines.at(0).y), ResourceChart::limitColor(pal)) > memory->width() / 4,
             "the max_rss line is not drawn");
    QVERIFY2(pixelsOfColor(image, qRound(lines.at(1).y), ResourceChart::warningColor(pal)) > memory->width() / 4,
             "the warning line is not drawn");
    // Their labels are in a legend above the plot, not over the data or the lines; the title and
    // the top grid label (centred on the plot's top line) do not touch.
    const QFontMetricsF fm(memory->font());
    for (const ResourceChart::ReferenceLine &line : lines) {
        QVERIFY2(!line.legend.intersects(memory->plotRect()), qPrintable(line.label));
        QVERIFY(line.legend.bottom() <= memory->plotRect().top() - fm.height() / 2);
        QVERIFY(line.legend.top() >= memory->titleRect().bottom());
        QVERIFY(line.legend.right() <= memory->width());
    }
    QVERIFY(!lines.at(0).legend.intersects(lines.at(1).legend));
    QVERIFY(memory->titleRect().bottom() < memory->plotRect().top() - fm.height() / 2);
    // CPU has max_percent 50 (and no warning threshold here: warning_threshold_cpu is 0).
    ResourceChart *cpu = pane.chart(ResourceChart::Metric::Cpu);
    QCOMPARE(cpu->referenceLines().size(), 1);
    QCOMPARE(cpu->referenceLines().first().label, QStringLiteral("max_percent 50 %"));
    QVERIFY(pixelsOfColor(cpu->grab().toImage(), qRound(cpu->referenceLines().first().y), ResourceChart::limitColor(cpu->palette())) > 0);
    // A narrow chart: the legend wraps onto a second row rather than running out of the chart.
    memory->setFixedWidth(200);
    QTRY_COMPARE(memory->width(), 200);
    QVERIFY(memory->referenceLines().at(1).legend.top() > memory->referenceLines().at(0).legend.top());
    QVERIFY(memory->referenceLines().at(1).legend.bottom() <= memory->plotRect().top());
    // I/O: two series, no limits here, nothing red.
    ResourceChart *io = pane.chart(ResourceChart::Metric::Io);
    QCOMPARE(io->seriesCount(), 2);
    QVERIFY(io->referenceLines().isEmpty());
    QVERIFY(memory->yFor(0) == memory->plotRect().bottom());
    // HSU_GUI_SNAPSHOT_DIR=DIR: the tab as drawn here, to look at the layout without a display.
    if (const QString dir = qEnvironmentVariable("HSU_GUI_SNAPSHOT_DIR"); !dir.isEmpty())
        QVERIFY(pane.grab().save(dir + QStringLiteral("/resources-pane.png")));
}

void TestResources::resourcesTabShowsFiguresAndEnforcement()
{
    hsu::client::AgentClient client(QStringLiteral("test"));
    ResourceFeed *feed = ResourceFeed::of(&client);
    ResourcesPane pane(feed);
    pane.setWorker(QStringLiteral("web"));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QCOMPARE(pane.figure(QStringLiteral("RSS")), QStringLiteral("\u2014"));
    QVERIFY(pane.message().contains(QStringLiteral("Not connected"))); // the fetch says why it has nothing
    QVERIFY(pane.history()->applySnapshot(snapshotOf(QStringLiteral("web"), Resolution::OneSecond,
                                                     {sample(kT0, 5, 10 * kMiB)})));
    QTreeWidget *table = pane.enforcementTable();
    QCOMPARE(table->topLevelItemCount(), 2);
    QCOMPARE(table->topLevelItem(0)->text(0), QStringLiteral("memory.max_rss"));
    QCOMPARE(table->topLevelItem(0)->text(2), QStringLiteral("cgroup v1 memory.limit_in_bytes"));
    // The values in the units of the charts and figures, not the config's "512MB", "50%".
    QCOMPARE(table->topLevelItem(0)->text(1), QStringLiteral("512 MiB"));
    QCOMPARE(table->topLevelItem(1)->text(1), QStringLiteral("50 %"));
    QVERIFY(table->topLevelItem(0)->toolTip(2).contains(QStringLiteral("kernel")));
    QVERIFY(table->topLevelItem(1)->toolTip(2).contains(QStringLiteral("Watched")));

    // A live sample of this worker updates the figures; another worker's does not.
    feed->handleEvent(QStringLiteral("resources.samples"),
                      QJsonObject{{QStringLiteral("samples"),
                                   QJsonObject{{QStringLiteral("web"), sample(kT0 + 2000, 12.34, 48 * kMiB).toJson()},
                                               {QStringLiteral("db"), sample(kT0 + 2000, 99, kMiB).toJson()}}}});
    QCOMPARE(pane.figure(QStringLiteral("RSS")), QStringLiteral("48 MiB"));
    QCOMPARE(pane.figure(QStringLiteral("VMS")), QStringLiteral("144 MiB"));
    QVERIFY(pane.figure(QStringLiteral("CPU")).startsWith(QStringLiteral("12.3 %")));
    QCOMPARE(pane.figure(QStringLiteral("FDs")), QStringLiteral("7"));
    QCOMPARE(pane.figure(QStringLiteral("Threads")), QStringLiteral("3"));
    QCOMPARE(pane.figure(QStringLiteral("Processes")), QStringLiteral("2"));
    QCOMPARE(pane.history()->points().size(), 2);
}

void TestResources::spanSelectorSwitchesResolution()
{
    hsu::client::AgentClient client(QStringLiteral("test"));
    ResourcesPane pane(ResourceFeed::of(&client));
    pane.setWorker(QStringLiteral("web"));
    QVERIFY(pane.history()->applySnapshot(snapshotOf(QStringLiteral("web"), Resolution::OneSecond, {sample(kT0, 1, 1)})));
    QComboBox *span = pane.spanSelector();
    QCOMPARE(span->count(), 3);
    QCOMPARE(span->itemText(1), QStringLiteral("2 h"));
    span->setCurrentIndex(2);
    QCOMPARE(pane.history()->resolution(), Resolution::OneMinute);
    QCOMPARE(pane.history()->spanMs(), qint64(24) * 3600 * 1000);
    QVERIFY(pane.history()->points().isEmpty()); // the 1s points are not a 24 h history
    QCOMPARE(pane.history()->limits().maxRss, 512 * kMiB); // the limits stay
    pane.setResolution(Resolution::TenSeconds);
    QCOMPARE(span->currentIndex(), 1);
}

void TestResources::violationsReachEventsAndTray()
{
    WorkerTableModel workers;
    TrayController tray(&workers);
    tray.setAvailabilityProbe([] { return false; });
    QSignalSpy notes(&tray, &TrayController::notificationShown);
    auto violation = [](const QString &kind, const QString &policy) {
        return LimitViolation::fromJson({{QStringLiteral("worker"), QStringLiteral("web")},
                                         {QStringLiteral("resource"), QStringLiteral("memory")},
                                         {QStringLiteral("kind"), kind},
                                         {QStringLiteral("value"), 530.0 * kMiB},
                                         {QStringLiteral("limit"), 512.0 * kMiB},
                                         {QStringLiteral("policy"), policy},
                                         {QStringLiteral("action"), kind == QLatin1String("action") ? QStringLiteral("restart") : QString()}})
            .value();
    };
    const LimitViolation warning = violation(QStringLiteral("warning"), QStringLiteral("log"));
    QCOMPARE(warning.text(), QStringLiteral("memory warning: 530 MiB of 512 MiB"));
    tray.onLimitViolation(warning);
    tray.onLimitViolation(violation(QStringLiteral("violation"), QStringLiteral("restart")));
    QCOMPARE(notes.size(), 0); // only what was acted on, or asks for an alert
    tray.onLimitViolation(violation(QStringLiteral("action"), QStringLiteral("restart")));
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.at(0).at(1).toString(), QStringLiteral("web: memory limit acted on"));
    tray.onLimitViolation(violation(QStringLiteral("violation"), QStringLiteral("alert")));
    QCOMPARE(notes.size(), 1); // the same minute: debounced
    // A failure of the same worker is still told: limits are counted apart.
    WorkerStatus failed = status(QStringLiteral("web"), WorkerState::Failed);
    tray.onWorkerTransition(failed, status(QStringLiteral("web"), WorkerState::Running));
    QCOMPARE(notes.size(), 2);

    // The feed turns the event into a LimitViolation; the Events model shows it as a row.
    hsu::client::AgentClient client(QStringLiteral("test"));
    ResourceFeed *feed = ResourceFeed::of(&client);
    QSignalSpy received(feed, &ResourceFeed::violationReceived);
    feed->handleEvent(QStringLiteral("limits.violation"),
                      QJsonObject{{QStringLiteral("worker"), QStringLiteral("web")}, {QStringLiteral("resource"), QStringLiteral("cpu")},
                                  {QStringLiteral("kind"), QStringLiteral("warning")}, {QStringLiteral("value"), 85.0},
                                  {QStringLiteral("limit"), 100.0}, {QStringLiteral("message"), QStringLiteral("cpu at 85 %")}});
    QCOMPARE(received.size(), 1);
    EventsModel events;
    QAbstractItemModelTester tester(&events, QAbstractItemModelTester::FailureReportingMode::QtTest);
    WorkerEvent e;
    e.workerId = QStringLiteral("web");
    e.note = QStringLiteral("cpu warning");
    e.look = WorkerState::Backoff;
    e.reason = received.at(0).at(0).value<LimitViolation>().text();
    events.append(e);
    QCOMPARE(events.index(0, EventsModel::Change).data().toString(), QStringLiteral("cpu warning"));
    QCOMPARE(events.index(0, EventsModel::Reason).data().toString(), QStringLiteral("cpu at 85 %"));
}

QTEST_MAIN(TestResources)
#include "tst_resources.moc"
