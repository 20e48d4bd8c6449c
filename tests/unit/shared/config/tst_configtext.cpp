// hsuctl add / remove edit the config's text: the new worker goes after the last one in their
// indentation, a removed one takes only its own lines; comments and order stay, and the result
// loads.

#include "ConfigTestUtil.h"

#include "shared/config/ConfigText.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;

namespace {

const QByteArray kFile = R"(# my workers
master:
  log_level: info

workers:
  # the database first
  - id: db
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: /bin/sleep   # sleeps
            args: ["1000"]

  - id: web
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: /bin/sleep, args: ["999"] }

# the end
)";

NewWorker sleeper()
{
    NewWorker w;
    w.id = QStringLiteral("sleeper");
    w.name = QStringLiteral("A \"quoted\" name");
    w.restartPolicy = QStringLiteral("always");
    w.environment = {QStringLiteral("A=1"), QStringLiteral("B=two words")};
    w.workingDirectory = QStringLiteral("/tmp");
    w.program = QStringLiteral("/bin/sleep");
    w.args = {QStringLiteral("1000")};
    return w;
}

Config loaded(const QByteArray &text)
{
    const LoadResult r = YamlLoader::loadData(text, QStringLiteral("c.yaml"));
    if (!r.ok())
        qWarning("%s\n%s", text.constData(), qPrintable(describe(r.diagnostics)));
    return r.ok() ? *r.config : Config{};
}

QStringList ids(const Config &c)
{
    QStringList out;
    for (const WorkerSpec &w : c.workers)
        out << w.id;
    return out;
}

} // namespace

class TestConfigText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shellWordsRoundTrip_data();
    void shellWordsRoundTrip();
    void addsAfterTheLastKeepingCommentsAndOrder()
    {
        QString error;
        const QByteArray out = addWorkerText(kFile, sleeper(), QStringLiteral("c.yaml"), &error);
        QVERIFY2(!out.isEmpty(), qPrintable(error));
        const Config c = loaded(out);
        QCOMPARE(ids(c), (QStringList{QStringLiteral("db"), QStringLiteral("web"), QStringLiteral("sleeper")}));
        const WorkerSpec &w = c.workers.back();
        QCOMPARE(w.name, QStringLiteral("A \"quoted\" name"));
        QCOMPARE(w.restartPolicy, RestartPolicy::Always);
        QCOMPARE(w.execution.executablePath, QStringLiteral("/bin/sleep"));
        QCOMPARE(w.execution.args, QStringList{QStringLiteral("1000")});
        QCOMPARE(w.execution.workingDirectory, QStringLiteral("/tmp"));
        QCOMPARE(w.execution.environment.size(), size_t(2));
        QCOMPARE(w.execution.environment[1].second, QStringLiteral("two words"));
        for (const char *kept : {"# my workers", "# the database first", "# sleeps", "# the end", "log_level: info"})
            QVERIFY2(out.contains(kept), kept);
        QVERIFY(out.indexOf("id: \"sleeper\"") < out.indexOf("# the end")); // inside the section
        QVERIFY(out.startsWith(kFile.left(kFile.indexOf("# the end")).trimmed()));
    }

    // What was typed is what the program gets: ${VAR} and "$$" are the loader's, not the user's.
    void addKeepsDollarsAndShellTextLiteral()
    {
        NewWorker w = sleeper();
        w.name = QStringLiteral("costs $$5");
        w.program = QStringLiteral("/opt/${HOME}/run");
        w.args = {QStringLiteral("${HOME}"), QStringLiteral("${HSU_SURELY_UNSET}"), QStringLiteral("$$"),
                  QStringLiteral("$(touch x)"), QStringLiteral("`id`; rm -rf /"), QStringLiteral("a\"b'c")};
        w.environment = {QStringLiteral("X=${PATH}:$(id)"), QStringLiteral("Y=`id`;|&")};
        w.workingDirectory = QStringLiteral("/srv/$$dir");
        QString error;
        const QByteArray out = addWorkerText(kFile, w, QStringLiteral("c.yaml"), &error);
        QVERIFY2(!out.isEmpty(), qPrintable(error));
        const Config c = loaded(out);
        QCOMPARE(c.workers.size(), size_t(3));
        const WorkerSpec &got = c.workers.back();
        QCOMPARE(got.name, w.name);
        QCOMPARE(got.execution.executablePath, w.program);
        QCOMPARE(got.execution.args, w.args);
        QCOMPARE(got.execution.workingDirectory, w.workingDirectory);
        QCOMPARE(got.execution.environment.size(), size_t(2));
        QCOMPARE(got.execution.environment[0].second, QStringLiteral("${PATH}:$(id)"));
        QCOMPARE(got.execution.environment[1].second, QStringLiteral("`id`;|&"));
    }

    void addsToAnEmptyOrMissingSection()
    {
        QString error;
        for (const QByteArray &text : {QByteArray("workers: []\n"), QByteArray("master:\n  log_level: info\n")}) {
            const QByteArray out = addWorkerText(text, sleeper(), QStringLiteral("c.yaml"), &error);
            QVERIFY2(!out.isEmpty(), qPrintable(error));
            QCOMPARE(ids(loaded(out)), QStringList{QStringLiteral("sleeper")});
        }
    }

    void removesOnlyItsOwnLines()
    {
        QString error;
        const QByteArray out = removeWorkerText(kFile, QStringLiteral("db"), QStringLiteral("c.yaml"), &error);
        QVERIFY2(!out.isEmpty(), qPrintable(error));
        QCOMPARE(ids(loaded(out)), QStringList{QStringLiteral("web")});
        QVERIFY(!out.contains("# sleeps"));        // inside db's item: gone with it
        QVERIFY(out.contains("# the database first")); // before it, at the list's level: kept
        QVERIFY(out.contains("# the end"));
        // The last one: an empty list that still loads.
        const QByteArray none = removeWorkerText(out, QStringLiteral("web"), QStringLiteral("c.yaml"), &error);
        QVERIFY2(!none.isEmpty(), qPrintable(error));
        QVERIFY(ids(loaded(none)).isEmpty());
        QVERIFY(none.contains("workers: []"));
    }

    void findsAWorkersOwnLines()
    {
        const Config c = loaded(kFile);
        const std::optional<ItemLines> db = workerItemLines(kFile, c, QStringLiteral("db"));
        QVERIFY(db);
        const QList<QByteArray> lines = kFile.split('\n');
        QCOMPARE(lines.at(db->first), QByteArray("  - id: db"));
        QCOMPARE(db->indent, 2);
        // Up to its last line; the blank line before "web" is not its own.
        QVERIFY(lines.at(db->first + db->count - 1).contains("args"));
        const std::optional<ItemLines> web = workerItemLines(kFile, c, QStringLiteral("web"));
        QVERIFY(web);
        QCOMPARE(lines.at(web->first), QByteArray("  - id: web"));
        QVERIFY(!lines.at(web->first + web->count - 1).contains("# the end"));
        QVERIFY(!workerItemLines(kFile, c, QStringLiteral("nope")));
    }

    void addsAnyWorkerAfterAGivenOne()
    {
        WorkerSpec w;
        w.id = QStringLiteral("copy");
        w.execution.executablePath = QStringLiteral("/bin/sleep");
        w.execution.args = {QStringLiteral("5")};
        w.limits.memory.maxRss = 64 * 1024 * 1024;
        QString error;
        const QByteArray out = addWorkerSpecText(kFile, w, QStringLiteral("c.yaml"), &error, QStringLiteral("db"));
        QVERIFY2(!out.isEmpty(), qPrintable(error));
        const Config c = loaded(out);
        QCOMPARE(ids(c), (QStringList{QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("web")}));
        QCOMPARE(*c.worker(QStringLiteral("copy")), w);
        QVERIFY(out.startsWith("# my workers"));
        QVERIFY(out.contains("# sleeps"));
        // An id that is taken is refused.
        QVERIFY(addWorkerSpecText(out, w, QStringLiteral("c.yaml"), &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("copy")));
    }

    void splitsACommandLineAsAShellWould()
    {
        QString error;
        CommandLine c = parseCommandLine(QStringLiteral("sh -c 'echo \"a b\"' x\\ y"), &error);
        QVERIFY2(c.program.endsWith(QLatin1String("/sh")), qPrintable(c.program));
        QVERIFY(QFileInfo(c.program).isAbsolute());
        QCOMPARE(c.args, (QStringList{QStringLiteral("-c"), QStringLiteral("echo \"a b\""), QStringLiteral("x y")}));
        c = parseCommandLine(QStringLiteral("./bin/tool --flag"), &error);
        QCOMPARE(c.program, QDir::current().absoluteFilePath(QStringLiteral("bin/tool")));
        c = parseCommandLine(QStringLiteral("no-such-program-hsu-test --x"), &error);
        QVERIFY(c.program.isEmpty());
        QVERIFY(error.contains(QLatin1String("not in PATH")));
        c = parseCommandLine(QStringLiteral("   "), &error);
        QVERIFY(c.program.isEmpty());
    }

    void refusesWhatItCannotDo()
    {
        QString error;
        NewWorker again = sleeper();
        again.id = QStringLiteral("web");
        QVERIFY(addWorkerText(kFile, again, QStringLiteral("c.yaml"), &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("already")));
        QVERIFY(removeWorkerText(kFile, QStringLiteral("nope"), QStringLiteral("c.yaml"), &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("no worker")));
        QVERIFY(addWorkerText("workers: [\n", sleeper(), QStringLiteral("c.yaml"), &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("c.yaml:")));
    }
};

// joinShellWords writes what splitShellWords reads back, word for word. The trailing newline case
// came from tests/fuzz (regressions/fuzz_config_values): "$" let "e\n" out unquoted.
void TestConfigText::shellWordsRoundTrip_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << QStringList{QStringLiteral("/bin/echo"), QStringLiteral("a=b,c:d")};
    QTest::newRow("blanks and quotes") << QStringList{QStringLiteral("a b"), QStringLiteral("it's"), QStringLiteral("\"x\"")};
    QTest::newRow("empty word") << QStringList{QStringLiteral("x"), QString(), QStringLiteral("y")};
    QTest::newRow("trailing newline") << QStringList{QStringLiteral("e\n")};
    QTest::newRow("newline inside") << QStringList{QStringLiteral("a\nb"), QStringLiteral("\n")};
    // The fuzzer's input itself: a double-quoted word over a line break, '' and e<backslash><newline>.
    QTest::newRow("fuzz input") << splitShellWords(QStringLiteral("\"^F=\uFFFD\n b\" '' e\\\n\n"));
}

void TestConfigText::shellWordsRoundTrip()
{
    QFETCH(QStringList, words);
    QString error;
    QCOMPARE(splitShellWords(joinShellWords(words), &error), words);
    QVERIFY(error.isEmpty());
}

QTEST_GUILESS_MAIN(TestConfigText)
#include "tst_configtext.moc"
