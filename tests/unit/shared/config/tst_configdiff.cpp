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

    void limitsAreLiveWhereTheAgentSaysSo()
    {
        const Config running = loadWorkers(worker("w"));
        const Config rss = loadWorkers(worker("w", R"(          limits:
            memory:
              max_rss: 50MB
)"));
        // The file alone cannot tell: a restart.
        QCOMPARE(diffWorker(running.workers[0], rss.workers[0]).restartKeys, QStringList{QStringLiteral("limits")});
        QCOMPARE(diffConfigs(running, rss).restarted, QStringList{QStringLiteral("w")});
        // The agent's answer decides, and it is asked with both specs.
        InPlace inPlace;
        QList<qint64> asked;
        inPlace.limits = [&asked](const WorkerSpec &from, const WorkerSpec &to) {
            asked << from.limits.memory.maxRss << to.limits.memory.maxRss;
            return to.limits.memory.maxRss < 100 * 1024 * 1024;
        };
        ConfigDiff d = diffConfigs(running, rss, inPlace);
        QCOMPARE(asked, (QList<qint64>{0, 50 * 1024 * 1024}));
        QCOMPARE(d.live, QStringList{QStringLiteral("w")});
        QCOMPARE(d.changedKeys.value(QStringLiteral("w")), QStringList{QStringLiteral("limits")});
        const Config big = loadWorkers(worker("w", R"(          limits:
            memory:
              max_rss: 1GB
)"));
        d = diffConfigs(running, big, inPlace);
        QCOMPARE(d.restarted, QStringList{QStringLiteral("w")});
        QVERIFY(d.live.isEmpty());
        // Not asked when the limits are the same.
        asked.clear();
        QVERIFY(diffConfigs(rss, rss, inPlace).isEmpty());
        QVERIFY(asked.isEmpty());
    }

    void logTargetsAreLiveWhatIsCapturedIsNot()
    {
        const auto logs = [](const char *block) {
            return loadWorkers(worker("w", block) + worker("other"));
        };
        const Config running = logs(R"(          log_collection:
            outputs:
              separate:
                stdout: [ { type: file, path: one.log } ]
)");
        InPlace inPlace;
        inPlace.logs = true;
        inPlace.logDir = QStringLiteral("/var/log/x");
        // Another file, another filter: the pipeline takes them.
        const Config target = logs(R"(          log_collection:
            outputs:
              separate:
                stdout: [ { type: file, path: two.log, format: json } ]
            processing:
              filters: { exclude_patterns: ["noise"] }
)");
        ConfigDiff d = diffConfigs(running, target, inPlace);
        QCOMPARE(d.live, QStringList{QStringLiteral("w")});
        QCOMPARE(d.changedKeys.value(QStringLiteral("w")), QStringList{QStringLiteral("log_collection")});
        QCOMPARE(diffConfigs(running, target).restarted, QStringList{QStringLiteral("w")}); // without the agent
        // What is captured is the process's stdout itself: a new process.
        const Config noStdout = logs(R"(          log_collection:
            capture_stdout: false
            outputs:
              separate:
                stdout: [ { type: file, path: one.log } ]
)");
        d = diffConfigs(running, noStdout, inPlace);
        QCOMPARE(d.restarted, QStringList{QStringLiteral("w")});
        // Written differently, meaning the same: no change at all.
        const Config same = logs(R"(          log_collection:
            enabled: true
            outputs:
              separate:
                stdout: [ { type: file, path: /var/log/x/one.log } ]
)");
        QVERIFY2(diffConfigs(running, same, inPlace).isEmpty(), qPrintable(diffConfigs(running, same, inPlace).summary()));
        // A top-level default reaches every worker that inherits it, live.
        Config defaults = running;
        defaults.logCollection = LogCollectionSpec{};
        defaults.logCollection->defaultWorker.filters = LogFilters{QString(), {QStringLiteral("heartbeat")}, {}};
        d = diffConfigs(running, defaults, inPlace);
        QCOMPARE(d.global, QStringList{QStringLiteral("log_collection")});
        QCOMPARE(d.live, (QStringList{QStringLiteral("w"), QStringLiteral("other")}));
        QCOMPARE(d.changedKeys.value(QStringLiteral("other")), QStringList{QStringLiteral("log_collection")});
        QVERIFY(d.restarted.isEmpty());
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
