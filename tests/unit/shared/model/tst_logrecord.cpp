// model::LogRecord, the one type logs.tail and logs.lines are written and read with (agent,
// hsuctl, GUI): a round trip keeps every field, bytes that are not UTF-8 travel exactly, and what
// is not a line is refused.

#include "shared/model/LogRecord.h"

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

    void refused()
    {
        QVERIFY(!LogRecord::fromJson(QJsonObject{}));
        QVERIFY(!LogRecord::fromJson(QJsonObject{{QStringLiteral("worker"), QStringLiteral("w")}, {QStringLiteral("stream"), QStringLiteral("stdin")}}));
    }
};

QTEST_GUILESS_MAIN(TestLogRecord)
#include "tst_logrecord.moc"
