// How a worker's log_collection resolves: default_worker, then the worker's own block key by key,
// then the project's defaults; placeholders expanded and paths made absolute under the log folder.

#include "ConfigTestUtil.h"

#include "shared/config/LogSettings.h"

#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;

namespace {
const QString kLogDir = QStringLiteral("/var/log/hsu");

ResolvedWorkerLog resolve(const QByteArray &yaml, const QString &id = QStringLiteral("w"))
{
    const LoadResult r = load(yaml);
    if (!r.ok())
        qFatal("config does not load: %s", qPrintable(describe(r.diagnostics)));
    return resolveWorkerLog(*r.config, *r.config->worker(id), kLogDir);
}
} // namespace

class TestLogSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noLogCollectionMeansOneFilePerStream()
    {
        const ResolvedWorkerLog log = resolve(managedWorker());
        QVERIFY(log.enabled && log.captureStdout && log.captureStderr);
        QCOMPARE(logFilesOf(log, false), QStringList{QStringLiteral("/var/log/hsu/w-stdout.log")});
        QCOMPARE(logFilesOf(log, true), QStringList{QStringLiteral("/var/log/hsu/w-stderr.log")});
        QCOMPARE(log.stdoutTargets[0].format, QStringLiteral("plain"));
    }

    void workerBlockWinsKeyByKey()
    {
        const ResolvedWorkerLog log = resolve(
            "log_collection:\n"
            "  default_worker:\n"
            "    capture_stderr: true\n"
            "    buffering: { size: 1MB, max_lines: 50 }\n"
            "    processing: { filters: { level_filter: warn, exclude_patterns: [heartbeat] } }\n"
            "    outputs:\n"
            "      separate:\n"
            "        stdout: [ { type: file, path: '{worker_id}-out.log', format: enhanced_plain } ]\n"
            "        stderr: [ { type: file, path: '/abs/{process_id}.err' } ]\n"
            + managedWorker("          log_collection:\n"
                            "            buffering: { max_lines: 7 }\n"
                            "            processing: { filters: { include_patterns: [GET] } }\n"
                            "            outputs: { separate: { stderr: [ { type: master_stdout } ] } }\n",
                            "api"),
            QStringLiteral("api"));
        QCOMPARE(log.buffering.size, qint64(1024 * 1024)); // HSU sizes are binary: 1MB = 1 MiB
        QCOMPARE(log.buffering.maxLines, 7);
        QCOMPARE(log.filters.levelFilter, QStringLiteral("warn"));
        QCOMPARE(log.filters.excludePatterns, QStringList{QStringLiteral("heartbeat")});
        QCOMPARE(log.filters.includePatterns, QStringList{QStringLiteral("GET")});
        QCOMPARE(logFilesOf(log, false), QStringList{QStringLiteral("/var/log/hsu/api-out.log")});
        QCOMPARE(log.stdoutTargets[0].format, QStringLiteral("enhanced_plain"));
        QCOMPARE(log.stderrTargets.size(), std::size_t(1));
        QCOMPARE(log.stderrTargets[0].type, QStringLiteral("master_stdout"));
        QCOMPARE(log.stderrTargets[0].prefix, QStringLiteral("[api]")); // plain master_stdout names the worker
    }

    void processIdPlaceholderAndPrefix()
    {
        QCOMPARE(expandWorkerPlaceholders(QStringLiteral("{worker_id}/{process_id}.log"), QStringLiteral("db")),
                 QStringLiteral("db/db.log"));
        const ResolvedWorkerLog log = resolve(
            "log_collection:\n  default_worker:\n    outputs:\n      separate:\n"
            "        stdout: [ { type: master_stdout, prefix: '<{worker_id}>', format: plain } ]\n"
            + managedWorker());
        QCOMPARE(log.stdoutTargets[0].prefix, QStringLiteral("<w>"));
    }

    void disabledCapturesNothing()
    {
        ResolvedWorkerLog log = resolve("log_collection: { enabled: false }\n" + managedWorker());
        QVERIFY(!log.enabled && !log.captureStdout && !log.captureStderr);
        QVERIFY(log.stdoutTargets.empty() && log.stderrTargets.empty());
        log = resolve(managedWorker("          log_collection: { capture_stderr: false }\n"));
        QVERIFY(log.captureStdout && !log.captureStderr);
        QVERIFY(log.stderrTargets.empty());
        QCOMPARE(log.stdoutTargets.size(), std::size_t(1));
    }

    void unsupportedTargetIsSkippedAndNamed()
    {
        const ResolvedWorkerLog log = resolve(
            "log_collection:\n  default_worker:\n    outputs:\n      separate:\n"
            "        stdout: [ { type: elasticsearch }, { type: syslog } ]\n" + managedWorker());
        QCOMPARE(log.skipped, QStringList{QStringLiteral("elasticsearch")});
        QCOMPARE(log.stdoutTargets.size(), std::size_t(1));
        QCOMPARE(log.stdoutTargets[0].type, QStringLiteral("syslog"));
    }

    // HSU Master's own sample puts log_collection under control; it is honoured there.
    void hsuSampleControlLogCollection()
    {
        HSU_REQUIRE_SAMPLE();
        const LoadResult r = YamlLoader::loadFile(hsuSample());
        HSU_VERIFY_LOADS(r);
        const WorkerSpec &w = r.config->workers.front();
        const ResolvedWorkerLog log = resolveWorkerLog(*r.config, w, kLogDir);
        QCOMPARE(logFilesOf(log, false), QStringList{kLogDir + QStringLiteral("/%1-detailed.log").arg(w.id)});
        QCOMPARE(logFilesOf(log, true), QStringList{kLogDir + QStringLiteral("/%1-stderr.log").arg(w.id)});
        const std::vector<ResolvedLogTarget> global = resolveGlobalLogTargets(*r.config, kLogDir);
        QCOMPARE(global.size(), std::size_t(2));
        QCOMPARE(global[0].type, QStringLiteral("master_stdout"));
        QCOMPARE(global[0].prefix, QStringLiteral("[AGGREGATED]"));
        QCOMPARE(global[1].path, kLogDir + QStringLiteral("/master-aggregated.log"));
        QCOMPARE(global[1].format, QStringLiteral("enhanced_plain"));
    }
};

QTEST_GUILESS_MAIN(TestLogSettings)
#include "tst_logsettings.moc"
