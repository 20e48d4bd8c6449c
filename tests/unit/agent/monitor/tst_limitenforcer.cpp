// LimitEnforcer's rules, with samples and times made up: warning threshold, violation, spike
// tolerance for hard resources, sustained time for rates, the startup grace period (rates only), one action per
// process, restart_adjusted raising the limit up to twice.

#include "agent/monitor/LimitEnforcer.h"

#include <QTest>

using namespace hsu;
using namespace hsu::agent::monitor;
using namespace std::chrono_literals;

namespace {

constexpr qint64 MiB = 1024 * 1024;

config::WorkerSpec spec(config::LimitPolicy memoryPolicy, int warning = 80)
{
    config::WorkerSpec s;
    s.id = QStringLiteral("w");
    s.limits.memory.maxRss = 100 * MiB;
    s.limits.memory.warningThreshold = warning;
    s.limits.memory.policy = memoryPolicy;
    s.restart.startupGracePeriod = 0s;
    s.restart.spikeToleranceTime = 0s;
    s.restart.sustainedViolationTime = 0s;
    return s;
}

model::ResourceSample rss(qint64 bytes)
{
    model::ResourceSample s;
    s.rssBytes = bytes;
    s.processes = 1;
    return s;
}

model::ResourceSample cpu(double percent)
{
    model::ResourceSample s;
    s.cpuPercent = percent;
    s.processes = 1;
    return s;
}

QStringList kinds(const EnforcerDecision &d)
{
    QStringList k;
    for (const QJsonObject &e : d.events)
        k << e.value(QLatin1String("kind")).toString();
    return k;
}

} // namespace

class TestLimitEnforcer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void warningOnceThenViolationThenAction()
    {
        LimitEnforcer e(spec(config::LimitPolicy::Restart));
        e.processStarted(0);
        EnforcerDecision d = e.evaluate(rss(50 * MiB), 1000);
        QVERIFY(d.events.isEmpty());
        d = e.evaluate(rss(85 * MiB), 2000);
        QCOMPARE(kinds(d), QStringList{QStringLiteral("warning")});
        QCOMPARE(d.action, LimitAction::None);
        d = e.evaluate(rss(90 * MiB), 3000);
        QVERIFY(d.events.isEmpty()); // still above the threshold: not said twice
        d = e.evaluate(rss(120 * MiB), 4000);
        QCOMPARE(kinds(d), (QStringList{QStringLiteral("violation"), QStringLiteral("action")}));
        QCOMPARE(d.action, LimitAction::Restart);
        QCOMPARE(d.resource, QStringLiteral("memory"));
        QVERIFY2(d.reason.contains(QLatin1String("over max_rss")), qPrintable(d.reason));
        QCOMPARE(d.events.last().value(QLatin1String("action")).toString(), QStringLiteral("restart"));
        // One action per process.
        d = e.evaluate(rss(130 * MiB), 5000);
        QCOMPARE(d.action, LimitAction::None);
        // The next process may be acted on again; the warning is re-armed too.
        e.processStarted(6000);
        d = e.evaluate(rss(85 * MiB), 7000);
        QCOMPARE(kinds(d), QStringList{QStringLiteral("warning")});
        d = e.evaluate(rss(120 * MiB), 8000);
        QCOMPARE(d.action, LimitAction::Restart);
    }

    void warningReArmsBelowThreshold()
    {
        LimitEnforcer e(spec(config::LimitPolicy::Log, 50));
        e.processStarted(0);
        QCOMPARE(kinds(e.evaluate(rss(60 * MiB), 1)), QStringList{QStringLiteral("warning")});
        QVERIFY(e.evaluate(rss(40 * MiB), 2).events.isEmpty());
        QCOMPARE(kinds(e.evaluate(rss(60 * MiB), 3)), QStringList{QStringLiteral("warning")});
    }

    void logAndAlertReportButDoNotAct()
    {
        for (auto policy : {config::LimitPolicy::Log, config::LimitPolicy::Alert}) {
            LimitEnforcer e(spec(policy, 0));
            e.processStarted(0);
            const EnforcerDecision d = e.evaluate(rss(200 * MiB), 1000);
            QCOMPARE(kinds(d), QStringList{QStringLiteral("violation")});
            QCOMPARE(d.action, LimitAction::None);
            QCOMPARE(d.events[0].value(QLatin1String("alert")).toBool(), policy == config::LimitPolicy::Alert);
        }
        LimitEnforcer none(spec(config::LimitPolicy::None));
        none.processStarted(0);
        QVERIFY(none.evaluate(rss(200 * MiB), 1000).events.isEmpty());
    }

    void spikeToleranceForMemory()
    {
        config::WorkerSpec s = spec(config::LimitPolicy::ImmediateKill, 0);
        s.restart.spikeToleranceTime = 3s;
        s.restart.sustainedViolationTime = 60s; // not what memory waits for
        LimitEnforcer e(s);
        e.processStarted(0);
        EnforcerDecision d = e.evaluate(rss(150 * MiB), 10000);
        QCOMPARE(kinds(d), QStringList{QStringLiteral("violation")});
        QCOMPARE(e.evaluate(rss(150 * MiB), 12000).action, LimitAction::None); // 2 s: a spike still
        QVERIFY(e.evaluate(rss(50 * MiB), 12500).events.isEmpty());           // back under: forgotten
        e.evaluate(rss(150 * MiB), 13000);
        QCOMPARE(e.evaluate(rss(150 * MiB), 15000).action, LimitAction::None);
        QCOMPARE(e.evaluate(rss(150 * MiB), 16000).action, LimitAction::ImmediateKill); // 3 s over
    }

    void sustainedTimeForCpu()
    {
        config::WorkerSpec s;
        s.id = QStringLiteral("w");
        s.limits.cpu.maxPercent = 50;
        s.limits.cpu.policy = config::LimitPolicy::GracefulShutdown;
        s.restart.startupGracePeriod = 0s;
        s.restart.sustainedViolationTime = 10s;
        LimitEnforcer e(s);
        e.processStarted(0);
        e.evaluate(cpu(90), 1000);
        QCOMPARE(e.evaluate(cpu(90), 9000).action, LimitAction::None);
        const EnforcerDecision d = e.evaluate(cpu(90), 11000);
        QCOMPARE(d.action, LimitAction::GracefulShutdown);
        QCOMPARE(d.resource, QStringLiteral("cpu"));
    }

    void startupGraceForgivesRatesNotRunaways()
    {
        // CPU over its limit during the grace period: reported, not acted on until it is over.
        config::WorkerSpec s;
        s.id = QStringLiteral("w");
        s.limits.cpu.maxPercent = 50;
        s.limits.cpu.policy = config::LimitPolicy::Restart;
        s.restart.startupGracePeriod = 30s;
        s.restart.sustainedViolationTime = 0s;
        LimitEnforcer e(s);
        e.processStarted(100000);
        EnforcerDecision d = e.evaluate(cpu(90), 110000);
        QCOMPARE(kinds(d), QStringList{QStringLiteral("violation")});
        QVERIFY(d.events[0].value(QLatin1String("message")).toString().contains(QLatin1String("grace")));
        QCOMPARE(d.action, LimitAction::None);
        QCOMPARE(e.evaluate(cpu(90), 131000).action, LimitAction::Restart);

        // Memory over its limit during the grace period: acted on after spike_tolerance_time as
        // always (a worker at 400 MB of a 50 MB limit must not get two minutes).
        config::WorkerSpec m = spec(config::LimitPolicy::Restart, 0);
        m.restart.startupGracePeriod = 120s;
        m.restart.spikeToleranceTime = 2s;
        LimitEnforcer em(m);
        em.processStarted(0);
        d = em.evaluate(rss(400 * MiB), 1000);
        QCOMPARE(d.action, LimitAction::None);
        QVERIFY(!d.events.isEmpty());
        QVERIFY(!d.events.last().value(QLatin1String("message")).toString().contains(QLatin1String("grace")));
        QCOMPARE(em.evaluate(rss(400 * MiB), 2500).action, LimitAction::None);
        QCOMPARE(em.evaluate(rss(400 * MiB), 3100).action, LimitAction::Restart);
    }

    void restartAdjustedRaisesTheLimitUpToTwice()
    {
        LimitEnforcer e(spec(config::LimitPolicy::RestartAdjusted, 0));
        qint64 t = 0;
        QCOMPARE(e.adjustment(QStringLiteral("memory")), 1.0);
        for (double expected : {1.5, 2.0, 2.0}) {
            e.processStarted(t);
            const EnforcerDecision d = e.evaluate(rss(300 * MiB), t + 1000);
            QCOMPARE(d.action, LimitAction::RestartAdjusted);
            QCOMPARE(e.adjustment(QStringLiteral("memory")), expected);
            t += 10000;
        }
        // 180 MiB is under the raised limit (200 MiB): no violation any more.
        e.processStarted(t);
        QVERIFY(e.evaluate(rss(180 * MiB), t + 1000).events.isEmpty());
    }

    void kernelHeldThrottleIsNotRepeated()
    {
        config::WorkerSpec s;
        s.id = QStringLiteral("w");
        s.limits.cpu.maxPercent = 25;
        s.limits.cpu.policy = config::LimitPolicy::Throttle;
        s.restart.startupGracePeriod = 0s;
        s.restart.sustainedViolationTime = 0s;
        LimitEnforcer kernel(s, {QStringLiteral("cpu")});
        kernel.processStarted(0);
        QCOMPARE(kernel.evaluate(cpu(40), 1000).action, LimitAction::None); // the quota holds it
        LimitEnforcer watched(s);
        watched.processStarted(0);
        QCOMPARE(watched.evaluate(cpu(40), 1000).action, LimitAction::Throttle);
    }
};

QTEST_GUILESS_MAIN(TestLimitEnforcer)
#include "tst_limitenforcer.moc"
