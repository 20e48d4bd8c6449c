// What a reload would do, from two loaded configs: added, removed (a renamed id is both),
// restarted for what a process is made from, changed live for the rest, unchanged; defaults
// applied, so writing a default out is no change.

#include "ConfigTestUtil.h"

#include "shared/config/ConfigDiff.h"

#include <QJsonArray>
#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;

namespace {

QByteArray worker(const char *id, const char *extraControl = "", const char *args = "[\"--run-for\", \"60000\"]")
{
    return QByteArrayLiteral("  - id: ") + id + R"(
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: /bin/sleep
            args: )" + args + "\n" + extraControl;
}

Config loadWorkers(const QByteArray &workers)
{
    const LoadResult r = YamlLoader::loadData("workers:\n" + workers, QStringLiteral("c.yaml"));
    if (!r.ok())
        qWarning("%s", qPrintable(describe(r.diagnostics)));
    return r.ok() ? *r.config : Config{};
}

} // namespace

class TestConfigDiff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sortsEveryWorker()
    {
        const Config running = loadWorkers(worker("a") + worker("b") + worker("c") + worker("d") + worker("old"));
        const Config next = loadWorkers(worker("a")                                          // unchanged
                                 + worker("b", "", "[\"--run-for\", \"1\"]")          // args
                                 + worker("c", "          restart_policy: always\n") // live
                                 + worker("d", "          restart_policy: on-failure\n") // the default
                                 + worker("new"));                                   // renamed old
        const ConfigDiff d = diffConfigs(running, next);
        QCOMPARE(d.added, QStringList{QStringLiteral("new")});
        QCOMPARE(d.removed, QStringList{QStringLiteral("old")});
        QCOMPARE(d.restarted, QStringList{QStringLiteral("b")});
        QCOMPARE(d.live, QStringList{QStringLiteral("c")});
        QCOMPARE(d.unchanged, (QStringList{QStringLiteral("a"), QStringLiteral("d")}));
        QCOMPARE(d.changedKeys.value(QStringLiteral("b")), QStringList{QStringLiteral("execution")});
        QCOMPARE(d.changedKeys.value(QStringLiteral("c")), QStringList{QStringLiteral("restart_policy")});
        QCOMPARE(d.summary(), QStringLiteral("1 added, 1 removed, 1 restarted, 1 changed live, 2 unchanged"));
        const QJsonObject json = d.toJson();
        QCOMPARE(json.value(QLatin1String("unchanged")).toInt(), 2);
        QCOMPARE(json.value(QLatin1String("restarted")).toArray().first().toString(), QStringLiteral("b"));
        QVERIFY(!d.isEmpty());
        QVERIFY(diffConfigs(running, running).isEmpty());
    }

    void limitsNeedARestart()
    {
        const Config running = loadWorkers(worker("w"));
        const Config rss = loadWorkers(worker("w", R"(          limits:
            memory:
              max_rss: 50MB
)"));
        QCOMPARE(diffWorker(running.workers[0], rss.workers[0]).restartKeys, QStringList{QStringLiteral("limits")});
        const Config interval = loadWorkers(worker("w", R"(          limits:
            monitoring:
              interval: 7s
)"));
        const WorkerDiff d = diffWorker(running.workers[0], interval.workers[0]);
        QCOMPARE(d.restartKeys, QStringList{QStringLiteral("limits")}); // set up anew, for now
        QVERIFY(d.liveKeys.isEmpty());
    }

    void environmentAndFolderNeedARestart()
    {
        const Config running = loadWorkers(worker("w"));
        Config changed = running;
        changed.workers[0].execution.environment.push_back({QStringLiteral("A"), QStringLiteral("1")});
        QCOMPARE(diffWorker(running.workers[0], changed.workers[0]).restartKeys, QStringList{QStringLiteral("execution")});
        changed = running;
        changed.workers[0].name = QStringLiteral("Pretty");
        changed.workers[0].gracefulTimeout = std::chrono::seconds(3);
        const WorkerDiff d = diffWorker(running.workers[0], changed.workers[0]);
        QVERIFY(d.restartKeys.isEmpty());
        QCOMPARE(d.liveKeys, (QStringList{QStringLiteral("metadata"), QStringLiteral("graceful_timeout")}));
    }
};

QTEST_GUILESS_MAIN(TestConfigDiff)
#include "tst_configdiff.moc"
