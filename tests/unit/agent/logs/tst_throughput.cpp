// The collector's budget: 2,000,000 lines (~175 MB) through splitting and plain formatting in well
// under a second. This measures the pieces on the hot path with a reader's 64 KiB chunks; it reports
// the time (QBENCHMARK and a printed figure) and asserts only that every byte came out, since a
// timed assertion would fail on a loaded machine or a Debug build.

#include "agent/logs/LineFormatter.h"
#include "agent/logs/LineSplitter.h"
#include "agent/logs/LogFile.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace hsu::agent::logs;

namespace {

constexpr qint64 kLines = 2'000'000;
constexpr qsizetype kChunk = 64 * 1024;

// Lines of 86 bytes + '\n' whose text varies, packed back to back.
QByteArray makePattern(int lines)
{
    QByteArray p;
    for (int i = 0; i < lines; ++i) {
        QByteArray l = "2025-08-02 17:38:02 INFO request " + QByteArray::number(i).rightJustified(7, '0')
                + " handled in 12ms path=/api/v1/items status=200";
        p += l.leftJustified(86, '.', true) + '\n';
    }
    return p;
}

struct Result
{
    qint64 lines = 0;
    qint64 outBytes = 0;
};

// Feeds kLines lines of `pattern` in kChunk reads; formats each; hands blocks of ~64 KiB to `sink`.
template<typename Sink>
Result run(const LineFormatter &formatter, const QByteArray &pattern, Sink &&sink)
{
    LineSplitter splitter;
    QByteArray out;
    out.reserve(2 * kChunk);
    Result r;
    qint64 seq = 0;
    const qint64 ts = 1754145482000;
    const auto onLine = [&](const LineRef &line) {
        ++seq;
        formatter.append(out, line, Stream::Stdout, seq, seq, ts + seq / 4096);
        if (out.size() >= kChunk) {
            sink(out);
            r.outBytes += out.size();
            out.resize(0);
        }
    };
    const qint64 perPattern = pattern.count('\n');
    const qint64 patterns = kLines / perPattern;
    for (qint64 n = 0; n < patterns; ++n)
        for (qsizetype at = 0; at < pattern.size(); at += kChunk)
            splitter.feed(QByteArrayView(pattern).sliced(at, qMin(kChunk, pattern.size() - at)), onLine);
    splitter.flush(onLine);
    sink(out);
    r.outBytes += out.size();
    r.lines = seq;
    return r;
}

LineFormatter formatter(LineFormatter::Format f)
{
    return LineFormatter(f, {}, false, QStringLiteral("web"), QStringLiteral("host"), QStringLiteral("m"), {});
}

} // namespace

class TestThroughput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void splitAndPlain();
    void splitAndPlainToDevNull();
    void splitAndEnhancedPlain();

private:
    QByteArray m_pattern;
};

void TestThroughput::initTestCase()
{
    m_pattern = makePattern(20000); // 1.74 MB, 100 rounds = 2,000,000 lines
    QCOMPARE(m_pattern.size(), 20000 * 87);
}

void TestThroughput::splitAndPlain()
{
    const LineFormatter f = formatter(LineFormatter::Format::Plain);
    Result r;
    QElapsedTimer t;
    t.start();
    QBENCHMARK_ONCE {
        r = run(f, m_pattern, [](const QByteArray &) {});
    }
    qInfo("split + plain: %lld lines, %.1f MB in %lld ms", r.lines, r.outBytes / 1e6, t.elapsed());
    QCOMPARE(r.lines, kLines);
    QCOMPARE(r.outBytes, kLines * 87); // plain without prefix: every input byte, nothing else
}

void TestThroughput::splitAndPlainToDevNull()
{
    LogFile file(QStringLiteral("/dev/null"));
    QVERIFY(file.open(nullptr));
    const LineFormatter f = formatter(LineFormatter::Format::Plain);
    Result r;
    bool ok = true;
    QElapsedTimer t;
    t.start();
    QBENCHMARK_ONCE {
        r = run(f, m_pattern, [&](const QByteArray &block) { ok = file.append(block, nullptr) && ok; });
    }
    qInfo("split + plain + write(/dev/null): %lld lines in %lld ms", r.lines, t.elapsed());
    QVERIFY(ok);
    QCOMPARE(r.lines, kLines);
}

void TestThroughput::splitAndEnhancedPlain()
{
    const LineFormatter f = formatter(LineFormatter::Format::EnhancedPlain);
    Result r;
    QByteArray first;
    QElapsedTimer t;
    t.start();
    QBENCHMARK_ONCE {
        r = run(f, m_pattern, [&](const QByteArray &block) {
            if (first.isEmpty())
                first = block.left(block.indexOf('\n') + 1);
        });
    }
    qInfo("split + enhanced_plain: %lld lines, %.1f MB in %lld ms", r.lines, r.outBytes / 1e6, t.elapsed());
    QCOMPARE(r.lines, kLines);
    QVERIFY2(first.endsWith("][web][stdout] " + m_pattern.left(87)), first.constData());
}

QTEST_GUILESS_MAIN(TestThroughput)
#include "tst_throughput.moc"
