// The Prometheus text a scrape gets, from what the store was told: every family once with HELP and
// TYPE, its series together, counters named _total, a cumulative histogram, escaped labels; and
// the store's own arithmetic (resources integrated over samples, gauges of the current process).

#include "agent/metrics/MetricsStore.h"
#include "agent/metrics/MetricsText.h"

#include <QDateTime>
#include <QTimeZone>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace hsu;
using namespace hsu::agent::metrics;

namespace {

struct Series
{
    QString name;
    QString labels; // as written between the braces
    double value = 0;
};

struct Parsed
{
    QStringList order;               // families in order of their TYPE line
    QHash<QString, QString> types;   // family -> type
    QHash<QString, int> helps;       // family -> HELP lines
    QList<Series> series;
    QStringList problems;
};

QString familyOf(const QString &name, const QHash<QString, QString> &types)
{
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
        if (name.endsWith(QLatin1String(suffix))) {
            const QString base = name.chopped(int(qstrlen(suffix)));
            if (types.value(base) == u"histogram")
                return base;
        }
    }
    return name;
}

// A reader of the text format strict enough to catch what Prometheus would refuse or misread.
Parsed parse(const QByteArray &text)
{
    Parsed p;
    static const QRegularExpression sample(QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$"));
    QString current;
    QSet<QString> closed;
    const QStringList lines = QString::fromUtf8(text).split(u'\n');
    if (!text.endsWith('\n'))
        p.problems << QStringLiteral("the text does not end with a newline");
    for (const QString &line : lines) {
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("# HELP "))) {
            ++p.helps[line.section(u' ', 2, 2)];
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            const QString name = line.section(u' ', 2, 2);
            if (p.types.contains(name))
                p.problems << QStringLiteral("TYPE twice for %1").arg(name);
            p.types.insert(name, line.section(u' ', 3, 3));
            p.order << name;
            if (!current.isEmpty())
                closed.insert(current);
            current = name;
            continue;
        }
        const QRegularExpressionMatch m = sample.match(line);
        if (!m.hasMatch()) {
            p.problems << QStringLiteral("not a sample line: %1").arg(line);
            continue;
        }
        bool ok = false;
        Series s{m.captured(1), m.captured(2), m.captured(3).toDouble(&ok)};
        if (!ok && m.captured(3) != u"+Inf")
            p.problems << QStringLiteral("not a number: %1").arg(line);
        const QString family = familyOf(s.name, p.types);
        if (family != current)
            p.problems << QStringLiteral("%1 outside its family's block (in %2)").arg(s.name, current);
        if (closed.contains(family))
            p.problems << QStringLiteral("%1 again after its block ended").arg(family);
        p.series << s;
    }
    return p;
}

double valueOf(const Parsed &p, const QString &name, const QString &labels)
{
    for (const Series &s : p.series)
        if (s.name == name && s.labels == labels)
            return s.value;
    return -1;
}

bool has(const Parsed &p, const QString &name, const QString &labelsContain = QString())
{
    for (const Series &s : p.series)
        if (s.name == name && s.labels.contains(labelsContain))
            return true;
    return false;
}

model::WorkerStatus status(const QString &id, model::WorkerState state, qint64 pid = 0)
{
    model::WorkerStatus s;
    s.id = id;
    s.state = state;
    s.pid = pid;
    if (pid)
        s.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000500, QTimeZone::utc());
    return s;
}

model::ResourceSample sample(qint64 ts, double cpu, qint64 rss, double readBps = 0)
{
    model::ResourceSample s;
    s.timestampMs = ts;
    s.cpuPercent = cpu;
    s.rssBytes = rss;
    s.virtualBytes = rss * 2;
    s.readBytesPerSec = readBps;
    s.openFds = 7;
    s.processes = 3;
    return s;
}

} // namespace

class TestMetricsText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void familiesAreWellFormed();
    void workersAndStates();
    void resourcesIntegrateAndFollowTheProcess();
    void healthHistogramIsCumulative();
    void violationsAndLogCounters();
    void labelsAreEscaped();
    void removedWorkerLeaves();
};

void TestMetricsText::familiesAreWellFormed()
{
    MetricsStore store;
    store.addWorker(QStringLiteral("web"), QStringLiteral("Web"), QStringLiteral("managed"), {});
    store.setStatus(status(QStringLiteral("web"), model::WorkerState::Running, 42), {1, 0, 0, 0});
    store.recordSamples({{QStringLiteral("web"), sample(1000, 10, 4096)}});
    store.recordHealthCheck(QStringLiteral("web"), 3);
    store.recordViolation(QStringLiteral("web"), QStringLiteral("memory"), QStringLiteral("restart"));
    const Parsed p = parse(renderText(store.snapshot(), currentAgentFacts()));
    QVERIFY2(p.problems.isEmpty(), qPrintable(p.problems.join(u'\n')));
    QVERIFY(p.order.size() >= 20);
    for (const QString &family : p.order) {
        QCOMPARE(p.helps.value(family), 1);
        QVERIFY2(family.startsWith(QLatin1String("hsu_")), qPrintable(family));
        QVERIFY2(!family.startsWith(QLatin1String("hsu_hsu")), qPrintable(family));
        const QString type = p.types.value(family);
        // Counters and only counters end in _total; metadata ends in _info.
        QCOMPARE(family.endsWith(QLatin1String("_total")), type == u"counter");
        if (family.endsWith(QLatin1String("_info")))
            QCOMPARE(type, QStringLiteral("gauge"));
        QVERIFY2(!family.contains(QLatin1String("milli")) && !family.contains(QLatin1String("_kb")), qPrintable(family));
    }
    // What the issue lists, by name.
    for (const char *name : {"hsu_agent_build_info", "hsu_agent_config_reloads_total", "hsu_workers", "hsu_agent_cpu_seconds_total",
                             "hsu_agent_resident_memory_bytes", "hsu_worker_up", "hsu_worker_state", "hsu_worker_start_time_seconds",
                             "hsu_worker_restarts_total", "hsu_worker_cpu_seconds_total", "hsu_worker_resident_memory_bytes",
                             "hsu_worker_virtual_memory_bytes", "hsu_worker_io_read_bytes_total", "hsu_worker_io_write_bytes_total",
                             "hsu_worker_open_fds", "hsu_worker_processes", "hsu_worker_health", "hsu_worker_health_check_duration_seconds",
                             "hsu_worker_limit_violations_total", "hsu_worker_log_lines_total", "hsu_worker_log_lines_dropped_total"})
        QVERIFY2(p.types.contains(QLatin1String(name)), name);
    QCOMPARE(p.types.value(QStringLiteral("hsu_worker_health_check_duration_seconds")), QStringLiteral("histogram"));
    QVERIFY(has(p, QStringLiteral("hsu_agent_build_info"), QStringLiteral("version=\"")));
}

void TestMetricsText::workersAndStates()
{
    MetricsStore store;
    store.addWorker(QStringLiteral("a"), QString(), QStringLiteral("managed"), {});
    store.addWorker(QStringLiteral("b"), QString(), QStringLiteral("managed"), {});
    store.addWorker(QStringLiteral("c"), QString(), QStringLiteral("unmanaged"), {});
    store.setStatus(status(QStringLiteral("a"), model::WorkerState::Running, 10), {5, 1, 2, 3});
    store.setStatus(status(QStringLiteral("b"), model::WorkerState::Backoff), {2, 0, 0, 0});
    store.setStatus(status(QStringLiteral("c"), model::WorkerState::Running, 11), {});
    store.recordReload(true);
    store.recordReload(false);
    store.recordReload(true);
    store.setStatus(status(QStringLiteral("unknown"), model::WorkerState::Failed), {}); // not added: ignored
    const Parsed p = parse(renderText(store.snapshot(), currentAgentFacts()));
    QVERIFY2(p.problems.isEmpty(), qPrintable(p.problems.join(u'\n')));
    QCOMPARE(valueOf(p, QStringLiteral("hsu_workers"), QStringLiteral("state=\"running\"")), 2.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_workers"), QStringLiteral("state=\"backoff\"")), 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_workers"), QStringLiteral("state=\"failed\"")), 0.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_up"), QStringLiteral("worker=\"a\"")), 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_up"), QStringLiteral("worker=\"b\"")), 0.0);
    // One series per state, exactly one of them 1.
    int states = 0;
    double ones = 0;
    for (const Series &s : p.series)
        if (s.name == u"hsu_worker_state" && s.labels.startsWith(QLatin1String("worker=\"b\""))) {
            ++states;
            ones += s.value;
        }
    QCOMPARE(states, kStateCount);
    QCOMPARE(ones, 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_state"), QStringLiteral("worker=\"b\",state=\"backoff\"")), 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_restarts_total"), QStringLiteral("worker=\"a\",cause=\"exit\"")), 5.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_restarts_total"), QStringLiteral("worker=\"a\",cause=\"resource\"")), 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_restarts_total"), QStringLiteral("worker=\"a\",cause=\"health\"")), 2.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_restarts_total"), QStringLiteral("worker=\"a\",cause=\"user\"")), 3.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_start_time_seconds"), QStringLiteral("worker=\"a\"")), 1700000000.5);
    QVERIFY(!has(p, QStringLiteral("hsu_worker_start_time_seconds"), QStringLiteral("worker=\"b\""))); // no process
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_info"), QStringLiteral("worker=\"c\",name=\"c\",type=\"unmanaged\"")), 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_agent_config_reloads_total"), QStringLiteral("result=\"ok\"")), 2.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_agent_config_reloads_total"), QStringLiteral("result=\"failed\"")), 1.0);
}

void TestMetricsText::resourcesIntegrateAndFollowTheProcess()
{
    MetricsStore store;
    const QString id = QStringLiteral("w");
    store.addWorker(id, QString(), QStringLiteral("managed"), {});
    store.setStatus(status(id, model::WorkerState::Running, 100), {});
    Parsed p = parse(renderText(store.snapshot(), {}));
    QVERIFY(!has(p, QStringLiteral("hsu_worker_resident_memory_bytes"))); // no sample yet
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_cpu_seconds_total"), QStringLiteral("worker=\"w\"")), 0.0);
    // Rates over time: 50 % of a core for 2 s is one CPU second; 1000 B/s for 2 s, 2000 bytes.
    store.recordSamples({{id, sample(10000, 0, 1000)}});
    store.recordSamples({{id, sample(12000, 50, 2000, 1000)}});
    store.recordSamples({{id, sample(14000, 100, 3000, 500)}});
    p = parse(renderText(store.snapshot(), {}));
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_cpu_seconds_total"), QStringLiteral("worker=\"w\"")), 3.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_io_read_bytes_total"), QStringLiteral("worker=\"w\"")), 3000.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_resident_memory_bytes"), QStringLiteral("worker=\"w\"")), 3000.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_virtual_memory_bytes"), QStringLiteral("worker=\"w\"")), 6000.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_open_fds"), QStringLiteral("worker=\"w\"")), 7.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_processes"), QStringLiteral("worker=\"w\"")), 3.0);
    // Another process: its gauges wait for its own sample, the counters go on from where they were.
    store.setStatus(status(id, model::WorkerState::Running, 101), {1, 0, 0, 0});
    p = parse(renderText(store.snapshot(), {}));
    QVERIFY(!has(p, QStringLiteral("hsu_worker_resident_memory_bytes")));
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_cpu_seconds_total"), QStringLiteral("worker=\"w\"")), 3.0);
    store.recordSamples({{id, sample(20000, 100, 500)}}); // the first of this process: no rate yet
    store.recordSamples({{id, sample(21000, 100, 600)}});
    p = parse(renderText(store.snapshot(), {}));
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_cpu_seconds_total"), QStringLiteral("worker=\"w\"")), 4.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_resident_memory_bytes"), QStringLiteral("worker=\"w\"")), 600.0);
    // A tree with no process left is not a sample.
    model::ResourceSample empty = sample(22000, 0, 0);
    empty.processes = 0;
    store.recordSamples({{id, empty}});
    QCOMPARE(valueOf(parse(renderText(store.snapshot(), {})), QStringLiteral("hsu_worker_resident_memory_bytes"), QStringLiteral("worker=\"w\"")), 600.0);
    // The agent's own.
    store.recordAgentRss(12345678);
    QCOMPARE(valueOf(parse(renderText(store.snapshot(), {})), QStringLiteral("hsu_agent_resident_memory_bytes"), QString()), 12345678.0);
}

void TestMetricsText::healthHistogramIsCumulative()
{
    MetricsStore store;
    store.addWorker(QStringLiteral("h"), QString(), QStringLiteral("managed"), {});
    store.addWorker(QStringLiteral("nocheck"), QString(), QStringLiteral("managed"), {});
    model::WorkerStatus s = status(QStringLiteral("h"), model::WorkerState::Running, 5);
    s.health = QStringLiteral("degraded");
    store.setStatus(s, {});
    for (qint64 ms : {0, 1, 4, 30, 30, 700, 9000})
        store.recordHealthCheck(QStringLiteral("h"), ms);
    const Parsed p = parse(renderText(store.snapshot(), {}));
    QVERIFY2(p.problems.isEmpty(), qPrintable(p.problems.join(u'\n')));
    const QString b = QStringLiteral("hsu_worker_health_check_duration_seconds_bucket");
    QCOMPARE(valueOf(p, b, QStringLiteral("worker=\"h\",le=\"0.001\"")), 2.0);
    QCOMPARE(valueOf(p, b, QStringLiteral("worker=\"h\",le=\"0.005\"")), 3.0);
    QCOMPARE(valueOf(p, b, QStringLiteral("worker=\"h\",le=\"0.05\"")), 5.0);
    QCOMPARE(valueOf(p, b, QStringLiteral("worker=\"h\",le=\"1\"")), 6.0);
    QCOMPARE(valueOf(p, b, QStringLiteral("worker=\"h\",le=\"5\"")), 6.0);
    QCOMPARE(valueOf(p, b, QStringLiteral("worker=\"h\",le=\"+Inf\"")), 7.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_health_check_duration_seconds_count"), QStringLiteral("worker=\"h\"")), 7.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_health_check_duration_seconds_sum"), QStringLiteral("worker=\"h\"")), 9.765);
    // Never decreasing along the buckets.
    double last = 0;
    for (const Series &x : p.series)
        if (x.name == b) {
            QVERIFY(x.value >= last);
            last = x.value;
        }
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_health"), QStringLiteral("worker=\"h\",status=\"degraded\"")), 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_health"), QStringLiteral("worker=\"h\",status=\"healthy\"")), 0.0);
    QVERIFY(!has(p, QStringLiteral("hsu_worker_health"), QStringLiteral("nocheck")));
    QVERIFY(!has(p, b, QStringLiteral("nocheck")));
}

void TestMetricsText::violationsAndLogCounters()
{
    MetricsStore store;
    int reads = 0;
    store.addWorker(QStringLiteral("v"), QString(), QStringLiteral("managed"), [&reads] {
        ++reads;
        return LogCounts{1234, 5};
    });
    store.recordViolation(QStringLiteral("v"), QStringLiteral("memory"), QStringLiteral("restart"));
    store.recordViolation(QStringLiteral("v"), QStringLiteral("memory"), QStringLiteral("restart"));
    store.recordViolation(QStringLiteral("v"), QStringLiteral("cpu"), QStringLiteral("throttle"));
    const Parsed p = parse(renderText(store.snapshot(), {}));
    QVERIFY2(p.problems.isEmpty(), qPrintable(p.problems.join(u'\n')));
    const QString v = QStringLiteral("hsu_worker_limit_violations_total");
    QCOMPARE(valueOf(p, v, QStringLiteral("worker=\"v\",resource=\"memory\",policy=\"restart\"")), 2.0);
    QCOMPARE(valueOf(p, v, QStringLiteral("worker=\"v\",resource=\"cpu\",policy=\"throttle\"")), 1.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_log_lines_total"), QStringLiteral("worker=\"v\"")), 1234.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_log_lines_dropped_total"), QStringLiteral("worker=\"v\"")), 5.0);
    QCOMPARE(reads, 1); // read once per scrape, at the scrape
}

void TestMetricsText::labelsAreEscaped()
{
    MetricsStore store;
    store.addWorker(QStringLiteral("q"), QStringLiteral("say \"hi\"\\ then\nbye"), QStringLiteral("managed"), {});
    const Parsed p = parse(renderText(store.snapshot(), {}));
    QVERIFY2(p.problems.isEmpty(), qPrintable(p.problems.join(u'\n')));
    QCOMPARE(valueOf(p, QStringLiteral("hsu_worker_info"), QStringLiteral("worker=\"q\",name=\"say \\\"hi\\\"\\\\ then\\nbye\",type=\"managed\"")), 1.0);
    // A reload renames it in place: the same worker, the new name, its counts kept.
    store.setStatus(status(QStringLiteral("q"), model::WorkerState::Running, 9), {4, 0, 0, 0});
    store.addWorker(QStringLiteral("q"), QStringLiteral("Renamed"), QStringLiteral("managed"), {});
    const Parsed after = parse(renderText(store.snapshot(), {}));
    QCOMPARE(valueOf(after, QStringLiteral("hsu_worker_info"), QStringLiteral("worker=\"q\",name=\"Renamed\",type=\"managed\"")), 1.0);
    QCOMPARE(valueOf(after, QStringLiteral("hsu_worker_restarts_total"), QStringLiteral("worker=\"q\",cause=\"exit\"")), 4.0);
}

void TestMetricsText::removedWorkerLeaves()
{
    MetricsStore store;
    for (const char *id : {"one", "two", "three"})
        store.addWorker(QLatin1String(id), QString(), QStringLiteral("managed"), {});
    store.setStatus(status(QStringLiteral("three"), model::WorkerState::Stopped), {7, 0, 0, 0});
    store.removeWorker(QStringLiteral("two"));
    store.removeWorker(QStringLiteral("never-there"));
    const Parsed p = parse(renderText(store.snapshot(), {}));
    QVERIFY(!has(p, QStringLiteral("hsu_worker_up"), QStringLiteral("worker=\"two\"")));
    QVERIFY(has(p, QStringLiteral("hsu_worker_up"), QStringLiteral("worker=\"one\"")));
    // The index still finds the workers after the removal moved them.
    store.setStatus(status(QStringLiteral("three"), model::WorkerState::Running, 3), {8, 0, 0, 0});
    QCOMPARE(valueOf(parse(renderText(store.snapshot(), {})), QStringLiteral("hsu_worker_restarts_total"),
                     QStringLiteral("worker=\"three\",cause=\"exit\"")),
             8.0);
    QCOMPARE(valueOf(p, QStringLiteral("hsu_workers"), QStringLiteral("state=\"registered\"")), 1.0);
}

QTEST_GUILESS_MAIN(TestMetricsText)
#include "tst_metricstext.moc"
