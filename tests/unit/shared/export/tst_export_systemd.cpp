// hsuctl export --to systemd: each mapping row (restart, checks, resources, env, dependencies),
// the quoting of ExecStart=, systemd-analyze verify on the real configs, and (where a user
// systemd runs) an exported unit started for real.

#include "ExportTestUtil.h"

#include "shared/export/SystemdExport.h"

#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace hsu::exporter;
using namespace hsu::exporter::test;

namespace {

// Every value of `key=` in a unit's text, in order.
QStringList values(const QByteArray &unit, const QString &key)
{
    QStringList out;
    for (const QString &line : QString::fromUtf8(unit).split(u'\n'))
        if (line.startsWith(key + u'='))
            out << line.mid(key.size() + 1);
    return out;
}

QString value(const QByteArray &unit, const QString &key)
{
    const QStringList v = values(unit, key);
    return v.isEmpty() ? QString() : v.last();
}

Result exportYaml(const QByteArray &workers)
{
    return exportAs(Target::Systemd, load("workers:\n" + workers));
}

// The first word of ExecStart=, unquoted as systemd reads it (enough for the paths here).
QString execProgram(const QString &execStart)
{
    QString word;
    if (execStart.startsWith(u'"'))
        word = execStart.mid(1, execStart.indexOf(u'"', 1) - 1);
    else
        word = execStart.section(u' ', 0, 0);
    return word.replace(QStringLiteral("%%"), QStringLiteral("%"));
}

} // namespace

class TestExportSystemd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restart_data();
    void restart();
    void checks();
    void resources();
    void environmentAndFolder();
    void dependencies();
    void unmanagedIsListed();
    void integratedPorts();
    void quoting_data();
    void quoting();
    void targetGroupsTheUnits();
    void verify_data();
    void verify();
    void runsUnderUserSystemd();
};

void TestExportSystemd::restart_data()
{
    QTest::addColumn<QByteArray>("control");
    QTest::addColumn<QByteArray>("top");
    QTest::addColumn<QString>("restart");
    QTest::addColumn<QString>("restartSec");
    QTest::addColumn<QString>("burst");
    QTest::addColumn<QString>("interval");
    // default retry {3, 5s}: 3 restarts 5 s apart, counted over startup_grace_period (2m)
    QTest::newRow("on-failure (default)") << QByteArray() << QByteArray() << "on-failure" << "5s" << "4" << "120s";
    QTest::newRow("always") << QByteArray("          restart_policy: always\n") << QByteArray() << "always" << "5s" << "4" << "120s";
    QTest::newRow("unless-stopped is always") << QByteArray("          restart_policy: unless-stopped\n") << QByteArray()
                                              << "always" << "5s" << "4" << "120s";
    QTest::newRow("never") << QByteArray("          restart_policy: never\n") << QByteArray() << "no" << "" << "" << "";
    QTest::newRow("max_retries and retry_delay")
        << QByteArray("          context_aware_restart:\n            default: { max_retries: 5, retry_delay: 1500ms }\n"
                      "            startup_grace_period: 10s\n")
        << QByteArray() << "on-failure" << "1500ms" << "6" << "10s";
    // batch profile: 3 x 3 attempts, the delay 3 x 5 s; the window holds them all: 10 x 15 s
    QTest::newRow("batch profile") << QByteArray() << QByteArray("    profile_type: batch\n") << "on-failure" << "15s"
                                   << "10" << "150s";
}

void TestExportSystemd::restart()
{
    QFETCH(QByteArray, control);
    QFETCH(QByteArray, top);
    QFETCH(QString, restart);
    QFETCH(QString, restartSec);
    QFETCH(QString, burst);
    QFETCH(QString, interval);
    const QByteArray unit = fileNamed(exportYaml(worker("w", control, {}, top)), QStringLiteral("hsu-w.service"));
    QVERIFY(!unit.isEmpty());
    QCOMPARE(value(unit, QStringLiteral("Restart")), restart);
    QCOMPARE(value(unit, QStringLiteral("RestartSec")), restartSec);
    QCOMPARE(value(unit, QStringLiteral("StartLimitBurst")), burst);
    QCOMPARE(value(unit, QStringLiteral("StartLimitIntervalSec")), interval);
}

void TestExportSystemd::checks()
{
    // systemd has no health checks: the unit says so, and so do the notes for stderr.
    const Result r = exportYaml(worker("web", {}, "        health_check:\n          type: http\n"
                                                  "          http: { url: \"http://127.0.0.1:8080/\" }\n"));
    const QString unit = QString::fromUtf8(fileNamed(r, QStringLiteral("hsu-web.service")));
    QVERIFY2(unit.contains(QStringLiteral("#   web: health_check http: systemd does not check health")), qPrintable(unit));
    QVERIFY(r.notes.contains(QStringLiteral("web: health_check http: systemd does not check health")));
    // a process check is what systemd does anyway: nothing lost
    const Result p = exportYaml(worker("p", {}, "        health_check: { type: process }\n"));
    QVERIFY(!p.notes.join(u'\n').contains(QStringLiteral("health")));
}

void TestExportSystemd::resources()
{
    const QByteArray unit = fileNamed(
        exportYaml(worker("c", "          limits:\n            priority: 5\n            cpu_shares: 512\n"
                               "            memory: { max_rss: 64MB, max_swap: 1GB }\n"
                               "            cpu: { max_cores: 1.5, max_percent: 40 }\n"
                               "            io: { weight: 200 }\n"
                               "            process: { max_processes: 16, max_file_descriptors: 256 }\n")),
        QStringLiteral("hsu-c.service"));
    QCOMPARE(value(unit, QStringLiteral("MemoryMax")), QStringLiteral("67108864"));
    QCOMPARE(value(unit, QStringLiteral("MemorySwapMax")), QStringLiteral("1073741824"));
    QCOMPARE(value(unit, QStringLiteral("CPUQuota")), QStringLiteral("40%")); // min(1.5 cores, 40 %)
    QCOMPARE(value(unit, QStringLiteral("CPUWeight")), QStringLiteral("50"));
    QCOMPARE(value(unit, QStringLiteral("IOWeight")), QStringLiteral("200"));
    QCOMPARE(value(unit, QStringLiteral("TasksMax")), QStringLiteral("16"));
    QCOMPARE(value(unit, QStringLiteral("LimitNOFILE")), QStringLiteral("256"));
    QCOMPARE(value(unit, QStringLiteral("Nice")), QStringLiteral("5"));
    const QByteArray cores = fileNamed(exportYaml(worker("d", "          limits: { cpu: { max_cores: 2 } }\n")),
                                       QStringLiteral("hsu-d.service"));
    QCOMPARE(value(cores, QStringLiteral("CPUQuota")), QStringLiteral("200%"));
}

void TestExportSystemd::environmentAndFolder()
{
    const QByteArray unit = fileNamed(
        exportYaml(worker("e", "            environment: [\"GREETING=hello world\", \"RATE=100%\", \"PRICE=$5\"]\n"
                               "            working_directory: /srv/data\n")),
        QStringLiteral("hsu-e.service"));
    // Quoted when a space needs it; % doubled (a specifier otherwise); $ kept (Environment= does
    // not expand variables).
    QCOMPARE(values(unit, QStringLiteral("Environment")),
             (QStringList{QStringLiteral("\"GREETING=hello world\""), QStringLiteral("RATE=100%%"), QStringLiteral("PRICE=$5")}));
    QCOMPARE(value(unit, QStringLiteral("WorkingDirectory")), QStringLiteral("/srv/data"));
    QCOMPARE(value(unit, QStringLiteral("ExecStart")), QStringLiteral("/bin/sleep 60"));
    // no working_directory: the program's folder, as the agent runs it
    const QByteArray plain = fileNamed(exportYaml(worker("f")), QStringLiteral("hsu-f.service"));
    QCOMPARE(value(plain, QStringLiteral("WorkingDirectory")), QStringLiteral("/bin"));
    QCOMPARE(value(plain, QStringLiteral("TimeoutStopSec")), QStringLiteral("20s")); // graceful_timeout
}

void TestExportSystemd::dependencies()
{
    const Result r = exportYaml(worker("db") + worker("migrate") + worker("seed") + worker("cache")
                                + worker("web", {}, {},
                                         "    depends_on:\n      db: { condition: healthy }\n"
                                         "      migrate: { condition: completed_successfully }\n"
                                         "      seed: { condition: completed }\n"
                                         "      cache: { condition: started }\n"));
    const QByteArray web = fileNamed(r, QStringLiteral("hsu-web.service"));
    QCOMPARE(value(web, QStringLiteral("Requires")), QStringLiteral("hsu-db.service hsu-migrate.service"));
    QCOMPARE(value(web, QStringLiteral("Wants")), QStringLiteral("hsu-seed.service hsu-cache.service"));
    QCOMPARE(value(web, QStringLiteral("After")),
             QStringLiteral("hsu-db.service hsu-migrate.service hsu-seed.service hsu-cache.service"));
    QCOMPARE(value(web, QStringLiteral("PartOf")), QStringLiteral("hsu-workers.target"));
    // Waited for until they finish: oneshot, so that After= waits for their exit.
    QCOMPARE(value(fileNamed(r, QStringLiteral("hsu-migrate.service")), QStringLiteral("Type")), QStringLiteral("oneshot"));
    QCOMPARE(value(fileNamed(r, QStringLiteral("hsu-seed.service")), QStringLiteral("Type")), QStringLiteral("oneshot"));
    QCOMPARE(value(fileNamed(r, QStringLiteral("hsu-db.service")), QStringLiteral("Type")), QStringLiteral("exec"));
    QVERIFY(r.notes.contains(QStringLiteral("web: depends_on db healthy: systemd waits until it has started, not until healthy")));
}

void TestExportSystemd::unmanagedIsListed()
{
    const Result r = exportAs(Target::Systemd, loadFile(sourceDir() + QStringLiteral("/tests/data/config/valid/full-schema.yaml")));
    QCOMPARE(fileNames(r), (QStringList{QStringLiteral("hsu-db.service"), QStringLiteral("hsu-web.service"),
                                        QStringLiteral("hsu-core.service"), QStringLiteral("hsu-workers.target"),
                                        QStringLiteral("hsu-export-notes.txt")}));
    QVERIFY(r.notes.contains(QStringLiteral("legacy-app: not exported: an unmanaged worker is found, not started")));
    QVERIFY(fileNamed(r, QStringLiteral("hsu-workers.target")).contains("# Not exported: legacy-app: not exported"));
    // an integrated worker gets the port the agent would have picked, fixed
    QVERIFY(value(fileNamed(r, QStringLiteral("hsu-core.service")), QStringLiteral("ExecStart"))
                .startsWith(QStringLiteral("/usr/bin/sleep 3600 --port 50")));
}

void TestExportSystemd::integratedPorts()
{
    // The port comes from the id alone: the same in every export, whatever else the file holds.
    const auto integrated = [](const QByteArray &id) {
        return "  - id: " + id + "\n    type: integrated\n    unit:\n      integrated:\n        control:\n"
               "          execution: { executable_path: /bin/sleep }\n";
    };
    const Result one = exportYaml(integrated("core"));
    QCOMPARE(value(fileNamed(one, QStringLiteral("hsu-core.service")), QStringLiteral("ExecStart")),
             QStringLiteral("/bin/sleep --port 50922"));
    const Result more = exportYaml(worker("a") + integrated("core") + integrated("w73") + integrated("w190"));
    QCOMPARE(value(fileNamed(more, QStringLiteral("hsu-core.service")), QStringLiteral("ExecStart")),
             QStringLiteral("/bin/sleep --port 50922"));
    // w73 and w190 meet on one port: said, not hidden
    QVERIFY(more.notes.contains(QStringLiteral("w190: its --port 50780 is also w73's: change one of the two in the output")));
}

void TestExportSystemd::quoting_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << "--port" << "--port";
    QTest::newRow("path") << "/usr/bin/python3" << "/usr/bin/python3";
    QTest::newRow("empty") << "" << "\"\"";
    QTest::newRow("space") << "a b" << "\"a b\"";
    QTest::newRow("quote") << "say \"hi\"" << "\"say \\\"hi\\\"\"";
    QTest::newRow("backslash") << "C:\\x" << "\"C:\\\\x\"";
    QTest::newRow("percent") << "100%" << "100%%";
    QTest::newRow("dollar") << "$HOME" << "$$HOME";
    QTest::newRow("newline") << "a\nb" << "\"a\\nb\"";
    QTest::newRow("escape") << "\x1b[33m" << "\"\\x1b[33m\"";
    QTest::newRow("semicolon") << ";" << "\";\"";
    QTest::newRow("shell script") << "while true; do date; done" << "\"while true; do date; done\"";
}

void TestExportSystemd::quoting()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(systemdWord(word), quoted);
}

void TestExportSystemd::targetGroupsTheUnits()
{
    const Result r = exportYaml(worker("a") + worker("b", "          restart_policy: never\n", {}, "    enabled: false\n"));
    const QByteArray target = fileNamed(r, QStringLiteral("hsu-workers.target"));
    QCOMPARE(value(target, QStringLiteral("Wants")), QStringLiteral("hsu-a.service")); // b is disabled
    QCOMPARE(value(target, QStringLiteral("WantedBy")), QStringLiteral("default.target"));
    QCOMPARE(value(fileNamed(r, QStringLiteral("hsu-b.service")), QStringLiteral("WantedBy")), QStringLiteral("hsu-workers.target"));
    QVERIFY(fileNamed(r, QStringLiteral("hsu-a.service")).contains("# hsu-master/config-digest: sha256:"));
}

void TestExportSystemd::verify_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &f : realConfigs())
        QTest::newRow(rowName(f).constData()) << f;
}

void TestExportSystemd::verify()
{
    QFETCH(QString, file);
    const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
    if (analyze.isEmpty())
        QSKIP("systemd-analyze is not installed");
    const QString testworker = qEnvironmentVariable("HSU_TEST_TESTWORKER");
    QVERIFY(QFileInfo(testworker).isExecutable());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HSU_DEMO_BIN"), testworker); // the demo's programs, as dev.sh sets them
    Options options;
    options.environment = env;
    const Result r = exportAs(Target::Systemd, loadFile(file, env), options);
    QVERIFY(r.files.size() > 1);

    // verify wants every ExecStart program to exist; one this machine lacks (rsync, the sample's
    // echotest) is stood in for by the test worker in the copy verified: what is checked is the unit.
    QTemporaryDir dir;
    QStringList paths;
    for (const File &f : r.files) {
        if (f.name.endsWith(QLatin1String(".txt")))
            continue;
        QString text = QString::fromUtf8(f.content);
        const QString exec = value(f.content, QStringLiteral("ExecStart"));
        if (!exec.isEmpty() && !QFileInfo(execProgram(exec)).isExecutable()) {
            qInfo("%s: %s is not on this machine: verified with the test worker in its place", qPrintable(f.name),
                  qPrintable(execProgram(exec)));
            const QString word = exec.startsWith(u'"') ? exec.left(exec.indexOf(u'"', 1) + 1) : exec.section(u' ', 0, 0);
            text.replace(QStringLiteral("ExecStart=") + word, QStringLiteral("ExecStart=") + testworker);
        }
        QFile out(dir.filePath(f.name));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        paths << out.fileName();
    }
    QProcess p;
    p.start(analyze, QStringList{QStringLiteral("verify"), QStringLiteral("--man=no")} + paths);
    QVERIFY(p.waitForStarted());
    if (!p.waitForFinished(60000)) {
        p.kill(); // the process this test started, by its pid
        p.waitForFinished();
        QFAIL("systemd-analyze verify did not finish in 60 s");
    }
    const QString errors = QString::fromUtf8(p.readAllStandardError());
    QStringList ours; // lines about other units (the container's own) are not this test's business
    for (const QString &line : errors.split(u'\n', Qt::SkipEmptyParts))
        if (line.contains(QLatin1String("hsu-")))
            ours << line;
    QVERIFY2(ours.isEmpty(), qPrintable(ours.join(u'\n')));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(errors));
}

void TestExportSystemd::runsUnderUserSystemd()
{
    const QString systemctl = QStandardPaths::findExecutable(QStringLiteral("systemctl"));
    if (systemctl.isEmpty())
        QSKIP("systemctl is not installed");
    const auto ctl = [&](const QStringList &args) {
        QProcess p;
        p.start(systemctl, QStringList{QStringLiteral("--user")} + args);
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
        }
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
    };
    const QString state = ctl({QStringLiteral("is-system-running")});
    if (state != u"running" && state != u"degraded")
        QSKIP(qPrintable(QStringLiteral("no user systemd runs here (systemctl --user is-system-running: %1)").arg(state)));
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.isEmpty())
        QSKIP("XDG_RUNTIME_DIR is not set: no runtime folder for a user unit");

    // A unit in the user manager's runtime folder: gone at logout even if this test dies midway.
    const QString testworker = qEnvironmentVariable("HSU_TEST_TESTWORKER");
    const QByteArray id = "exporttest" + QByteArray::number(QCoreApplication::applicationPid());
    const Result r = exportAs(Target::Systemd, load("workers:\n" + worker(id, "          restart_policy: never\n")
                                                                     .replace("/bin/sleep", testworker.toUtf8())
                                                                     .replace("[\"60\"]", "[\"--lines\", \"100000\", \"--line-interval\", \"500\"]")));
    const QString unitName = QStringLiteral("hsu-%1.service").arg(QString::fromLatin1(id));
    const QString folder = runtime + QStringLiteral("/systemd/user");
    QVERIFY(QDir().mkpath(folder));
    QFile unit(folder + u'/' + unitName);
    QVERIFY(unit.open(QIODevice::WriteOnly));
    unit.write(fileNamed(r, unitName));
    unit.close();
    // Whatever happens below, the unit is stopped (systemd ends the process it started) and removed.
    const auto cleanup = qScopeGuard([&] {
        ctl({QStringLiteral("stop"), unitName});
        unit.remove();
        ctl({QStringLiteral("daemon-reload")});
    });
    ctl({QStringLiteral("daemon-reload")});
    ctl({QStringLiteral("start"), unitName});
    QTRY_COMPARE_WITH_TIMEOUT(ctl({QStringLiteral("is-active"), unitName}), QStringLiteral("active"), 10000);
    const QString pid = ctl({QStringLiteral("show"), QStringLiteral("-p"), QStringLiteral("MainPID"), QStringLiteral("--value"), unitName});
    QCOMPARE(QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).symLinkTarget(), QFileInfo(testworker).canonicalFilePath());
}

QTEST_GUILESS_MAIN(TestExportSystemd)
#include "tst_export_systemd.moc"
