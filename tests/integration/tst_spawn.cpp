// The spawn path with the real agent: a child created in its cgroup v2 folder, and restarts from
// a standby that waited inside the worker's cgroup v1 hierarchies (docs/architecture.md, "The
// spawn path and cgroups"). Both need root (cgroups beneath the agent's own) and skip without.

#include "tests/helpers/support/AgentRunner.h"

#include <QtTest>

#include <unistd.h>

using hsu::test::AgentRunner;
using hsu::test::RawClient;

namespace {

QByteArray crashLoop(const QByteArray &id, const QByteArray &extra = {})
{
    return "  - id: " + id + "\n"
           "    type: managed\n"
           "    unit:\n"
           "      managed:\n"
           "        control:\n"
           "          execution: { executable_path: \"@WORKER@\", args: [\"--print-cgroup\", \"--run-for\", \"150\", "
           "\"--exit-code\", \"1\"] }\n"
           "          restart_policy: always\n"
           "          context_aware_restart: { default: { max_retries: 100000, retry_delay: 0s } }\n" + extra;
}

QJsonObject call(RawClient &c, const char *method, const QString &id = {})
{
    QJsonObject params;
    if (!id.isEmpty())
        params.insert(QStringLiteral("id"), id);
    return c.call(QLatin1String(method), params).value(QLatin1String("result")).toObject();
}

// The worker's folders, as agent.doctor lists them.
QStringList cgroupsOf(RawClient &c, const QString &id)
{
    QStringList paths;
    for (const QJsonValue &v : call(c, "agent.doctor").value(QLatin1String("workers")).toObject().value(id).toObject()
                                   .value(QLatin1String("cgroup")).toArray())
        paths << v.toString();
    return paths;
}

QList<qint64> members(const QString &dir)
{
    QList<qint64> pids;
    QFile f(dir + QStringLiteral("/cgroup.procs"));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &l : f.readAll().split('\n'))
            if (l.toLongLong() > 0)
                pids << l.toLongLong();
    return pids;
}

QString exeOf(qint64 pid)
{
    return QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).symLinkTarget();
}

// The member of the worker's cgroup that runs hsu-standby (0: none yet).
qint64 standbyIn(const QString &dir)
{
    for (qint64 pid : members(dir))
        if (QFileInfo(exeOf(pid)).fileName() == QLatin1String("hsu-standby"))
            return pid;
    return 0;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSpawn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(hsu::test::agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        if (::geteuid() != 0)
            QSKIP("cgroups beneath the agent's own need root here");
    }

    // --cgroups v1: membership in v1 pids + freezer. From its first restart on, the worker keeps a
    // standby in those cgroups, and the next restart is that very process: the same pid, in the
    // cgroups from its first instruction (it prints them), and never sampled as the worker's.
    void restartsComeFromAStandbyInItsCgroups()
    {
        AgentRunner agent;
        agent.setExtraArgs({QStringLiteral("--cgroups"), QStringLiteral("v1")});
        agent.writeConfig("workers:\n" + crashLoop("loop", "          limits: { monitoring: { interval: 200ms } }\n"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QString pidsDir;
        for (const QString &p : cgroupsOf(c, QStringLiteral("loop")))
            if (p.contains(QLatin1String("/pids/")))
                pidsDir = p;
        if (pidsDir.isEmpty())
            QSKIP("no cgroup v1 pids hierarchy here");

        qint64 standby = 0;
        QTRY_VERIFY_WITH_TIMEOUT((standby = standbyIn(pidsDir)) > 0, 15000);
        const QString helper = exeOf(standby);
        // The restart after this one is the standby itself.
        QTRY_COMPARE_WITH_TIMEOUT(call(c, "workers.get", QStringLiteral("loop")).value(QLatin1String("pid")).toInteger(),
                                  standby, 15000);
        QCOMPARE(QFileInfo(exeOf(standby)).canonicalFilePath(), QFileInfo(hsu::test::testWorkerPath()).canonicalFilePath());
        // While the next standby waits beside it, the worker is one process in its samples.
        qint64 next = 0;
        QTRY_VERIFY_WITH_TIMEOUT((next = standbyIn(pidsDir)) > 0 && next != standby, 15000);
        // (A standby waits beside nearly every run: it is prepared as soon as a run starts.)
        QTRY_VERIFY_WITH_TIMEOUT(call(c, "resources.get", QStringLiteral("loop")).value(QLatin1String("now")).toObject()
                                         .value(QLatin1String("procs")).toInteger() > 0, 15000);
        for (int i = 0; i < 5; ++i) {
            const qint64 procs = call(c, "resources.get", QStringLiteral("loop")).value(QLatin1String("now")).toObject()
                                     .value(QLatin1String("procs")).toInteger();
            QVERIFY2(procs <= 1, qPrintable(QStringLiteral("%1 processes sampled").arg(procs)));
            QTest::qWait(150);
        }
        const qint64 restarts = call(c, "workers.get", QStringLiteral("loop")).value(QLatin1String("restarts")).toInteger();
        QVERIFY2(restarts >= 2, qPrintable(QString::number(restarts)));

        // Every process it ran was in the pids cgroup from its first instruction.
        QCOMPARE(agent.terminate(), 0);
        QVERIFY(!hsu::test::processAlive(next)); // the agent let go of its standby
        const QList<QByteArray> lines = readFile(agent.logDir() + QStringLiteral("/loop-stdout.log")).split('\n');
        int runs = 0;
        for (const QByteArray &l : lines) {
            if (!l.startsWith("cgroup=") || !l.contains(":pids:"))
                continue;
            ++runs;
            QVERIFY2(l.endsWith("/loop"), l.constData());
        }
        QVERIFY2(runs >= 3, qPrintable(QString::number(runs)));
        QVERIFY(!helper.isEmpty());
    }

    // A worker under a kernel pids limit gets no standby (it would take one of its pids).
    void noStandbyUnderAPidsLimit()
    {
        AgentRunner agent;
        agent.setExtraArgs({QStringLiteral("--cgroups"), QStringLiteral("v1")});
        agent.writeConfig("workers:\n" + crashLoop("capped", "          limits: { process: { max_processes: 5 } }\n"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QString pidsDir;
        for (const QString &p : cgroupsOf(c, QStringLiteral("capped")))
            if (p.contains(QLatin1String("/pids/")))
                pidsDir = p;
        if (pidsDir.isEmpty())
            QSKIP("no cgroup v1 pids hierarchy here");
        QTRY_VERIFY_WITH_TIMEOUT(call(c, "workers.get", QStringLiteral("capped")).value(QLatin1String("restarts")).toInteger() >= 3,
                                 15000);
        QCOMPARE(standbyIn(pidsDir), 0);
        QCOMPARE(agent.terminate(), 0);
    }

    // The default on a machine with a writable cgroup v2: each process is created in its v2
    // folder, with no standby.
    void startsInItsV2Cgroup()
    {
        AgentRunner agent;
        agent.setExtraArgs({QStringLiteral("--cgroups"), QStringLiteral("v2")});
        agent.writeConfig("workers:\n" + crashLoop("fresh"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const QStringList dirs = cgroupsOf(c, QStringLiteral("fresh"));
        if (dirs.isEmpty())
            QSKIP("no writable cgroup v2 hierarchy here");
        QTRY_VERIFY_WITH_TIMEOUT(call(c, "workers.get", QStringLiteral("fresh")).value(QLatin1String("restarts")).toInteger() >= 2,
                                 15000);
        QCOMPARE(standbyIn(dirs.constFirst()), 0);
        QCOMPARE(agent.terminate(), 0);
        int runs = 0;
        for (const QByteArray &l : readFile(agent.logDir() + QStringLiteral("/fresh-stdout.log")).split('\n')) {
            if (!l.startsWith("cgroup=0::"))
                continue;
            ++runs;
            QVERIFY2(l.endsWith("/fresh"), l.constData());
        }
        QVERIFY2(runs >= 3, qPrintable(QString::number(runs)));
    }
};

QTEST_GUILESS_MAIN(TestSpawn)
#include "tst_spawn.moc"
