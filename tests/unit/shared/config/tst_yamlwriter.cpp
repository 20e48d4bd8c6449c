// Saving: always the HSU Master dialect, and loading what was saved gives the same Config, for every
// example config in the repository (found by glob, so examples added later are covered too).

#include "ConfigTestUtil.h"

#include "shared/config/YamlWriter.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;
using namespace std::chrono_literals;

namespace {

QStringList yamlFilesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

YamlLoader::Options testOptions()
{
    YamlLoader::Options o;
    // Examples may use ${HOME}; make sure it is there even in a bare CI environment.
    if (!o.environment.contains(QStringLiteral("HOME")))
        o.environment.insert(QStringLiteral("HOME"), QStringLiteral("/home/test"));
    return o;
}

} // namespace

class TestYamlWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QStringList files = yamlFilesUnder(QStringLiteral(HSU_SOURCE_DIR "/resources"));
        files += yamlFilesUnder(dataDir() + QStringLiteral("/valid"));
        if (QFile::exists(hsuSample()))
            files << hsuSample();
        else
            qWarning("HSU Master sample not found at %s: round trip runs without it", qPrintable(hsuSample()));
        QVERIFY(files.size() >= 4);
        for (const QString &f : files)
            QTest::newRow(qPrintable(QDir(QStringLiteral(HSU_SOURCE_DIR)).relativeFilePath(f))) << f;
    }
    void roundTrip()
    {
        QFETCH(QString, file);
        const LoadResult original = YamlLoader::loadFile(file, testOptions());
        HSU_VERIFY_LOADS(original);

        const QByteArray saved = YamlWriter::toYaml(*original.config);
        const LoadResult reloaded = YamlLoader::loadData(saved, QStringLiteral("saved.yaml"), testOptions());
        QVERIFY2(reloaded.ok(), qPrintable(describe(reloaded.diagnostics) + QStringLiteral("\n--- saved:\n") +
                                          QString::fromUtf8(saved)));
        QVERIFY2(*reloaded.config == *original.config, saved.constData());
        QCOMPARE(reloaded.config->dialect, Dialect::HsuMaster);
        // Saving again changes nothing.
        QCOMPARE(YamlWriter::toYaml(*reloaded.config), saved);
    }

    void procmanInputIsSavedAsHsuMaster()
    {
        const LoadResult procman = YamlLoader::loadFile(dataDir() + QStringLiteral("/valid/echotest-procman.yaml"));
        HSU_VERIFY_LOADS(procman);
        QCOMPARE(procman.config->dialect, Dialect::HsuProcman);
        const QByteArray saved = YamlWriter::toYaml(*procman.config);
        for (const char *procmanWord : {"process_manager", "managed_processes", "management:", "standard_managed",
                                        "default:", "process_directory"})
            QVERIFY2(!saved.contains(procmanWord), procmanWord);
        QVERIFY(saved.contains("workers:"));
        QVERIFY(saved.contains("master_stdout"));
        QVERIFY(saved.contains("default_worker:"));
    }

    void dollarsAndSpecialCharactersSurvive()
    {
        Config c;
        WorkerSpec w;
        w.id = QStringLiteral("w");
        w.execution.executablePath = QStringLiteral("/bin/sh");
        w.execution.args = {QStringLiteral("-c"), QStringLiteral("echo ${HOME} $$ \"quoted\" 'single' # not a comment"),
                            QStringLiteral("true"), QStringLiteral("123"), QStringLiteral(""),
                            QStringLiteral("caf\u00e9: {x}")};
        w.execution.environment = {{QStringLiteral("A"), QStringLiteral("x=y")}, {QStringLiteral("EMPTY"), {}}};
        w.name = QStringLiteral("multi\nline");
        c.workers.push_back(w);
        const QByteArray saved = YamlWriter::toYaml(c);
        const LoadResult r = load(saved);
        QVERIFY2(r.ok(), qPrintable(describe(r.diagnostics) + QString::fromUtf8(saved)));
        QVERIFY2(*r.config == c, saved.constData());
    }

    void defaultsAreNotWritten()
    {
        // A minimal worker saves as a minimal worker: no blocks the agent would warn about on reload.
        const LoadResult r = load(managedWorker());
        HSU_VERIFY_LOADS(r);
        const QByteArray saved = YamlWriter::toYaml(*r.config);
        for (const char *block : {"limits", "health_check", "master", "context_aware_restart", "log_collection",
                                  "restart_policy", "graceful_timeout", "wait_delay"})
            QVERIFY2(!saved.contains(block), saved.constData());
        const LoadResult again = load(saved);
        HSU_VERIFY_LOADS(again);
        QVERIFY(again.warnings().isEmpty());
    }

    void everyFieldRoundTrips()
    {
        // Values that differ from every default, including those the full-schema fixture leaves alone.
        Config c;
        c.master = MasterSpec{1234, LogLevel::Error, 3s, MetricsEndpoint{true, QStringLiteral("[::1]:9500")}};
        WorkerSpec w;
        w.id = QStringLiteral("all");
        w.type = WorkerType::Integrated;
        w.profileType = ProfileType::Scheduler;
        w.enabled = false;
        w.execution.executablePath = QStringLiteral("bin/app");
        w.execution.waitDelay = 1500ms;
        w.restartPolicy = RestartPolicy::Never;
        w.restart.defaultRetry = RetryConfig{0, 0s, 1.0};
        w.restart.healthFailures = RetryConfig{2, 250ms, 1.1};
        w.restart.resourceViolations = RetryConfig{0, 0s, 1.0};
        w.restart.spikeToleranceTime = 1s;
        w.limits.priority = -5;
        w.limits.io.maxReadOps = 7;
        w.gracefulTimeout = 0s;
        w.healthCheck.runOptions = HealthRunOptions{false, 1s, 1s, 1s, 0};
        w.processFile.insert(QStringLiteral("appname"), QStringLiteral("x"));
        w.logCollection = WorkerLogConfig{};
        w.logCollection->buffering = LogBuffering{};
        w.logCollection->stdoutTargets = std::vector<LogTarget>{};
        c.workers.push_back(w);
        LogCollectionSpec lc;
        lc.enabled = false;
        lc.metadata.addWorkerId = true;
        lc.metadata.addStream = true;
        lc.defaultWorker.filters = LogFilters{};
        c.logCollection = lc;

        const QByteArray saved = YamlWriter::toYaml(c);
        const LoadResult r = load(saved);
        QVERIFY2(r.ok(), qPrintable(describe(r.diagnostics) + QString::fromUtf8(saved)));
        QVERIFY2(*r.config == c, saved.constData());
    }

    void oneWorkerAsAnIndentedItem()
    {
        WorkerSpec w;
        w.id = QStringLiteral("one");
        w.name = QStringLiteral("The one");
        w.execution.executablePath = QStringLiteral("/bin/sleep");
        w.execution.args = {QStringLiteral("$HOME"), QStringLiteral("two words")};
        w.execution.environment = {{QStringLiteral("A"), QStringLiteral("1")}};
        w.limits.cpu.maxCores = 0.5;
        const QByteArray item = YamlWriter::workerItem(w, 4);
        QVERIFY(item.startsWith("    - id:"));
        QVERIFY(item.endsWith('\n'));
        for (const QByteArray &line : item.split('\n'))
            QVERIFY2(line.isEmpty() || line.startsWith("    "), line.constData());
        const LoadResult r = load("workers:\n" + item);
        QVERIFY2(r.ok(), qPrintable(describe(r.diagnostics) + QString::fromUtf8(item)));
        QCOMPARE(r.config->workers.size(), std::size_t(1));
        QCOMPARE(r.config->workers.front(), w);
    }

    void saveIsAtomicAndReadable()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        HSU_REQUIRE_SAMPLE();
        const LoadResult r = YamlLoader::loadFile(hsuSample());
        HSU_VERIFY_LOADS(r);
        const QString path = dir.filePath(QStringLiteral("saved.yaml"));
        QString error;
        QVERIFY2(YamlWriter::save(*r.config, path, &error), qPrintable(error));
        const LoadResult back = YamlLoader::loadFile(path);
        HSU_VERIFY_LOADS(back);
        QVERIFY(*back.config == *r.config);

        QVERIFY(!YamlWriter::save(*r.config, dir.filePath(QStringLiteral("no/such/dir/x.yaml")), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestYamlWriter)
#include "tst_yamlwriter.moc"
