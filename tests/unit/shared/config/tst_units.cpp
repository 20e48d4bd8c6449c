#include "shared/config/Units.h"

#include <QTest>

using namespace hsu::config;
using namespace std::chrono_literals;

class TestUnits final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseDuration_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("ms") << QStringLiteral("500ms") << true << qint64(500);
        QTest::newRow("s") << QStringLiteral("5s") << true << qint64(5000);
        QTest::newRow("compound") << QStringLiteral("1m30s") << true << qint64(90'000);
        QTest::newRow("hours") << QStringLiteral("2h") << true << qint64(7'200'000);
        QTest::newRow("days") << QStringLiteral("3d") << true << qint64(3 * 86'400'000LL);
        QTest::newRow("fraction") << QStringLiteral("1.5h") << true << qint64(5'400'000);
        QTest::newRow("all units") << QStringLiteral("1d2h3m4s5ms") << true
                                   << qint64(86'400'000 + 7'200'000 + 180'000 + 4000 + 5);
        QTest::newRow("bare seconds") << QStringLiteral("10") << true << qint64(10'000);
        QTest::newRow("bare fraction") << QStringLiteral("2.5") << true << qint64(2500);
        QTest::newRow("zero") << QStringLiteral("0") << true << qint64(0);
        QTest::newRow("spaces around") << QStringLiteral(" 5s ") << true << qint64(5000);
        QTest::newRow("empty") << QString() << false << qint64(0);
        QTest::newRow("word") << QStringLiteral("soon") << false << qint64(0);
        QTest::newRow("unknown unit") << QStringLiteral("5w") << false << qint64(0);
        QTest::newRow("negative") << QStringLiteral("-5s") << false << qint64(0);
        QTest::newRow("trailing number") << QStringLiteral("1m30") << false << qint64(0);
        QTest::newRow("space inside") << QStringLiteral("5 s") << false << qint64(0);
        QTest::newRow("unit only") << QStringLiteral("s") << false << qint64(0);
        QTest::newRow("huge") << QStringLiteral("99999999999999999999d") << false << qint64(0);
        // Found by tests/fuzz (regressions/fuzz_config_values): past 2^53 ms the parts' double sum
        // rounds, so the formatted text read back as another duration.
        QTest::newRow("past 2^53 ms") << QStringLiteral("555558255555585") << false << qint64(0);
        QTest::newRow("2^53 - 1 ms") << QStringLiteral("104249991d8h59m991ms") << true << qint64(9007199254740991);
        QTest::newRow("2^53 ms") << QStringLiteral("104249991d8h59m992ms") << false << qint64(0);
        QTest::newRow("2^53 + 1 ms") << QStringLiteral("104249991d8h59m993ms") << false << qint64(0);
    }
    void parseDuration()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, ms);
        const std::optional<Duration> d = hsu::config::parseDuration(text);
        QCOMPARE(d.has_value(), valid);
        if (valid)
            QCOMPARE(d->count(), ms);
    }

    void formatDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("ms") << qint64(500) << QStringLiteral("500ms");
        QTest::newRow("s") << qint64(5000) << QStringLiteral("5s");
        QTest::newRow("compound") << qint64(90'000) << QStringLiteral("1m30s");
        QTest::newRow("hours") << qint64(7'200'000) << QStringLiteral("2h");
        QTest::newRow("days") << qint64(3 * 86'400'000LL) << QStringLiteral("3d");
        QTest::newRow("odd") << qint64(86'400'000 + 1) << QStringLiteral("1d1ms");
    }
    void formatDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(hsu::config::formatDuration(Duration(ms)), text);
        // and it reads back exactly
        QCOMPARE(hsu::config::parseDuration(text)->count(), ms);
    }

    void parseSize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("bytes") << QStringLiteral("104857600") << true << qint64(104857600);
        QTest::newRow("KB") << QStringLiteral("512KB") << true << qint64(512 * 1024);
        QTest::newRow("MB") << QStringLiteral("100MB") << true << qint64(100LL * 1024 * 1024);
        QTest::newRow("GB") << QStringLiteral("1GB") << true << qint64(1LL << 30);
        QTest::newRow("GiB") << QStringLiteral("1GiB") << true << qint64(1LL << 30);
        QTest::newRow("TB") << QStringLiteral("2TB") << true << qint64(2LL << 40);
        QTest::newRow("lower case") << QStringLiteral("100mb") << true << qint64(100LL * 1024 * 1024);
        QTest::newRow("short unit") << QStringLiteral("64K") << true << qint64(64 * 1024);
        QTest::newRow("B") << QStringLiteral("10B") << true << qint64(10);
        QTest::newRow("space") << QStringLiteral("100 MB") << true << qint64(100LL * 1024 * 1024);
        QTest::newRow("fraction") << QStringLiteral("1.5KB") << true << qint64(1536);
        QTest::newRow("zero") << QStringLiteral("0") << true << qint64(0);
        QTest::newRow("word") << QStringLiteral("big") << false << qint64(0);
        QTest::newRow("unknown unit") << QStringLiteral("5PB") << false << qint64(0);
        QTest::newRow("negative") << QStringLiteral("-1MB") << false << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0);
        QTest::newRow("overflow") << QStringLiteral("99999999999TB") << false << qint64(0);
    }
    void parseSize()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, bytes);
        const std::optional<qint64> s = hsu::config::parseSize(text);
        QCOMPARE(s.has_value(), valid);
        if (valid)
            QCOMPARE(*s, bytes);
    }

    void formatSize_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0");
        QTest::newRow("odd bytes") << qint64(1000) << QStringLiteral("1000");
        QTest::newRow("KB") << qint64(512 * 1024) << QStringLiteral("512KB");
        QTest::newRow("MB") << qint64(100LL * 1024 * 1024) << QStringLiteral("100MB");
        QTest::newRow("GB") << qint64(1LL << 30) << QStringLiteral("1GB");
        QTest::newRow("1.5GB is MB") << qint64(3LL << 29) << QStringLiteral("1536MB");
    }
    void formatSize()
    {
        QFETCH(qint64, bytes);
        QFETCH(QString, text);
        QCOMPARE(hsu::config::formatSize(bytes), text);
        QCOMPARE(*hsu::config::parseSize(text), bytes);
    }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
