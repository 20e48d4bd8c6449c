#include "agent/logs/LogLine.h"

#include <QTest>

using namespace hsu::agent::logs;

class TestLogLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamNamesRoundTrip();
    void jsonOfValidUtf8();
    void jsonOfInvalidUtf8CarriesRawBytes();
};

void TestLogLine::streamNamesRoundTrip()
{
    QCOMPARE(streamName(Stream::Stdout), QLatin1String("stdout"));
    QCOMPARE(streamName(Stream::Stderr), QLatin1String("stderr"));
    QCOMPARE(streamFromName(u"stdout"), Stream::Stdout);
    QCOMPARE(streamFromName(u"stderr"), Stream::Stderr);
    QVERIFY(!streamFromName(u"stdin"));
    QVERIFY(!streamFromName(u""));
}

void TestLogLine::jsonOfValidUtf8()
{
    LogLine l{QStringLiteral("web"), Stream::Stderr, 7, 1754145482123, QByteArray("héllo \"x\""), false};
    const QJsonObject o = toJson(l);
    QCOMPARE(o.value(u"worker").toString(), QStringLiteral("web"));
    QCOMPARE(o.value(u"stream").toString(), QStringLiteral("stderr"));
    QCOMPARE(o.value(u"seq").toInteger(), 7);
    QCOMPARE(o.value(u"ts").toInteger(), 1754145482123);
    QCOMPARE(o.value(u"text").toString(), QString::fromUtf8("héllo \"x\""));
    QVERIFY(!o.contains(u"continued")); // only present when true
    QVERIFY(!o.contains(u"raw_b64"));

    l.continued = true;
    QCOMPARE(toJson(l).value(u"continued"), QJsonValue(true));
}

void TestLogLine::jsonOfInvalidUtf8CarriesRawBytes()
{
    const QByteArray bytes("ok \xff\xfe end", 9);
    const LogLine l{QStringLiteral("w"), Stream::Stdout, 1, 0, bytes, false};
    const QJsonObject o = toJson(l);
    QCOMPARE(QByteArray::fromBase64(o.value(u"raw_b64").toString().toLatin1()), bytes);
    const QString text = o.value(u"text").toString();
    QVERIFY(text.startsWith(u"ok "));
    QVERIFY(text.endsWith(u" end"));
    QVERIFY(text.contains(QChar(0xFFFD)));
}

QTEST_GUILESS_MAIN(TestLogLine)
#include "tst_logline.moc"
