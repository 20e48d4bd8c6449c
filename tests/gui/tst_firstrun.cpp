// A first start (offscreen, the real agent): hsu-master with no --config starts the agent on the
// user's default config, the agent creates it empty, and the window invites "Add your first
// program…" in the table's place; its button emits addWorkerRequested(). With workers the table
// shows as before, and the invitation comes back when the last worker goes.
#include "app/desktop/AgentConnection.h"
#include "app/desktop/EmptyWorkersView.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/editor/AddWorkerDialog.h"
#include "app/desktop/editor/ConfigEditor.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/WorkerTableView.h"
#include "tests/gui/WindowTestSupport.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace hsu::desktop;
using namespace hsu::test;
using namespace hsu::test::window;

namespace {

void writeFile(const QString &path, QByteArray text)
{
    text.replace("@WORKER@", testWorkerPath().toUtf8());
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

bool invitationShown(const MainWindow &w)
{
    return w.emptyWorkersView()->isVisible() && !w.table()->isVisible() && !w.detailTabs()->isVisible();
}

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    }
    void firstStartInvitesToAddAProgram();
    void workersHideTheInvitation();
};

void TestFirstRun::firstStartInvitesToAddAProgram()
{
    AgentRunner place; // its folder only: the window starts the agent
    const QString dir = place.dir();
    const QString config = dir + QStringLiteral("/xdg/hsu-master/config.yaml");
    qputenv("XDG_CONFIG_HOME", (dir + QStringLiteral("/xdg")).toUtf8());
    qputenv("XDG_RUNTIME_DIR", (dir + QStringLiteral("/run")).toUtf8());
    qputenv("XDG_DATA_HOME", (dir + QStringLiteral("/data")).toUtf8());
    qputenv("XDG_STATE_HOME", (dir + QStringLiteral("/state-home")).toUtf8());
    qputenv("HSU_AGENT_PROGRAM", agentPath().toUtf8());
    QDir().mkpath(dir + QStringLiteral("/run"));
    const auto cleanup = qScopeGuard([&place, dir] {
        killAgentAt(place.socketPath());
        AgentRunner::removeCgroupsOf(dir + QStringLiteral("/run/hsu-master"));
    });

    DesktopOptions o;
    o.socketPath = place.socketPath();
    o.startAgent = true; // as the first start from the menu or autostart's tray does; no --config
    MainWindow w(o);
    QSignalSpy add(&w, &MainWindow::addWorkerRequested);
    w.start();
    QVERIFY(!invitationShown(w)); // not before the agent said it has none
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 15000);
    QVERIFY2(QFile::exists(config), qPrintable(config));
    QTRY_VERIFY_WITH_TIMEOUT(invitationShown(w), 5000);
    QCOMPARE(w.connection()->workers()->rowCount(), 0);
    const auto *title = w.emptyWorkersView()->findChild<QLabel *>(QStringLiteral("emptyWorkersTitle"));
    QVERIFY(title && title->isVisible());
    QCOMPARE(title->text(), QStringLiteral("No programs yet"));
    QPushButton *button = w.emptyWorkersView()->addButton();
    QVERIFY(button->isVisible() && button->isEnabled());
    QVERIFY(button->text().startsWith(QLatin1String("Add your first program")));

    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(add.size(), 1);

    // The invitation opens the editor's "Add a program" dialog on the new empty file; the program
    // added there runs once saved, and is in the file.
    QTRY_VERIFY_WITH_TIMEOUT(w.configEditor()->addDialog() && w.configEditor()->addDialog()->isVisible(), 10000);
    editor::AddWorkerDialog *dialog = w.configEditor()->addDialog();
    dialog->commandEdit()->setText(testWorkerPath() + QStringLiteral(" --run-for 300"));
    QCOMPARE(dialog->idEdit()->text(), QStringLiteral("testworker"));
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(w.configEditor()->isChecked() && w.configEditor()->saveAction()->isEnabled(), 10000);
    QCOMPARE(w.configEditor()->configPath(), config);
    w.configEditor()->saveAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(w.connection()->workers()->rowCount(), 1, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!invitationShown(w), 5000);
    QFile written(config);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray text = written.readAll();
    QVERIFY2(text.contains("id: \"testworker\"") && text.contains("--run-for"), text.constData());
    QVERIFY(text.startsWith("#")); // the first start's comment stays

    // The agent was started detached: end it, then the window no longer claims "no programs".
    const qint64 agentPid = w.connection()->agentInfo().value(QLatin1String("pid")).toInteger();
    QVERIFY(agentPid > 0);
    QVERIFY(::kill(pid_t(agentPid), SIGTERM) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(agentPid), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.connection()->isConnected(), 5000);
    QVERIFY(!invitationShown(w));
    QVERIFY(w.table()->isVisible());
}

void TestFirstRun::workersHideTheInvitation()
{
    AgentRunner agent;
    agent.writeConfig("workers: []\n");
    QVERIFY2(agent.start(), agent.output().constData());
    MainWindow w(optionsFor(agent));
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isConnected(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(invitationShown(w), 5000);

    // A worker arrives (a reload of the edited file): the table as always, the invitation gone.
    writeFile(agent.configPath(), kConfig);
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()));
    QVERIFY(c.hello());
    QVERIFY(c.call(QStringLiteral("config.reload")).contains(QLatin1String("result")));
    QTRY_COMPARE_WITH_TIMEOUT(w.connection()->workers()->rowCount(), 3, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w.table()->isVisible(), 5000);
    QVERIFY(!w.emptyWorkersView()->isVisible());
    QVERIFY(w.detailTabs()->isVisible());
    // The last worker removed again: the invitation is back.
    writeFile(agent.configPath(), "workers: []\n");
    QVERIFY(c.call(QStringLiteral("config.reload")).contains(QLatin1String("result")));
    QTRY_COMPARE_WITH_TIMEOUT(w.connection()->workers()->rowCount(), 0, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(invitationShown(w), 5000);
}

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
