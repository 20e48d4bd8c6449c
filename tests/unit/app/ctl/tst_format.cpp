#include "app/ctl/CtlFormat.h"

#include <QTest>

using namespace hsu;
using namespace hsu::ctl;

class TestFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void duration_data();
    void duration();
    void exitColumn();
    void uptimeOrSince();
    void table();
};

void TestFormat::duration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("negative (clock skew)") << qint64(-5000) << QStringLiteral("0s");
    QTest::newRow("seconds") << qint64(42'900) << QStringLiteral("42s");
    QTest::newRow("minutes") << qint64(12 * 60'000 + 5'000) << QStringLiteral("12m05s");
    QTest::newRow("hours") << qint64(3 * 3'600'000 + 4 * 60'000) << QStringLiteral("3h04m");
    QTest::newRow("days") << qint64(2 * 86'400'000 + 3 * 3'600'000) << QStringLiteral("2d03h");
}

void TestFormat::duration()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ms), text);
}

void TestFormat::exitColumn()
{
    model::WorkerStatus w;
    QCOMPARE(formatExit(w), QStringLiteral("-"));
    w.exitCode = 0;
    QCOMPARE(formatExit(w), QStringLiteral("0"));
    w.exitCode = 3;
    QCOMPARE(formatExit(w), QStringLiteral("3"));
    w.exitCode.reset();
    w.exitSignal = 9;
    QCOMPARE(formatExit(w), QStringLiteral("SIGKILL"));
    w.exitSignal = 15;
    QCOMPARE(formatExit(w), QStringLiteral("SIGTERM"));
    w.exitSignal = 42;
    QCOMPARE(formatExit(w), QStringLiteral("signal 42"));
}

void TestFormat::uptimeOrSince()
{
    const QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-01T12:00:00Z"), Qt::ISODate);
    model::WorkerStatus w;
    QCOMPARE(formatUptimeOrSince(w, now), QStringLiteral("-"));
    w.state = model::WorkerState::Running;
    w.pid = 10;
    w.startedAt = now.addSecs(-125);
    w.since = now.addSecs(-120);
    QCOMPARE(formatUptimeOrSince(w, now), QStringLiteral("2m05s"));
    w.state = model::WorkerState::Failed;
    w.pid = 0;
    QCOMPARE(formatUptimeOrSince(w, now), QStringLiteral("2m00s ago"));
    w.state = model::WorkerState::Backoff;
    w.nextRestartMs = 2500;
    QCOMPARE(formatUptimeOrSince(w, now), QStringLiteral("restart in 3s"));
}

void TestFormat::table()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    model::WorkerStatus db;
    db.id = QStringLiteral("db");
    db.state = model::WorkerState::Running;
    db.pid = 4242;
    db.restarts = 2;
    db.startedAt = now.addSecs(-3600 * 5);
    db.health = QStringLiteral("healthy");
    model::WorkerStatus batch;
    batch.id = QStringLiteral("nightly-batch");
    batch.state = model::WorkerState::Failed;
    batch.exitCode = 3;
    batch.reason = QStringLiteral("exited with code 3\nsecond line");
    batch.since = now.addSecs(-30);

    const QStringList lines = formatStatusTable({db, batch}, now).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith(QStringLiteral("ID ")));
    for (const char *col : {"STATE", "HEALTH", "PID", "RESTARTS", "EXIT", "UPTIME/SINCE", "REASON"})
        QVERIFY2(lines.at(0).contains(QString::fromUtf8(col)), col);
    // The health check's verdict under HEALTH; "-" for a worker without one.
    const qsizetype healthCol = lines.at(0).indexOf(QStringLiteral("HEALTH"));
    QCOMPARE(lines.at(1).indexOf(QStringLiteral("healthy")), healthCol);
    QCOMPARE(lines.at(2).mid(healthCol, 2), QStringLiteral("- "));
    // Columns line up: every row has STATE where the header has it.
    const qsizetype stateCol = lines.at(0).indexOf(QStringLiteral("STATE"));
    QCOMPARE(lines.at(1).indexOf(QStringLiteral("running")), stateCol);
    QCOMPARE(lines.at(2).indexOf(QStringLiteral("failed")), stateCol);
    QVERIFY(lines.at(1).contains(QStringLiteral("4242")));
    QVERIFY(lines.at(1).contains(QStringLiteral("5h00m")));
    QVERIFY(lines.at(2).contains(QStringLiteral("30s ago")));
    QVERIFY(lines.at(2).endsWith(QStringLiteral("exited with code 3 second line"))); // one line per worker
    QVERIFY(!lines.at(1).contains(QStringLiteral("re-adopted")));

    // A process taken back from an earlier agent says so beside its pid.
    db.adopted = true;
    const QStringList adopted = formatStatusTable({db}, now).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(adopted.at(1).contains(QStringLiteral("4242 (re-adopted)")), qPrintable(adopted.at(1)));
}

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"
