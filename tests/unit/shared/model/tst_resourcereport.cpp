// The resource payloads' one value type each (resources.get, agent.doctor, limits.violation):
// every field survives a round trip through JSON, and what is not one is refused.

#include "shared/model/ResourceReport.h"

#include <QJsonArray>
#include <QTest>

using namespace hsu::model;

namespace {
ResourceSample sample(qint64 ts)
{
    ResourceSample s;
    s.timestampMs = ts;
    s.cpuPercent = 12.5;
    s.rssBytes = 48 << 20;
    s.openFds = 7;
    s.processes = 2;
    return s;
}
} // namespace

class TestResourceReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resourceReportRoundTrips()
    {
        ResourceReport r;
        r.id = QStringLiteral("cruncher");
        r.intervalMs = 1000;
        r.resolution = QStringLiteral("10s");
        r.now = sample(2000);
        r.points = {sample(1000), sample(2000)};
        r.limits = ResourceLimits{64 << 20, 40, 16, 256, 0, 1e6, 90, 90};
        r.enforcement = {EnforcedLimit{QStringLiteral("memory.max_rss"), QStringLiteral("64 MiB"),
                                       QStringLiteral("cgroup v1 memory.limit_in_bytes"), true, QString()},
                         EnforcedLimit{QStringLiteral("cpu.max_percent"), QStringLiteral("40 %"), QStringLiteral("watched"), false,
                                       QStringLiteral("no cpu controller")}};
        r.freezer = true;
        r.cgroup = QStringLiteral("/sys/fs/cgroup/hsu/cruncher");
        r.historyBytes = 1234;
        r.historyMaxBytes = 99999;
        const auto back = ResourceReport::fromJson(r.toJson());
        QVERIFY(back);
        QCOMPARE(back->points.size(), 2);
        QCOMPARE(back->enforcement, r.enforcement);
        QCOMPARE(back->limits, r.limits);
        QCOMPARE(*back, r);
        // No process: "now" is null on the wire and absent after.
        r.now.reset();
        QVERIFY(r.toJson().value(QStringLiteral("now")).isNull());
        QCOMPARE(*ResourceReport::fromJson(r.toJson()), r);
        QVERIFY(!ResourceReport::fromJson(QJsonObject{{QStringLiteral("points"), QJsonArray()}}));
    }

    void doctorReportRoundTrips()
    {
        DoctorReport d;
        d.backends = {QStringLiteral("cgroup-v1"), QStringLiteral("rlimit")};
        d.cgroups = {QStringLiteral("v1 memory at /sys/fs/cgroup/memory")};
        d.problems = {QStringLiteral("no cpu controller")};
        d.workers.insert(QStringLiteral("a"), DoctorReport::Worker{{QStringLiteral("/sys/fs/cgroup/memory/hsu/a")}, false,
                                                                  {EnforcedLimit{QStringLiteral("process.max_processes"), QStringLiteral("16"),
                                                                                 QStringLiteral("cgroup v1 pids.max"), true, QString()}}});
        d.workers.insert(QStringLiteral("b"), DoctorReport::Worker{});
        const auto back = DoctorReport::fromJson(d.toJson());
        QVERIFY(back);
        QCOMPARE(*back, d);
        QVERIFY(!DoctorReport::fromJson(QJsonObject()));
    }

    void limitViolationRoundTrips()
    {
        LimitViolation v;
        v.worker = QStringLiteral("hog");
        v.resource = QStringLiteral("memory");
        v.kind = QStringLiteral("action");
        v.key = QStringLiteral("memory.max_rss");
        v.policy = QStringLiteral("restart");
        v.action = QStringLiteral("restart");
        v.message = QStringLiteral("memory 530 MiB over 512 MiB (policy restart)");
        v.value = 530.0 * (1 << 20);
        v.limit = 512.0 * (1 << 20);
        QCOMPARE(*LimitViolation::fromJson(v.toJson()), v);
        // A warning carries no action.
        v.kind = QStringLiteral("warning");
        v.action.clear();
        QVERIFY(!v.toJson().contains(QStringLiteral("action")));
        QCOMPARE(*LimitViolation::fromJson(v.toJson()), v);
        QVERIFY(!LimitViolation::fromJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("warning")}}));
    }
};

QTEST_GUILESS_MAIN(TestResourceReport)
#include "tst_resourcereport.moc"
