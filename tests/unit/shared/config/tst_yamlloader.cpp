// What loads, and what it loads to: both dialects, values, defaults and HSU Master's semantics.

#include "ConfigTestUtil.h"

#include "shared/config/NotActedOn.h"
#include "shared/config/YamlLoader.h"

#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;
using namespace std::chrono_literals;

class TestYamlLoader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hsuSampleLoads()
    {
        HSU_REQUIRE_SAMPLE();
        const LoadResult r = YamlLoader::loadFile(hsuSample());
        HSU_VERIFY_LOADS(r);
        const Config &c = *r.config;
        QCOMPARE(c.dialect, Dialect::HsuMaster);
        QCOMPARE(c.master.port, 50055);
        QVERIFY(c.logCollection);
        QCOMPARE(c.logCollection->globalTargets.size(), std::size_t(2));
        QCOMPARE(c.logCollection->globalTargets[0].type, QStringLiteral("master_stdout"));
        QCOMPARE(c.logCollection->globalTargets[0].prefix, QStringLiteral("[AGGREGATED]"));
        QCOMPARE(c.logCollection->defaultWorker.stderrTargets->size(), std::size_t(2));
        QCOMPARE(c.logCollection->defaultWorker.stdoutTargets->at(0).path, QStringLiteral("{worker_id}-stdout.log"));

        QCOMPARE(c.workers.size(), std::size_t(1));
        const WorkerSpec &w = c.workers[0];
        QCOMPARE(w.id, QStringLiteral("echotest"));
        QCOMPARE(w.type, WorkerType::Managed);
        QCOMPARE(w.profileType, ProfileType::Web);
        QCOMPARE(w.name, QStringLiteral("Echo Test"));
        QCOMPARE(w.execution.executablePath, QStringLiteral("../../test/echotest/echotest"));
        QCOMPARE(w.execution.args, (QStringList{QStringLiteral("--run-duration"), QStringLiteral("0"),
                                                QStringLiteral("--memory-mb"), QStringLiteral("1")}));
        QCOMPARE(w.restartPolicy, RestartPolicy::Always);
        QCOMPARE(w.restart.defaultRetry, (RetryConfig{3, 5s, 1.5}));
        QCOMPARE(w.restart.startupGracePeriod, Duration(30s));
        QCOMPARE(w.limits.memory.maxRss, qint64(104857600));
        QCOMPARE(w.limits.memory.warningThreshold, 80);
        QCOMPARE(w.limits.memory.policy, LimitPolicy::Restart);
        // HSU's sample puts log_collection under control.
        QVERIFY(w.logCollection);
        QCOMPARE(w.logCollection->enabled, std::optional<bool>(true));
        QCOMPARE(w.logCollection->stdoutTargets->at(0).path, QStringLiteral("{worker_id}-detailed.log"));
        QCOMPARE(w.healthCheck.type, HealthCheckType::Process);
        QCOMPARE(w.healthCheck.runOptions.retries, 2);
        QCOMPARE(w.healthCheck.runOptions.initialDelay, Duration(2s));

        // Loaded, but honestly reported: master.port is HSU Master's gRPC port.
        const QList<Diagnostic> port = matching(r.warnings(), QStringLiteral("'port' is accepted but not acted on yet"));
        QCOMPARE(port.size(), 1);
        QCOMPARE(port[0].line, 2);
        QCOMPARE(port[0].column, 3);
        QCOMPARE(c.executablePathLocations.value(QStringLiteral("echotest")), (SourceLocation{43, 30}));
    }

    void procmanSampleEqualsHsuSample()
    {
        HSU_REQUIRE_SAMPLE();
        const LoadResult hsu = YamlLoader::loadFile(hsuSample());
        const LoadResult procman = YamlLoader::loadFile(dataDir() + QStringLiteral("/valid/echotest-procman.yaml"));
        HSU_VERIFY_LOADS(hsu);
        HSU_VERIFY_LOADS(procman);
        QCOMPARE(procman.config->dialect, Dialect::HsuProcman);
        QVERIFY(*procman.config == *hsu.config);
    }

    // One row of CONFIG.md's dialect table each: the two spellings load to the same model.
    void dialectRows_data()
    {
        QTest::addColumn<QByteArray>("hsu");
        QTest::addColumn<QByteArray>("procman");
        QTest::newRow("master") << QByteArray("master: { port: 1234 }\n")
                                << QByteArray("process_manager: { port: 1234 }\n");
        QTest::newRow("workers/unit/managed")
            << managedWorker()
            << QByteArray("managed_processes:\n  - id: w\n    type: standard_managed\n    management:\n"
                          "      standard_managed:\n        control:\n          execution:\n"
                          "            executable_path: /bin/true\n");
        QTest::newRow("integrated")
            << QByteArray("workers:\n  - id: w\n    type: integrated\n    unit:\n      integrated:\n"
                          "        control: { execution: { executable_path: /bin/true } }\n")
            << QByteArray("managed_processes:\n  - id: w\n    type: integrated_managed\n    management:\n"
                          "      integrated_managed:\n        control: { execution: { executable_path: /bin/true } }\n");
        QTest::newRow("unmanaged")
            << QByteArray("workers:\n  - id: w\n    type: unmanaged\n    unit:\n      unmanaged:\n"
                          "        discovery: { method: pid-file, pid_file: /run/x.pid }\n")
            << QByteArray("managed_processes:\n  - id: w\n    type: unmanaged\n    management:\n      unmanaged:\n"
                          "        discovery: { method: pid-file, pid_file: /run/x.pid }\n");
        QTest::newRow("master_stdout")
            << QByteArray("log_collection: { global_aggregation: { targets: [ { type: master_stdout } ] } }\n")
            << QByteArray("log_collection: { global_aggregation: { targets: [ { type: process_manager_stdout } ] } }\n");
        QTest::newRow("default_worker")
            << QByteArray("log_collection: { default_worker: { capture_stderr: false } }\n")
            << QByteArray("log_collection: { default: { capture_stderr: false } }\n");
        QTest::newRow("add_master_id")
            << QByteArray("log_collection: { enhancement: { metadata: { add_master_id: true } } }\n")
            << QByteArray("log_collection: { enhancement: { metadata: { add_process_manager_id: true } } }\n");
        QTest::newRow("system")
            << QByteArray("log_collection: { system: { worker_directory: w, max_workers: 3 } }\n")
            << QByteArray("log_collection: { system: { process_directory: w, max_processes: 3 } }\n");
    }
    void dialectRows()
    {
        QFETCH(QByteArray, hsu);
        QFETCH(QByteArray, procman);
        const LoadResult a = load(hsu);
        const LoadResult b = load(procman);
        HSU_VERIFY_LOADS(a);
        HSU_VERIFY_LOADS(b);
        QCOMPARE(a.config->dialect, Dialect::HsuMaster);
        QCOMPARE(b.config->dialect, Dialect::HsuProcman);
        QVERIFY(*a.config == *b.config);
        QVERIFY(!(*a.config == Config{}) || hsu.startsWith("log_collection"));
    }

    void placeholdersStayAsWritten()
    {
        const LoadResult r = load("log_collection:\n  default_worker:\n    outputs:\n      separate:\n"
                                  "        stdout: [ { type: file, path: \"{process_id}-out.log\", prefix: \"[{worker_id}]\" } ]\n");
        HSU_VERIFY_LOADS(r);
        const LogTarget &t = r.config->logCollection->defaultWorker.stdoutTargets->at(0);
        QCOMPARE(t.path, QStringLiteral("{process_id}-out.log"));
        QCOMPARE(t.prefix, QStringLiteral("[{worker_id}]"));
    }

    void everySchemaKeyLoads()
    {
        const LoadResult r = YamlLoader::loadFile(dataDir() + QStringLiteral("/valid/full-schema.yaml"));
        HSU_VERIFY_LOADS(r);
        const Config &c = *r.config;
        QCOMPARE(c.master, (MasterSpec{50123, LogLevel::Debug, 45s, MetricsEndpoint{}}));

        const LogCollectionSpec &lc = *c.logCollection;
        QVERIFY(lc.enabled && lc.globalAggregationEnabled && lc.enhancementEnabled);
        QCOMPARE(lc.globalTargets.at(0).path, QStringLiteral("master-aggregated.log"));
        QCOMPARE(lc.metadata, (LogMetadata{true, true, true, true, true, false, false}));
        const WorkerLogConfig &dw = lc.defaultWorker;
        QCOMPARE(dw.captureStderr, std::optional<bool>(false));
        QCOMPARE(*dw.buffering, (LogBuffering{1 << 20, 3s, 2000}));
        QCOMPARE(dw.parseStructured, std::optional<bool>(true));
        QCOMPARE(dw.addMetadata, std::optional<bool>(true));
        QCOMPARE(dw.filters->levelFilter, QStringLiteral("debug"));
        QCOMPARE(dw.filters->excludePatterns, QStringList{QStringLiteral("heartbeat")});
        QCOMPARE(*dw.stdoutTargets->at(0).rotation, (LogRotation{50 << 20, 5, 72h}));
        QCOMPARE(dw.stderrTargets->at(0).type, QStringLiteral("master_stdout"));
        QCOMPARE(lc.system, (LogSystem{QStringLiteral("workers"), 2 << 20, 2s, 10, true, 30s}));

        const WorkerSpec &db = *c.worker(QStringLiteral("db"));
        QCOMPARE(db.profileType, ProfileType::Database);
        QCOMPARE(db.description, QStringLiteral("the dev database"));
        QCOMPARE(db.execution.environment.size(), std::size_t(2));
        QCOMPARE(db.execution.environment[0], std::make_pair(QStringLiteral("PGDATA"), QStringLiteral("/tmp/pg")));
        QCOMPARE(db.execution.workingDirectory, QStringLiteral("/tmp"));
        QCOMPARE(db.execution.waitDelay, Duration(7s));
        QCOMPARE(db.restartPolicy, RestartPolicy::UnlessStopped);
        QCOMPARE(db.restart.defaultRetry, (RetryConfig{4, 2s, 2.0}));
        QCOMPARE(db.restart.healthFailures, (RetryConfig{6, 1s, 1.25}));
        QCOMPARE(db.restart.resourceViolations, (RetryConfig{8, 20s, 3.0}));
        QCOMPARE(db.restart.severityMultipliers.value(QStringLiteral("warning")), 0.25);
        QCOMPARE(db.restart.workerProfileMultipliers.value(QStringLiteral("database")), 6.0);
        QCOMPARE(db.restart.startupGracePeriod, Duration(30s));
        QCOMPARE(db.restart.sustainedViolationTime, Duration(4min));
        QCOMPARE(db.restart.spikeToleranceTime, Duration(10s));
        QCOMPARE(db.limits.priority, std::optional<int>(5));
        QCOMPARE(db.limits.cpuShares, 512);
        QCOMPARE(db.limits.memory, (MemoryLimits{512 << 20, 2LL << 30, 1LL << 30, 80, LimitPolicy::Restart}));
        QCOMPARE(db.limits.cpu, (CpuLimits{1.5, 50, 1h, 70, LimitPolicy::Throttle}));
        QCOMPARE(db.limits.io, (IoLimits{100, 100 << 20, 50 << 20, 1000, 500, 60, LimitPolicy::Log}));
        QCOMPARE(db.limits.process, (ProcessLimits{64, 1024, 32, 90, LimitPolicy::RestartAdjusted}));
        QCOMPARE(db.limits.monitoring, (MonitoringSpec{false, 1s, 12h, false}));
        QCOMPARE(db.logCollection->enabled, std::optional<bool>(false));
        QCOMPARE(db.gracefulTimeout, Duration(15s));
        QCOMPARE(db.healthCheck.type, HealthCheckType::Tcp);
        QCOMPARE(db.healthCheck.tcpAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(db.healthCheck.tcpPort, 5432);
        QCOMPARE(db.healthCheck.runOptions, (HealthRunOptions{true, 3s, 1s, 2s, 4}));

        const WorkerSpec &web = *c.worker(QStringLiteral("web"));
        QCOMPARE(web.dependsOn, (std::vector<Dependency>{{QStringLiteral("db"), DependencyCondition::Healthy}}));
        QCOMPARE(web.execution.environment[0], std::make_pair(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1")));
        QCOMPARE(web.healthCheck.httpUrl, QStringLiteral("http://127.0.0.1:8080/"));
        QCOMPARE(web.healthCheck.httpMethod, QStringLiteral("HEAD"));
        QCOMPARE(web.healthCheck.httpHeaders.value(QStringLiteral("X-Probe")), QStringLiteral("1"));
        QCOMPARE(web.healthCheck.grpcAddress, QStringLiteral("127.0.0.1:50051"));
        QCOMPARE(web.healthCheck.grpcService, QStringLiteral("svc"));
        QCOMPARE(web.healthCheck.grpcMethod, QStringLiteral("Check"));
        QCOMPARE(web.healthCheck.grpcHeaders.value(QStringLiteral("k")), QStringLiteral("v"));
        QCOMPARE(web.healthCheck.execCommand, QStringLiteral("/usr/bin/test"));
        QCOMPARE(web.healthCheck.execArgs.size(), 2);

        const WorkerSpec &core = *c.worker(QStringLiteral("core"));
        QCOMPARE(core.type, WorkerType::Integrated);
        QCOMPARE(core.dependsOn, (std::vector<Dependency>{{QStringLiteral("db"), DependencyCondition::Started}}));
        QCOMPARE(core.healthCheck.runOptions.interval, Duration(10s));
        QCOMPARE(core.healthCheck.runOptions.timeout, Duration(2s));

        const WorkerSpec &legacy = *c.worker(QStringLiteral("legacy-app"));
        QCOMPARE(legacy.type, WorkerType::Unmanaged);
        QCOMPARE(legacy.discovery, (DiscoverySpec{QStringLiteral("pid-file"), QStringLiteral("/run/app.pid"),
                                                  QStringLiteral("app"), {QStringLiteral("--serve")}, 8081,
                                                  QStringLiteral("tcp"), QStringLiteral("app"), 20s}));
        QCOMPARE(legacy.unmanagedControl,
                 (UnmanagedControl{true, false, {QStringLiteral("SIGHUP"), QStringLiteral("SIGUSR1")}, 40s,
                                   QStringLiteral("systemd"), QStringLiteral("app.service")}));
        QCOMPARE(legacy.healthCheck.type, HealthCheckType::Exec);
    }

    void environmentListAndMapAreEqual()
    {
        const LoadResult list = load(managedWorker("            environment: [\"A=1\", \"B=x=y\", \"C=\"]\n"));
        const LoadResult map = load(managedWorker("            environment: { A: \"1\", B: \"x=y\", C: \"\" }\n"));
        HSU_VERIFY_LOADS(list);
        HSU_VERIFY_LOADS(map);
        QVERIFY(*list.config == *map.config);
        QCOMPARE(list.config->workers[0].execution.environment[1],
                 std::make_pair(QStringLiteral("B"), QStringLiteral("x=y")));
    }

    void variablesExpandFromOptions()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("APP_HOME"), QStringLiteral("/opt/app"));
        env.insert(QStringLiteral("RETRIES"), QStringLiteral("7"));
        const LoadResult r = load(managedWorker("            args: [\"--home=${APP_HOME}\", \"${PORT:-8080}\"]\n"
                                                "          context_aware_restart:\n"
                                                "            default:\n              max_retries: ${RETRIES}\n"),
                                  env);
        HSU_VERIFY_LOADS(r);
        const WorkerSpec &w = r.config->workers[0];
        QCOMPARE(w.execution.args, (QStringList{QStringLiteral("--home=/opt/app"), QStringLiteral("8080")}));
        QCOMPARE(w.restart.defaultRetry.maxRetries, 7);
    }

    void valuesInFile_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("ms") << QByteArray("500ms") << qint64(500);
        QTest::newRow("compound") << QByteArray("1m30s") << qint64(90'000);
        QTest::newRow("days") << QByteArray("3d") << qint64(3 * 86'400'000LL);
        QTest::newRow("bare number") << QByteArray("12") << qint64(12'000);
        QTest::newRow("quoted") << QByteArray("\"2h\"") << qint64(7'200'000);
    }
    void valuesInFile()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, ms);
        const LoadResult r = load(managedWorker("          graceful_timeout: " + value + "\n"));
        HSU_VERIFY_LOADS(r);
        QCOMPARE(r.config->workers[0].gracefulTimeout.count(), ms);
    }

    void sizesInFile_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("bytes") << QByteArray("104857600") << qint64(104857600);
        QTest::newRow("KB") << QByteArray("512KB") << qint64(512 * 1024);
        QTest::newRow("MB") << QByteArray("100MB") << qint64(100 << 20);
        QTest::newRow("GB") << QByteArray("1GB") << qint64(1LL << 30);
        QTest::newRow("GiB") << QByteArray("1GiB") << qint64(1LL << 30);
    }
    void sizesInFile()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, bytes);
        const LoadResult r = load(managedWorker("          limits: { memory: { max_rss: " + value + " } }\n"));
        HSU_VERIFY_LOADS(r);
        QCOMPARE(r.config->workers[0].limits.memory.maxRss, bytes);
    }

    void defaults_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::newRow("managed") << QByteArray("managed");
        QTest::newRow("integrated") << QByteArray("integrated");
    }
    void defaults()
    {
        QFETCH(QByteArray, kind);
        const LoadResult r = load("workers:\n  - id: w\n    type: " + kind + "\n    unit:\n      " + kind +
                                  ":\n        control: { execution: { executable_path: /bin/true } }\n");
        HSU_VERIFY_LOADS(r);
        const WorkerSpec &w = r.config->workers[0];
        QCOMPARE(w.restartPolicy, RestartPolicy::OnFailure);
        QCOMPARE(w.restart.defaultRetry, (RetryConfig{3, 5s, 1.5}));
        QCOMPARE(w.restart.healthFailures, (RetryConfig{3, 5s, 1.5}));
        QCOMPARE(w.restart.resourceViolations, (RetryConfig{5, 10s, 1.5}));
        QCOMPARE(w.restart.startupGracePeriod, Duration(2min));
        QCOMPARE(w.restart.sustainedViolationTime, Duration(5min));
        QCOMPARE(w.gracefulTimeout, Duration(20s));
        QCOMPARE(w.execution.waitDelay, Duration(10s));
        QCOMPARE(w.limits.monitoring.interval, Duration(2s));
        QVERIFY(w.enabled);
        QCOMPARE(w.profileType, ProfileType::Default);
        if (kind == "integrated") {
            QCOMPARE(w.healthCheck.runOptions.interval, Duration(30s));
            QCOMPARE(w.healthCheck.runOptions.timeout, Duration(5s));
        }
    }

    void derivedDefaultsFollowTheUsersDefault()
    {
        const LoadResult r = load(managedWorker("          context_aware_restart:\n"
                                                "            default: { max_retries: 4, retry_delay: 3s, backoff_rate: 2 }\n"
                                                "            resource_violations: { backoff_rate: 4 }\n"));
        HSU_VERIFY_LOADS(r);
        const ContextAwareRestart &c = r.config->workers[0].restart;
        QCOMPARE(c.healthFailures, (RetryConfig{4, 3s, 2.0}));
        // Fields not written take {max_retries + 2, retry_delay x 2}; the written one stays.
        QCOMPARE(c.resourceViolations, (RetryConfig{6, 6s, 4.0}));
    }

    void unmanagedGracefulTimeoutDefault()
    {
        const LoadResult r = load("workers:\n  - id: u\n    type: unmanaged\n    unit:\n      unmanaged:\n"
                                  "        discovery: { method: process-name, process_name: app }\n");
        HSU_VERIFY_LOADS(r);
        QCOMPARE(r.config->workers[0].unmanagedControl.gracefulTimeout, Duration(30s));
        QCOMPARE(r.config->workers[0].discovery.checkInterval, Duration(30s));
    }

    void legacyRestartIsHonoured()
    {
        const LoadResult r = load(managedWorker("          restart:\n            policy: always\n"
                                                "            max_retries: 9\n            retry_delay: 2s\n"
                                                "            backoff_rate: 3\n"));
        HSU_VERIFY_LOADS(r);
        const WorkerSpec &w = r.config->workers[0];
        QCOMPARE(w.restartPolicy, RestartPolicy::Always);
        QCOMPARE(w.restart.defaultRetry, (RetryConfig{9, 2s, 3.0}));
        QCOMPARE(w.restart.healthFailures, (RetryConfig{9, 2s, 3.0}));
        const QList<Diagnostic> legacy = matching(r.warnings(), QStringLiteral("legacy block"));
        QCOMPARE(legacy.size(), 1);
        QVERIFY(legacy[0].message.contains(QStringLiteral("restart_policy")));
        QVERIFY(legacy[0].message.contains(QStringLiteral("context_aware_restart.default")));
        QCOMPARE(legacy[0].line, 9);
        QCOMPARE(legacy[0].column, 11);
    }

    void newRestartKeysWinOverLegacy()
    {
        const LoadResult r = load(managedWorker("          restart_policy: never\n"
                                                "          context_aware_restart:\n"
                                                "            default: { max_retries: 1 }\n"
                                                "          restart: { policy: always, max_retries: 9, retry_delay: 2s }\n"));
        HSU_VERIFY_LOADS(r);
        const WorkerSpec &w = r.config->workers[0];
        QCOMPARE(w.restartPolicy, RestartPolicy::Never);
        QCOMPARE(w.restart.defaultRetry, (RetryConfig{1, 2s, 1.5})); // retry_delay from legacy fills the gap
        const QList<Diagnostic> ignored = matching(r.warnings(), QStringLiteral("is also given and wins"));
        QCOMPARE(ignored.size(), 2);
        QVERIFY(ignored[0].message.startsWith(QStringLiteral("restart.policy is ignored: 'restart_policy' (line 9)")));
        QVERIFY(ignored[1].message.startsWith(
            QStringLiteral("restart.max_retries is ignored: 'context_aware_restart.default.max_retries' (line 11)")));
    }

    void logCollectionUnderUnitOrControl()
    {
        const QByteArray underControl = managedWorker("          log_collection: { enabled: false }\n");
        const QByteArray underUnit = managedWorker() + "        log_collection: { enabled: false }\n";
        const LoadResult a = load(underControl);
        const LoadResult b = load(underUnit);
        HSU_VERIFY_LOADS(a);
        HSU_VERIFY_LOADS(b);
        QCOMPARE(a.config->workers[0].logCollection->enabled, std::optional<bool>(false));
        QVERIFY(*a.config == *b.config);
    }

    void processFileAcceptedWithWarning()
    {
        const LoadResult r = load(managedWorker("          process_file:\n            basedirectory: /tmp\n"
                                                "            servicecontext: user\n            appname: demo\n"
                                                "            usesubdirectory: true\n            scenario: x\n"));
        HSU_VERIFY_LOADS(r);
        const QMap<QString, QString> &pf = r.config->workers[0].processFile;
        QCOMPARE(pf.value(QStringLiteral("appname")), QStringLiteral("demo"));
        QCOMPARE(pf.value(QStringLiteral("usesubdirectory")), QStringLiteral("true"));
        QCOMPARE(pf.size(), 5);
        QCOMPARE(matching(r.warnings(), QStringLiteral("'process_file' is accepted but not acted on yet")).size(), 1);
    }

    void dependsOnForms()
    {
        const QByteArray more = "  - id: b\n    type: managed\n"
                                "    depends_on: [w]\n"
                                "    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n"
                                "  - id: c\n    type: managed\n"
                                "    depends_on: { w: , b: { condition: completed_successfully } }\n"
                                "    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n"
                                "  - id: d\n    type: managed\n"
                                "    depends_on: { c: { condition: healthy } }\n"
                                "    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n";
        const LoadResult r = load(managedWorker() + more);
        HSU_VERIFY_LOADS(r);
        QCOMPARE(r.config->workers[1].dependsOn,
                 (std::vector<Dependency>{{QStringLiteral("w"), DependencyCondition::Started}}));
        QCOMPARE(r.config->workers[2].dependsOn,
                 (std::vector<Dependency>{{QStringLiteral("w"), DependencyCondition::Started},
                                          {QStringLiteral("b"), DependencyCondition::CompletedSuccessfully}}));
        QCOMPARE(r.config->workers[3].dependsOn,
                 (std::vector<Dependency>{{QStringLiteral("c"), DependencyCondition::Healthy}}));
        // 'healthy' waits for a check the agent runs; c has none, so the file is told so, at the entry.
        const QList<Diagnostic> warnings = matching(r.warnings(), QStringLiteral("has no health check the agent runs"));
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].message.startsWith(QStringLiteral("depends_on 'c' with condition healthy")), qPrintable(warnings[0].message));
        QCOMPARE(warnings[0].line, 19);
        QCOMPARE(warnings[0].column, 19);
        // With a process check on c: nothing to say.
        QByteArray checked = more;
        checked.replace("  - id: c\n    type: managed\n", "  - id: c\n    type: managed\n");
        checked.replace("    depends_on: { w: , b: { condition: completed_successfully } }\n    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n",
                        "    depends_on: { w: , b: { condition: completed_successfully } }\n    unit: { managed: { control: { execution: { executable_path: /bin/true } }, health_check: { type: process } } }\n");
        const LoadResult withCheck = load(managedWorker() + checked);
        HSU_VERIFY_LOADS(withCheck);
        QCOMPARE(withCheck.config->workers[2].healthCheck.type, HealthCheckType::Process);
        QVERIFY(matching(withCheck.warnings(), QStringLiteral("has no health check")).isEmpty());
    }

    // Every row of the not-acted-on table that a file can reach warns, at the key, and never fails.
    void notActedOnWarns_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("what");
        QTest::newRow("cpu_shares") << managedWorker("          limits: { cpu_shares: 10 }\n") << QStringLiteral("'cpu_shares'");

        QTest::newRow("log metrics") << QByteArray("log_collection: { system: { metrics: { enabled: true } } }\n")
                                     << QStringLiteral("'metrics'");
        QTest::newRow("max_workers") << QByteArray("log_collection: { system: { max_workers: 3 } }\n")
                                     << QStringLiteral("'max_workers'");
        QTest::newRow("wait_delay") << managedWorker("            wait_delay: 1s\n") << QStringLiteral("'wait_delay'");
        QTest::newRow("forwarding (dropped)")
            << QByteArray("log_collection: { default_worker: { outputs: { forwarding: [] } } }\n")
            << QStringLiteral("'forwarding'");
    }
    void notActedOnWarns()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, what);
        const LoadResult r = load(yaml);
        HSU_VERIFY_LOADS(r);
        QCOMPARE(matching(r.warnings(), what + QStringLiteral(" is accepted but not acted on yet")).size(), 1);
    }

    // Rows that a file reaches only under a key that already warned (the warning is not repeated for
    // children); the table must still know them for when the parent row goes.
    void notActedOnTable_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("listed");
        QTest::newRow("global_aggregation") << QStringLiteral("log_collection.global_aggregation") << QString() << false;
        QTest::newRow("buffering") << QStringLiteral("workers.unit.managed.control.log_collection.buffering")
                                   << QString() << false;
        QTest::newRow("syslog") << QStringLiteral("log_collection.default_worker.outputs.separate.stdout.type")
                                << QStringLiteral("syslog") << false;
        QTest::newRow("worker_directory") << QStringLiteral("log_collection.system.worker_directory") << QString()
                                          << true;
        QTest::newRow("file target") << QStringLiteral("log_collection.default_worker.outputs.separate.stdout.type")
                                     << QStringLiteral("file") << false;
        QTest::newRow("limits") << QStringLiteral("workers.unit.integrated.control.limits") << QString() << false;
        QTest::newRow("cpu_shares") << QStringLiteral("workers.unit.integrated.control.limits.cpu_shares") << QString() << true;
        QTest::newRow("restart_policy") << QStringLiteral("workers.unit.managed.control.restart_policy") << QString()
                                        << false;
        QTest::newRow("grpc checks run") << QStringLiteral("workers.unit.managed.health_check.type") << QStringLiteral("grpc") << false;
        QTest::newRow("integrated workers run") << QStringLiteral("workers.unit.integrated") << QString() << false;
        QTest::newRow("started") << QStringLiteral("workers.depends_on.db.condition") << QStringLiteral("started")
                                 << false;
    }
    void notActedOnTable()
    {
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(bool, listed);
        QCOMPARE(findNotActedOn(path, value.isEmpty() ? QStringView() : QStringView(value)) != nullptr, listed);
    }

    // An https health check loads (configs travel) with a warning that it will fail here.
    void httpsHealthCheckWarns()
    {
        const LoadResult r = load(managedWorker() + "        health_check: { type: http, http: { url: \"https://127.0.0.1:8443/\" } }\n");
        HSU_VERIFY_LOADS(r);
        QCOMPARE(matching(r.warnings(), QStringLiteral("no https")).size(), 1);
        const LoadResult plain = load(managedWorker() + "        health_check: { type: http, http: { url: \"http://127.0.0.1:8080/\" } }\n");
        HSU_VERIFY_LOADS(plain);
        QCOMPARE(matching(plain.warnings(), QStringLiteral("no https")).size(), 0);
    }

    // An unsupported target is a warning naming it, never a refused file.
    void elasticsearchTargetWarns()
    {
        const LoadResult r = load("log_collection:\n  default_worker:\n    outputs:\n      separate:\n"
                                  "        stdout: [ { type: elasticsearch } ]\n");
        HSU_VERIFY_LOADS(r);
        const QList<Diagnostic> w = matching(r.warnings(), QStringLiteral("elasticsearch targets are not supported"));
        QCOMPARE(w.size(), 1);
        QCOMPARE(w[0].line, 5);
        QCOMPARE(w[0].column, 27);
    }

    // A worker with every log_collection key the agent acts on loads without a warning.
    void logCollectionIsActedOn()
    {
        const LoadResult r = load(
            "log_collection:\n  enabled: true\n"
            "  global_aggregation: { enabled: true, targets: [ { type: file, path: all.log, format: json } ] }\n"
            "  enhancement: { enabled: true, metadata: { add_hostname: true, add_sequence: true } }\n"
            "  default_worker:\n    buffering: { size: 1MB, flush_interval: 1s, max_lines: 100 }\n"
            "    processing: { parse_structured: true, filters: { level_filter: info, exclude_patterns: [x] } }\n"
            "    outputs: { separate: { stdout: [ { type: syslog }, { type: master_stdout, prefix: '[{worker_id}]' } ] } }\n"
            "  system: { buffer_size: 2MB, flush_interval: 2s }\n");
        HSU_VERIFY_LOADS(r);
        QVERIFY2(r.warnings().isEmpty(), qPrintable(describe(r.warnings())));
    }

    void nothingIsSilentlyDropped()
    {
        // A worker that uses only what the agent acts on loads without a single warning.
        const LoadResult r = load(managedWorker("            args: [a]\n          restart_policy: always\n"
                                                "          graceful_timeout: 3s\n"));
        HSU_VERIFY_LOADS(r);
        QVERIFY2(r.warnings().isEmpty(), qPrintable(describe(r.warnings())));
    }

    void emptyFileIsAnEmptyConfig()
    {
        const LoadResult r = load("# nothing yet\n");
        HSU_VERIFY_LOADS(r);
        QVERIFY(r.config->workers.empty());
        QVERIFY(!r.config->logCollection);
    }

    void diagnosticToString()
    {
        const Diagnostic e{Diagnostic::Severity::Error, QStringLiteral("a.yaml"), 3, 7, QStringLiteral("bad")};
        const Diagnostic w{Diagnostic::Severity::Warning, QStringLiteral("a.yaml"), 1, 2, QStringLiteral("meh")};
        QCOMPARE(e.toString(), QStringLiteral("a.yaml:3:7: bad"));
        QCOMPARE(w.toString(), QStringLiteral("a.yaml:1:2: warning: meh"));
    }
};

QTEST_GUILESS_MAIN(TestYamlLoader)
#include "tst_yamlloader.moc"
