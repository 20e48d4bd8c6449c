// The writer thread: blocks reach their sinks in order; a sink that stalls (a slow disk) fills the
// bounded queue, after which blocks are dropped and reported, never queued without end.

#include "agent/logs/LogWriter.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>

#include <condition_variable>
#include <mutex>
#include <thread>

using namespace hsu::agent::logs;

namespace {

// A sink that records what it got and can be held shut, as a disk that stops answering.
class GateSink final : public LogSink
{
public:
    QString name() const override { return QStringLiteral("gate"); }
    bool write(QByteArrayView block, QString *error, qsizetype *delivered) override
    {
        *delivered = 0;
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [&] { return m_open; });
        if (m_fail) {
            // A full disk after `m_room` bytes: the whole lines before it are delivered.
            const qsizetype cut = std::min<qsizetype>(m_room, block.size());
            *delivered = block.first(cut).lastIndexOf('\n') + 1;
            m_data += block.first(*delivered).toByteArray();
            *error = QStringLiteral("gate: refused");
            return false;
        }
        m_data += block.toByteArray();
        return true;
    }
    void setOpen(bool open)
    {
        {
            std::lock_guard lock(m_mutex);
            m_open = open;
        }
        m_cv.notify_all();
    }
    void setFail(bool fail, qsizetype room = 0)
    {
        std::lock_guard lock(m_mutex);
        m_fail = fail;
        m_room = room;
    }
    QByteArray data()
    {
        std::lock_guard lock(m_mutex);
        return m_data;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_open = true;
    bool m_fail = false;
    qsizetype m_room = 0;
    QByteArray m_data;
};

WriteJob job(const std::shared_ptr<LogSink> &sink, const QByteArray &data, qint64 lines)
{
    return WriteJob{sink, data, lines, QStringLiteral("w")};
}

} // namespace

class TestLogWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blocksArriveInOrder()
    {
        auto sink = std::make_shared<GateSink>();
        LogWriter writer(1024 * 1024, {});
        QByteArray expected;
        for (int i = 0; i < 1000; ++i) {
            const QByteArray line = "line " + QByteArray::number(i) + '\n';
            expected += line;
            QVERIFY(writer.enqueue(job(sink, line, 1), 0));
        }
        writer.drain();
        QCOMPARE(sink->data(), expected);
        QCOMPARE(writer.queuedBytes(), 0);
    }

    void stalledSinkDropsBeyondTheBoundAndSaysSo()
    {
        auto sink = std::make_shared<GateSink>();
        QMutex mutex;
        QList<WriteLoss> losses;
        {
            LogWriter writer(100, [&](const WriteLoss &l) {
                QMutexLocker lock(&mutex);
                losses << l;
            });
            sink->setOpen(false); // the disk stops answering
            QVERIFY(writer.enqueue(job(sink, QByteArray(60, 'a'), 3), 0)); // taken by the writer, stuck
            QCOMPARE(writer.queuedBytes(), 60); // counted until written, even while the sink holds it
            QVERIFY(writer.enqueue(job(sink, QByteArray(40, 'b'), 2), 0)); // 100: exactly the bound
            QElapsedTimer t;
            t.start();
            QVERIFY(!writer.enqueue(job(sink, QByteArray(10, 'c'), 5), 50)); // waits 50 ms, then drops
            QVERIFY(t.elapsed() >= 45);
            QVERIFY(t.elapsed() < 5000); // never blocks the reader for long
            sink->setOpen(true);
            writer.drain();
            QCOMPARE(sink->data(), QByteArray(60, 'a') + QByteArray(40, 'b'));
        }
        QCOMPARE(losses.size(), 1);
        QCOMPARE(losses[0].workerId, QStringLiteral("w"));
        QCOMPARE(losses[0].target, QStringLiteral("gate"));
        QCOMPARE(losses[0].lines, 5);
        QVERIFY(losses[0].reason.contains(QLatin1String("queue is full")));
    }

    void roomThatAppearsInTimeIsUsed()
    {
        auto sink = std::make_shared<GateSink>();
        LogWriter writer(100, {});
        sink->setOpen(false);
        QVERIFY(writer.enqueue(job(sink, QByteArray(100, 'a'), 1), 0));
        // The waiting enqueue runs on this thread: the disk comes back from another one.
        std::thread opener([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            sink->setOpen(true);
        });
        QVERIFY(writer.enqueue(job(sink, QByteArray(50, 'b'), 1), 20000)); // generous: a busy machine runs the opener late
        opener.join();
        writer.drain();
        QCOMPARE(sink->data().size(), 150);
    }

    void writeErrorsAreReported()
    {
        auto sink = std::make_shared<GateSink>();
        sink->setFail(true);
        QMutex mutex;
        QList<WriteLoss> losses;
        LogWriter writer(1000, [&](const WriteLoss &l) {
            QMutexLocker lock(&mutex);
            losses << l;
        });
        QVERIFY(writer.enqueue(job(sink, "x\ny\n", 2), 0));
        writer.drain();
        QMutexLocker lock(&mutex);
        QCOMPARE(losses.size(), 1);
        QCOMPARE(losses[0].lines, 2);
        QCOMPARE(losses[0].reason, QStringLiteral("gate: refused"));
    }

    // A write cut part-way (a disk full in the middle of a block): only the lines that did not
    // reach the sink are counted lost, not the whole block.
    void cutWriteCountsOnlyTheLinesLost()
    {
        auto sink = std::make_shared<GateSink>();
        sink->setFail(true, 7); // "one\ntw" fits: one line delivered, the cut "tw" is not
        QMutex mutex;
        QList<WriteLoss> losses;
        LogWriter writer(1000, [&](const WriteLoss &l) {
            QMutexLocker lock(&mutex);
            losses << l;
        });
        QVERIFY(writer.enqueue(job(sink, "one\ntwo\nthree\n", 3), 0));
        writer.drain();
        QMutexLocker lock(&mutex);
        QCOMPARE(sink->data(), QByteArray("one\n"));
        QCOMPARE(losses.size(), 1);
        QCOMPARE(losses[0].lines, 2);
    }

    void destructorWritesWhatIsQueued()
    {
        auto sink = std::make_shared<GateSink>();
        {
            LogWriter writer(1 << 20, {});
            for (int i = 0; i < 100; ++i)
                writer.enqueue(job(sink, "z\n", 1), 0);
        }
        QCOMPARE(sink->data().size(), 200);
    }
};

QTEST_GUILESS_MAIN(TestLogWriter)
#include "tst_logwriter.moc"
