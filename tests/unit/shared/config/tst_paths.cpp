// Relative paths resolve against the config file's folder; missing programs are warnings for
// `hsuctl validate`, reported at executable_path's line and column, never load errors.

#include "ConfigTestUtil.h"

#include "shared/config/Paths.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;

class TestPaths final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolveAgainstConfig_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("configFile");
        QTest::addColumn<QString>("resolved");
        QTest::newRow("hsu sample") << QStringLiteral("../../test/echotest/echotest")
                                    << QStringLiteral("/home/a/hsu/cmd/srv/master.yaml")
                                    << QStringLiteral("/home/a/hsu/test/echotest/echotest");
        QTest::newRow("same folder") << QStringLiteral("./run.sh") << QStringLiteral("/etc/hsu/c.yaml")
                                     << QStringLiteral("/etc/hsu/run.sh");
        QTest::newRow("absolute") << QStringLiteral("/usr/bin//python3") << QStringLiteral("/etc/hsu/c.yaml")
                                  << QStringLiteral("/usr/bin/python3");
        QTest::newRow("empty") << QString() << QStringLiteral("/etc/hsu/c.yaml") << QString();
    }
    void resolveAgainstConfig()
    {
        QFETCH(QString, path);
        QFETCH(QString, configFile);
        QFETCH(QString, resolved);
        QCOMPARE(hsu::config::resolveAgainstConfig(path, configFile), resolved);
    }

    void executableAndWorkingDirectory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("bin")));
        QFile tool(dir.filePath(QStringLiteral("bin/tool")));
        QVERIFY(tool.open(QIODevice::WriteOnly));
        tool.write("#!/bin/sh\n");
        tool.close();
        tool.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const QString configFile = dir.filePath(QStringLiteral("conf/hsu.yaml"));

        WorkerSpec w;
        w.execution.executablePath = QStringLiteral("../bin/tool");
        QCOMPARE(resolveExecutable(w, configFile), dir.filePath(QStringLiteral("bin/tool")));
        // Not written: the program's folder.
        QCOMPARE(resolveWorkingDirectory(w, configFile), dir.filePath(QStringLiteral("bin")));
        w.execution.workingDirectory = QStringLiteral("data");
        QCOMPARE(resolveWorkingDirectory(w, configFile), dir.filePath(QStringLiteral("conf/data")));
        // The model keeps what was written.
        QCOMPARE(w.execution.executablePath, QStringLiteral("../bin/tool"));

        // A bare name comes from PATH.
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), dir.filePath(QStringLiteral("bin")));
        w.execution.executablePath = QStringLiteral("tool");
        QCOMPARE(resolveExecutable(w, configFile, env), dir.filePath(QStringLiteral("bin/tool")));
        env.insert(QStringLiteral("PATH"), QStringLiteral("/nonexistent"));
        QCOMPARE(resolveExecutable(w, configFile, env), QString());
    }

    void missingProgramsWarnAtTheirPosition()
    {
        const QByteArray yaml = managedWorker("            args: [x]\n", "present").replace("/bin/true", "/bin/sh") +
                                "  - id: missing\n"
                                "    type: managed\n"
                                "    unit:\n"
                                "      managed:\n"
                                "        control:\n"
                                "          execution:\n"
                                "            executable_path: ../no/such/program\n";
        const LoadResult r = load(yaml);
        HSU_VERIFY_LOADS(r); // the loader does not look at the machine
        const QString file = QStringLiteral("/tmp/hsu-test/config.yaml");
        const QList<Diagnostic> warnings = checkExecutables(*r.config, file);
        QCOMPARE(warnings.size(), 1);
        const Diagnostic &w = warnings[0];
        QCOMPARE(w.severity, Diagnostic::Severity::Warning);
        QCOMPARE(w.line, 16);
        QCOMPARE(w.column, 30);
        QVERIFY2(w.toString().startsWith(QStringLiteral("/tmp/hsu-test/config.yaml:16:30: warning: worker 'missing': "
                                                         "program '../no/such/program' does not exist "
                                                         "(/tmp/no/such/program)")),
                 qPrintable(w.toString()));
    }

    void notExecutableWarns()
    {
        QTemporaryDir dir;
        QFile plain(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const QByteArray yaml = managedWorker().replace("/bin/true", "./notes.txt");
        const LoadResult r = load(yaml);
        HSU_VERIFY_LOADS(r);
        const QList<Diagnostic> warnings = checkExecutables(*r.config, dir.filePath(QStringLiteral("c.yaml")));
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings[0].message.contains(QStringLiteral("is not an executable file")));
    }
};

QTEST_GUILESS_MAIN(TestPaths)
#include "tst_paths.moc"
