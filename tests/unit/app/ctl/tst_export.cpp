// hsuctl export as a user runs it (hsu::ctl::run, no agent): stdout and --out, errors of a broken
// or missing file, and re-exporting a changed config, which must change only the changed worker.

#include "app/ctl/Ctl.h"
#include "app/ctl/CtlArguments.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::ctl;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run hsuctl(const QStringList &args)
{
    Run r;
    QTextStream out(&r.out), err(&r.err);
    r.code = run(QStringList{QStringLiteral("hsuctl")} + args, out, err);
    out.flush();
    err.flush();
    return r;
}

QByteArray workerYaml(const QByteArray &id, const QByteArray &args)
{
    return "  - id: " + id + "\n    type: managed\n    unit:\n      managed:\n        control:\n"
           "          execution:\n            executable_path: /bin/sleep\n            args: [" + args + "]\n"
           "          restart_policy: always\n";
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QMap<QString, QByteArray> folder(const QString &dir)
{
    QMap<QString, QByteArray> files;
    for (const QString &name : QDir(dir).entryList(QDir::Files)) {
        QFile f(QDir(dir).filePath(name));
        if (f.open(QIODevice::ReadOnly))
            files.insert(name, f.readAll());
    }
    return files;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void stdoutSeparatesFiles();
    void nomadStdoutIsOneJsonJob();
    void outWritesOneFileEach();
    void brokenFileListsEveryError();
    void missingFile();
    void unknownTargetIsUsage();
    void notesGoToStderr();
    void reexportChangesOnlyTheChangedWorker_data();
    void reexportChangesOnlyTheChangedWorker();
    void nomadDigestsFollowTheWorker();

private:
    QTemporaryDir m_dir;
    QString m_config;
};

void TestExport::init()
{
    QVERIFY(m_dir.isValid());
    m_config = m_dir.filePath(QStringLiteral("team.yaml"));
    QVERIFY(writeFile(m_config, "workers:\n" + workerYaml("api", "\"60\"") + workerYaml("db", "\"120\"")));
}

void TestExport::stdoutSeparatesFiles()
{
    const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("systemd"), m_config});
    QCOMPARE(r.code, int(ExitOk));
    QVERIFY2(r.out.startsWith(QLatin1String("# --- file: hsu-api.service\n")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("\n# --- file: hsu-db.service\n")));
    QVERIFY(r.out.contains(QLatin1String("\n# --- file: hsu-workers.target\n")));
    QVERIFY(r.out.contains(QLatin1String("ExecStart=/bin/sleep 120\n")));
}

void TestExport::nomadStdoutIsOneJsonJob()
{
    const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to=nomad"), m_config});
    QCOMPARE(r.code, int(ExitOk));
    QJsonParseError e{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &e);
    QCOMPARE(e.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QLatin1String("Job")).toObject().value(QLatin1String("ID")).toString(), QStringLiteral("hsu-team"));
}

void TestExport::outWritesOneFileEach()
{
    const QString out = m_dir.filePath(QStringLiteral("k8s"));
    const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("kubernetes"), QStringLiteral("--image"),
                          QStringLiteral("reg/progs:1"), QStringLiteral("--out"), out, m_config});
    QCOMPARE(r.code, int(ExitOk));
    // a manifest per worker, and the list of what Kubernetes cannot express (backoff_rate here)
    const QStringList names{QStringLiteral("api.yaml"), QStringLiteral("db.yaml"), QStringLiteral("hsu-export-notes.txt")};
    QCOMPARE(folder(out).keys(), names);
    QString written;
    for (const QString &n : names)
        written += QDir(out).filePath(n) + u'\n';
    QCOMPARE(r.out, written);
    QVERIFY(folder(out).value(names.last()).contains("api: backoff_rate 1.5: not exported"));
    QVERIFY(folder(out).value(QStringLiteral("api.yaml")).contains("image: \"reg/progs:1\""));
    QVERIFY(!r.err.contains(QLatin1String("warning"))); // an image was named
}

void TestExport::brokenFileListsEveryError()
{
    const QString broken = m_dir.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(writeFile(broken, "workers:\n  - id: a\n    type: managed\n    unit: { managed: { control: { restart_policy: sometimes } } }\n"
                              "  - id: a\n    type: robot\n"));
    const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("systemd"), broken});
    QCOMPARE(r.code, int(ExitFailed));
    QVERIFY(r.out.isEmpty()); // nothing exported from a file with errors
    const QStringList lines = r.err.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 3, qPrintable(r.err)); // every error, not just the first
    for (const QString &line : lines)
        QVERIFY2(line.startsWith(broken + u':') && line.section(u':', 1, 1).toInt() > 0, qPrintable(line));
}

void TestExport::missingFile()
{
    const QString missing = m_dir.filePath(QStringLiteral("nope.yaml"));
    const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("systemd"), missing});
    QCOMPARE(r.code, int(ExitFailed));
    QVERIFY2(r.err.startsWith(missing + QStringLiteral(":1:1: cannot read the file")), qPrintable(r.err));
}

void TestExport::unknownTargetIsUsage()
{
    const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("docker"), m_config});
    QCOMPARE(r.code, int(ExitUsage));
    QVERIFY2(r.err.contains(QLatin1String("--to is one of nomad, kubernetes, systemd")), qPrintable(r.err));
}

void TestExport::notesGoToStderr()
{
    QVERIFY(writeFile(m_config, "workers:\n" + workerYaml("api", "\"60\"")
                                    + "  - id: legacy\n    type: unmanaged\n    unit:\n      unmanaged:\n"
                                      "        discovery: { method: pid-file, pid_file: /run/legacy.pid }\n"));
    const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("kubernetes"), m_config});
    QCOMPARE(r.code, int(ExitOk));
    QVERIFY2(r.err.contains(QLatin1String("hsuctl: export: not exported: legacy: not exported: an unmanaged worker is found, not started")),
             qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("hsuctl: export: warning: no --image given")));
    QVERIFY(r.out.contains(QLatin1String("image: \"REPLACE-ME/image-with-your-programs\"")));
}

void TestExport::reexportChangesOnlyTheChangedWorker_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("apiFile");
    QTest::addColumn<QString>("dbFile");
    QTest::newRow("systemd") << "systemd" << "hsu-api.service" << "hsu-db.service";
    QTest::newRow("kubernetes") << "kubernetes" << "api.yaml" << "db.yaml";
}

void TestExport::reexportChangesOnlyTheChangedWorker()
{
    QFETCH(QString, target);
    QFETCH(QString, apiFile);
    QFETCH(QString, dbFile);
    const QString before = m_dir.filePath(target + QStringLiteral("-before")), after = m_dir.filePath(target + QStringLiteral("-after"));
    QCOMPARE(hsuctl({QStringLiteral("export"), QStringLiteral("--to"), target, QStringLiteral("--out"), before, m_config}).code, int(ExitOk));
    // The same again: byte for byte (no timestamps).
    QCOMPARE(hsuctl({QStringLiteral("export"), QStringLiteral("--to"), target, QStringLiteral("--out"), after, m_config}).code, int(ExitOk));
    QCOMPARE(folder(after), folder(before));
    // db's args change, and a comment and the layout of api's item, which is not a change of api.
    QVERIFY(writeFile(m_config, "# the team's workers\nworkers:\n" + workerYaml("api", " \"60\" ") + workerYaml("db", "\"180\"")));
    QCOMPARE(hsuctl({QStringLiteral("export"), QStringLiteral("--to"), target, QStringLiteral("--out"), after, m_config}).code, int(ExitOk));
    const auto a = folder(before), b = folder(after);
    QCOMPARE(b.keys(), a.keys());
    QCOMPARE(b.value(apiFile), a.value(apiFile));
    QVERIFY(b.value(dbFile) != a.value(dbFile));
    QVERIFY(b.value(dbFile).contains("180"));
    for (const QString &name : a.keys())
        if (name != dbFile)
            QVERIFY2(a.value(name) == b.value(name), qPrintable(name));
}

void TestExport::nomadDigestsFollowTheWorker()
{
    const auto meta = [this] {
        const Run r = hsuctl({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("nomad"), m_config});
        return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QLatin1String("Job")).toObject().value(QLatin1String("Meta")).toObject();
    };
    const QJsonObject before = meta();
    QVERIFY(writeFile(m_config, "workers:\n" + workerYaml("api", "\"60\"") + workerYaml("db", "\"180\"")));
    const QJsonObject after = meta();
    QCOMPARE(after.value(QLatin1String("hsu_digest_api")), before.value(QLatin1String("hsu_digest_api")));
    QVERIFY(after.value(QLatin1String("hsu_digest_db")) != before.value(QLatin1String("hsu_digest_db")));
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
