#include "agent/core/RestartPolicy.h"

#include <QTest>

using namespace hsu::agent;
using hsu::config::WorkerSpec;
using hsu::config::ProfileType;
namespace cfg = hsu::config;
using namespace std::chrono_literals;

class TestRestartPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decide_data();
    void decide();
    void delaysFollowTheFormula();
    void profileMultiplierScalesAttempts();
    void everyCauseHasItsOwnRetrySettings();
};

static ExitInfo code(int c) { ExitInfo e; e.exitCode = c; return e; }
static ExitInfo sig(int s) { ExitInfo e; e.signal = s; return e; }

void TestRestartPolicy::decide_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<bool>("crashed");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<int>("expected");
    using A = RestartDecision::Action;
    const int never = int(cfg::RestartPolicy::Never), onf = int(cfg::RestartPolicy::OnFailure),
              always = int(cfg::RestartPolicy::Always), unless = int(cfg::RestartPolicy::UnlessStopped);
    QTest::newRow("never, exit 0") << never << false << 0 << int(A::Exited);
    QTest::newRow("never, exit 1") << never << false << 1 << int(A::Failed);
    QTest::newRow("never, signal") << never << true << 11 << int(A::Failed);
    QTest::newRow("on-failure, exit 0") << onf << false << 0 << int(A::Exited);
    QTest::newRow("on-failure, exit 3") << onf << false << 3 << int(A::Restart);
    QTest::newRow("on-failure, signal") << onf << true << 9 << int(A::Restart);
    QTest::newRow("always, exit 0") << always << false << 0 << int(A::Restart);
    QTest::newRow("always, exit 2") << always << false << 2 << int(A::Restart);
    QTest::newRow("unless-stopped, exit 0") << unless << false << 0 << int(A::Restart);
}

void TestRestartPolicy::decide()
{
    QFETCH(int, policy);
    QFETCH(bool, crashed);
    QFETCH(int, exitCode);
    QFETCH(int, expected);
    WorkerSpec spec;
    spec.restartPolicy = cfg::RestartPolicy(policy);
    const auto d = RestartPolicy::decide(spec, crashed ? sig(exitCode) : code(exitCode), 0);
    QCOMPARE(int(d.action), expected);
    QVERIFY(d.action == RestartDecision::Action::Restart || !d.reason.isEmpty());
}

void TestRestartPolicy::delaysFollowTheFormula()
{
    WorkerSpec spec;
    spec.restartPolicy = cfg::RestartPolicy::Always;
    spec.profileType = ProfileType::Web; // built-in multiplier 1
    spec.restart.defaultRetry = {3, 1000ms, 2.0};
    QCOMPARE(RestartPolicy::decide(spec, code(1), 0).delay, 1000ms);
    QCOMPARE(RestartPolicy::decide(spec, code(1), 1).delay, 2000ms);
    QCOMPARE(RestartPolicy::decide(spec, code(1), 2).delay, 4000ms);
    const auto giveUp = RestartPolicy::decide(spec, code(1), 3);
    QCOMPARE(giveUp.action, RestartDecision::Action::Failed);
    QVERIFY2(giveUp.reason.contains(QLatin1String("gave up after 3 restarts")), qPrintable(giveUp.reason));
    // 0 means at once (HSU floors it at 1 s; we do not).
    spec.restart.defaultRetry.retryDelay = 0ms;
    QCOMPARE(RestartPolicy::decide(spec, code(1), 2).delay, 0ms);
}

void TestRestartPolicy::profileMultiplierScalesAttempts()
{
    WorkerSpec spec;
    spec.restartPolicy = cfg::RestartPolicy::Always;
    spec.restart.defaultRetry = {2, 100ms, 1.0};
    spec.profileType = ProfileType::Database; // built-in 5: 10 attempts, delay x5
    QCOMPARE(RestartPolicy::decide(spec, code(1), 0).delay, 500ms);
    QCOMPARE(RestartPolicy::decide(spec, code(1), 9).action, RestartDecision::Action::Restart);
    QCOMPARE(RestartPolicy::decide(spec, code(1), 10).action, RestartDecision::Action::Failed);
    // A user map replaces the built-in one; a profile missing from it counts 1.
    spec.restart.workerProfileMultipliers = {{QStringLiteral("web"), 4.0}};
    QCOMPARE(RestartPolicy::decide(spec, code(1), 1).action, RestartDecision::Action::Restart);
    QCOMPARE(RestartPolicy::decide(spec, code(1), 2).action, RestartDecision::Action::Failed);
    // max(1, ...): even a zero product allows one attempt.
    spec.restart.defaultRetry.maxRetries = 0;
    QCOMPARE(RestartPolicy::decide(spec, code(1), 0).action, RestartDecision::Action::Restart);
    QCOMPARE(RestartPolicy::decide(spec, code(1), 1).action, RestartDecision::Action::Failed);
}

void TestRestartPolicy::everyCauseHasItsOwnRetrySettings()
{
    // One decision for every cause (an exit, a resource limit's policy, a failed health check),
    // each with its retry settings; restart_policy speaks only for exits.
    WorkerSpec spec;
    spec.restartPolicy = cfg::RestartPolicy::Never;
    spec.restart.defaultRetry = {1, 0ms, 1.0};
    spec.restart.resourceViolations = {3, 2000ms, 2.0};
    spec.restart.healthFailures = {2, 500ms, 1.0};
    using A = RestartDecision::Action;
    QCOMPARE(int(RestartPolicy::decide(spec, code(1), 0).action), int(A::Failed)); // never

    const QString why = QStringLiteral("max_rss 50 MB exceeded");
    RestartRequest violation{RestartCause::ResourceViolation, ExitInfo(), why, 0};
    QList<qint64> delays;
    for (; violation.attemptsUsed < 3; ++violation.attemptsUsed) {
        const RestartDecision d = RestartPolicy::decide(spec, violation);
        QCOMPARE(int(d.action), int(A::Restart));
        QCOMPARE(d.reason, why);
        delays << d.delay.count();
    }
    QCOMPARE(delays, (QList<qint64>{2000, 4000, 8000}));
    const RestartDecision giveUp = RestartPolicy::decide(spec, violation);
    QCOMPARE(int(giveUp.action), int(A::Failed));
    QVERIFY2(giveUp.reason.contains(QLatin1String("gave up after 3 restarts for resource violations")), qPrintable(giveUp.reason));
    QVERIFY2(giveUp.reason.contains(why), qPrintable(giveUp.reason));

    RestartRequest health{RestartCause::HealthFailure, ExitInfo(), QStringLiteral("HTTP 503"), 1};
    QCOMPARE(RestartPolicy::decide(spec, health).delay.count(), 500);
    health.attemptsUsed = 2;
    QVERIFY(RestartPolicy::decide(spec, health).reason.contains(QLatin1String("for failed health checks")));

    // What the exit watcher is told ahead agrees with decide() for exits.
    spec.restartPolicy = cfg::RestartPolicy::OnFailure;
    for (int used = 0; used < 3; ++used)
        for (const bool clean : {true, false}) {
            const RestartDecision d = RestartPolicy::decide(spec, code(clean ? 0 : 1), used);
            QCOMPARE(RestartPolicy::restartsAtOnce(spec, clean, used), d.action == A::Restart && d.delay.count() == 0);
        }
}

QTEST_GUILESS_MAIN(TestRestartPolicy)
#include "tst_restartpolicy.moc"
