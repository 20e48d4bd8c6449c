#include "shared/config/RestartMath.h"

#include <QTest>

using namespace hsu::config;
using namespace std::chrono_literals;

class TestRestartMath final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allowedAttempts_data()
    {
        QTest::addColumn<int>("maxRetries");
        QTest::addColumn<double>("severity");
        QTest::addColumn<double>("profile");
        QTest::addColumn<int>("attempts");
        QTest::newRow("plain") << 3 << 1.0 << 1.0 << 3;
        QTest::newRow("database") << 3 << 1.0 << 5.0 << 15;
        QTest::newRow("scheduler truncates") << 3 << 1.0 << 2.5 << 7;
        QTest::newRow("warning halves") << 3 << 0.5 << 1.0 << 1;
        QTest::newRow("never below one") << 0 << 1.0 << 1.0 << 1;
        QTest::newRow("tiny multiplier") << 3 << 0.1 << 1.0 << 1;
    }
    void allowedAttempts()
    {
        QFETCH(int, maxRetries);
        QFETCH(double, severity);
        QFETCH(double, profile);
        QFETCH(int, attempts);
        RetryConfig r;
        r.maxRetries = maxRetries;
        QCOMPARE(hsu::config::allowedAttempts(r, severity, profile), attempts);
    }

    void retryDelay_data()
    {
        QTest::addColumn<qint64>("delayMs");
        QTest::addColumn<double>("backoff");
        QTest::addColumn<double>("mult");
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow("first") << qint64(5000) << 1.5 << 1.0 << 0 << qint64(5000);
        QTest::newRow("second") << qint64(5000) << 1.5 << 1.0 << 1 << qint64(7500);
        QTest::newRow("third") << qint64(5000) << 1.5 << 1.0 << 2 << qint64(11250);
        QTest::newRow("multiplied") << qint64(5000) << 1.5 << 2.0 << 1 << qint64(15000);
        QTest::newRow("zero is at once") << qint64(0) << 1.5 << 3.0 << 4 << qint64(0);
        QTest::newRow("sub-second kept") << qint64(200) << 1.0 << 1.0 << 0 << qint64(200);
    }
    void retryDelay()
    {
        QFETCH(qint64, delayMs);
        QFETCH(double, backoff);
        QFETCH(double, mult);
        QFETCH(int, attempt);
        QFETCH(qint64, expectedMs);
        RetryConfig r;
        r.retryDelay = Duration(delayMs);
        r.backoffRate = backoff;
        QCOMPARE(hsu::config::retryDelay(r, mult, attempt).count(), expectedMs);
    }

    void builtInProfileMultipliers_data()
    {
        QTest::addColumn<int>("profile");
        QTest::addColumn<double>("mult");
        QTest::newRow("batch") << int(ProfileType::Batch) << 3.0;
        QTest::newRow("web") << int(ProfileType::Web) << 1.0;
        QTest::newRow("database") << int(ProfileType::Database) << 5.0;
        QTest::newRow("worker") << int(ProfileType::Worker) << 2.0;
        QTest::newRow("scheduler") << int(ProfileType::Scheduler) << 2.5;
        QTest::newRow("default") << int(ProfileType::Default) << 1.0;
    }
    void builtInProfileMultipliers()
    {
        QFETCH(int, profile);
        QFETCH(double, mult);
        QCOMPARE(profileMultiplier(ContextAwareRestart{}, ProfileType(profile)), mult);
    }

    void userProfileMapReplacesBuiltIn()
    {
        ContextAwareRestart c;
        c.workerProfileMultipliers.insert(QStringLiteral("web"), 4.0);
        QCOMPARE(profileMultiplier(c, ProfileType::Web), 4.0);
        // Replaced entirely: database is no longer 5, a missing key counts 1.
        QCOMPARE(profileMultiplier(c, ProfileType::Database), 1.0);
    }

    void severityMultipliers()
    {
        ContextAwareRestart c;
        QCOMPARE(severityMultiplier(c, QStringLiteral("critical")), 1.0);
        QCOMPARE(severityMultiplier(c, QStringLiteral("warning")), 0.5);
        QCOMPARE(severityMultiplier(c, QStringLiteral("emergency")), 2.0);
        c.severityMultipliers.insert(QStringLiteral("critical"), 3.0);
        QCOMPARE(severityMultiplier(c, QStringLiteral("critical")), 3.0);
        QCOMPARE(severityMultiplier(c, QStringLiteral("warning")), 1.0);
    }

    void derivedResourceViolations()
    {
        const RetryConfig r = hsu::config::derivedResourceViolations(RetryConfig{4, 3s, 2.0});
        QCOMPARE(r, (RetryConfig{6, 6s, 1.5}));
    }
};

QTEST_GUILESS_MAIN(TestRestartMath)
#include "tst_restartmath.moc"
