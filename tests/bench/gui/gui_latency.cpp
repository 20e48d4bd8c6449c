// The GUI under load: the real MainWindow connected to a real agent, while a timer measures how
// late the event loop runs it (due time -> firing), then a round of workers.list timings through
// the GUI's own client. Prints one JSON object. Run by tests/bench/gui_bench.sh.
#include "BenchMeasure.h"
#include "app/desktop/AgentConnection.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/WorkerTableView.h"

#include <QApplication>
#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "shared/client/AgentClient.h"

using hsu::bench::percentile;
using hsu::bench::rssKiB;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    auto value = [&](const char *name, const QString &fallback) {
        const int i = int(args.indexOf(QLatin1String(name)));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const QString socket = value("--socket", QString());
    const int seconds = value("--seconds", QStringLiteral("30")).toInt();
    const int expected = value("--workers", QStringLiteral("1000")).toInt();

    hsu::desktop::DesktopOptions options;
    options.socketPath = socket;
    hsu::desktop::MainWindow window(options);
    window.resize(1100, 700);
    window.start();
    window.show();

    // Phase 1: wait until the table holds every worker.
    QElapsedTimer clock;
    clock.start();
    QAbstractItemModel *model = window.table()->model();
    QTimer waitRows;
    QEventLoop loop;
    QObject::connect(&waitRows, &QTimer::timeout, &loop, [&] {
        if (model->rowCount() >= expected || clock.elapsed() > 30000)
            loop.quit();
    });
    waitRows.start(50);
    loop.exec();
    waitRows.stop();
    const qint64 populatedMs = clock.elapsed();

    // Phase 2: event-loop latency — a chain of 10 ms single shots, each measuring how late it ran.
    int events = 0;
    QObject::connect(window.connection()->client(), &hsu::client::AgentClient::eventReceived, &app,
                     [&events](const QString &, const QJsonValue &) { ++events; });
    std::vector<double> lateMs;
    QElapsedTimer run;
    run.start();
    qint64 dueNs = run.nsecsElapsed() + 10'000'000;
    QTimer tick;
    tick.setSingleShot(true);
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        const qint64 now = run.nsecsElapsed();
        lateMs.push_back(double(std::max<qint64>(0, now - dueNs)) / 1e6);
        if (run.elapsed() >= seconds * 1000) {
            loop.quit();
            return;
        }
        dueNs = now + 10'000'000;
        tick.start(10);
    });
    tick.start(10);
    loop.exec();
    const qint64 rssAfterRun = rssKiB();

    // Phase 3: workers.list through the GUI's client, one at a time.
    std::vector<double> listMs;
    hsu::client::AgentClient *client = window.connection()->client();
    for (int i = 0; i < 50; ++i) {
        QElapsedTimer t;
        t.start();
        bool ok = false;
        client->request(QStringLiteral("workers.list"), {}, [&](const hsu::client::Reply &r) {
            ok = r.ok();
            loop.quit();
        });
        loop.exec();
        if (ok)
            listMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }

    const QJsonObject out{
        {QStringLiteral("rows"), model->rowCount()},
        {QStringLiteral("populated_ms"), populatedMs},
        {QStringLiteral("events_during_run"), events},
        {QStringLiteral("timer_samples"), int(lateMs.size())},
        {QStringLiteral("latency_p50_ms"), percentile(lateMs, 50)},
        {QStringLiteral("latency_p99_ms"), percentile(lateMs, 99)},
        {QStringLiteral("latency_max_ms"), percentile(lateMs, 100)},
        {QStringLiteral("list_median_ms"), percentile(listMs, 50)},
        {QStringLiteral("list_p90_ms"), percentile(listMs, 90)},
        {QStringLiteral("gui_rss_kib"), rssAfterRun},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
