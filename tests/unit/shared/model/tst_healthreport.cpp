// model::HealthReport, the one type health.get is written and read with (agent, hsuctl, GUI):
// every field survives a round trip through JSON, and what is not a report is refused.

#include "shared/model/HealthReport.h"

#include <QJsonArray>
#include <QTest>

using namespace hsu::model;

class TestHealthReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        HealthReport h;
        h.id = QStringLiteral("db");
        h.kind = QStringLiteral("grpc");
        h.target = QStringLiteral("127.0.0.1:50051 service db");
        h.enabled = false;
        h.intervalMs = 1000;
        h.timeoutMs = 250;
        h.initialDelayMs = 50;
        h.retries = 3;
        h.health = QStringLiteral("degraded");
        h.reason = QStringLiteral("127.0.0.1:50051 says NOT_SERVING (1 of 3 in a row)");
        h.failuresInARow = 1;
        h.checks = 12;
        h.failures = 2;
        // Times in ms: the protocol's precision.
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch());
        h.results = {HealthResult{t.addMSecs(-1000), true, 3, QString(), QStringLiteral("healthy")},
                     HealthResult{t, false, 250, QStringLiteral("no answer within 250 ms"), QStringLiteral("degraded")}};
        const std::optional<HealthReport> back = HealthReport::fromJson(h.toJson());
        QVERIFY(back);
        QCOMPARE(back->results.size(), 2);
        QCOMPARE(back->results[0].at, h.results[0].at);
        QCOMPARE(*back, h);
    }

    void noCheckRoundTrips()
    {
        HealthReport h;
        h.id = QStringLiteral("plain");
        const auto back = HealthReport::fromJson(h.toJson());
        QVERIFY(back);
        QCOMPARE(*back, h);
        QVERIFY(back->kind.isEmpty());
    }

    void refused_data()
    {
        QTest::addColumn<QJsonObject>("json");
        HealthReport h;
        h.id = QStringLiteral("x");
        const QJsonObject good = h.toJson();
        QJsonObject noId = good;
        noId.remove(QStringLiteral("id"));
        QJsonObject noCheck = good;
        noCheck.remove(QStringLiteral("check"));
        QJsonObject badResult = good;
        badResult.insert(QStringLiteral("results"), QJsonArray{QJsonObject{{QStringLiteral("ok"), QStringLiteral("yes")}}});
        QTest::newRow("empty") << QJsonObject();
        QTest::newRow("no id") << noId;
        QTest::newRow("no check") << noCheck;
        QTest::newRow("a result without time or a bool ok") << badResult;
    }
    void refused()
    {
        QFETCH(QJsonObject, json);
        QVERIFY(!HealthReport::fromJson(json));
    }
};

QTEST_GUILESS_MAIN(TestHealthReport)
#include "tst_healthreport.moc"
