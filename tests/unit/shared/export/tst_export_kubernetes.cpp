// hsuctl export --to kubernetes: each mapping row, the manifests' shape (read back with
// yaml-cpp), and kubectl's own reading of them where kubectl is installed.

#include "ExportTestUtil.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <yaml-cpp/yaml.h>

using namespace hsu::exporter;
using namespace hsu::exporter::test;

namespace {

std::vector<YAML::Node> documents(const QByteArray &text)
{
    return YAML::LoadAll(text.toStdString());
}

QString str(const YAML::Node &n)
{
    return n.IsScalar() ? QString::fromStdString(n.as<std::string>()) : QString();
}

Result exportYaml(const QByteArray &workers, Options options = {})
{
    return exportAs(Target::Kubernetes, load("workers:\n" + workers), options);
}

YAML::Node workload(const Result &r, const QString &id)
{
    return documents(fileNamed(r, id + QStringLiteral(".yaml"))).at(0);
}

YAML::Node podSpec(const YAML::Node &workload)
{
    return workload["spec"]["template"]["spec"];
}

YAML::Node container(const YAML::Node &workload)
{
    return podSpec(workload)["containers"][0];
}

QStringList strings(const YAML::Node &seq)
{
    QStringList out;
    for (const YAML::Node &n : seq)
        out << str(n);
    return out;
}

// apiVersion, kind and metadata.name on every document; a workload's pod has containers with a
// name and an image; a Service selects pods and names ports.
QStringList shapeProblems(const YAML::Node &doc)
{
    QStringList p;
    const QString kind = str(doc["kind"]);
    if (str(doc["apiVersion"]).isEmpty() || kind.isEmpty() || str(doc["metadata"]["name"]).isEmpty())
        return {QStringLiteral("apiVersion, kind or metadata.name missing")};
    if (kind == u"Deployment" || kind == u"Job") {
        const YAML::Node pod = podSpec(doc);
        if (!pod["containers"].IsSequence() || pod["containers"].size() != 1)
            p << QStringLiteral("%1: one container expected").arg(kind);
        for (const YAML::Node &c : pod["containers"])
            if (str(c["name"]).isEmpty() || str(c["image"]).isEmpty() || !c["command"].IsSequence())
                p << QStringLiteral("%1: container without name, image or command").arg(kind);
        if (kind == u"Deployment" && str(pod["restartPolicy"]) != u"Always")
            p << QStringLiteral("a Deployment's pods must restart Always");
        if (kind == u"Deployment" && !doc["spec"]["selector"]["matchLabels"].IsMap())
            p << QStringLiteral("a Deployment needs spec.selector.matchLabels");
    } else if (kind == u"Service") {
        if (!doc["spec"]["selector"].IsMap() || !doc["spec"]["ports"].IsSequence())
            p << QStringLiteral("a Service needs spec.selector and spec.ports");
    } else {
        p << QStringLiteral("unexpected kind %1").arg(kind);
    }
    return p;
}

} // namespace

class TestExportKubernetes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restart_data();
    void restart();
    void checks();
    void resources();
    void environmentCommandAndImage();
    void dependencies();
    void manifestsAreValid_data();
    void manifestsAreValid();
};

void TestExportKubernetes::restart_data()
{
    QTest::addColumn<QByteArray>("control");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("podRestart");
    QTest::addColumn<int>("backoffLimit"); // -1: none (a Deployment)
    QTest::newRow("always") << QByteArray("          restart_policy: always\n") << "Deployment" << "Always" << -1;
    QTest::newRow("unless-stopped") << QByteArray("          restart_policy: unless-stopped\n") << "Deployment" << "Always" << -1;
    QTest::newRow("on-failure") << QByteArray() << "Job" << "OnFailure" << 3;
    QTest::newRow("on-failure, 6 retries")
        << QByteArray("          context_aware_restart: { default: { max_retries: 6 } }\n") << "Job" << "OnFailure" << 6;
    QTest::newRow("never") << QByteArray("          restart_policy: never\n") << "Job" << "Never" << 0;
}

void TestExportKubernetes::restart()
{
    QFETCH(QByteArray, control);
    QFETCH(QString, kind);
    QFETCH(QString, podRestart);
    QFETCH(int, backoffLimit);
    const YAML::Node w = workload(exportYaml(worker("w", control)), QStringLiteral("w"));
    QCOMPARE(str(w["kind"]), kind);
    QCOMPARE(str(podSpec(w)["restartPolicy"]), podRestart);
    if (backoffLimit >= 0)
        QCOMPARE(w["spec"]["backoffLimit"].as<int>(), backoffLimit);
    else
        QCOMPARE(w["spec"]["replicas"].as<int>(), 1);
}

void TestExportKubernetes::checks()
{
    const Result r = exportYaml(
        worker("db", "          restart_policy: always\n",
               "        health_check:\n          type: tcp\n          tcp: { address: 127.0.0.1, port: 5432 }\n"
               "          run_options: { interval: 3s, timeout: 500ms, initial_delay: 2s, retries: 4 }\n")
        + worker("web", "          restart_policy: always\n",
                 "        health_check: { type: http, http: { url: \"https://127.0.0.1:8443/health\" } }\n",
                 "    depends_on:\n      db: { condition: healthy }\n")
        + worker("job", {}, "        health_check: { type: exec, exec: { command: /usr/bin/test, args: [\"-f\", \"/tmp/ok\"] } }\n"));
    const YAML::Node db = container(workload(r, QStringLiteral("db")));
    QCOMPARE(db["livenessProbe"]["tcpSocket"]["port"].as<int>(), 5432);
    QCOMPARE(db["livenessProbe"]["periodSeconds"].as<int>(), 3);
    QCOMPARE(db["livenessProbe"]["timeoutSeconds"].as<int>(), 1); // whole seconds, at least 1
    QCOMPARE(db["livenessProbe"]["initialDelaySeconds"].as<int>(), 2);
    QCOMPARE(db["livenessProbe"]["failureThreshold"].as<int>(), 4);
    // web waits for db to be healthy: db is ready only when its probe passes
    QCOMPARE(db["readinessProbe"]["tcpSocket"]["port"].as<int>(), 5432);
    const YAML::Node web = container(workload(r, QStringLiteral("web")));
    QCOMPARE(str(web["livenessProbe"]["httpGet"]["path"]), QStringLiteral("/health"));
    QCOMPARE(web["livenessProbe"]["httpGet"]["port"].as<int>(), 8443);
    QCOMPARE(str(web["livenessProbe"]["httpGet"]["scheme"]), QStringLiteral("HTTPS"));
    QVERIFY(!web["readinessProbe"]);
    const YAML::Node job = container(workload(r, QStringLiteral("job")));
    QCOMPARE(strings(job["livenessProbe"]["exec"]["command"]),
             (QStringList{QStringLiteral("/usr/bin/test"), QStringLiteral("-f"), QStringLiteral("/tmp/ok")}));
    // a Service for each check with a port, none for exec
    const std::vector<YAML::Node> dbDocs = documents(fileNamed(r, QStringLiteral("db.yaml")));
    QCOMPARE(dbDocs.size(), size_t(2));
    QCOMPARE(str(dbDocs[1]["kind"]), QStringLiteral("Service"));
    QCOMPARE(dbDocs[1]["spec"]["ports"][0]["port"].as<int>(), 5432);
    QCOMPARE(str(dbDocs[1]["spec"]["selector"]["app.kubernetes.io/name"]), QStringLiteral("db"));
    QCOMPARE(documents(fileNamed(r, QStringLiteral("job.yaml"))).size(), size_t(1));
}

void TestExportKubernetes::resources()
{
    const YAML::Node c = container(workload(
        exportYaml(worker("c", "          limits: { memory: { max_rss: 100MB }, cpu: { max_cores: 1.5, max_percent: 40 } }\n")),
        QStringLiteral("c")));
    QCOMPARE(str(c["resources"]["limits"]["memory"]), QStringLiteral("100Mi"));
    QCOMPARE(str(c["resources"]["limits"]["cpu"]), QStringLiteral("400m"));
    QVERIFY(!container(workload(exportYaml(worker("n")), QStringLiteral("n")))["resources"]);
}

void TestExportKubernetes::environmentCommandAndImage()
{
    const QByteArray control = "            args: [\"--port\", \"8080\", \"on\"]\n"
                               "            environment: [\"B=2\", \"A=yes\", \"EMPTY=\"]\n"
                               "            working_directory: /srv/app\n";
    Result r = exportYaml(worker("App_1", control).replace("            args: [\"60\"]\n", ""));
    YAML::Node c = container(workload(r, QStringLiteral("app-1")));
    QCOMPARE(strings(c["command"]), QStringList{QStringLiteral("/bin/sleep")});
    // "8080" and "on" stay strings (quoted), not a number and a boolean
    QCOMPARE(strings(c["args"]), (QStringList{QStringLiteral("--port"), QStringLiteral("8080"), QStringLiteral("on")}));
    QCOMPARE(str(c["workingDir"]), QStringLiteral("/srv/app"));
    QCOMPARE(str(c["env"][0]["name"]), QStringLiteral("B")); // in the file's order
    QCOMPARE(str(c["env"][1]["value"]), QStringLiteral("yes"));
    QCOMPARE(str(c["env"][2]["value"]), QString());
    QCOMPARE(str(c["image"]), QString::fromLatin1(kPlaceholderImage));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains(QLatin1String("--image")));
    const YAML::Node meta = workload(r, QStringLiteral("app-1"))["metadata"];
    QCOMPARE(str(meta["annotations"]["hsu-master/worker-id"]), QStringLiteral("App_1"));
    QVERIFY(str(meta["annotations"]["hsu-master/config-digest"]).startsWith(QLatin1String("sha256:")));
    Options options;
    options.image = QStringLiteral("registry.example/tools:1");
    r = exportYaml(worker("a"), options);
    QCOMPARE(str(container(workload(r, QStringLiteral("a")))["image"]), options.image);
    QVERIFY(r.warnings.isEmpty());
}

void TestExportKubernetes::dependencies()
{
    const Result r = exportYaml(
        worker("db", "          restart_policy: always\n", "        health_check: { type: tcp, tcp: { address: 127.0.0.1, port: 5432 } }\n")
        + worker("migrate", "            environment: [\"STEP=all\"]\n")
        + worker("cache")
        + worker("web", "          restart_policy: always\n", {},
                 "    depends_on:\n      db: { condition: healthy }\n      migrate: { condition: completed_successfully }\n"
                 "      cache: { condition: started }\n"));
    const YAML::Node init = podSpec(workload(r, QStringLiteral("web")))["initContainers"];
    QCOMPARE(init.size(), size_t(2));
    QCOMPARE(str(init[0]["name"]), QStringLiteral("wait-db"));
    QVERIFY(str(init[0]["command"][2]).contains(QLatin1String("nc -z -w 2 db 5432")));
    // completed: the dependency's own program runs first, in this pod
    QCOMPARE(str(init[1]["name"]), QStringLiteral("run-migrate"));
    QCOMPARE(strings(init[1]["command"]), QStringList{QStringLiteral("/bin/sleep")});
    QCOMPARE(str(init[1]["env"][0]["value"]), QStringLiteral("all"));
    QVERIFY(r.notes.contains(QStringLiteral("web: depends_on cache started: Kubernetes starts the pods together")));
    // a dependency that restarts always never completes: an init container of it would never end
    const Result forever = exportYaml(worker("daemon", "          restart_policy: always\n")
                                      + worker("after", {}, {}, "    depends_on:\n      daemon: { condition: completed }\n"));
    QVERIFY(!podSpec(workload(forever, QStringLiteral("after")))["initContainers"]);
    QVERIFY(forever.notes.contains(
        QStringLiteral("after: depends_on daemon completed: it restarts always, so it never completes: not awaited")));
}

void TestExportKubernetes::manifestsAreValid_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &f : realConfigs())
        QTest::newRow(rowName(f).constData()) << f;
}

void TestExportKubernetes::manifestsAreValid()
{
    QFETCH(QString, file);
    Options options;
    options.image = QStringLiteral("registry.example/hsu-programs:1");
    const Result r = exportAs(Target::Kubernetes, loadFile(file), options);
    QVERIFY(!r.files.empty());
    QTemporaryDir dir;
    // kubectl reads the files offline with `label --local` (create --dry-run=client still asks a
    // server for its API list); a kubeconfig of our own keeps it away from any real cluster.
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    QFile kubeconfig(dir.filePath(QStringLiteral("kubeconfig")));
    QVERIFY(kubeconfig.open(QIODevice::WriteOnly));
    kubeconfig.write("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
    kubeconfig.close();
    for (const File &f : r.files) {
        if (!f.name.endsWith(QLatin1String(".yaml")))
            continue;
        const std::vector<YAML::Node> docs = documents(f.content);
        QVERIFY(!docs.empty());
        for (const YAML::Node &doc : docs) {
            const QStringList problems = shapeProblems(doc);
            QVERIFY2(problems.isEmpty(), qPrintable(f.name + u':' + problems.join(u'\n')));
        }
        if (kubectl.isEmpty())
            continue;
        QFile out(dir.filePath(f.name));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(f.content);
        out.close();
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), kubeconfig.fileName());
        p.setProcessEnvironment(env);
        p.start(kubectl, {QStringLiteral("label"), QStringLiteral("--local"), QStringLiteral("-f"), out.fileName(),
                          QStringLiteral("hsu-test=1"), QStringLiteral("-o"), QStringLiteral("yaml")});
        QVERIFY(p.waitForStarted());
        if (!p.waitForFinished(60000)) {
            p.kill(); // the process this test started
            p.waitForFinished();
            QFAIL("kubectl did not finish in 60 s");
        }
        QVERIFY2(p.exitCode() == 0, qPrintable(f.name + u':' + QString::fromUtf8(p.readAllStandardError())));
        // kubectl read what yaml-cpp reads: the same containers' args, one object per document
        // (kubectl prints several as a List).
        const YAML::Node back = YAML::Load(p.readAllStandardOutput().toStdString());
        const YAML::Node first = back["kind"].as<std::string>() == "List" ? back["items"][0] : back;
        QCOMPARE(str(first["kind"]), str(docs[0]["kind"]));
        if (docs[0]["spec"]["template"])
            QCOMPARE(strings(container(first)["args"]), strings(container(docs[0])["args"]));
    }
    if (kubectl.isEmpty())
        qInfo("kubectl is not installed: only the manifests' shape was checked");
}

QTEST_GUILESS_MAIN(TestExportKubernetes)
#include "tst_export_kubernetes.moc"
