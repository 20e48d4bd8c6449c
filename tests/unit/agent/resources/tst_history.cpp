#include "agent/resources/History.h"

#include <QTest>

using namespace hsu::agent::resources;
using hsu::model::ResourceSample;
using R = History::Resolution;

namespace {

constexpr qint64 kStartMs = 28'333'334LL * 60'000; // a whole minute (Nov 2023), so buckets line up with the feed

// A sample whose every field derives from its index, so aggregates can be checked exactly.
ResourceSample synthetic(qint64 i, qint64 intervalMs = 2000)
{
    ResourceSample s;
    s.timestampMs = kStartMs + i * intervalMs;
    s.cpuPercent = double(i % 7) * 10;
    s.cpuMachinePercent = s.cpuPercent / 2;
    s.readBytesPerSec = double(i % 5) * 1000;
    s.writeBytesPerSec = double(i % 3) * 100;
    s.rssBytes = (100 + i % 11) * 1024 * 1024;
    s.virtualBytes = (500 + i % 13) * 1024 * 1024;
    s.openFds = int(10 + i % 17);
    s.threads = int(2 + i % 4);
    s.processes = int(1 + i % 3);
    return s;
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolutionNames_data();
    void resolutionNames();
    void threeHoursKeepEachRingAtItsBound();
    void aggregation();
    void sinceFilter();
    void gapsAreSkipped();
    void memoryIsBoundedAndConstant();
    void clockSteppingBackKeepsGoing();
};

void TestHistory::resolutionNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("resolution"); // -1: unknown
    QTest::newRow("1s") << QStringLiteral("1s") << int(R::Seconds1);
    QTest::newRow("10s") << QStringLiteral("10s") << int(R::Seconds10);
    QTest::newRow("1m") << QStringLiteral("1m") << int(R::Minute1);
    QTest::newRow("unknown") << QStringLiteral("5m") << -1;
    QTest::newRow("empty") << QString() << -1;
}

void TestHistory::resolutionNames()
{
    QFETCH(QString, name);
    QFETCH(int, resolution);
    const std::optional<R> r = History::resolutionFromName(name);
    QCOMPARE(r.has_value(), resolution >= 0);
    if (r)
        QCOMPARE(History::resolutionName(*r), name);
}

void TestHistory::threeHoursKeepEachRingAtItsBound()
{
    History h(std::chrono::hours(1)); // 60 one-minute points, so that ring fills within 3 hours too
    QCOMPARE(h.capacity(R::Seconds1), 600);
    QCOMPARE(h.capacity(R::Seconds10), 720);
    QCOMPARE(h.capacity(R::Minute1), 60);
    const qint64 n = 3 * 3600 / 2; // 3 h at one sample per 2 s
    for (qint64 i = 0; i < n; ++i)
        h.add(synthetic(i));
    const qint64 lastMs = kStartMs + (n - 1) * 2000;
    QCOMPARE(h.latest(), synthetic(n - 1));

    // 1 s level: the last 10 minutes of buckets; at 2 s sampling every other one holds a point.
    // The bucket of the last sample is still open, so the newest closed point is the one before.
    const QList<ResourceSample> s1 = h.points(R::Seconds1);
    QCOMPARE(s1.size(), 300);
    QCOMPARE(s1.last().timestampMs, lastMs - 2000);
    QVERIFY(s1.first().timestampMs >= lastMs - 10 * 60 * 1000);
    QCOMPARE(s1.first().timestampMs, lastMs - 2000 - 599 * 1000 + 1000); // 599 buckets back, even second
    for (qsizetype i = 1; i < s1.size(); ++i)
        QCOMPARE(s1[i].timestampMs - s1[i - 1].timestampMs, 2000);

    // 10 s level: full at 720 points (2 h), contiguous.
    const QList<ResourceSample> s10 = h.points(R::Seconds10);
    QCOMPARE(s10.size(), 720);
    for (qsizetype i = 1; i < s10.size(); ++i)
        QCOMPARE(s10[i].timestampMs - s10[i - 1].timestampMs, 10'000);
    QVERIFY(s10.last().timestampMs < lastMs && s10.last().timestampMs >= lastMs - 20'000);

    // 1 min level: full at its retention.
    const QList<ResourceSample> m1 = h.points(R::Minute1);
    QCOMPARE(m1.size(), 60);
    QCOMPARE(m1.last().timestampMs, (lastMs / 60'000 - 1) * 60'000);
}

void TestHistory::aggregation()
{
    History h;
    // Minute 0 gets samples 0..29, minute 1 opens with sample 30 and closes minute 0.
    for (qint64 i = 0; i <= 30; ++i)
        h.add(synthetic(i));
    const QList<ResourceSample> m1 = h.points(R::Minute1);
    QCOMPARE(m1.size(), 1);
    double cpu = 0, cpuMachine = 0, read = 0, write = 0;
    qint64 rss = 0, vms = 0;
    int fds = 0, threads = 0, procs = 0;
    for (qint64 i = 0; i < 30; ++i) {
        const ResourceSample s = synthetic(i);
        cpu += s.cpuPercent;
        cpuMachine += s.cpuMachinePercent;
        read += s.readBytesPerSec;
        write += s.writeBytesPerSec;
        rss = qMax(rss, s.rssBytes);
        vms = qMax(vms, s.virtualBytes);
        fds = qMax(fds, s.openFds);
        threads = qMax(threads, s.threads);
        procs = qMax(procs, s.processes);
    }
    const ResourceSample p = m1.first();
    QCOMPARE(p.timestampMs, kStartMs);
    // Rates: the average (stored as float, hence fuzzy); sizes and counts: the maximum, exactly.
    QVERIFY(qAbs(p.cpuPercent - cpu / 30) < 1e-4);
    QVERIFY(qAbs(p.cpuMachinePercent - cpuMachine / 30) < 1e-4);
    QVERIFY(qAbs(p.readBytesPerSec - read / 30) < 1e-2);
    QVERIFY(qAbs(p.writeBytesPerSec - write / 30) < 1e-2);
    QCOMPARE(p.rssBytes, rss);
    QCOMPARE(p.virtualBytes, vms);
    QCOMPARE(p.openFds, fds);
    QCOMPARE(p.threads, threads);
    QCOMPARE(p.processes, procs);

    // A 10 s bucket: samples 0..4.
    const ResourceSample t = h.points(R::Seconds10).first();
    QCOMPARE(t.timestampMs, kStartMs);
    QVERIFY(qAbs(t.cpuPercent - (0 + 10 + 20 + 30 + 40) / 5.0) < 1e-4);
    QCOMPARE(t.rssBytes, (100 + 4) * 1024 * 1024);

    // Two samples in one second: averaged / maxed likewise.
    History two;
    ResourceSample a = synthetic(1);
    ResourceSample b = synthetic(2);
    b.timestampMs = a.timestampMs + 500;
    ResourceSample c = synthetic(3);
    c.timestampMs = a.timestampMs + 1000;
    two.add(a);
    two.add(b);
    two.add(c);
    const QList<ResourceSample> one = two.points(R::Seconds1);
    QCOMPARE(one.size(), 1);
    QVERIFY(qAbs(one.first().cpuPercent - (a.cpuPercent + b.cpuPercent) / 2) < 1e-4);
    QCOMPARE(one.first().rssBytes, qMax(a.rssBytes, b.rssBytes));
}

void TestHistory::sinceFilter()
{
    History h;
    for (qint64 i = 0; i < 300; ++i) // 10 minutes
        h.add(synthetic(i));
    const qint64 since = kStartMs + 5 * 60'000 + 1; // just after a minute starts: that minute is out
    const QList<ResourceSample> m1 = h.points(R::Minute1, since);
    QCOMPARE(m1.size(), 3); // minutes 6, 7, 8 (9 is still open)
    QCOMPARE(m1.first().timestampMs, kStartMs + 6 * 60'000);
    for (const ResourceSample &s : h.points(R::Seconds10, since))
        QVERIFY(s.timestampMs >= since);
    QCOMPARE(h.points(R::Seconds10, since).size(), h.points(R::Seconds10).size() - 31);
    QVERIFY(h.points(R::Seconds1, kStartMs + 3'600'000).isEmpty());
    QCOMPARE(h.points(R::Seconds1, 0).size(), 299);
}

void TestHistory::gapsAreSkipped()
{
    History h;
    h.add(synthetic(0));
    h.add(synthetic(1));
    // The worker was stopped for 5 minutes; the next samples come after the gap.
    for (qint64 i = 151; i < 154; ++i)
        h.add(synthetic(i));
    const QList<ResourceSample> s1 = h.points(R::Seconds1);
    QCOMPARE(s1.size(), 4); // 0, 1 | 151, 152 (153 open)
    QCOMPARE(s1[2].timestampMs, synthetic(151).timestampMs);
    // A gap longer than the whole ring leaves only what came after it.
    h.add(synthetic(10'000));
    h.add(synthetic(10'001));
    const QList<ResourceSample> after = h.points(R::Seconds1);
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().timestampMs, synthetic(10'000).timestampMs);
}

void TestHistory::memoryIsBoundedAndConstant()
{
    History h; // 24 h
    QCOMPARE(h.capacity(R::Minute1), 1440);
    const qsizetype bound = h.maxBytes();
    QVERIFY2(bound < 100 * 1024, qPrintable(QString::number(bound)));
    // Nothing is held before the first point: a configured worker that never runs costs no rings.
    QVERIFY2(h.memoryBytes() < 1024, qPrintable(QString::number(h.memoryBytes())));
    qsizetype previous = h.memoryBytes();
    for (qint64 i = 0; i < 26 * 3600 / 2; ++i) { // 2 s samples for more than the retention
        h.add(synthetic(i));
        QVERIFY(h.memoryBytes() >= previous); // grows, never past the bound
        QVERIFY(h.memoryBytes() <= bound);
        previous = h.memoryBytes();
        if (i == 300) // 10 minutes: the 1 s ring is about full, the 1 min ring holds ten points
            QVERIFY2(h.memoryBytes() < bound / 2, qPrintable(QString::number(h.memoryBytes())));
    }
    QCOMPARE(h.points(R::Minute1).size(), 1440);
    QCOMPARE(h.points(R::Seconds1).size(), 300); // every other second of the last 10 minutes
    QCOMPARE(h.memoryBytes(), bound); // full: exactly the bound, and it stays there
    for (qint64 i = 26 * 3600 / 2; i < 27 * 3600 / 2; ++i)
        h.add(synthetic(i));
    QCOMPARE(h.memoryBytes(), bound);
    qInfo("History at 24 h retention: %lld bytes per worker once full", qlonglong(bound));
}

void TestHistory::clockSteppingBackKeepsGoing()
{
    History h;
    h.add(synthetic(100));
    h.add(synthetic(10)); // the wall clock went back 3 minutes
    h.add(synthetic(101));
    const QList<ResourceSample> s1 = h.points(R::Seconds1);
    QCOMPARE(s1.size(), 1); // the stepped-back sample joined the open bucket of sample 100
    QVERIFY(qAbs(s1.first().cpuPercent - (synthetic(100).cpuPercent + synthetic(10).cpuPercent) / 2) < 1e-4);
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
