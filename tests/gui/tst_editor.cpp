// The config editor against the real agent (offscreen): a worker added through the editor runs and
// is in the file; a typo in the YAML view is marked on its line, turns Save off, and its "did you
// mean" fix works; the form and the text follow each other, undo included; a removed worker stops
// and leaves the file; a save the agent refuses keeps the text and says why; a change made on disk
// meanwhile is offered as a merge.
#include "app/desktop/AgentConnection.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/editor/ConfigEditor.h"
#include "app/desktop/editor/DiagnosticsList.h"
#include "app/desktop/editor/WorkerForm.h"
#include "app/desktop/editor/YamlEdit.h"
#include "shared/config/YamlLoader.h"
#include "tests/gui/WindowTestSupport.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QAbstractButton>
#include <QPushButton>
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTextBlock>
#include <QTreeWidget>

#include <csignal>

using namespace hsu::desktop;
using namespace hsu::test;
using namespace hsu::test::window;
using hsu::desktop::editor::ConfigEditor;

namespace {

const QByteArray kTwo = R"(# two workers, kept by the editor
workers:
  - id: steady
    type: managed
    unit:
      managed:
        metadata: { name: "Steady one" }
        control:
          execution: { executable_path: "@WORKER@" }
          graceful_timeout: 2s
  - id: other
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "@WORKER@" }
          graceful_timeout: 2s
)";

QByteArray fileText(const AgentRunner &agent)
{
    QFile f(agent.configPath());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The 1-based line holding `needle` in the editor's text, or 0.
int lineOf(ConfigEditor *e, const QString &needle)
{
    const QStringList lines = QString::fromUtf8(e->text()).split(u'\n');
    for (int i = 0; i < lines.size(); ++i)
        if (lines.at(i).contains(needle))
            return i + 1;
    return 0;
}

// Types over `from` with `to` in the YAML view, as a person would (a cursor edit).
void retype(ConfigEditor *e, const QString &from, const QString &to)
{
    QTextDocument *doc = e->yamlEdit()->document();
    QTextCursor c = doc->find(from);
    QVERIFY2(!c.isNull(), qPrintable(from));
    c.insertText(to);
}

} // namespace

class TestEditor : public QObject
{
    Q_OBJECT

    struct Session
    {
        AgentRunner agent;
        std::unique_ptr<MainWindow> window;
        ConfigEditor *editor = nullptr;
    };

    // An agent on `yaml`, the window, and its editor opened with the agent's text checked.
    bool open(Session &s, const QByteArray &yaml)
    {
        s.agent.writeConfig(yaml);
        if (!s.agent.start()) {
            qWarning() << s.agent.output();
            return false;
        }
        s.window = std::make_unique<MainWindow>(optionsFor(s.agent));
        s.window->start();
        if (!QTest::qWaitFor([&] { return s.window->connection()->isConnected(); }, 10000))
            return false;
        s.window->openConfigEditor();
        s.editor = s.window->configEditor();
        return QTest::qWaitFor([&] { return !s.editor->configPath().isEmpty() && s.editor->isChecked() && s.editor->isValid(); }, 10000);
    }

    static void trackAll(Session &s)
    {
        RawClient c;
        if (!c.connectTo(s.agent.socketPath()) || !c.hello())
            return;
        for (const QJsonValue &v : c.call(QStringLiteral("workers.list")).value(QLatin1String("result")).toObject()
                                       .value(QLatin1String("workers")).toArray())
            if (const qint64 pid = v.toObject().value(QLatin1String("pid")).toInteger(); pid > 0)
                s.agent.track(pid);
    }

private Q_SLOTS:
    void addedWorkerRunsAndIsInTheFile()
    {
        Session s;
        QVERIFY(open(s, kTwo));
        QVERIFY(!s.editor->yamlEdit()->document()->isUndoAvailable()); // loading is no edit to undo
        QSignalSpy saved(s.editor, &ConfigEditor::saved);
        hsu::config::NewWorker w;
        w.id = QStringLiteral("added");
        w.program = testWorkerPath();
        w.args = {QStringLiteral("--run-for"), QStringLiteral("300")};
        QString error;
        QVERIFY2(s.editor->addWorkerToText(w, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->isValid(), 10000);
        // The form shows the new worker; a name typed there goes into the text.
        QCOMPARE(s.editor->form()->idEdit()->text(), QStringLiteral("added"));
        s.editor->form()->nameEdit()->setFocus();
        QTest::keyClicks(s.editor->form()->nameEdit(), QStringLiteral("Added one"));
        QVERIFY(s.editor->text().contains("Added one"));
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->saveAction()->isEnabled(), 10000);
        s.editor->saveAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 15000);
        QVERIFY2(saved.at(0).at(0).toString().contains(QLatin1String("1 added")), qPrintable(saved.at(0).at(0).toString()));
        QVERIFY2(saved.at(0).at(0).toString().contains(QLatin1String("2 unchanged")), qPrintable(saved.at(0).at(0).toString()));
        const QByteArray file = fileText(s.agent);
        QVERIFY(file.startsWith("# two workers, kept by the editor")); // the rest of the file as written
        const auto loaded = hsu::config::YamlLoader::loadData(file, s.agent.configPath());
        QVERIFY(loaded.ok());
        QVERIFY(loaded.config->worker(QStringLiteral("added")));
        QCOMPARE(loaded.config->worker(QStringLiteral("added"))->name, QStringLiteral("Added one"));
        RawClient c;
        QVERIFY(c.connectTo(s.agent.socketPath()) && c.hello());
        QTRY_COMPARE_WITH_TIMEOUT(agentState(c, QStringLiteral("added")), QStringLiteral("running"), 15000);
        trackAll(s);
        // The window's table has it too, by its name.
        QTRY_VERIFY_WITH_TIMEOUT(s.window->connection()->workers()->worker(QStringLiteral("added")), 10000);
        QVERIFY(!s.editor->hasUnsavedChanges());
    }

    void typoIsMarkedOnItsLineAndFixedInOneClick()
    {
        Session s;
        QVERIFY(open(s, kTwo));
        trackAll(s);
        retype(s.editor, QStringLiteral("graceful_timeout: 2s"), QStringLiteral("graceful_timout: 2s"));
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked(), 10000);
        QVERIFY(!s.editor->isValid());
        QVERIFY(!s.editor->saveAction()->isEnabled());
        const int line = lineOf(s.editor, QStringLiteral("graceful_timout"));
        QVERIFY(line > 0);
        QCOMPARE(s.editor->yamlEdit()->markedErrorLines(), QList<int>{line});
        QCOMPARE(s.editor->diagnosticsList()->topLevelItemCount(), 1);
        QCOMPARE(s.editor->diagnosticsList()->topLevelItem(0)->text(0), QString::number(line));
        QVERIFY(s.editor->diagnosticsList()->topLevelItem(0)->text(1).contains(QLatin1String("graceful_timout")));
        // The form cannot follow a text that does not load, and says so.
        QVERIFY(!s.editor->form()->hasWorker());
        const QList<QAbstractButton *> fixes = s.editor->diagnosticsList()->fixButtons();
        QCOMPARE(fixes.size(), 1);
        QVERIFY(fixes.first()->text().contains(QLatin1String("graceful_timeout")));
        fixes.first()->click();
        QCOMPARE(lineOf(s.editor, QStringLiteral("graceful_timout")), 0);
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->isValid(), 10000);
        QVERIFY(s.editor->yamlEdit()->markedErrorLines().isEmpty());
        QCOMPARE(s.editor->text(), fileText(s.agent));
        QVERIFY(!s.editor->saveAction()->isEnabled()); // back to what is on disk: nothing to save
    }

    void formAndTextFollowEachOther()
    {
        Session s;
        QVERIFY(open(s, kTwo));
        trackAll(s);
        s.editor->selectWorker(QStringLiteral("steady"));
        QCOMPARE(s.editor->form()->nameEdit()->text(), QStringLiteral("Steady one"));
        // Text -> form.
        retype(s.editor, QStringLiteral("Steady one"), QStringLiteral("Renamed in text"));
        QTRY_COMPARE_WITH_TIMEOUT(s.editor->form()->nameEdit()->text(), QStringLiteral("Renamed in text"), 10000);
        // Form -> text: a memory limit, written where the worker is, the other worker untouched.
        s.editor->form()->memoryBox()->setValue(64);
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->isValid(), 10000);
        auto loaded = hsu::config::YamlLoader::loadData(s.editor->text(), s.agent.configPath());
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.config->worker(QStringLiteral("steady"))->limits.memory.maxRss, 64LL * 1024 * 1024);
        QCOMPARE(loaded.config->worker(QStringLiteral("steady"))->name, QStringLiteral("Renamed in text"));
        QCOMPARE(loaded.config->workers.front().id, QStringLiteral("steady")); // still first
        QVERIFY(s.editor->text().contains("# two workers, kept by the editor"));
        // Undo takes the form's edit back, and the form follows.
        s.editor->yamlEdit()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(s.editor->form()->memoryBox()->value(), 0, 10000);
        loaded = hsu::config::YamlLoader::loadData(s.editor->text(), s.agent.configPath());
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.config->worker(QStringLiteral("steady"))->limits.memory.maxRss, 0);
        s.editor->yamlEdit()->redo();
        QTRY_COMPARE_WITH_TIMEOUT(s.editor->form()->memoryBox()->value(), 64, 10000);
        // The list marks what a save would do to the running worker.
        QTreeWidget *list = s.editor->workerList();
        QTRY_VERIFY_WITH_TIMEOUT(!list->findItems(QStringLiteral("steady"), Qt::MatchExactly).isEmpty()
                                     && !list->findItems(QStringLiteral("steady"), Qt::MatchExactly).first()->text(2).isEmpty(),
                                 10000);
    }

    void removedWorkerStopsAndLeavesTheFile()
    {
        Session s;
        QVERIFY(open(s, kTwo));
        RawClient c;
        QVERIFY(c.connectTo(s.agent.socketPath()) && c.hello());
        QTRY_COMPARE_WITH_TIMEOUT(agentState(c, QStringLiteral("other")), QStringLiteral("running"), 15000);
        trackAll(s);
        const qint64 pid = agentWorker(c, QStringLiteral("other")).value(QLatin1String("pid")).toInteger();
        QVERIFY(pid > 0);
        QSignalSpy saved(s.editor, &ConfigEditor::saved);
        s.editor->removeWorker(QStringLiteral("other"), false);
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->saveAction()->isEnabled(), 10000);
        QVERIFY(!s.editor->text().contains("id: other"));
        s.editor->saveAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 15000);
        QVERIFY2(saved.at(0).at(0).toString().contains(QLatin1String("1 removed")), qPrintable(saved.at(0).at(0).toString()));
        QVERIFY(!fileText(s.agent).contains("id: other"));
        QVERIFY(fileText(s.agent).contains("id: steady"));
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) != 0 || agentWorker(c, QStringLiteral("other")).isEmpty(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(agentWorker(c, QStringLiteral("other")).isEmpty(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!s.window->connection()->workers()->worker(QStringLiteral("other")), 10000);
    }

    void refusedSaveKeepsTheTextAndSaysWhy()
    {
        Session s;
        QVERIFY(open(s, kTwo));
        trackAll(s);
        // Set in the window's environment only: the editor's check passes, the agent's does not.
        qputenv("HSU_EDITOR_TEST_ONLY_HERE", "1");
        retype(s.editor, QStringLiteral("graceful_timeout: 2s"), QStringLiteral("graceful_timeout: ${HSU_EDITOR_TEST_ONLY_HERE}s"));
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->saveAction()->isEnabled(), 10000);
        const QByteArray mine = s.editor->text();
        const QByteArray before = fileText(s.agent);
        s.editor->saveAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->banner()->isVisible(), 15000);
        qunsetenv("HSU_EDITOR_TEST_ONLY_HERE");
        QVERIFY2(s.editor->banner()->text().contains(QLatin1String("HSU_EDITOR_TEST_ONLY_HERE")), qPrintable(s.editor->banner()->text()));
        QCOMPARE(s.editor->text(), mine);
        QCOMPARE(fileText(s.agent), before);
        QVERIFY(s.editor->hasUnsavedChanges());
        QVERIFY(s.editor->saveAction()->isEnabled()); // it can be tried again
    }

    void aWorkerWithVariablesIsEditedInTheFormOnlyWhenAsked()
    {
        Session s;
        QVERIFY(open(s, R"(workers:
  - id: vars
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "${HSU_EDITOR_TEST_UNSET:-@WORKER@}" }
          graceful_timeout: 2s
)"));
        trackAll(s);
        s.editor->selectWorker(QStringLiteral("vars"));
        hsu::desktop::editor::WorkerForm *form = s.editor->form();
        QVERIFY(form->hasWorker());
        // The expanded value is shown, but a form edit would write it over the ${...}: not unasked.
        QVERIFY(!form->programEdit()->isEnabledTo(form));
        QVERIFY(form->editAnywayButton()->isVisibleTo(form));
        form->editAnywayButton()->click();
        QVERIFY(form->programEdit()->isEnabledTo(form));
        QTest::keyClicks(form->nameEdit(), QStringLiteral("Named"));
        QVERIFY(s.editor->text().contains("Named"));
    }

    void changeOnDiskIsOfferedAsAMerge()
    {
        Session s;
        QVERIFY(open(s, kTwo));
        trackAll(s);
        // Mine: steady renamed. Theirs, on disk meanwhile: other renamed.
        retype(s.editor, QStringLiteral("Steady one"), QStringLiteral("Mine"));
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->isValid(), 10000);
        QByteArray theirs = fileText(s.agent);
        theirs.replace("  - id: other\n    type: managed\n    unit:\n      managed:\n",
                       "  - id: other\n    type: managed\n    unit:\n      managed:\n        metadata: { name: \"Theirs\" }\n");
        QVERIFY(theirs.contains("Theirs"));
        {
            QFile f(s.agent.configPath());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(theirs);
        }
        // The agent reloads the file; the editor sees it differs from what it was opened on.
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->banner()->isVisible(), 15000);
        QVERIFY(s.editor->text().contains("Mine")); // nothing of mine replaced
        s.editor->mergeWithDisk(theirs);
        QVERIFY(s.editor->text().contains("Mine"));
        QVERIFY(s.editor->text().contains("Theirs"));
        QTRY_VERIFY_WITH_TIMEOUT(s.editor->isChecked() && s.editor->isValid(), 10000);
    }
};

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
