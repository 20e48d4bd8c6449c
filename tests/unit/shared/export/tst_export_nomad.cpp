// hsuctl export --to nomad: each mapping row, and every generated job walked against Nomad's
// job API field names and types (tests/data/export/nomad-job-fields.json; there is no nomad
// binary to ask).

#include "ExportTestUtil.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace hsu::exporter;
using namespace hsu::exporter::test;

namespace {

constexpr double kSecond = 1e9; // Nomad's durations are nanoseconds

QJsonObject jobOf(const Result &r)
{
    for (const File &f : r.files)
        if (f.name.endsWith(QLatin1String(".nomad.json")))
            return QJsonDocument::fromJson(f.content).object().value(QLatin1String("Job")).toObject();
    return {};
}

QJsonObject exportJob(const QByteArray &workers, Options options = {})
{
    return jobOf(exportAs(Target::Nomad, load("workers:\n" + workers), options));
}

QJsonObject groupNamed(const QJsonObject &job, const QString &name)
{
    for (const QJsonValue &g : job.value(QLatin1String("TaskGroups")).toArray())
        if (g.toObject().value(QLatin1String("Name")).toString() == name)
            return g.toObject();
    return {};
}

QJsonObject taskNamed(const QJsonObject &job, const QString &name)
{
    for (const QJsonValue &g : job.value(QLatin1String("TaskGroups")).toArray())
        for (const QJsonValue &t : g.toObject().value(QLatin1String("Tasks")).toArray())
            if (t.toObject().value(QLatin1String("Name")).toString() == name)
                return t.toObject();
    return {};
}

QJsonObject firstCheck(const QJsonObject &task)
{
    return task.value(QLatin1String("Services")).toArray().first().toObject().value(QLatin1String("Checks")).toArray().first().toObject();
}

// Walks `value` as Nomad type `type`; every problem appended to `errors` with its JSON path.
class SchemaWalker
{
public:
    explicit SchemaWalker(const QJsonObject &schema)
        : m_structs(schema.value(QLatin1String("structs")).toObject()), m_values(schema.value(QLatin1String("values")).toObject())
    {
    }

    void walk(const QJsonValue &value, const QString &type, const QString &path, QStringList *errors) const
    {
        if (type == u"any")
            return;
        if (type == u"string" || type == u"bool") {
            if (type == u"string" ? !value.isString() : !value.isBool())
                *errors << QStringLiteral("%1: not a %2").arg(path, type);
            return;
        }
        if (type == u"int") {
            if (!value.isDouble() || value.toDouble() != double(qint64(value.toDouble())))
                *errors << QStringLiteral("%1: not an integer").arg(path);
            return;
        }
        if (type.startsWith(u'[')) {
            if (!value.isArray())
                *errors << QStringLiteral("%1: not an array").arg(path);
            const QJsonArray a = value.toArray();
            for (qsizetype i = 0; i < a.size(); ++i)
                walk(a.at(i), type.mid(1, type.size() - 2), QStringLiteral("%1[%2]").arg(path).arg(i), errors);
            return;
        }
        if (type.startsWith(u'{')) {
            if (!value.isObject())
                *errors << QStringLiteral("%1: not a map").arg(path);
            const QJsonObject o = value.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                walk(it.value(), type.mid(1, type.size() - 2), path + u'.' + it.key(), errors);
            return;
        }
        walkStruct(value, type, path, errors);
    }

private:
    void walkStruct(const QJsonValue &value, const QString &type, const QString &path, QStringList *errors) const
    {
        if (!m_structs.contains(type)) {
            *errors << QStringLiteral("%1: the schema has no struct %2").arg(path, type);
            return;
        }
        if (!value.isObject()) {
            *errors << QStringLiteral("%1: not an object (%2)").arg(path, type);
            return;
        }
        const QJsonObject fields = m_structs.value(type).toObject();
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!fields.contains(it.key())) {
                *errors << QStringLiteral("%1.%2: %3 has no such field").arg(path, it.key(), type);
                continue;
            }
            walk(it.value(), fields.value(it.key()).toString(), path + u'.' + it.key(), errors);
            const QJsonArray allowed = m_values.value(type + u'.' + it.key()).toArray();
            if (!allowed.isEmpty() && !allowed.contains(it.value()))
                *errors << QStringLiteral("%1.%2: \"%3\" is not one of Nomad's values").arg(path, it.key(), it.value().toString());
        }
    }

    QJsonObject m_structs;
    QJsonObject m_values;
};

} // namespace

class TestExportNomad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restart_data();
    void restart();
    void checks();
    void resources();
    void environmentAndFolder();
    void dependencies();
    void metaCarriesIdsDigestsAndNotes();
    void matchesNomadsFields_data();
    void matchesNomadsFields();
    void schemaCatchesMistakes();
};

void TestExportNomad::restart_data()
{
    QTest::addColumn<QByteArray>("control");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<double>("delay");
    QTest::addColumn<double>("interval");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("jobType");
    QTest::newRow("on-failure") << QByteArray() << 3 << 5 * kSecond << 120 * kSecond << "fail" << "batch";
    QTest::newRow("always") << QByteArray("          restart_policy: always\n") << 3 << 5 * kSecond << 120 * kSecond << "delay"
                            << "service";
    QTest::newRow("unless-stopped") << QByteArray("          restart_policy: unless-stopped\n") << 3 << 5 * kSecond
                                    << 120 * kSecond << "delay" << "service";
    QTest::newRow("never") << QByteArray("          restart_policy: never\n") << 0 << 0.0 << 1 * kSecond << "fail" << "batch";
    QTest::newRow("max_retries, retry_delay")
        << QByteArray("          context_aware_restart:\n            default: { max_retries: 7, retry_delay: 2s }\n"
                      "            startup_grace_period: 5s\n")
        << 7 << 2 * kSecond << 16 * kSecond << "fail" << "batch";
}

void TestExportNomad::restart()
{
    QFETCH(QByteArray, control);
    QFETCH(int, attempts);
    QFETCH(double, delay);
    QFETCH(double, interval);
    QFETCH(QString, mode);
    QFETCH(QString, jobType);
    const QJsonObject job = exportJob(worker("w", control));
    QCOMPARE(job.value(QLatin1String("Type")).toString(), jobType);
    for (const QJsonObject &holder : {groupNamed(job, QStringLiteral("w")), taskNamed(job, QStringLiteral("w"))}) {
        const QJsonObject p = holder.value(QLatin1String("RestartPolicy")).toObject();
        QCOMPARE(p.value(QLatin1String("Attempts")).toInt(), attempts);
        QCOMPARE(p.value(QLatin1String("Delay")).toDouble(), delay);
        QCOMPARE(p.value(QLatin1String("Interval")).toDouble(), interval);
        QCOMPARE(p.value(QLatin1String("Mode")).toString(), mode);
    }
}

void TestExportNomad::checks()
{
    const QJsonObject job = exportJob(
        worker("web", {}, "        health_check:\n          type: http\n"
                          "          http: { url: \"http://127.0.0.1:8080/ready?deep=1\", headers: { X-Probe: \"1\" } }\n"
                          "          run_options: { interval: 3s, timeout: 1500ms, initial_delay: 2s, retries: 4 }\n")
        + worker("db", {}, "        health_check: { type: tcp, tcp: { address: 127.0.0.1, port: 5432 } }\n")
        + worker("rpc", {}, "        health_check: { type: grpc, grpc: { address: \"127.0.0.1:50051\", service: svc } }\n")
        + worker("job", {}, "        health_check: { type: exec, exec: { command: /usr/bin/test, args: [\"-f\", \"/tmp/ok\"] } }\n"));
    const QJsonObject web = firstCheck(taskNamed(job, QStringLiteral("web")));
    QCOMPARE(web.value(QLatin1String("Type")).toString(), QStringLiteral("http"));
    QCOMPARE(web.value(QLatin1String("Path")).toString(), QStringLiteral("/ready?deep=1"));
    QCOMPARE(web.value(QLatin1String("Interval")).toDouble(), 3 * kSecond);
    QCOMPARE(web.value(QLatin1String("Timeout")).toDouble(), 1.5 * kSecond);
    QCOMPARE(web.value(QLatin1String("Header")).toObject().value(QLatin1String("X-Probe")).toArray(), QJsonArray{QStringLiteral("1")});
    const QJsonObject restart = web.value(QLatin1String("CheckRestart")).toObject();
    QCOMPARE(restart.value(QLatin1String("Limit")).toInt(), 4);
    QCOMPARE(restart.value(QLatin1String("Grace")).toDouble(), 2 * kSecond);
    // the check's port is reserved on the group, under the label the service names
    const QJsonObject service = taskNamed(job, QStringLiteral("web")).value(QLatin1String("Services")).toArray().first().toObject();
    QCOMPARE(service.value(QLatin1String("PortLabel")).toString(), QStringLiteral("hsu_web"));
    const QJsonObject port = groupNamed(job, QStringLiteral("web")).value(QLatin1String("Networks")).toArray().first().toObject()
                                 .value(QLatin1String("ReservedPorts")).toArray().first().toObject();
    QCOMPARE(port.value(QLatin1String("Label")).toString(), QStringLiteral("hsu_web"));
    QCOMPARE(port.value(QLatin1String("Value")).toInt(), 8080);

    QCOMPARE(firstCheck(taskNamed(job, QStringLiteral("db"))).value(QLatin1String("Type")).toString(), QStringLiteral("tcp"));
    const QJsonObject rpc = firstCheck(taskNamed(job, QStringLiteral("rpc")));
    QCOMPARE(rpc.value(QLatin1String("Type")).toString(), QStringLiteral("grpc"));
    QCOMPARE(rpc.value(QLatin1String("GRPCService")).toString(), QStringLiteral("svc"));
    const QJsonObject script = firstCheck(taskNamed(job, QStringLiteral("job")));
    QCOMPARE(script.value(QLatin1String("Type")).toString(), QStringLiteral("script"));
    QCOMPARE(script.value(QLatin1String("Command")).toString(), QStringLiteral("/usr/bin/test"));
    QCOMPARE(script.value(QLatin1String("Args")).toArray(), (QJsonArray{QStringLiteral("-f"), QStringLiteral("/tmp/ok")}));
}

void TestExportNomad::resources()
{
    const QByteArray limits = "          limits: { memory: { max_rss: 100MB }, cpu: { max_cores: 1.5 } }\n";
    QJsonObject r = taskNamed(exportJob(worker("c", limits)), QStringLiteral("c")).value(QLatin1String("Resources")).toObject();
    QCOMPARE(r.value(QLatin1String("MemoryMB")).toInt(), 100);
    QCOMPARE(r.value(QLatin1String("CPU")).toInt(), 1500); // 1.5 cores x the default 1000 MHz
    Options fast;
    fast.mhzPerCore = 2400;
    const QJsonObject job = exportJob(worker("c", limits), fast);
    r = taskNamed(job, QStringLiteral("c")).value(QLatin1String("Resources")).toObject();
    QCOMPARE(r.value(QLatin1String("CPU")).toInt(), 3600);
    // the figure used is stated in the job
    QCOMPARE(job.value(QLatin1String("Meta")).toObject().value(QLatin1String("hsu_mhz_per_core")).toString(), QStringLiteral("2400"));
    // max_percent counts a core as 100 %
    r = taskNamed(exportJob(worker("p", "          limits: { cpu: { max_percent: 25 } }\n")), QStringLiteral("p"))
            .value(QLatin1String("Resources")).toObject();
    QCOMPARE(r.value(QLatin1String("CPU")).toInt(), 250);
}

void TestExportNomad::environmentAndFolder()
{
    const QJsonObject task = taskNamed(
        exportJob(worker("e", "            environment: [\"A=1\", \"B=two words\"]\n            working_directory: /srv/e\n")),
        QStringLiteral("e"));
    QCOMPARE(task.value(QLatin1String("Driver")).toString(), QStringLiteral("raw_exec"));
    QCOMPARE(task.value(QLatin1String("Env")).toObject(),
             (QJsonObject{{QStringLiteral("A"), QStringLiteral("1")}, {QStringLiteral("B"), QStringLiteral("two words")}}));
    // raw_exec has no working-directory option: a shell enters it, the args pass untouched
    const QJsonObject config = task.value(QLatin1String("Config")).toObject();
    QCOMPARE(config.value(QLatin1String("command")).toString(), QStringLiteral("/bin/sh"));
    QCOMPARE(config.value(QLatin1String("args")).toArray(),
             (QJsonArray{QStringLiteral("-c"), QStringLiteral("cd \"$1\" && shift && exec \"$@\""), QStringLiteral("hsu-cd"),
                         QStringLiteral("/srv/e"), QStringLiteral("/bin/sleep"), QStringLiteral("60")}));
    QCOMPARE(task.value(QLatin1String("KillTimeout")).toDouble(), 20 * kSecond);
}

void TestExportNomad::dependencies()
{
    const Result r = exportAs(Target::Nomad, load("workers:\n" + worker("migrate") + worker("cache")
                                                  + worker("web", {}, {},
                                                           "    depends_on:\n      migrate: { condition: completed_successfully }\n"
                                                           "      cache: { condition: started }\n")));
    const QJsonObject job = jobOf(r);
    // migrate runs first, as a prestart task in web's group; cache is a group of its own
    const QJsonObject web = groupNamed(job, QStringLiteral("web"));
    QCOMPARE(web.value(QLatin1String("Tasks")).toArray().size(), 2);
    const QJsonObject lifecycle = taskNamed(job, QStringLiteral("migrate")).value(QLatin1String("Lifecycle")).toObject();
    QCOMPARE(lifecycle, (QJsonObject{{QStringLiteral("Hook"), QStringLiteral("prestart")}, {QStringLiteral("Sidecar"), false}}));
    QVERIFY(!taskNamed(job, QStringLiteral("web")).contains(QLatin1String("Lifecycle")));
    QVERIFY(!groupNamed(job, QStringLiteral("cache")).isEmpty());
    QCOMPARE(job.value(QLatin1String("TaskGroups")).toArray().size(), 2);
    QVERIFY(r.notes.contains(QStringLiteral("web: depends_on cache started: Nomad starts task groups together, without order")));
}

void TestExportNomad::metaCarriesIdsDigestsAndNotes()
{
    const Result r = exportAs(Target::Nomad, loadFile(sourceDir() + QStringLiteral("/tests/data/config/valid/full-schema.yaml")));
    const QJsonObject job = jobOf(r);
    QCOMPARE(job.value(QLatin1String("ID")).toString(), QStringLiteral("hsu-full-schema"));
    const QJsonObject meta = job.value(QLatin1String("Meta")).toObject();
    QVERIFY(meta.value(QLatin1String("hsu_digest_db")).toString().startsWith(QLatin1String("sha256:")));
    QVERIFY(meta.value(QLatin1String("hsu_not_exported")).toString().contains(QLatin1String("legacy-app: not exported")));
    QVERIFY(!meta.contains(QLatin1String("hsu_digest_legacy-app")));
    const QJsonObject taskMeta = taskNamed(job, QStringLiteral("db")).value(QLatin1String("Meta")).toObject();
    QCOMPARE(taskMeta.value(QLatin1String("hsu_worker_id")).toString(), QStringLiteral("db"));
    QCOMPARE(taskMeta.value(QLatin1String("hsu_config_digest")), meta.value(QLatin1String("hsu_digest_db")));
    QVERIFY(r.notes.contains(QStringLiteral("db: limits.process.policy restart_adjusted: the target applies the limits it can "
                                            "express, without this policy")));
    QVERIFY(fileNamed(r, QStringLiteral("hsu-export-notes.txt")).contains("legacy-app: not exported"));
}

void TestExportNomad::matchesNomadsFields_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &f : realConfigs())
        QTest::newRow(rowName(f).constData()) << f;
}

void TestExportNomad::matchesNomadsFields()
{
    QFETCH(QString, file);
    QFile schemaFile(sourceDir() + QStringLiteral("/tests/data/export/nomad-job-fields.json"));
    QVERIFY(schemaFile.open(QIODevice::ReadOnly));
    const QJsonObject schema = QJsonDocument::fromJson(schemaFile.readAll()).object();
    const Result r = exportAs(Target::Nomad, loadFile(file));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(joinForStdout(r, Target::Nomad), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(!doc.object().value(QLatin1String("Job")).toObject().value(QLatin1String("TaskGroups")).toArray().isEmpty());
    QStringList errors;
    SchemaWalker(schema).walk(doc.object(), schema.value(QLatin1String("root")).toString(), QStringLiteral("$"), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
}

void TestExportNomad::schemaCatchesMistakes()
{
    // The walker itself: a misspelt field, a wrong type and a value Nomad does not know all fail.
    QFile schemaFile(sourceDir() + QStringLiteral("/tests/data/export/nomad-job-fields.json"));
    QVERIFY(schemaFile.open(QIODevice::ReadOnly));
    const QJsonObject schema = QJsonDocument::fromJson(schemaFile.readAll()).object();
    const QJsonObject bad{{QStringLiteral("Job"),
                           QJsonObject{{QStringLiteral("ID"), QStringLiteral("x")},
                                       {QStringLiteral("Type"), QStringLiteral("daemon")},
                                       {QStringLiteral("TaskGroups"),
                                        QJsonArray{QJsonObject{{QStringLiteral("Count"), QStringLiteral("1")},
                                                               {QStringLiteral("Tasks"),
                                                                QJsonArray{QJsonObject{{QStringLiteral("Config"),
                                                                                        QJsonObject{{QStringLiteral("work_dir"), QStringLiteral("/")}}},
                                                                                       {QStringLiteral("Restart"), QJsonObject{}}}}}}}}}}};
    QStringList errors;
    SchemaWalker(schema).walk(bad, QStringLiteral("JobRegisterRequest"), QStringLiteral("$"), &errors);
    QCOMPARE(errors.size(), 4);
    QVERIFY(errors.join(u'\n').contains(QLatin1String("$.Job.Type: \"daemon\"")));
    QVERIFY(errors.join(u'\n').contains(QLatin1String("$.Job.TaskGroups[0].Count: not an integer")));
    QVERIFY(errors.join(u'\n').contains(QLatin1String("Config.work_dir: RawExecConfig has no such field")));
    QVERIFY(errors.join(u'\n').contains(QLatin1String("Tasks[0].Restart: Task has no such field")));
}

QTEST_GUILESS_MAIN(TestExportNomad)
#include "tst_export_nomad.moc"
