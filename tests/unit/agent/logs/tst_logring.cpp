#include "agent/logs/LogRing.h"

#include <QTest>

#include <atomic>
#include <thread>

using namespace hsu::agent::logs;

namespace {

LogLine line(qint64 seq, Stream stream = Stream::Stdout)
{
    return LogLine{QStringLiteral("w"), stream, seq, 1000 + seq, QByteArray::number(seq), false};
}

QList<qint64> seqs(const QList<LogLine> &lines)
{
    QList<qint64> out;
    for (const LogLine &l : lines)
        out.append(l.seq);
    return out;
}

} // namespace

class TestLogRing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void boundHoldsAndOldestGoesFirst();
    void tailIsOldestFirst();
    void streamFilter();
    void capacityChange();
    void zeroCapacityOnlyCounts();
    void concurrentAppendAndTail();
};

void TestLogRing::boundHoldsAndOldestGoesFirst()
{
    LogRing ring(5);
    for (qint64 i = 1; i <= 12; ++i) {
        ring.append(line(i));
        QCOMPARE(ring.size(), int(qMin<qint64>(i, 5)));
    }
    QCOMPARE(ring.totalAppended(), 12);
    QCOMPARE(seqs(ring.tail(100)), (QList<qint64>{8, 9, 10, 11, 12}));
}

void TestLogRing::tailIsOldestFirst()
{
    LogRing ring(10);
    for (qint64 i = 1; i <= 7; ++i) {
        const LogLine l = line(i);
        ring.append(l); // the const& overload
    }
    QCOMPARE(seqs(ring.tail(3)), (QList<qint64>{5, 6, 7}));
    QCOMPARE(seqs(ring.tail(7)), (QList<qint64>{1, 2, 3, 4, 5, 6, 7}));
    QVERIFY(ring.tail(0).isEmpty());
    QCOMPARE(ring.tail(1).constFirst().text, QByteArray("7"));
}

void TestLogRing::streamFilter()
{
    LogRing ring(6);
    // out 1, err 2, out 3, err 4, ... out 9, err 10: the ring keeps 5..10.
    for (qint64 i = 1; i <= 10; ++i)
        ring.append(line(i, i % 2 ? Stream::Stdout : Stream::Stderr));
    QCOMPARE(seqs(ring.tail(10, Stream::Stderr)), (QList<qint64>{6, 8, 10}));
    QCOMPARE(seqs(ring.tail(2, Stream::Stdout)), (QList<qint64>{7, 9}));
    QCOMPARE(seqs(ring.tail(10)), (QList<qint64>{5, 6, 7, 8, 9, 10}));
    LogRing onlyOut(4);
    onlyOut.append(line(1));
    QVERIFY(onlyOut.tail(5, Stream::Stderr).isEmpty());
}

void TestLogRing::capacityChange()
{
    LogRing ring(5);
    for (qint64 i = 1; i <= 8; ++i) // wrapped: slots hold 6 7 8 4 5
        ring.append(line(i));
    ring.setCapacity(3);
    QCOMPARE(ring.capacity(), 3);
    QCOMPARE(seqs(ring.tail(10)), (QList<qint64>{6, 7, 8}));
    ring.append(line(9));
    QCOMPARE(seqs(ring.tail(10)), (QList<qint64>{7, 8, 9}));

    ring.setCapacity(6); // growing keeps what is there and fills up before wrapping
    for (qint64 i = 10; i <= 13; ++i)
        ring.append(line(i));
    QCOMPARE(seqs(ring.tail(10)), (QList<qint64>{8, 9, 10, 11, 12, 13}));
    QCOMPARE(ring.totalAppended(), 13);
}

void TestLogRing::zeroCapacityOnlyCounts()
{
    LogRing ring(0);
    ring.append(line(1));
    QCOMPARE(ring.size(), 0);
    QCOMPARE(ring.totalAppended(), 1);
    QVERIFY(ring.tail(5).isEmpty());
}

void TestLogRing::concurrentAppendAndTail()
{
    LogRing ring(100);
    constexpr int kLines = 50000;
    std::atomic<bool> done{false};
    std::thread writer([&] {
        for (int i = 1; i <= kLines; ++i)
            ring.append(line(i, i % 3 ? Stream::Stdout : Stream::Stderr));
        done = true;
    });
    int reads = 0;
    bool ordered = true;
    while (!done || reads == 0) {
        const QList<LogLine> t = ring.tail(50);
        if (t.size() > 50)
            ordered = false;
        for (qsizetype i = 1; i < t.size(); ++i)
            if (t[i].seq != t[i - 1].seq + 1) // a snapshot is never torn
                ordered = false;
        ++reads;
    }
    writer.join();
    QVERIFY(ordered);
    QCOMPARE(ring.size(), 100);
    QCOMPARE(ring.totalAppended(), kLines);
    QCOMPARE(ring.tail(1).constFirst().seq, kLines);
}

QTEST_GUILESS_MAIN(TestLogRing)
#include "tst_logring.moc"
