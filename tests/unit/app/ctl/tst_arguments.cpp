#include "app/ctl/CtlArguments.h"
#include "shared/config/DefaultConfig.h"

#include <QTest>

using namespace hsu::ctl;

namespace {
QStringList argv(const char *line)
{
    QStringList list{QStringLiteral("hsuctl")};
    const QString s = QString::fromUtf8(line);
    if (!s.isEmpty())
        list += s.split(QLatin1Char(' '));
    return list;
}
} // namespace

class TestArguments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valid_data();
    void valid();
    void usageErrors_data();
    void usageErrors();
    void helpMentionsEveryCommand();
    void logsOptions();
    void exportSpellings_data();
    void exportSpellings();
    void exportUsageErrors_data();
    void exportUsageErrors();
};

void TestArguments::valid_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("command");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<bool>("all");
    QTest::addColumn<bool>("json");
    QTest::addColumn<QString>("socket");
    QTest::addColumn<QString>("file");

    const QStringList none;
    const QString empty;
    auto ids = [](std::initializer_list<const char *> l) {
        QStringList out;
        for (const char *s : l)
            out << QString::fromUtf8(s);
        return out;
    };
    QTest::newRow("status") << argv("status") << int(Command::Status) << none << false << false << empty << empty;
    QTest::newRow("status id") << argv("status db") << int(Command::Status) << ids({"db"}) << false << false << empty << empty;
    QTest::newRow("status --json") << argv("--json status") << int(Command::Status) << none << false << true << empty << empty;
    QTest::newRow("json after command") << argv("status db --json") << int(Command::Status) << ids({"db"}) << false << true << empty << empty;
    QTest::newRow("socket") << argv("--socket /tmp/a.sock status") << int(Command::Status) << none << false << false
                            << QStringLiteral("/tmp/a.sock") << empty;
    QTest::newRow("socket=") << argv("--socket=/tmp/b.sock status") << int(Command::Status) << none << false << false
                             << QStringLiteral("/tmp/b.sock") << empty;
    QTest::newRow("start one") << argv("start db") << int(Command::Start) << ids({"db"}) << false << false << empty << empty;
    QTest::newRow("start several") << argv("start db web") << int(Command::Start) << ids({"db", "web"}) << false << false << empty << empty;
    QTest::newRow("stop --all") << argv("stop --all") << int(Command::Stop) << none << true << false << empty << empty;
    QTest::newRow("restart --all --json") << argv("--json restart --all") << int(Command::Restart) << none << true << true << empty << empty;
    QTest::newRow("shutdown") << argv("shutdown") << int(Command::Shutdown) << none << false << false << empty << empty;
    QTest::newRow("validate") << argv("validate cfg.yaml") << int(Command::Validate) << none << false << false << empty
                              << QStringLiteral("cfg.yaml");
    QTest::newRow("validate --json") << argv("validate --json cfg.yaml") << int(Command::Validate) << none << false << true
                                     << empty << QStringLiteral("cfg.yaml");
    QTest::newRow("validate the default") << argv("validate") << int(Command::Validate) << none << false << false << empty
                                          << hsu::config::defaultConfigFile();
    QTest::newRow("--help") << argv("--help") << int(Command::Help) << none << false << false << empty << empty;
    QTest::newRow("-h") << argv("-h") << int(Command::Help) << none << false << false << empty << empty;
    QTest::newRow("help") << argv("help") << int(Command::Help) << none << false << false << empty << empty;
    QTest::newRow("--version") << argv("--version") << int(Command::Version) << none << false << false << empty << empty;
    QTest::newRow("id after --") << argv("stop -- -odd-id") << int(Command::Stop) << ids({"-odd-id"}) << false << false << empty << empty;
}

void TestArguments::valid()
{
    QFETCH(QStringList, args);
    QFETCH(int, command);
    QFETCH(QStringList, ids);
    QFETCH(bool, all);
    QFETCH(bool, json);
    QFETCH(QString, socket);
    QFETCH(QString, file);

    const ParseResult r = parseArguments(args);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(int(r.args.command), command);
    QCOMPARE(r.args.ids, ids);
    QCOMPARE(r.args.all, all);
    QCOMPARE(r.args.json, json);
    QCOMPARE(r.args.socket, socket);
    QCOMPARE(r.args.file, file);
}

void TestArguments::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("nothing") << argv("");
    QTest::newRow("only options") << argv("--json");
    QTest::newRow("unknown command") << argv("frobnicate");
    QTest::newRow("unknown option") << argv("--colour status");
    QTest::newRow("socket without value") << argv("status --socket");
    QTest::newRow("empty socket") << QStringList{QStringLiteral("hsuctl"), QStringLiteral("--socket="), QStringLiteral("status")};
    QTest::newRow("status two ids") << argv("status a b");
    QTest::newRow("start nothing") << argv("start");
    QTest::newRow("stop nothing") << argv("stop");
    QTest::newRow("restart nothing") << argv("restart");
    QTest::newRow("ids and --all") << argv("stop db --all");
    QTest::newRow("--all with status") << argv("status --all");
    QTest::newRow("--all with shutdown") << argv("shutdown --all");
    QTest::newRow("shutdown with id") << argv("shutdown db");
    QTest::newRow("validate two files") << argv("validate a.yaml b.yaml");
    QTest::newRow("help with args") << argv("help me");
    QTest::newRow("logs two ids") << argv("logs a b");
    QTest::newRow("logs bad stream") << argv("logs a --stream both");
    QTest::newRow("logs bad -n") << argv("logs a -n lots");
    QTest::newRow("logs negative -n") << argv("logs a -n -3");
    QTest::newRow("-f with status") << argv("status -f");
    QTest::newRow("-n with stop") << argv("stop a -n 3");
    QTest::newRow("--to with validate") << argv("validate a.yaml --to systemd");
}

void TestArguments::usageErrors()
{
    QFETCH(QStringList, args);
    const ParseResult r = parseArguments(args);
    QVERIFY(!r.ok());
    QVERIFY(!r.error.isEmpty());
    QCOMPARE(r.args.command == Command::None || !r.ok(), true);
}

void TestArguments::helpMentionsEveryCommand()
{
    const QString help = usageText();
    for (const char *word : {"status", "start", "stop", "restart", "shutdown", "validate", "--socket", "--json", "--all",
                             "HSU_SOCKET", "--version", "logs", "-f", "-n N", "--stream", "export",
                             "--to nomad|kubernetes|systemd", "--out DIR", "--image IMAGE", "--mhz-per-core N"})
        QVERIFY2(help.contains(QString::fromUtf8(word)), word);
    QVERIFY(versionText().startsWith(QStringLiteral("hsuctl ")));
}

void TestArguments::logsOptions()
{
    ParseResult r = parseArguments(argv("logs db"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(int(r.args.command), int(Command::Logs));
    QCOMPARE(r.args.ids, QStringList{QStringLiteral("db")});
    QCOMPARE(r.args.lines, 10);
    QVERIFY(!r.args.follow);
    QVERIFY(r.args.stream.isEmpty());
    r = parseArguments(argv("logs db -f -n 50 --stream stderr --json"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(r.args.follow && r.args.json);
    QCOMPARE(r.args.lines, 50);
    QCOMPARE(r.args.stream, QStringLiteral("stderr"));
    r = parseArguments(argv("logs --follow --lines 0"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(r.args.ids.isEmpty() && r.args.follow);
    QCOMPARE(r.args.lines, 0);
}

void TestArguments::exportSpellings_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("image");
    QTest::addColumn<int>("mhz");
    const QString none;
    const QString def = hsu::config::defaultConfigFile();
    QTest::newRow("systemd, the default file") << argv("export --to systemd") << QStringLiteral("systemd") << def << none << none << 1000;
    QTest::newRow("systemd FILE") << argv("export --to systemd cfg.yaml") << QStringLiteral("systemd")
                                  << QStringLiteral("cfg.yaml") << none << none << 1000;
    QTest::newRow("--to=") << argv("export --to=nomad cfg.yaml") << QStringLiteral("nomad") << QStringLiteral("cfg.yaml")
                           << none << none << 1000;
    QTest::newRow("file first") << argv("export cfg.yaml --to kubernetes --out k8s") << QStringLiteral("kubernetes")
                                << QStringLiteral("cfg.yaml") << QStringLiteral("k8s") << none << 1000;
    QTest::newRow("kubernetes --image") << argv("export --to kubernetes --image reg/app:1 cfg.yaml")
                                        << QStringLiteral("kubernetes") << QStringLiteral("cfg.yaml") << none
                                        << QStringLiteral("reg/app:1") << 1000;
    QTest::newRow("nomad --mhz-per-core") << argv("export --to nomad --mhz-per-core 2400 --out /tmp/j cfg.yaml")
                                          << QStringLiteral("nomad") << QStringLiteral("cfg.yaml") << QStringLiteral("/tmp/j")
                                          << none << 2400;
}

void TestArguments::exportSpellings()
{
    QFETCH(QStringList, args);
    QFETCH(QString, target);
    QFETCH(QString, file);
    QFETCH(QString, out);
    QFETCH(QString, image);
    QFETCH(int, mhz);
    const ParseResult r = parseArguments(args);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(int(r.args.command), int(Command::Export));
    QCOMPARE(r.args.exportTarget, target);
    QCOMPARE(r.args.file, file);
    QCOMPARE(r.args.outDir, out);
    QCOMPARE(r.args.image, image);
    QCOMPARE(r.args.mhzPerCore, mhz);
}

void TestArguments::exportUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message"); // a part of the error
    QTest::newRow("no --to") << argv("export cfg.yaml") << QStringLiteral("export needs --to nomad, kubernetes, systemd");
    QTest::newRow("unknown --to") << argv("export --to docker cfg.yaml") << QStringLiteral("not \"docker\"");
    QTest::newRow("--to without value") << argv("export cfg.yaml --to") << QStringLiteral("--to");
    QTest::newRow("two files") << argv("export --to systemd a.yaml b.yaml") << QStringLiteral("at most one file");
    QTest::newRow("empty --out") << QStringList{QStringLiteral("hsuctl"), QStringLiteral("export"), QStringLiteral("--to"),
                                                QStringLiteral("systemd"), QStringLiteral("--out=")}
                                 << QStringLiteral("--out needs a folder");
    QTest::newRow("--image for systemd") << argv("export --to systemd --image x cfg.yaml") << QStringLiteral("--image goes with --to kubernetes");
    QTest::newRow("--mhz-per-core for k8s") << argv("export --to kubernetes --mhz-per-core 2000") << QStringLiteral("--mhz-per-core goes with --to nomad");
    QTest::newRow("--mhz-per-core 0") << argv("export --to nomad --mhz-per-core 0") << QStringLiteral("1 or more");
    QTest::newRow("--mhz-per-core words") << argv("export --to nomad --mhz-per-core fast") << QStringLiteral("whole number");
    QTest::newRow("--out with status") << argv("status --out x") << QStringLiteral("go with export");
}

void TestArguments::exportUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const ParseResult r = parseArguments(args);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
}

QTEST_GUILESS_MAIN(TestArguments)
#include "tst_arguments.moc"
