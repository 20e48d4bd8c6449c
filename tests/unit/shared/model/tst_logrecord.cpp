// model::LogRecord, the one type logs.tail and logs.lines are written and read with (agent,
// hsuctl, GUI): a round trip keeps every field, bytes that are not UTF-8 travel exactly, and what
// is not a line is refused.

#include "shared/model/LogRecord.h"

#include <QJsonDocument>
#include <QTest>

using namespace hsu::model;

class TestLogRecord : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        LogRecord r;
        r.worker = QStringLiteral("web");
        r.isStderr = true;
        r.seq = 42;
        r.timestampMs = 1765000000123;
        r.text = QStringLiteral("listening on :8080 \u2713");
        r.continued = true;
        QCOMPARE(*LogRecord::fromJson(r.toJson()), r);
        QVERIFY(!r.toJson().contains(QStringLiteral("raw_b64")));
    }

    void bytesThatAreNotUtf8TravelExactly()
    {
        const QByteArray bytes("caf\xe9 \xff\x00!", 8);
        const QJsonObject o = LogRecord::encode(QStringLiteral("w"), false, 1, 2, bytes, false);
        QVERIFY(o.contains(QStringLiteral("raw_b64")));
        const auto r = LogRecord::fromJson(o);
        QVERIFY(r);
        QCOMPARE(r->raw, bytes);
        QVERIFY(r->text.contains(QChar(0xfffd)));
        QCOMPARE(*LogRecord::fromJson(r->toJson()), *r);
    }

    // raw_b64 is the line when it comes: "text" is its decode, whatever the sender wrote there, and
    // bytes that are UTF-8 after all are not kept twice. Either way the record writes back as it
    // read (tests/fuzz/regressions/fuzz_model).
    void rawBytesDecideTheText()
    {
        const QJsonObject o{{QStringLiteral("worker"), QStringLiteral("api")},
                            {QStringLiteral("stream"), QStringLiteral("stderr")},
                            {QStringLiteral("text"), QStringLiteral("ca%f\ufffd")},
                            {QStringLiteral("raw_b64"), QStringLiteral("Y2Fm6Q==")}}; // "caf\xe9"
        const auto r = LogRecord::fromJson(o);
        QVERIFY(r);
        QCOMPARE(r->text.size(), 4); // Qt's encoder writes the lone surrogate as one replacement
        QVERIFY(!r->text.at(3).isSurrogate());
        QCOMPARE(r->raw, QByteArray("caf\xe9"));
        QCOMPARE(*LogRecord::fromJson(r->toJson()), *r);

        QJsonObject utf8 = o;
        utf8.insert(QStringLiteral("raw_b64"), QStringLiteral("Y2Fmw6k=")); // "café" in UTF-8
        const auto u = LogRecord::fromJson(utf8);
        QVERIFY(u);
        QCOMPARE(u->text, QStringLiteral("caf\u00e9"));
        QVERIFY(u->raw.isEmpty());
        QCOMPARE(*LogRecord::fromJson(u->toJson()), *u);
    }

    // A text no bytes decode to (a lone surrogate, as JSON may write one) reads as its UTF-8 trip,
    // so the record writes back as it read (tests/fuzz/regressions/fuzz_model).
    void loneSurrogateReadsAsWhatItWritesBack()
    {
        const QJsonObject o = QJsonDocument::fromJson(R"({"worker":"w","stream":"stderr","text":"caf\udfff"})").object();
        const auto r = LogRecord::fromJson(o);
        QVERIFY(r);
        QCOMPARE(r->text.size(), 4); // Qt's encoder writes the lone surrogate as one replacement
        QVERIFY(!r->text.at(3).isSurrogate());
        QCOMPARE(*LogRecord::fromJson(r->toJson()), *r);
    }

    void refused()
    {
        QVERIFY(!LogRecord::fromJson(QJsonObject{}));
        QVERIFY(!LogRecord::fromJson(QJsonObject{{QStringLiteral("worker"), QStringLiteral("w")}, {QStringLiteral("stream"), QStringLiteral("stdin")}}));
    }
};

QTEST_GUILESS_MAIN(TestLogRecord)
#include "tst_logrecord.moc"
