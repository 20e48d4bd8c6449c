#include "agent/logs/LineFilter.h"

#include <QTest>

using namespace hsu::agent::logs;
using hsu::config::LogFilters;
using hsu::config::LogLevel;

Q_DECLARE_METATYPE(std::optional<LogLevel>)

class TestLineFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyFiltersArePassThrough();
    void detectLevel_data();
    void detectLevel();
    void structuredOnlyWhenAsked();
    void excludeWins();
    void includeNeedsOneMatch();
    void levelFilter();
    void invalidRegexReportedAndIgnored();
    void unknownLevelFilterReported();
};

void TestLineFilter::emptyFiltersArePassThrough()
{
    QStringList errors;
    const LineFilter f = LineFilter::create(LogFilters{}, true, &errors);
    QVERIFY(f.isPassThrough());
    QVERIFY(errors.isEmpty());
    QVERIFY(f.accepts("DEBUG anything"));
    QVERIFY(LineFilter().isPassThrough());
    QVERIFY(!LineFilter::create(LogFilters{QStringLiteral("warn"), {}, {}}, false, nullptr).isPassThrough());
    QVERIFY(!LineFilter::create(LogFilters{{}, {QStringLiteral("x")}, {}}, false, nullptr).isPassThrough());
}

void TestLineFilter::detectLevel_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<std::optional<LogLevel>>("expected");
    const std::optional<LogLevel> none, debug = LogLevel::Debug, info = LogLevel::Info,
                                        warn = LogLevel::Warn, error = LogLevel::Error;
    QTest::newRow("DEBUG bare") << QByteArray("DEBUG cache warmed") << debug;
    QTest::newRow("trace lower") << QByteArray("trace: entering") << debug;
    QTest::newRow("INFO colon") << QByteArray("INFO: started") << info;
    QTest::newRow("notice") << QByteArray("Notice server ready") << info;
    QTest::newRow("WARN") << QByteArray("WARN disk 91%") << warn;
    QTest::newRow("warning colon") << QByteArray("warning: deprecated") << warn;
    QTest::newRow("ERROR") << QByteArray("ERROR failed") << error;
    QTest::newRow("ERR") << QByteArray("ERR x") << error;
    QTest::newRow("FATAL") << QByteArray("FATAL oom") << error;
    QTest::newRow("critical") << QByteArray("Critical: db gone") << error;
    QTest::newRow("PANIC") << QByteArray("PANIC") << error; // bare at the end of the line
    QTest::newRow("leading spaces") << QByteArray("   \tINFO indented") << info;
    QTest::newRow("bracketed") << QByteArray("[WARN] low memory") << warn;
    QTest::newRow("bracketed lower") << QByteArray("[error] boom") << error;
    QTest::newRow("after RFC 3339") << QByteArray("2025-08-02T17:38:02+03:00 ERROR boom") << error;
    QTest::newRow("after ISO, millis, Z") << QByteArray("2025-08-02T14:38:02.123Z [DEBUG] x") << debug;
    QTest::newRow("after date space time") << QByteArray("2025-08-02 17:38:02,500 WARNING y") << warn;
    QTest::newRow("after bracketed time") << QByteArray("[2025-08-02T17:38:02Z] INFO z") << info;
    QTest::newRow("logfmt") << QByteArray("ts=1 level=warn msg=\"x\"") << warn;
    QTest::newRow("logfmt quoted") << QByteArray("msg=hi level=\"error\" id=3") << error;
    QTest::newRow("logfmt first") << QByteArray("level=debug msg=x") << debug;
    QTest::newRow("not a word prefix") << QByteArray("Information only") << none;
    QTest::newRow("word later in line") << QByteArray("request handled with no ERROR") << none;
    QTest::newRow("level= inside another key") << QByteArray("loglevel=error x") << none;
    QTest::newRow("plain text") << QByteArray("hello world") << none;
    QTest::newRow("empty") << QByteArray() << none;
    QTest::newRow("unknown bracket") << QByteArray("[main] started") << none;
    QTest::newRow("json level") << QByteArray(R"({"level":"warn","msg":"x"})") << warn;
    QTest::newRow("json lvl") << QByteArray(R"(  {"lvl":"ERROR"})") << error;
    QTest::newRow("json severity") << QByteArray(R"({"severity":"notice"})") << info;
    QTest::newRow("json log.level") << QByteArray(R"({"log.level":"debug"})") << debug;
    QTest::newRow("json nested log.level") << QByteArray(R"({"log":{"level":"error"}})") << error;
    QTest::newRow("json pino number") << QByteArray(R"({"level":50,"msg":"x"})") << error;
    QTest::newRow("json without level ignores text") << QByteArray(R"({"msg":"level=error"})") << none;
    QTest::newRow("broken json falls back") << QByteArray("{not json} level=info") << info;
}

void TestLineFilter::detectLevel()
{
    QFETCH(QByteArray, line);
    QFETCH(std::optional<LogLevel>, expected);
    QCOMPARE(LineFilter::detectLevel(line, true), expected);
}

void TestLineFilter::structuredOnlyWhenAsked()
{
    const QByteArray json(R"({"level":"error","msg":"x"})");
    QCOMPARE(LineFilter::detectLevel(json, true), LogLevel::Error);
    QCOMPARE(LineFilter::detectLevel(json, false), std::nullopt);
}

void TestLineFilter::excludeWins()
{
    LogFilters cfg;
    cfg.excludePatterns = {QStringLiteral("healthz"), QStringLiteral("^DEBUG")};
    cfg.includePatterns = {QStringLiteral("GET")};
    const LineFilter f = LineFilter::create(cfg, false, nullptr);
    QVERIFY(!f.isPassThrough());
    QVERIFY(f.accepts("GET /index"));
    QVERIFY(!f.accepts("GET /healthz")); // matches include, but exclude wins
    QVERIFY(!f.accepts("DEBUG GET /x"));
    QVERIFY(f.accepts(QByteArray("GET /caf\xc3\xa9")));
}

void TestLineFilter::includeNeedsOneMatch()
{
    LogFilters cfg;
    cfg.includePatterns = {QStringLiteral("^ERROR"), QStringLiteral("timeout \\d+ms")};
    const LineFilter f = LineFilter::create(cfg, false, nullptr);
    QVERIFY(f.accepts("ERROR boom"));
    QVERIFY(f.accepts("request timeout 300ms"));
    QVERIFY(!f.accepts("request timeout soon"));
    QVERIFY(!f.accepts(""));
    // Unicode: patterns see the decoded text.
    cfg.includePatterns = {QStringLiteral("é+")};
    QVERIFY(LineFilter::create(cfg, false, nullptr).accepts(QString::fromUtf8("caf\u00e9").toUtf8()));
}

void TestLineFilter::levelFilter()
{
    const LineFilter warn = LineFilter::create(LogFilters{QStringLiteral("warn"), {}, {}}, true, nullptr);
    QVERIFY(!warn.accepts("DEBUG x"));
    QVERIFY(!warn.accepts("[INFO] x"));
    QVERIFY(warn.accepts("WARNING x"));
    QVERIFY(warn.accepts("2025-08-02T17:38:02Z ERROR x"));
    QVERIFY(warn.accepts("no level here")); // undetectable: kept
    QVERIFY(!warn.accepts(R"({"level":"info"})"));
    QVERIFY(warn.accepts(R"({"level":"fatal"})"));

    const LineFilter debug = LineFilter::create(LogFilters{QStringLiteral("DEBUG"), {}, {}}, false, nullptr);
    QVERIFY(debug.accepts("TRACE x"));
    // Combined with patterns: both must let the line through.
    const LineFilter both = LineFilter::create(LogFilters{QStringLiteral("error"), {}, {QStringLiteral("db")}}, false, nullptr);
    QVERIFY(both.accepts("ERROR db down"));
    QVERIFY(!both.accepts("INFO db up"));
    QVERIFY(!both.accepts("ERROR cache down"));
}

void TestLineFilter::invalidRegexReportedAndIgnored()
{
    LogFilters cfg;
    cfg.excludePatterns = {QStringLiteral("ok"), QStringLiteral("(")};
    QStringList errors;
    // Also logged, so a bad pattern shows in the agent's log even when nobody reads `errors`.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^exclude_patterns\\[1\\]: invalid")));
    const LineFilter f = LineFilter::create(cfg, false, &errors);
    QCOMPARE(errors.size(), 1);
    const QString expectedStart = QStringLiteral("exclude_patterns[1]: invalid regular expression '(': ");
    QVERIFY2(errors[0].startsWith(expectedStart), qPrintable(errors[0]));
    QVERIFY2(errors[0].contains(QRegularExpression(QStringLiteral(" at offset \\d+$"))), qPrintable(errors[0]));
    QVERIFY(!f.accepts("ok line")); // the valid pattern still applies
    QVERIFY(f.accepts("(other"));    // the broken one does not reject everything

    cfg = LogFilters{};
    cfg.includePatterns = {QStringLiteral("[a-")};
    errors.clear();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^include_patterns\\[0\\]: invalid")));
    const LineFilter g = LineFilter::create(cfg, false, &errors);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors[0].startsWith(QStringLiteral("include_patterns[0]: invalid regular expression '[a-'")));
    QVERIFY(g.isPassThrough()); // nothing valid remains
}

void TestLineFilter::unknownLevelFilterReported()
{
    QStringList errors;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^level_filter: unknown level")));
    const LineFilter f = LineFilter::create(LogFilters{QStringLiteral("verbose"), {}, {}}, false, &errors);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors[0].startsWith(QStringLiteral("level_filter: unknown level 'verbose'")));
    QVERIFY(f.isPassThrough());
}

QTEST_GUILESS_MAIN(TestLineFilter)
#include "tst_linefilter.moc"
