// Every kind of error the loader reports, each at its exact line and column, and all of them at once.

#include "ConfigTestUtil.h"

#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;

namespace {
// Two workers, `a` and `b`, with `aExtra` / `bExtra` spliced in after their `type:` line.
QByteArray twoWorkers(const QByteArray &aExtra, const QByteArray &bExtra, const QByteArray &bId = "b")
{
    return "workers:\n"
           "  - id: a\n"
           "    type: managed\n" + aExtra +
           "    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n"
           "  - id: " + bId + "\n"
           "    type: managed\n" + bExtra +
           "    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n";
}
} // namespace

class TestLoaderErrors final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorAt_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message"); // a part of the message

        QTest::newRow("syntax error") << QByteArray("master:\n  port: [1, 2\nworkers: []\n") << 3 << 8
                                      << QStringLiteral("YAML syntax error: ");
        QTest::newRow("health timeout not under interval")
            << managedWorker() + "        health_check: { type: http, http: { url: \"http://x/\" }, run_options: { interval: 1s, timeout: 2s } }\n"
            << 9 << 78 << QStringLiteral("health_check: run_options.timeout (2000 ms) must be shorter than its interval (1000 ms)");
        QTest::newRow("grpc address without a port")
            << managedWorker() + "        health_check: { type: grpc, grpc: { address: \"localhost\" } }\n"
            << 9 << 54 << QStringLiteral("health_check: grpc.address \"localhost\" is not HOST:PORT (e.g. 127.0.0.1:50051)");
        QTest::newRow("misspelt key") << managedWorker("          restart_polcy: always\n") << 9 << 11
                                      << QStringLiteral("unknown key 'restart_polcy' in 'control'; did you mean "
                                                        "'restart_policy'?");
        QTest::newRow("misspelt top-level key") << QByteArray("master: {}\nworker: []\n") << 2 << 1
                                                << QStringLiteral("unknown key 'worker'; did you mean 'workers'?");
        QTest::newRow("unknown key, nothing near")
            << managedWorker("            frobnicate: 1\n") << 9 << 13
            << QStringLiteral("unknown key 'frobnicate' in 'execution' (expected one of: executable_path, args, "
                              "environment, working_directory, wait_delay)");
        QTest::newRow("list expected") << managedWorker("            args: \"-m http.server\"\n") << 9 << 19
                                       << QStringLiteral("args: expected a list of strings, found a value");
        QTest::newRow("mapping expected") << managedWorker("          limits: [1]\n") << 9 << 19
                                          << QStringLiteral("limits: expected a mapping of keys, found a list");
        QTest::newRow("bad enum") << managedWorker("          restart_policy: \"sometimes\"\n") << 9 << 27
                                  << QStringLiteral("restart_policy: \"sometimes\" \u2014 expected one of never, "
                                                    "on-failure, always, unless-stopped");
        QTest::newRow("bad profile") << twoWorkers("    profile_type: webb\n", {}) << 4 << 19
                                     << QStringLiteral("profile_type: \"webb\" \u2014 expected one of batch, web, "
                                                       "database, worker, scheduler, default");
        QTest::newRow("bad limit policy")
            << managedWorker("          limits: { memory: { policy: kill } }\n") << 9 << 39
            << QStringLiteral("policy: \"kill\" \u2014 expected one of none, log, alert, throttle, graceful_shutdown, "
                              "immediate_kill, restart, restart_adjusted");
        QTest::newRow("bad boolean") << twoWorkers("    enabled: maybe\n", {}) << 4 << 14
                                     << QStringLiteral("enabled: \"maybe\" \u2014 expected true or false");
        QTest::newRow("bad integer") << QByteArray("master:\n  port: lots\n") << 2 << 9
                                     << QStringLiteral("port: \"lots\" \u2014 expected a whole number from 1 to 65535");
        QTest::newRow("out of range")
            << managedWorker("          limits: { memory: { warning_threshold: 150 } }\n") << 9 << 50
            << QStringLiteral("warning_threshold: \"150\" \u2014 expected a whole number from 0 to 100");
        QTest::newRow("bad duration") << managedWorker("          graceful_timeout: 5 minutes\n") << 9 << 29
                                      << QStringLiteral("graceful_timeout: \"5 minutes\" \u2014 expected a duration");
        QTest::newRow("bad size") << managedWorker("          limits: { memory: { max_rss: lots } }\n") << 9 << 40
                                  << QStringLiteral("max_rss: \"lots\" \u2014 expected a size");
        QTest::newRow("undefined variable")
            << managedWorker("            working_directory: ${NO_SUCH_VAR}/run\n") << 9 << 32
            << QStringLiteral("working_directory: environment variable 'NO_SUCH_VAR' is not set");
        QTest::newRow("bad variable syntax") << managedWorker("            args: [\"${oops\"]\n") << 9 << 20
                                             << QStringLiteral("args[0]: unterminated \"${\"");
        QTest::newRow("duplicate key") << managedWorker("          graceful_timeout: 1s\n"
                                                        "          graceful_timeout: 2s\n")
                                       << 10 << 11
                                       << QStringLiteral("duplicate key 'graceful_timeout' (first written at line 9)");
        QTest::newRow("duplicate worker id") << twoWorkers({}, {}, "a") << 5 << 9
                                             << QStringLiteral("duplicate worker id 'a' (first defined at line 2)");
        QTest::newRow("unknown dependency") << twoWorkers("    depends_on: [bb]\n", {}) << 4 << 18
                                            << QStringLiteral("depends_on: no worker has the id 'bb'; did you mean "
                                                              "'b'?");
        QTest::newRow("dependency listed twice") << twoWorkers("    depends_on: [b, b]\n", {}) << 4 << 21
                                                 << QStringLiteral("depends_on: 'b' is listed twice");
        QTest::newRow("cycle") << twoWorkers("    depends_on: [b]\n", "    depends_on:\n      a: {}\n") << 9 << 7
                               << QStringLiteral("dependency cycle: a -> b -> a");
        QTest::newRow("self cycle") << twoWorkers("    depends_on: { a: { condition: started } }\n", {}) << 4 << 19
                                    << QStringLiteral("dependency cycle: a -> a");
        QTest::newRow("bad condition") << twoWorkers("    depends_on: { b: { condition: up } }\n", {}) << 4 << 35
                                       << QStringLiteral("condition: \"up\" \u2014 expected one of started, healthy, "
                                                         "completed, completed_successfully");
        QTest::newRow("bad id") << managedWorker({}, "\"my app\"") << 2 << 9
                                << QStringLiteral("id: \"my app\" \u2014 expected 1 to 64 of A-Z a-z 0-9 - _");
        QTest::newRow("id too long") << managedWorker({}, QByteArray(65, 'x')) << 2 << 9
                                     << QStringLiteral("expected 1 to 64 of A-Z a-z 0-9 - _");
        QTest::newRow("missing id") << QByteArray("workers:\n  - type: managed\n"
                                                  "    unit: { managed: { control: { execution: { executable_path: "
                                                  "/bin/true } } } }\n")
                                    << 2 << 5 << QStringLiteral("a worker needs 'id'");
        QTest::newRow("missing type") << QByteArray("workers:\n  - id: a\n"
                                                    "    unit: { managed: { control: { execution: { executable_path: "
                                                    "/bin/true } } } }\n")
                                      << 2 << 5 << QStringLiteral("worker 'a' needs 'type'");
        QTest::newRow("bad type") << QByteArray("workers:\n  - id: a\n    type: docker\n"
                                                "    unit: { managed: { control: { execution: { executable_path: "
                                                "/bin/true } } } }\n")
                                  << 3 << 11
                                  << QStringLiteral("type: \"docker\" \u2014 expected one of managed, integrated, "
                                                    "unmanaged");
        QTest::newRow("type does not match unit")
            << QByteArray("workers:\n  - id: a\n    type: managed\n    unit:\n      unmanaged:\n"
                          "        discovery: { method: port, port: 80 }\n")
            << 5 << 7 << QStringLiteral("worker 'a': type is 'managed' but the unit block is 'unmanaged'");
        QTest::newRow("two unit blocks")
            << QByteArray("workers:\n  - id: a\n    type: managed\n    unit:\n"
                          "      managed: { control: { execution: { executable_path: /bin/true } } }\n"
                          "      integrated: { control: { execution: { executable_path: /bin/true } } }\n")
            << 6 << 7
            << QStringLiteral("worker 'a': 'unit' holds exactly one of managed, integrated, unmanaged ('managed' is "
                              "already given at line 5)");
        QTest::newRow("empty unit") << QByteArray("workers:\n  - id: a\n    type: managed\n    unit: {}\n") << 4 << 5
                                    << QStringLiteral("worker 'a': 'unit' needs one of managed, integrated, unmanaged");
        QTest::newRow("missing unit") << QByteArray("workers:\n  - id: a\n    type: managed\n") << 2 << 5
                                      << QStringLiteral("worker 'a' needs 'unit'");
        QTest::newRow("missing executable_path")
            << QByteArray("workers:\n  - id: a\n    type: managed\n    unit:\n      managed:\n"
                          "        control:\n          execution:\n            args: [x]\n")
            << 7 << 11 << QStringLiteral("worker 'a' needs control.execution.executable_path");
        QTest::newRow("integrated needs a program too")
            << QByteArray("workers:\n  - id: a\n    type: integrated\n    unit:\n      integrated: {}\n") << 5 << 7
            << QStringLiteral("worker 'a' needs control.execution.executable_path");
        QTest::newRow("dialects mixed")
            << QByteArray("master:\n  port: 1\nmanaged_processes: []\n") << 3 << 1
            << QStringLiteral("'managed_processes' is the HSU procman spelling of 'workers', but this file is written "
                              "in the HSU Master dialect ('master' at line 1)");
        QTest::newRow("dialects mixed in a value")
            << QByteArray("workers:\n  - id: a\n    type: standard_managed\n"
                          "    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n")
            << 3 << 11
            << QStringLiteral("'standard_managed' is the HSU procman spelling of 'managed', but this file is written "
                              "in the HSU Master dialect");
        QTest::newRow("log_collection twice")
            << managedWorker("          log_collection: { enabled: true }\n") + "        log_collection: {}\n" << 10 << 9
            << QStringLiteral("worker 'w': log_collection is given twice (also at line 9)");
        QTest::newRow("file target without path")
            << QByteArray("log_collection:\n  default_worker:\n    outputs:\n      separate:\n"
                          "        stderr:\n          - type: file\n            format: plain\n")
            << 6 << 13 << QStringLiteral("stderr[0]: a file target needs 'path'");
        QTest::newRow("bad target format")
            << QByteArray("log_collection:\n  default_worker:\n    outputs:\n      separate:\n"
                          "        stderr: [ { type: stderr, format: xml } ]\n")
            << 5 << 43 << QStringLiteral("format: \"xml\" \u2014 expected one of plain, enhanced_plain, json");
        QTest::newRow("bad level filter")
            << QByteArray("log_collection:\n  default_worker:\n    processing: { filters: { level_filter: loud } }\n")
            << 3 << 44 << QStringLiteral("level_filter: \"loud\" \u2014 expected one of debug, info, warn, error");
        QTest::newRow("health check without type")
            << managedWorker() + "        health_check: { http: { url: \"http://x/\" } }\n" << 9 << 9
            << QStringLiteral("health_check needs 'type' (one of http, grpc, tcp, exec, process)");
        QTest::newRow("http check without url") << managedWorker() + "        health_check: { type: http }\n" << 9 << 31
                                                << QStringLiteral("health_check type 'http' needs 'http.url'");
        QTest::newRow("environment item without =") << managedWorker("            environment: [\"A=1\", \"B\"]\n")
                                                     << 9 << 34
                                                     << QStringLiteral("environment[1]: \"B\" \u2014 expected "
                                                                       "\"NAME=value\"");
        QTest::newRow("environment set twice")
            << managedWorker("            environment: [\"A=1\", \"A=2\"]\n") << 9 << 34
            << QStringLiteral("environment: 'A' is set twice");
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << 1 << 1
                                       << QStringLiteral("the file: expected a mapping of keys, found a list");
        QTest::newRow("worker not a mapping") << QByteArray("workers:\n  - web\n") << 2 << 5
                                              << QStringLiteral("workers[0]: expected a mapping of keys, found a value");
        QTest::newRow("bad signal")
            << QByteArray("workers:\n  - id: u\n    type: unmanaged\n    unit:\n      unmanaged:\n"
                          "        discovery: { method: port, port: 80 }\n"
                          "        control: { allowed_signals: [SIGHUP, HUP] }\n")
            << 7 << 46 << QStringLiteral("allowed_signals[1]: \"HUP\" \u2014 expected a signal name");
        QTest::newRow("discovery needs its field")
            << QByteArray("workers:\n  - id: u\n    type: unmanaged\n    unit:\n      unmanaged:\n"
                          "        discovery: { method: pid-file }\n")
            << 6 << 30 << QStringLiteral("discovery method 'pid-file' needs 'pid_file'");
        QTest::newRow("pid file not absolute")
            << QByteArray("workers:\n  - id: u\n    type: unmanaged\n    unit:\n      unmanaged:\n"
                          "        discovery: { method: pid-file, pid_file: app.pid }\n")
            << 6 << 50 << QStringLiteral("discovery pid_file must be an absolute path, not \"app.pid\"");
    }
    void errorAt()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const LoadResult r = load(yaml);
        QVERIFY(!r.ok());
        const QList<Diagnostic> found = matching(r.errors(), message);
        QVERIFY2(found.size() == 1, qPrintable(QStringLiteral("no single error containing \"%1\" in:\n%2")
                                                   .arg(message, describe(r.diagnostics))));
        QCOMPARE(found[0].line, line);
        QCOMPARE(found[0].column, column);
        QCOMPARE(found[0].file, QStringLiteral("test.yaml"));
    }

    void exactMessageAndFormat()
    {
        const LoadResult r = load(managedWorker("          restart_policy: \"sometimes\"\n"));
        QCOMPARE(r.errors().size(), 1);
        QCOMPARE(r.errors()[0].toString(),
                 QStringLiteral("test.yaml:9:27: restart_policy: \"sometimes\" \u2014 expected one of never, on-failure, "
                                "always, unless-stopped"));
    }

    void everyErrorAtOnce()
    {
        const QString file = dataDir() + QStringLiteral("/invalid/many-errors.yaml");
        const LoadResult r = YamlLoader::loadFile(file);
        QVERIFY(!r.ok());
        struct Expected
        {
            int line;
            int column;
            const char *text;
        };
        const Expected expected[] = {
            {5, 3, "unknown key 'log_levle' in 'master'; did you mean 'log_level'?"},
            {9, 11, "type: \"manged\" \u2014 expected one of managed, integrated, unmanaged"},
            {14, 35, "max_retries: \"three\" \u2014 expected a whole number"},
            {15, 27, "restart_policy: \"sometimes\" \u2014 expected one of never, on-failure, always, unless-stopped"},
            {16, 29, "graceful_timeout: \"soon\" \u2014 expected a duration"},
            {17, 9, "unknown key 'helth_check' in 'managed'; did you mean 'health_check'?"},
            {19, 9, "duplicate worker id 'web' (first defined at line 8)"},
            {21, 18, "depends_on: no worker has the id 'dbb'\n"}, // and no far-fetched "did you mean"
            {25, 11, "worker 'web' needs control.execution.executable_path"},
            {27, 9, "id: \"bad id!\" \u2014 expected 1 to 64 of A-Z a-z 0-9 - _"},
        };
        const QList<Diagnostic> errors = r.errors();
        QStringList wanted;
        for (const Expected &e : expected)
            wanted << QStringLiteral("%1:%2:%3: %4").arg(file).arg(e.line).arg(e.column).arg(QString::fromUtf8(e.text));
        QStringList got;
        for (const Diagnostic &d : errors)
            got << d.toString();
        QCOMPARE(got.size(), wanted.size());
        // A trailing "\n" in the table means "exactly this message"; otherwise it is the message's start.
        for (qsizetype i = 0; i < wanted.size(); ++i) {
            const bool exact = wanted[i].endsWith(u'\n');
            const bool ok = exact ? got[i] + u'\n' == wanted[i] : got[i].startsWith(wanted[i]);
            QVERIFY2(ok, qPrintable(got[i] + QStringLiteral("\n  wanted: ") + wanted[i]));
        }
    }

    void missingFile()
    {
        const LoadResult r = YamlLoader::loadFile(QStringLiteral("/nonexistent/hsu.yaml"));
        QVERIFY(!r.ok());
        QCOMPARE(r.errors().size(), 1);
        QVERIFY(r.errors()[0].toString().startsWith(QStringLiteral("/nonexistent/hsu.yaml:1:1: cannot read the file")));
    }

    void missingProgramIsNotALoadError()
    {
        const LoadResult r = load(managedWorker().replace("/bin/true", "/no/such/program"));
        HSU_VERIFY_LOADS(r);
    }
};

QTEST_GUILESS_MAIN(TestLoaderErrors)
#include "tst_loadererrors.moc"
