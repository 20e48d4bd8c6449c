#include "agent/logs/LineSplitter.h"

#include <QTest>

using namespace hsu::agent::logs;

namespace {

struct Piece
{
    QByteArray text;
    bool continued;
    bool operator==(const Piece &) const = default;
};

// Feeds `input` in chunks of `chunkSize` bytes (0 = one chunk), then flushes.
QList<Piece> split(LineSplitter &s, const QByteArray &input, qsizetype chunkSize = 0, bool flush = true)
{
    QList<Piece> out;
    const auto collect = [&](const LineRef &l) { out.append({l.text.toByteArray(), l.continued}); };
    if (chunkSize <= 0)
        chunkSize = qMax<qsizetype>(input.size(), 1);
    for (qsizetype at = 0; at < input.size(); at += chunkSize)
        s.feed(QByteArrayView(input).sliced(at, qMin(chunkSize, input.size() - at)), collect);
    if (flush)
        s.flush(collect);
    return out;
}

QList<Piece> whole(std::initializer_list<const char *> lines)
{
    QList<Piece> out;
    for (const char *l : lines)
        out.append({QByteArray(l), false});
    return out;
}

} // namespace

namespace QTest {
template<>
char *toString(const Piece &p)
{
    return QTest::toString(QByteArray(p.text + (p.continued ? " (continued)" : "")));
}
} // namespace QTest

class TestLineSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitAcrossChunksAtEveryPosition();
    void byteByByte();
    void crlfAcrossChunks();
    void loneCrIsKept();
    void emptyLines();
    void partialLineKeptUntilFlush();
    void wholeLinesAreViewsIntoTheChunk();
    void capSplitting_data();
    void capSplitting();
    void capNeverCutsUtf8Sequence();
    void invalidUtf8PassesThrough();
    void oneMegabyteLine();
};

static const QByteArray kMixed("alpha\nbeta\r\n\ngamma \r inside\nlast");
static const QList<Piece> kMixedLines = whole({"alpha", "beta", "", "gamma \r inside", "last"});

void TestLineSplitter::splitAcrossChunksAtEveryPosition()
{
    for (qsizetype cut = 0; cut <= kMixed.size(); ++cut) {
        LineSplitter s;
        QList<Piece> out;
        const auto collect = [&](const LineRef &l) { out.append({l.text.toByteArray(), l.continued}); };
        s.feed(QByteArrayView(kMixed).first(cut), collect);
        s.feed(QByteArrayView(kMixed).sliced(cut), collect);
        QCOMPARE(s.pendingBytes(), 4); // "last"
        s.flush(collect);
        QCOMPARE(out, kMixedLines);
    }
}

void TestLineSplitter::byteByByte()
{
    LineSplitter s;
    QCOMPARE(split(s, kMixed, 1), kMixedLines);
}

void TestLineSplitter::crlfAcrossChunks()
{
    LineSplitter s;
    QList<Piece> out;
    const auto collect = [&](const LineRef &l) { out.append({l.text.toByteArray(), l.continued}); };
    s.feed("one\r", collect);
    QVERIFY(out.isEmpty()); // the '\r' may still be half of a line ending
    s.feed("\ntwo\r\n", collect);
    QCOMPARE(out, whole({"one", "two"}));
    QCOMPARE(s.pendingBytes(), 0);
}

void TestLineSplitter::loneCrIsKept()
{
    LineSplitter s;
    // Inside a line, and at the end of a stream that stopped without '\n'.
    QCOMPARE(split(s, "progress 10%\rprogress 20%\n\rx\r"), whole({"progress 10%\rprogress 20%", "\rx\r"}));
}

void TestLineSplitter::emptyLines()
{
    LineSplitter s;
    QCOMPARE(split(s, "\n\r\n\n"), whole({"", "", ""}));
}

void TestLineSplitter::partialLineKeptUntilFlush()
{
    LineSplitter s;
    QList<Piece> out;
    const auto collect = [&](const LineRef &l) { out.append({l.text.toByteArray(), l.continued}); };
    s.feed("abc", collect);
    QCOMPARE(s.pendingBytes(), 3);
    s.feed("def", collect);
    QCOMPARE(s.pendingBytes(), 6);
    QVERIFY(out.isEmpty());
    s.flush(collect);
    QCOMPARE(out, whole({"abcdef"}));
    QCOMPARE(s.pendingBytes(), 0);
    s.flush(collect); // nothing held: nothing emitted
    QCOMPARE(out.size(), 1);
}

void TestLineSplitter::wholeLinesAreViewsIntoTheChunk()
{
    // The hot path's promise: a line that lies inside one chunk is not copied.
    const QByteArray chunk("first\nsecond\n");
    LineSplitter s;
    QList<const char *> starts;
    s.feed(chunk, [&](const LineRef &l) { starts.append(l.text.data()); });
    QCOMPARE(starts, (QList<const char *>{chunk.constData(), chunk.constData() + 6}));
}

void TestLineSplitter::capSplitting_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<Piece>>("expected");
    const QList<Piece> exact = whole({"abcd"});
    QTest::newRow("shorter") << QByteArray("abc\n") << whole({"abc"});
    QTest::newRow("exactly the cap") << QByteArray("abcd\n") << exact;
    QTest::newRow("exactly the cap, CRLF") << QByteArray("abcd\r\n") << exact;
    QTest::newRow("cap + 1") << QByteArray("abcde\n") << QList<Piece>{{"abcd", true}, {"e", false}};
    QTest::newRow("twice the cap") << QByteArray("abcdefgh\n") << QList<Piece>{{"abcd", true}, {"efgh", false}};
    QTest::newRow("cap, then a CR byte") << QByteArray("abcd\rx\n")
                                         << QList<Piece>{{"abcd", true}, {"\rx", false}};
    QTest::newRow("long, no newline (flush)") << QByteArray("abcdefghij")
                                              << QList<Piece>{{"abcd", true}, {"efgh", true}, {"ij", false}};
    QTest::newRow("two long lines") << QByteArray("abcdefghij\n12345\n")
                                    << QList<Piece>{{"abcd", true}, {"efgh", true}, {"ij", false},
                                                    {"1234", true}, {"5", false}};
}

void TestLineSplitter::capSplitting()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<Piece>, expected);
    // Whatever the chunking, the pieces are the same.
    for (qsizetype chunk : {0, 1, 2, 3, 5}) {
        LineSplitter s(4);
        QCOMPARE(split(s, input, chunk), expected);
    }
}

void TestLineSplitter::capNeverCutsUtf8Sequence()
{
    // 'a' + é (2 bytes) + € (3 bytes) + 'x': the 4-byte cap falls inside '€'.
    const QByteArray input = QString::fromUtf8("aé€x\n").toUtf8();
    for (qsizetype chunk : {0, 1, 2}) {
        LineSplitter s(4);
        const QList<Piece> out = split(s, input, chunk);
        QCOMPARE(out, (QList<Piece>{{QString::fromUtf8("aé").toUtf8(), true}, {QString::fromUtf8("€x").toUtf8(), false}}));
    }
    // 4-byte characters only: every piece is one whole character.
    const QByteArray emoji = QString::fromUtf8("😀😀😀").toUtf8();
    LineSplitter s(5);
    const QList<Piece> out = split(s, emoji + '\n');
    QCOMPARE(out.size(), 3);
    for (const Piece &p : out)
        QVERIFY(QByteArrayView(p.text).isValidUtf8());
}

void TestLineSplitter::invalidUtf8PassesThrough()
{
    const QByteArray bad("\xff\xfe ok \xc3\n", 8);
    LineSplitter s;
    QCOMPARE(split(s, bad, 3), (QList<Piece>{{bad.chopped(1), false}}));
    // A run of stray continuation bytes has no boundary to back off to: cut at the cap.
    LineSplitter capped(4);
    const QByteArray run(6, '\x80');
    QCOMPARE(split(capped, run + '\n'), (QList<Piece>{{run.left(4), true}, {run.mid(4), false}}));
}

void TestLineSplitter::oneMegabyteLine()
{
    QByteArray line(1024 * 1024, 'x');
    for (qsizetype i = 0; i < line.size(); i += 1000)
        line[i] = char('a' + (i / 1000) % 26); // so that a misplaced piece shows
    LineSplitter s; // 64 KiB cap
    QList<Piece> out;
    qsizetype maxHeld = 0;
    const auto collect = [&](const LineRef &l) { out.append({l.text.toByteArray(), l.continued}); };
    const QByteArray input = line + '\n';
    for (qsizetype at = 0; at < input.size(); at += 4096) {
        s.feed(QByteArrayView(input).sliced(at, qMin<qsizetype>(4096, input.size() - at)), collect);
        maxHeld = qMax(maxHeld, s.pendingBytes());
    }
    QVERIFY(maxHeld <= 64 * 1024 + 1); // bounded memory, not the whole megabyte
    QCOMPARE(out.size(), 16);
    QByteArray joined;
    for (qsizetype i = 0; i < out.size(); ++i) {
        QCOMPARE(out[i].text.size(), 64 * 1024);
        QCOMPARE(out[i].continued, i < out.size() - 1);
        joined += out[i].text;
    }
    QCOMPARE(joined, line);

    // Under a big enough cap the same line comes out whole.
    LineSplitter big(2 * 1024 * 1024);
    QCOMPARE(split(big, input, 4096), (QList<Piece>{{line, false}}));
}

QTEST_GUILESS_MAIN(TestLineSplitter)
#include "tst_linesplitter.moc"
