// Reloading the config while the real agent runs real workers: only the difference is applied
// (an edited worker gets a new process, the others keep theirs), added workers start, removed ones
// stop and leave no cgroup or FIFO (their log files stay), a broken file changes nothing and
// says where it is broken, a live change makes no new process, and every way an editor saves
// makes one reload.

#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonArray>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace hsu::test;

namespace {

// Idle test workers with these ids; `args` overrides one worker's run time, `extra` adds control keys.
QByteArray config(const QStringList &ids, const QString &changedId = QString(), const QByteArray &extra = {})
{
    QByteArray yaml = "workers:\n";
    for (const QString &id : ids) {
        yaml += "  - id: " + id.toUtf8() + R"(
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--print", "started", "--run-for", ")" + QByteArray(id == changedId ? "500000" : "600000") + R"("]
          restart_policy: always
)";
        if (id == changedId)
            yaml += extra;
    }
    return yaml;
}

QStringList ids(const QJsonObject &o, const char *key)
{
    QStringList out;
    for (const QJsonValue &v : o.value(QLatin1String(key)).toArray())
        out << v.toString();
    return out;
}

// The cgroup folders a process is in (v2 and v1), as paths under /sys/fs/cgroup.
QStringList cgroupDirsOf(qint64 pid)
{
    QStringList dirs;
    QFile f(QStringLiteral("/proc/%1/cgroup").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return dirs;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> parts = line.split(':');
        if (parts.size() < 3 || !parts[2].contains("hsu-"))
            continue;
        const QString rel = QString::fromUtf8(parts[2]);
        const QString hierarchy = parts[1].isEmpty() ? QStringLiteral("unified") : QString::fromUtf8(parts[1]).section(u',', 0, 0);
        for (const QString &root : {QStringLiteral("/sys/fs/cgroup/") + hierarchy, QStringLiteral("/sys/fs/cgroup")})
            if (QDir(root + rel).exists()) {
                dirs << root + rel;
                break;
            }
    }
    return dirs;
}

} // namespace

class TestReload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    }

    void init()
    {
        m_agent = std::make_unique<AgentRunner>();
        const QString cgroups = qEnvironmentVariable("HSU_TEST_CGROUPS");
        if (!cgroups.isEmpty())
            m_agent->setExtraArgs({QStringLiteral("--cgroups"), cgroups});
        m_agent->writeConfig(config({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QVERIFY2(m_agent->start(), m_agent->output().constData());
        m_clientPtr = std::make_unique<RawClient>();
        QVERIFY(client().connectTo(m_agent->socketPath()));
        QVERIFY(client().hello());
        QVERIFY(client().call(QStringLiteral("events.subscribe"),
                              {{QStringLiteral("events"), QJsonArray{QStringLiteral("config.reloaded")}}})
                    .contains(QLatin1String("result")));
        for (const char *id : {"a", "b", "c"})
            QTRY_COMPARE_WITH_TIMEOUT(worker(QString::fromLatin1(id)).value(QLatin1String("state")).toString(),
                                      QStringLiteral("running"), 10000);
    }

    void cleanup()
    {
        if (m_clientPtr)
            client().socket().abort();
        m_clientPtr.reset();
        m_agent->terminate();
        m_agent.reset();
    }

    void editOneOfThreeRestartsOnlyIt()
    {
        const QJsonObject a = worker(QStringLiteral("a")), b = worker(QStringLiteral("b")), c = worker(QStringLiteral("c"));
        saveByRename(config({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, QStringLiteral("b")));
        const QJsonObject done = client().waitForEvent(QStringLiteral("config.reloaded"), 15000);
        QVERIFY2(done.value(QLatin1String("data")).toObject().value(QLatin1String("ok")).toBool(),
                 QJsonDocument(done).toJson().constData());
        const QJsonObject r = done.value(QLatin1String("data")).toObject();
        QCOMPARE(ids(r, "restarted"), QStringList{QStringLiteral("b")});
        QCOMPARE(r.value(QLatin1String("unchanged")).toInt(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(worker(QStringLiteral("b")).value(QLatin1String("state")).toString(), QStringLiteral("running"), 10000);
        QVERIFY(worker(QStringLiteral("b")).value(QLatin1String("pid")).toInteger() != b.value(QLatin1String("pid")).toInteger());
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(b.value(QLatin1String("pid")).toInteger()), 10000);
        for (const QJsonObject &before : {a, c}) {
            const QJsonObject now = worker(before.value(QLatin1String("id")).toString());
            QCOMPARE(now.value(QLatin1String("pid")).toInteger(), before.value(QLatin1String("pid")).toInteger());
            QCOMPARE(now.value(QLatin1String("restarts")).toInt(), before.value(QLatin1String("restarts")).toInt());
        }
    }

    void addedStartsRemovedLeavesNothingButItsLog()
    {
        const qint64 cPid = worker(QStringLiteral("c")).value(QLatin1String("pid")).toInteger();
        const QStringList cGroups = cgroupDirsOf(cPid);
        const QString fifo = m_agent->stateDir() + QStringLiteral("/fifo/c.stdout");
        QVERIFY(QFile::exists(fifo));
        saveByRename(config({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("d")}));
        const QJsonObject r = client().waitForEvent(QStringLiteral("config.reloaded"), 15000).value(QLatin1String("data")).toObject();
        QCOMPARE(ids(r, "added"), QStringList{QStringLiteral("d")});
        QCOMPARE(ids(r, "removed"), QStringList{QStringLiteral("c")});
        QTRY_COMPARE_WITH_TIMEOUT(worker(QStringLiteral("d")).value(QLatin1String("state")).toString(), QStringLiteral("running"), 10000);
        QVERIFY(worker(QStringLiteral("c")).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(cPid), 10000);
        QVERIFY(!QFile::exists(fifo));
        QVERIFY(QFile::exists(m_agent->logDir() + QStringLiteral("/c-stdout.log"))); // it printed a line
        for (const QString &dir : cGroups)
            QVERIFY2(!QDir(dir).exists(), qPrintable(dir));
        // What the reload added works like the rest: it can be restarted, its output is collected.
        QVERIFY(QFile::exists(m_agent->stateDir() + QStringLiteral("/fifo/d.stdout")));
        QVERIFY(client().call(QStringLiteral("workers.restart"), {{QStringLiteral("id"), QStringLiteral("d")}}).contains(QLatin1String("result")));
    }

    void brokenFileChangesNothingAndSaysWhere()
    {
        const QJsonObject before = client().call(QStringLiteral("workers.list"));
        saveByRename("workers:\n  - id: a\n    type: managed\n    unit: [\n");
        const QJsonObject event = client().waitForEvent(QStringLiteral("config.reloaded"), 15000).value(QLatin1String("data")).toObject();
        QVERIFY(!event.value(QLatin1String("ok")).toBool(true));
        const QStringList errors = ids(event, "errors");
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.first().startsWith(m_agent->configPath() + QStringLiteral(":4:")) || errors.first().contains(QStringLiteral("config.yaml:")),
                 qPrintable(errors.join(u'\n')));
        // hsuctl reload says the same and fails.
        QProcess ctl;
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), m_agent->socketPath(), QStringLiteral("reload")});
        QVERIFY(ctl.waitForFinished(15000));
        QCOMPARE(ctl.exitCode(), 1);
        QVERIFY2(ctl.readAllStandardError().contains("config.yaml:"), "no file:line:col from hsuctl reload");
        for (const char *id : {"a", "b", "c"}) {
            const QString wid = QString::fromLatin1(id);
            QCOMPARE(worker(wid).value(QLatin1String("pid")).toInteger(), workerIn(before, wid).value(QLatin1String("pid")).toInteger());
        }
    }

    void liveChangeKeepsTheProcess()
    {
        const qint64 pid = worker(QStringLiteral("b")).value(QLatin1String("pid")).toInteger();
        QByteArray yaml = config({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        const qsizetype at = yaml.indexOf("  - id: b\n");
        yaml.replace(yaml.indexOf("      managed:\n", at), 15, "      managed:\n        metadata: { name: \"Bee\" }\n");
        yaml.replace("restart_policy: always\n  - id: c", "restart_policy: on-failure\n  - id: c");
        saveByRename(yaml);
        const QJsonObject r = client().waitForEvent(QStringLiteral("config.reloaded"), 15000).value(QLatin1String("data")).toObject();
        QCOMPARE(ids(r, "live"), QStringList{QStringLiteral("b")});
        QVERIFY(ids(r, "restarted").isEmpty());
        QCOMPARE(worker(QStringLiteral("b")).value(QLatin1String("pid")).toInteger(), pid);
        QCOMPARE(worker(QStringLiteral("b")).value(QLatin1String("name")).toString(), QStringLiteral("Bee"));
    }

    void everyWayOfSavingMakesOneReload()
    {
        QStringList extra{QStringLiteral("x1"), QStringLiteral("x2"), QStringLiteral("x3")};
        QStringList set{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        // By rename (vim, many editors).
        set << extra[0];
        saveByRename(config(set));
        expectOneReload(extra[0]);
        // Truncate and write in place.
        set << extra[1];
        {
            QFile f(m_agent->configPath());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(config(set).replace("@WORKER@", testWorkerPath().toUtf8()));
        }
        expectOneReload(extra[1]);
        // Two quick writes: half the file, then the rest.
        set << extra[2];
        {
            const QByteArray text = config(set).replace("@WORKER@", testWorkerPath().toUtf8());
            QFile f(m_agent->configPath());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(text.left(text.size() / 2));
            f.flush();
            f.write(text.mid(text.size() / 2));
        }
        expectOneReload(extra[2]);
    }

    void saveIsCheckedAtomicKeepsABackupAndReloads()
    {
        const QByteArray before = readFile(m_agent->configPath());
        const QJsonObject got = client().call(QStringLiteral("config.get")).value(QLatin1String("result")).toObject();
        QCOMPARE(got.value(QLatin1String("path")).toString(), m_agent->configPath());
        QCOMPARE(got.value(QLatin1String("text")).toString().toUtf8(), before);
        // Invalid: refused with its errors, the file byte for byte as it was.
        const QJsonObject refused = client().call(QStringLiteral("config.save"), {{QStringLiteral("text"), QStringLiteral("workers: [\n")}});
        QCOMPARE(refused.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_config"));
        QVERIFY(refused.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("config.yaml:")));
        QCOMPARE(readFile(m_agent->configPath()), before);
        // What an interrupted save leaves (its temporary file, never renamed): the config is whole
        // and the next save goes through.
        {
            QFile leftover(m_agent->configPath() + QStringLiteral(".AbCdEf"));
            QVERIFY(leftover.open(QIODevice::WriteOnly));
            leftover.write(before.left(before.size() / 3));
        }
        QByteArray next = config({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("e")});
        next.replace("@WORKER@", testWorkerPath().toUtf8());
        const QJsonObject saved = client().call(QStringLiteral("config.save"), {{QStringLiteral("text"), QString::fromUtf8(next)}});
        QVERIFY2(saved.contains(QLatin1String("result")), QJsonDocument(saved).toJson().constData());
        QCOMPARE(ids(saved.value(QLatin1String("result")).toObject(), "added"), QStringList{QStringLiteral("e")});
        QCOMPARE(readFile(m_agent->configPath()), next);
        QCOMPARE(readFile(m_agent->configPath() + QStringLiteral(".bak")), before);
        QTRY_COMPARE_WITH_TIMEOUT(worker(QStringLiteral("e")).value(QLatin1String("state")).toString(), QStringLiteral("running"), 10000);
    }

    void diffSaysWhatAReloadWouldDoAndDoesNothing()
    {
        const QJsonObject b = worker(QStringLiteral("b"));
        QByteArray other = config({QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("b"));
        other.replace("@WORKER@", testWorkerPath().toUtf8());
        const QString otherPath = m_agent->dir() + QStringLiteral("/other.yaml");
        QFile f(otherPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(other);
        f.close();
        QProcess ctl;
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), m_agent->socketPath(), QStringLiteral("diff"), otherPath});
        QVERIFY(ctl.waitForFinished(15000));
        const QByteArray out = ctl.readAllStandardOutput();
        QCOMPARE(ctl.exitCode(), 0);
        QVERIFY2(out.contains("1 removed, 1 restarted, 0 changed live") || out.contains("1 removed, 1 restarted, 1 unchanged"), out.constData());
        QVERIFY2(out.contains("b: execution"), out.constData());
        QCOMPARE(worker(QStringLiteral("b")).value(QLatin1String("pid")).toInteger(), b.value(QLatin1String("pid")).toInteger());
        QVERIFY(!worker(QStringLiteral("c")).isEmpty());
    }

    void hsuctlAddsAndRemovesKeepingTheRestOfTheFile()
    {
        saveByRename("# my workers, by hand\n" + config({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) + "# the end\n");
        QVERIFY(client().waitForEvent(QStringLiteral("config.reloaded"), 15000).contains(QLatin1String("data")));
        const auto hsuctl = [this](const QStringList &args, QByteArray *out = nullptr) {
            QProcess ctl;
            ctl.start(hsuctlPath(), QStringList{QStringLiteral("--socket"), m_agent->socketPath()} + args);
            if (!ctl.waitForFinished(15000))
                return -1;
            if (out)
                *out = ctl.readAllStandardOutput() + ctl.readAllStandardError();
            return ctl.exitCode();
        };
        QByteArray out;
        QCOMPARE(hsuctl({QStringLiteral("add"), QStringLiteral("sleeper"), QStringLiteral("--name"), QStringLiteral("Sleeper"),
                         QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("1000")}, &out), 0);
        QVERIFY2(out.contains("1 added"), out.constData());
        QTRY_COMPARE_WITH_TIMEOUT(worker(QStringLiteral("sleeper")).value(QLatin1String("state")).toString(), QStringLiteral("running"), 10000);
        QByteArray file = readFile(m_agent->configPath());
        QVERIFY(file.contains("id: \"sleeper\""));
        QVERIFY(file.contains("/sleep\"")); // the program as an absolute path
        QVERIFY(file.startsWith("# my workers, by hand\n") && file.contains("# the end"));
        // An id that is taken is refused, and nothing changes.
        QCOMPARE(hsuctl({QStringLiteral("add"), QStringLiteral("a"), QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("1")}, &out), 1);
        QVERIFY2(out.contains("already"), out.constData());
        const qint64 pid = worker(QStringLiteral("sleeper")).value(QLatin1String("pid")).toInteger();
        QCOMPARE(hsuctl({QStringLiteral("remove"), QStringLiteral("sleeper")}, &out), 0);
        QVERIFY2(out.contains("1 removed"), out.constData());
        QTRY_VERIFY_WITH_TIMEOUT(worker(QStringLiteral("sleeper")).isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
        file = readFile(m_agent->configPath());
        QVERIFY(!file.contains("sleeper"));
        QVERIFY(file.startsWith("# my workers, by hand\n") && file.contains("# the end"));
    }

    static QByteArray readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    // Limits, monitoring interval and log targets move to the new values on the running process:
    // the cgroup's file says the new limit, the sampler the new interval, the new file gets the
    // lines and the old one no more.
    void limitsIntervalAndLogTargetsChangeInPlace()
    {
        const auto withB = [](const char *rss, const char *interval, const char *file) {
            return config({QStringLiteral("a"), QStringLiteral("c")}) + QByteArray(R"(  - id: b
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: ["--lines", "100000000", "--line-interval", "20"]
          restart_policy: always
          limits:
            memory: { max_rss: )") + rss + R"(, policy: immediate_kill }
            monitoring: { interval: )" + interval + R"( }
          log_collection:
            outputs:
              separate:
                stdout: [ { type: file, path: )" + file + R"( } ]
)";
        };
        saveByRename(withB("200MB", "1s", "first.log"));
        QVERIFY(client().waitForEvent(QStringLiteral("config.reloaded"), 15000).value(QLatin1String("data")).toObject()
                    .value(QLatin1String("ok")).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(worker(QStringLiteral("b")).value(QLatin1String("state")).toString(), QStringLiteral("running"), 10000);
        const qint64 pid = worker(QStringLiteral("b")).value(QLatin1String("pid")).toInteger();
        const QString first = m_agent->logDir() + QStringLiteral("/first.log");
        const QString second = m_agent->logDir() + QStringLiteral("/second.log");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(first).size() > 0, 10000);

        saveByRename(withB("300MB", "500ms", "second.log"));
        const QJsonObject r = client().waitForEvent(QStringLiteral("config.reloaded"), 15000).value(QLatin1String("data")).toObject();
        QVERIFY2(r.value(QLatin1String("ok")).toBool(), QJsonDocument(r).toJson().constData());
        QCOMPARE(ids(r, "live"), QStringList{QStringLiteral("b")});
        QVERIFY(ids(r, "restarted").isEmpty());
        QCOMPARE(ids(r.value(QLatin1String("changed_keys")).toObject(), "b"),
                 (QStringList{QStringLiteral("limits"), QStringLiteral("log_collection")}));
        QCOMPARE(worker(QStringLiteral("b")).value(QLatin1String("pid")).toInteger(), pid);

        const QJsonObject res = client().call(QStringLiteral("resources.get"), {{QStringLiteral("id"), QStringLiteral("b")}})
                                    .value(QLatin1String("result")).toObject();
        QCOMPARE(res.value(QLatin1String("interval_ms")).toInteger(), 500);
        QCOMPARE(res.value(QLatin1String("limits")).toObject().value(QLatin1String("max_rss")).toDouble(), 300.0 * 1024 * 1024);
        // Where the kernel holds the limit (a v1 memory cgroup here), it holds the new one.
        int kernelFiles = 0;
        for (const QString &dir : cgroupDirsOf(pid)) {
            for (const char *name : {"memory.limit_in_bytes", "memory.max"}) {
                QFile f(dir + u'/' + QLatin1String(name));
                if (f.open(QIODevice::ReadOnly)) {
                    QCOMPARE(f.readAll().trimmed(), QByteArray::number(300LL * 1024 * 1024));
                    ++kernelFiles;
                }
            }
        }
        if (qEnvironmentVariable("HSU_TEST_CGROUPS") == QLatin1String("v1")
            && QFile::exists(QStringLiteral("/sys/fs/cgroup/memory/cgroup.procs")))
            QCOMPARE(kernelFiles, 1);
        // The lines go to the new file now, and no longer to the old one.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(second).size() > 0, 10000);
        const qint64 firstSize = QFileInfo(first).size();
        const qint64 secondSize = QFileInfo(second).size();
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(second).size() > secondSize + 100, 10000);
        QCOMPARE(QFileInfo(first).size(), firstSize);
        QCOMPARE(worker(QStringLiteral("b")).value(QLatin1String("pid")).toInteger(), pid);
    }

    // A config that is a symbolic link (a dotfiles checkout): an edit where it points reloads, and
    // a save writes there, keeps the link, and keeps the old text beside the target.
    void symlinkedConfigIsWatchedAndSavedWhereItPoints()
    {
        AgentRunner agent;
        agent.writeConfig(config({QStringLiteral("x")}));
        QTemporaryDir dots;
        const QString real = dots.filePath(QStringLiteral("hsu.yaml"));
        QVERIFY(QFile::rename(agent.configPath(), real));
        QVERIFY(QFile::link(real, agent.configPath()));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QVERIFY(c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("config.reloaded")}}})
                    .contains(QLatin1String("result")));
        QByteArray two = config({QStringLiteral("x"), QStringLiteral("y")});
        two.replace("@WORKER@", testWorkerPath().toUtf8());
        {
            QFile f(real); // in place, where the link points
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(two);
        }
        const QJsonObject r = c.waitForEvent(QStringLiteral("config.reloaded"), 15000).value(QLatin1String("data")).toObject();
        QCOMPARE(ids(r, "added"), QStringList{QStringLiteral("y")});
        QByteArray one = config({QStringLiteral("x")});
        one.replace("@WORKER@", testWorkerPath().toUtf8());
        const QJsonObject saved = c.call(QStringLiteral("config.save"), {{QStringLiteral("text"), QString::fromUtf8(one)}});
        QVERIFY2(saved.contains(QLatin1String("result")), QJsonDocument(saved).toJson().constData());
        QVERIFY(QFileInfo(agent.configPath()).isSymLink());
        QCOMPARE(readFile(real), one);
        QCOMPARE(readFile(real + QStringLiteral(".bak")), two);
        QCOMPARE(agent.terminate(), 0);
    }

private:
    RawClient &client() { return *m_clientPtr; }
    QJsonObject worker(const QString &id) { return workerIn(client().call(QStringLiteral("workers.list")), id); }

    void saveByRename(QByteArray yaml)
    {
        yaml.replace("@WORKER@", testWorkerPath().toUtf8());
        QSaveFile f(m_agent->configPath()); // a temporary file renamed over the config
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(yaml);
        QVERIFY(f.commit());
    }

    // One config.reloaded that adds `id`, and no second one within a second and a half after it.
    void expectOneReload(const QString &id)
    {
        const QJsonObject r = client().waitForEvent(QStringLiteral("config.reloaded"), 15000).value(QLatin1String("data")).toObject();
        QVERIFY2(r.value(QLatin1String("ok")).toBool(), QJsonDocument(r).toJson().constData());
        QCOMPARE(ids(r, "added"), QStringList{id});
        QVERIFY(client().waitForEvent(QStringLiteral("config.reloaded"), 1500).isEmpty());
    }

    std::unique_ptr<AgentRunner> m_agent;
    std::unique_ptr<RawClient> m_clientPtr;
};

QTEST_GUILESS_MAIN(TestReload)
#include "tst_reload.moc"
