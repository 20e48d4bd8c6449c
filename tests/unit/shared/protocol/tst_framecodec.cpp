#include "shared/protocol/FrameCodec.h"

#include <QJsonDocument>
#include <QTest>

using hsu::protocol::FrameDecoder;
using Status = FrameDecoder::Status;

namespace {

// One token per result: "F:<compact json>", "invalid", "too_large".
QString token(const FrameDecoder::Result &r)
{
    switch (r.status) {
    case Status::Frame:
        return QStringLiteral("F:") + QString::fromUtf8(QJsonDocument(r.object).toJson(QJsonDocument::Compact));
    case Status::Invalid: return QStringLiteral("invalid");
    case Status::TooLarge: return QStringLiteral("too_large");
    case Status::Incomplete: return QStringLiteral("incomplete");
    }
    return QString();
}

// QT_NO_CAST_FROM_ASCII is on: build expected token lists from UTF-8 literals.
QStringList toks(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out << QString::fromUtf8(s);
    return out;
}

QStringList drain(FrameDecoder &d)
{
    QStringList out;
    for (auto r = d.next(); r.status != Status::Incomplete; r = d.next())
        out << token(r);
    return out;
}

} // namespace

class TestFrameCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void splitAtEveryByte_data();
    void splitAtEveryByte();
    void byteByByte();
    void encodeIsOneCompactLine();
    void encodeDecodeRoundTrip();
    void oversizedRealLimitWithoutNewline();
    void oversizedIsDiscardedWithoutBuffering();
    void lineOfExactlyTheLimit();
    void invalidCarriesReason();
};

void TestFrameCodec::decode_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<qsizetype>("maxSize");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<qsizetype>("pendingAfter");

    const qsizetype big = hsu::protocol::kMaxFrameSize;
    using L = QList<QByteArray>;
    QTest::newRow("complete") << L{"{\"a\":1}\n"} << big << toks({"F:{\"a\":1}"}) << qsizetype(0);
    QTest::newRow("incomplete") << L{"{\"a\":1}"} << big << QStringList() << qsizetype(7);
    QTest::newRow("incomplete then rest") << L{"{\"a\":", "1}\n"} << big << toks({"F:{\"a\":1}"}) << qsizetype(0);
    QTest::newRow("empty object") << L{"{}\n"} << big << toks({"F:{}"}) << qsizetype(0);
    QTest::newRow("crlf") << L{"{\"a\":1}\r\n"} << big << toks({"F:{\"a\":1}"}) << qsizetype(0);
    QTest::newRow("crlf split between cr and lf") << L{"{\"a\":1}\r", "\n"} << big << toks({"F:{\"a\":1}"}) << qsizetype(0);
    QTest::newRow("several in one chunk")
        << L{"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n"} << big
        << toks({"F:{\"a\":1}", "F:{\"b\":2}", "F:{\"c\":3}"}) << qsizetype(0);
    QTest::newRow("several and a half")
        << L{"{\"a\":1}\n{\"b\":2}\n{\"c\""} << big << toks({"F:{\"a\":1}", "F:{\"b\":2}"}) << qsizetype(4);
    QTest::newRow("garbage") << L{"hello there\n"} << big << toks({"invalid"}) << qsizetype(0);
    QTest::newRow("truncated json") << L{"{\"a\":\n"} << big << toks({"invalid"}) << qsizetype(0);
    QTest::newRow("array is not an object") << L{"[1,2]\n"} << big << toks({"invalid"}) << qsizetype(0);
    QTest::newRow("string is not an object") << L{"\"x\"\n"} << big << toks({"invalid"}) << qsizetype(0);
    QTest::newRow("number is not an object") << L{"42\n"} << big << toks({"invalid"}) << qsizetype(0);
    QTest::newRow("two objects on one line") << L{"{}{}\n"} << big << toks({"invalid"}) << qsizetype(0);
    QTest::newRow("binary") << L{QByteArray("\x00\xff\xfe{\n", 5)} << big << toks({"invalid"}) << qsizetype(0);
    QTest::newRow("garbage between good frames")
        << L{"{\"a\":1}\nxx\n{\"b\":2}\n"} << big << toks({"F:{\"a\":1}", "invalid", "F:{\"b\":2}"}) << qsizetype(0);
    QTest::newRow("blank lines skipped") << L{"\n\r\n  \n{\"a\":1}\n\n"} << big << toks({"F:{\"a\":1}"}) << qsizetype(0);
    QTest::newRow("pretty json spanning lines is invalid")
        << L{"{\n\"a\": 1\n}\n"} << big << toks({"invalid", "invalid", "invalid"}) << qsizetype(0);
    QTest::newRow("unicode") << L{"{\"name\":\"Zoë ✓\"}\n"} << big << toks({"F:{\"name\":\"Zoë ✓\"}"}) << qsizetype(0);

    // With a small limit: 10 bytes a line.
    QTest::newRow("at limit") << L{"{\"a\":1234}\n"} << qsizetype(10) << toks({"F:{\"a\":1234}"}) << qsizetype(0);
    QTest::newRow("at limit with crlf") << L{"{\"a\":1234}\r\n"} << qsizetype(10) << toks({"F:{\"a\":1234}"}) << qsizetype(0);
    QTest::newRow("over limit with newline")
        << L{"{\"a\":12345}\n"} << qsizetype(10) << toks({"too_large"}) << qsizetype(0);
    QTest::newRow("over limit without newline reported at once")
        << L{"{\"a\":123456789"} << qsizetype(10) << toks({"too_large"}) << qsizetype(0);
    QTest::newRow("over limit across chunks")
        << L{"{\"a\":12", "3456", "789"} << qsizetype(10) << toks({"too_large"}) << qsizetype(0);
    QTest::newRow("oversized then recovers")
        << L{"{\"a\":1234567890", "0000000", "000}\n{\"b\":2}\n"} << qsizetype(10)
        << toks({"too_large", "F:{\"b\":2}"}) << qsizetype(0);
    QTest::newRow("good, oversized, good in one chunk")
        << L{"{\"a\":1}\n{\"a\":1234567890}\n{\"b\":2}\n"} << qsizetype(10)
        << toks({"F:{\"a\":1}", "too_large", "F:{\"b\":2}"}) << qsizetype(0);
    QTest::newRow("two oversized lines reported twice")
        << L{"xxxxxxxxxxxxxxxxxxxx\nyyyyyyyyyyyyyyyyyyyyyy\n{}\n"} << qsizetype(10)
        << toks({"too_large", "too_large", "F:{}"}) << qsizetype(0);
    QTest::newRow("cr after the limit is not a line end")
        << L{"{\"a\":1234}\r", "x\n"} << qsizetype(10) << toks({"too_large"}) << qsizetype(0);
}

void TestFrameCodec::decode()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(qsizetype, maxSize);
    QFETCH(QStringList, expected);
    QFETCH(qsizetype, pendingAfter);

    FrameDecoder d(maxSize);
    QStringList got;
    for (const QByteArray &c : chunks) {
        d.feed(c);
        got << drain(d);
    }
    QCOMPARE(got, expected);
    QCOMPARE(d.next().status, Status::Incomplete);
    QCOMPARE(d.pendingBytes(), pendingAfter);
}

void TestFrameCodec::splitAtEveryByte_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<qsizetype>("maxSize");

    QTest::newRow("three frames")
        << QByteArray("{\"id\":1,\"method\":\"hello\"}\n{\"id\":2,\"method\":\"workers.list\"}\r\n{\"event\":\"x\"}\n")
        << hsu::protocol::kMaxFrameSize;
    QTest::newRow("with garbage and blank") << QByteArray("{\"a\":1}\n\nnot json\n{\"b\":[1,2,3]}\n")
                                            << hsu::protocol::kMaxFrameSize;
    QTest::newRow("with oversized line") << QByteArray("{\"a\":1}\nabcdefghijklmnopqrstuvwxyz\n{\"b\":2}\r\n")
                                         << qsizetype(12);
}

// Every way of cutting the stream in two gives the same frames as feeding it whole.
void TestFrameCodec::splitAtEveryByte()
{
    QFETCH(QByteArray, stream);
    QFETCH(qsizetype, maxSize);

    FrameDecoder whole(maxSize);
    whole.feed(stream);
    const QStringList expected = drain(whole);
    QVERIFY(!expected.isEmpty());

    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        FrameDecoder d(maxSize);
        d.feed(QByteArrayView(stream).first(cut));
        QStringList got = drain(d);
        d.feed(QByteArrayView(stream).sliced(cut));
        got << drain(d);
        QVERIFY2(got == expected, qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(got.join(u'|'))));
        QCOMPARE(d.pendingBytes(), qsizetype(0));
    }
}

void TestFrameCodec::byteByByte()
{
    const QByteArray stream("{\"a\":1}\r\n{\"b\":2}\nxx\n{\"c\":3}\n");
    FrameDecoder d;
    QStringList got;
    for (char c : stream) {
        d.feed(QByteArrayView(&c, 1));
        got << drain(d);
    }
    const QStringList expected = toks({"F:{\"a\":1}", "F:{\"b\":2}", "invalid", "F:{\"c\":3}"});
    QCOMPARE(got, expected);
}

void TestFrameCodec::encodeIsOneCompactLine()
{
    const QJsonObject o{{QStringLiteral("id"), 1},
                        {QStringLiteral("text"), QStringLiteral("line one\nline two\r\n")},
                        {QStringLiteral("nested"), QJsonObject{{QStringLiteral("k"), true}}}};
    const QByteArray frame = hsu::protocol::encodeFrame(o);
    QVERIFY(frame.endsWith('\n'));
    QCOMPARE(frame.count('\n'), 1);
    QVERIFY(!frame.contains("\": ")); // compact: no space after a key
    QVERIFY(frame.contains("line one\\nline two")); // the newline travels escaped
    QVERIFY(hsu::protocol::fitsFrame(frame));
    QVERIFY(!hsu::protocol::fitsFrame(frame, frame.size() - 2));
    QVERIFY(hsu::protocol::fitsFrame(frame, frame.size() - 1));
}

void TestFrameCodec::encodeDecodeRoundTrip()
{
    const QJsonObject a{{QStringLiteral("id"), 7}, {QStringLiteral("method"), QStringLiteral("workers.get")}};
    const QJsonObject b{{QStringLiteral("event"), QStringLiteral("worker.state")},
                        {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), QStringLiteral("db")}}}};
    FrameDecoder d;
    d.feed(hsu::protocol::encodeFrame(a) + hsu::protocol::encodeFrame(b));
    auto r = d.next();
    QCOMPARE(r.status, Status::Frame);
    QCOMPARE(r.object, a);
    r = d.next();
    QCOMPARE(r.status, Status::Frame);
    QCOMPARE(r.object, b);
    QCOMPARE(d.next().status, Status::Incomplete);
}

void TestFrameCodec::oversizedRealLimitWithoutNewline()
{
    FrameDecoder d;
    QCOMPARE(d.maxFrameSize(), qsizetype(16 * 1024 * 1024));
    const QByteArray chunk(1024 * 1024, 'a');
    for (int i = 0; i < 16; ++i) {
        d.feed(chunk);
        QCOMPARE(d.next().status, Status::Incomplete); // exactly the limit: still allowed
    }
    d.feed("a"); // 16 MiB + 1, no newline yet
    const auto r = d.next();
    QCOMPARE(r.status, Status::TooLarge);
    QVERIFY(!r.error.isEmpty());
    QVERIFY(d.isDiscarding());
    QCOMPARE(d.pendingBytes(), qsizetype(0));
    d.feed(chunk);
    QCOMPARE(d.next().status, Status::Incomplete); // reported once, the rest is skipped
    d.feed("aaa\n{\"ok\":true}\n");
    QVERIFY(!d.isDiscarding());
    const auto after = d.next();
    QCOMPARE(after.status, Status::Frame);
    QCOMPARE(after.object.value(QStringLiteral("ok")).toBool(), true);
}

void TestFrameCodec::oversizedIsDiscardedWithoutBuffering()
{
    FrameDecoder d(100);
    const QByteArray chunk(1000, 'x');
    d.feed(chunk); // one chunk far above the limit
    QVERIFY(d.pendingBytes() <= 102);
    QCOMPARE(d.next().status, Status::TooLarge);
    for (int i = 0; i < 100; ++i) {
        d.feed(chunk);
        QCOMPARE(d.pendingBytes(), qsizetype(0));
    }
    QCOMPARE(d.next().status, Status::Incomplete);
    d.feed("\n{}\n");
    QCOMPARE(d.next().status, Status::Frame);
}

void TestFrameCodec::lineOfExactlyTheLimit()
{
    const qsizetype max = 1024;
    QByteArray obj = "{\"p\":\"" + QByteArray(max - 8, 'z') + "\"}";
    QCOMPARE(obj.size(), max);
    FrameDecoder d(max);
    d.feed(obj + "\r\n");
    QCOMPARE(d.next().status, Status::Frame);
    obj.insert(6, 'z');
    d.feed(obj + "\n");
    QCOMPARE(d.next().status, Status::TooLarge);
}

void TestFrameCodec::invalidCarriesReason()
{
    FrameDecoder d;
    d.feed("{\"a\" 1}\n");
    const auto r = d.next();
    QCOMPARE(r.status, Status::Invalid);
    QVERIFY(r.error.contains(QLatin1String("offset")));
}

QTEST_GUILESS_MAIN(TestFrameCodec)
#include "tst_framecodec.moc"
