#include "agent/logs/LineFormatter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>

#include <ctime>

using namespace hsu::agent::logs;
using hsu::config::LogMetadata;
using Format = LineFormatter::Format;

namespace {

// 2025-08-02T14:38:02.123Z
constexpr qint64 kTs = 1754145482123;

// The expected RFC 3339 local time, computed independently of the formatter's cache.
QByteArray rfc3339(qint64 ms, bool millis)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(ms);
    QString s = dt.toString(millis ? QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz") : QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    const int off = dt.offsetFromUtc();
    s += QLatin1Char(off < 0 ? '-' : '+')
            + QTime(0, 0).addSecs(qAbs(off)).toString(QStringLiteral("HH:mm"));
    return s.toUtf8();
}

LogMetadata allMetadata()
{
    LogMetadata m;
    m.addHostname = m.addMasterId = m.addSequence = m.addLineNumber = true;
    return m;
}

QByteArray format(const LineFormatter &f, QByteArrayView text, Stream stream = Stream::Stdout,
                  bool continued = false, qint64 ts = kTs, const QJsonObject *structured = nullptr)
{
    QByteArray out;
    f.append(out, LineRef{text, continued}, stream, 7, 42, ts, structured);
    return out;
}

LineFormatter make(Format fmt, bool metadata = false, const QString &prefix = {})
{
    return LineFormatter(fmt, metadata ? allMetadata() : LogMetadata{}, metadata, QStringLiteral("web"),
                         QStringLiteral("host1"), QStringLiteral("m1"), prefix);
}

} // namespace

class TestLineFormatter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void formatNames();
    void plain();
    void plainPrefixExpandsWorkerId();
    void appendsWithoutClearing();
    void enhancedPlain();
    void enhancedPlainMetadata();
    void metadataFlagsNeedMetadataEnabled();
    void json();
    void jsonMetadataAndFields();
    void jsonInvalidUtf8();
    void timestampCacheAcrossSecondsAndDst();
};

void TestLineFormatter::initTestCase()
{
    // A zone with an offset and DST makes the offset and cache checks mean something
    // (without tzdata it falls back to UTC and the checks still hold).
    qputenv("TZ", "Europe/Berlin");
    ::tzset();
}

void TestLineFormatter::formatNames()
{
    QCOMPARE(LineFormatter::formatFromName(u"plain"), Format::Plain);
    QCOMPARE(LineFormatter::formatFromName(u"enhanced_plain"), Format::EnhancedPlain);
    QCOMPARE(LineFormatter::formatFromName(u"json"), Format::Json);
    QCOMPARE(LineFormatter::formatFromName(u"structured_json"), Format::Json);
    QCOMPARE(LineFormatter::formatFromName(u""), Format::Plain);
    QCOMPARE(LineFormatter::formatFromName(u"xml"), Format::Plain);
}

void TestLineFormatter::plain()
{
    const LineFormatter f = make(Format::Plain, true); // metadata never shows in plain
    QCOMPARE(format(f, "hello"), QByteArray("hello\n"));
    QCOMPARE(format(f, ""), QByteArray("\n"));
    QCOMPARE(format(f, "part", Stream::Stderr, true), QByteArray("part [continued]\n"));
    const QByteArray bad("\xff\xfe x", 4);
    QCOMPARE(format(f, bad), bad + '\n'); // bytes verbatim
}

void TestLineFormatter::plainPrefixExpandsWorkerId()
{
    const LineFormatter f = make(Format::Plain, false, QStringLiteral("[{worker_id}]"));
    QCOMPARE(format(f, "hello"), QByteArray("[web] hello\n"));
    const LineFormatter twice = make(Format::Plain, false, QStringLiteral("{worker_id}/{worker_id}:"));
    QCOMPARE(format(twice, "x", Stream::Stdout, true), QByteArray("web/web: x [continued]\n"));
}

void TestLineFormatter::appendsWithoutClearing()
{
    const LineFormatter f = make(Format::Plain);
    QByteArray out("before\n");
    f.append(out, LineRef{"one", false}, Stream::Stdout, 1, 1, kTs);
    f.append(out, LineRef{"two", false}, Stream::Stdout, 2, 2, kTs);
    QCOMPARE(out, QByteArray("before\none\ntwo\n"));
}

void TestLineFormatter::enhancedPlain()
{
    const QByteArray t = rfc3339(kTs, false);
    const LineFormatter f = make(Format::EnhancedPlain);
    QCOMPARE(format(f, "hello"), '[' + t + "][web][stdout] hello\n");
    QCOMPARE(format(f, "oops", Stream::Stderr, true), '[' + t + "][web][stderr] oops [continued]\n");
    const LineFormatter p = make(Format::EnhancedPlain, false, QStringLiteral("<{worker_id}>"));
    QCOMPARE(format(p, "hello"), "<web> [" + t + "][web][stdout] hello\n");
}

void TestLineFormatter::enhancedPlainMetadata()
{
    const QByteArray t = rfc3339(kTs, false);
    const LineFormatter f = make(Format::EnhancedPlain, true);
    QCOMPARE(format(f, "hello", Stream::Stderr), '[' + t + "][host1][master:m1][web][stderr][#42][L7] hello\n");
    LogMetadata some;
    some.addLineNumber = true;
    const LineFormatter g(Format::EnhancedPlain, some, true, QStringLiteral("w"), QStringLiteral("h"),
                          QStringLiteral("m"), {});
    QCOMPARE(format(g, "x"), '[' + t + "][w][stdout][L7] x\n");
}

void TestLineFormatter::metadataFlagsNeedMetadataEnabled()
{
    const LineFormatter f(Format::EnhancedPlain, allMetadata(), false, QStringLiteral("web"),
                          QStringLiteral("host1"), QStringLiteral("m1"), {});
    QCOMPARE(format(f, "x"), '[' + rfc3339(kTs, false) + "][web][stdout] x\n");
    const LineFormatter j(Format::Json, allMetadata(), false, QStringLiteral("web"), QStringLiteral("host1"),
                          QStringLiteral("m1"), {});
    const QJsonObject o = QJsonDocument::fromJson(format(j, "x")).object();
    QCOMPARE(o.keys(), (QStringList{u"line"_qs, u"stream"_qs, u"timestamp"_qs, u"worker_id"_qs}));
}

void TestLineFormatter::json()
{
    const LineFormatter f = make(Format::Json, false, QStringLiteral("ignored"));
    const QByteArray expected = "{\"timestamp\":\"" + rfc3339(kTs, true)
            + "\",\"worker_id\":\"web\",\"stream\":\"stdout\",\"line\":\"say \\\"hi\\\" \\\\ tab\\t bell\\u0007 é\"}\n";
    QCOMPARE(format(f, QString::fromUtf8("say \"hi\" \\ tab\t bell\x07 é").toUtf8()), expected);
    const QByteArray cont = format(f, "part", Stream::Stderr, true);
    QVERIFY2(cont.endsWith(",\"stream\":\"stderr\",\"line\":\"part\",\"continued\":true}\n"), cont.constData());
}

void TestLineFormatter::jsonMetadataAndFields()
{
    const LineFormatter f = make(Format::Json, true);
    const QJsonObject fields{{u"level"_qs, u"info"_qs}, {u"n"_qs, 3}};
    const QByteArray out = format(f, R"({"level":"info","n":3})", Stream::Stdout, false, kTs, &fields);
    QVERIFY(out.endsWith("}\n"));
    QCOMPARE(out.count('\n'), 1);
    QJsonParseError err;
    const QJsonObject o = QJsonDocument::fromJson(out, &err).object();
    QCOMPARE(err.error, QJsonParseError::NoError);
    QCOMPARE(o.value(u"timestamp").toString().toUtf8(), rfc3339(kTs, true));
    QCOMPARE(o.value(u"worker_id").toString(), u"web"_qs);
    QCOMPARE(o.value(u"hostname").toString(), u"host1"_qs);
    QCOMPARE(o.value(u"master_id").toString(), u"m1"_qs);
    QCOMPARE(o.value(u"sequence").toInteger(), 42);
    QCOMPARE(o.value(u"line_number").toInteger(), 7);
    QCOMPARE(o.value(u"line").toString(), uR"({"level":"info","n":3})"_qs);
    QCOMPARE(o.value(u"fields").toObject(), fields);
    QVERIFY(!o.contains(u"continued"));
    QVERIFY(!o.contains(u"raw_b64"));
    QVERIFY(out.startsWith("{\"timestamp\":")); // reading order, not alphabetical
}

void TestLineFormatter::jsonInvalidUtf8()
{
    const LineFormatter f = make(Format::Json);
    const QByteArray bad("a\xff\"b", 4);
    const QByteArray out = format(f, bad);
    QJsonParseError err;
    const QJsonObject o = QJsonDocument::fromJson(out, &err).object();
    QCOMPARE(err.error, QJsonParseError::NoError);
    QCOMPARE(o.value(u"line").toString(), u"a\uFFFD\"b"_qs);
    QCOMPARE(QByteArray::fromBase64(o.value(u"raw_b64").toString().toLatin1()), bad);
}

void TestLineFormatter::timestampCacheAcrossSecondsAndDst()
{
    const LineFormatter f = make(Format::EnhancedPlain);
    const LineFormatter j = make(Format::Json);
    const qint64 second = 1754145482000;
    // DST starts in Berlin at 2025-03-30 01:00:00 UTC (+01:00 → +02:00).
    const qint64 dst = 1743296400000;
    for (qint64 ts : {second + 999, second + 1000, second + 1001, second + 500, second + 999,
                      dst - 1, dst, dst - 1000, qint64(0), qint64(-1)}) {
        QCOMPARE(format(f, "x", Stream::Stdout, false, ts), '[' + rfc3339(ts, false) + "][web][stdout] x\n");
        const QJsonObject o = QJsonDocument::fromJson(format(j, "x", Stream::Stdout, false, ts)).object();
        QCOMPARE(o.value(u"timestamp").toString().toUtf8(), rfc3339(ts, true));
    }
    if (QDateTime::fromMSecsSinceEpoch(dst).offsetFromUtc() != QDateTime::fromMSecsSinceEpoch(dst - 1).offsetFromUtc())
        QVERIFY(format(f, "x", Stream::Stdout, false, dst) != format(f, "x", Stream::Stdout, false, dst - 1));
}

QTEST_GUILESS_MAIN(TestLineFormatter)
#include "tst_lineformatter.moc"
