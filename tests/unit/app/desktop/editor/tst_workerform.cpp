// The worker form: it shows a spec, reports each edit as the whole new spec (keys it does not show
// kept), splits a typed command line into program and arguments, and writes arguments back so a
// shell would split them the same way.
#include "app/desktop/editor/WorkerForm.h"
#include "shared/config/ConfigText.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

using namespace hsu::desktop::editor;
using namespace hsu::config;

namespace {
WorkerSpec sample()
{
    WorkerSpec w;
    w.id = QStringLiteral("web");
    w.name = QStringLiteral("Web");
    w.execution.executablePath = QStringLiteral("/bin/sleep");
    w.execution.args = {QStringLiteral("100")};
    w.execution.environment = {{QStringLiteral("PORT"), QStringLiteral("8080")}};
    w.description = QStringLiteral("kept though the form does not show it");
    return w;
}
} // namespace

class TestWorkerForm final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void argumentsSurviveTheRoundTrip_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << QStringList{QStringLiteral("--port"), QStringLiteral("8080")};
        QTest::newRow("blanks") << QStringList{QStringLiteral("a b"), QStringLiteral("c")};
        QTest::newRow("quotes") << QStringList{QStringLiteral("it's"), QStringLiteral("say \"hi\"")};
        QTest::newRow("empty") << QStringList{QString(), QStringLiteral("x")};
        QTest::newRow("dollar") << QStringList{QStringLiteral("$HOME"), QStringLiteral("a\\b")};
    }

    void argumentsSurviveTheRoundTrip()
    {
        QFETCH(QStringList, words);
        QCOMPARE(hsu::config::splitShellWords(WorkerForm::joinCommand(words)), words);
    }

    void showsAndReportsEdits()
    {
        WorkerForm form;
        QSignalSpy edited(&form, &WorkerForm::edited);
        form.setWorker(sample(), QStringLiteral("/tmp/c.yaml"));
        QCOMPARE(edited.size(), 0);
        QCOMPARE(form.nameEdit()->text(), QStringLiteral("Web"));
        QCOMPARE(form.argsEdit()->text(), QStringLiteral("100"));
        QCOMPARE(form.environmentTable()->rowCount(), 1);
        QTest::keyClicks(form.nameEdit(), QStringLiteral("!"));
        QCOMPARE(edited.size(), 1);
        auto spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.name, QStringLiteral("Web!"));
        QCOMPARE(spec.description, sample().description);
        form.memoryBox()->setValue(128);
        spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.limits.memory.maxRss, 128LL * 1024 * 1024);
        form.restartPolicyBox()->setCurrentIndex(form.restartPolicyBox()->findText(QStringLiteral("always")));
        QCOMPARE(edited.last().at(0).value<WorkerSpec>().restartPolicy, RestartPolicy::Always);
        form.environmentTable()->item(0, 1)->setText(QStringLiteral("9090"));
        spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.execution.environment.front().second, QStringLiteral("9090"));
    }

    void aCommandLineIsSplitAndTheProgramMadeAbsolute()
    {
        WorkerForm form;
        QSignalSpy edited(&form, &WorkerForm::edited);
        form.setWorker(sample(), QStringLiteral("/tmp/c.yaml"));
        form.programEdit()->setText(QStringLiteral("sh -c 'echo a b'"));
        Q_EMIT form.programEdit()->editingFinished();
        QVERIFY(!edited.isEmpty());
        const auto spec = edited.last().at(0).value<WorkerSpec>();
        QVERIFY2(QFileInfo(spec.execution.executablePath).isAbsolute(), qPrintable(spec.execution.executablePath));
        QVERIFY(spec.execution.executablePath.endsWith(QLatin1String("/sh")));
        QCOMPARE(spec.execution.args, (QStringList{QStringLiteral("-c"), QStringLiteral("echo a b")}));
    }

    void healthTargetsMapToTheirKeys()
    {
        WorkerForm form;
        QSignalSpy edited(&form, &WorkerForm::edited);
        form.setWorker(sample(), QStringLiteral("/tmp/c.yaml"));
        form.healthTypeBox()->setCurrentIndex(form.healthTypeBox()->findText(QStringLiteral("tcp")));
        form.healthTargetEdit()->setText(QStringLiteral("127.0.0.1:5432"));
        Q_EMIT form.healthTargetEdit()->editingFinished();
        auto spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.healthCheck.type, HealthCheckType::Tcp);
        QCOMPARE(spec.healthCheck.tcpAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(spec.healthCheck.tcpPort, 5432);
        form.healthTypeBox()->setCurrentIndex(form.healthTypeBox()->findText(QStringLiteral("exec")));
        form.healthTargetEdit()->setText(QStringLiteral("/bin/check --quick 'a b'"));
        Q_EMIT form.healthTargetEdit()->editingFinished();
        spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.healthCheck.execCommand, QStringLiteral("/bin/check"));
        QCOMPARE(spec.healthCheck.execArgs, (QStringList{QStringLiteral("--quick"), QStringLiteral("a b")}));
    }

    void aLimitSetHereComesWithAPolicyThatActs()
    {
        WorkerForm form;
        QSignalSpy edited(&form, &WorkerForm::edited);
        form.setWorker(sample(), QStringLiteral("/tmp/c.yaml"));
        form.memoryBox()->setValue(256);
        auto spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.limits.memory.policy, LimitPolicy::Restart); // "none" would only watch
        form.cpuBox()->setValue(0.5);
        spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.limits.cpu.maxCores, 0.5);
        QCOMPARE(spec.limits.cpu.policy, LimitPolicy::Throttle);
        // A policy the user chose stays.
        form.memoryPolicyBox()->setCurrentIndex(form.memoryPolicyBox()->findText(QStringLiteral("immediate_kill")));
        form.memoryBox()->setValue(512);
        QCOMPARE(edited.last().at(0).value<WorkerSpec>().limits.memory.policy, LimitPolicy::ImmediateKill);
    }

    void aHealthCheckChosenHereGivesTheProgramTimeToStart()
    {
        WorkerForm form;
        QSignalSpy edited(&form, &WorkerForm::edited);
        form.setWorker(sample(), QStringLiteral("/tmp/c.yaml"));
        form.healthTypeBox()->setCurrentIndex(form.healthTypeBox()->findText(QStringLiteral("http")));
        const auto spec = edited.last().at(0).value<WorkerSpec>();
        QCOMPARE(spec.healthCheck.runOptions.initialDelay, std::chrono::milliseconds(5000));
        QCOMPARE(spec.healthCheck.runOptions.retries, 3);
        QVERIFY(form.healthDelayBox()->isEnabled());
    }

    void unmanagedWorkersAreNotEditedHere()
    {
        WorkerForm form;
        WorkerSpec w = sample();
        w.type = WorkerType::Unmanaged;
        form.setWorker(w, QString());
        QVERIFY(!form.programEdit()->isEnabled() || !form.programEdit()->parentWidget()->isEnabled());
        QVERIFY(!form.programEdit()->isEnabledTo(&form));
    }
};

QTEST_MAIN(TestWorkerForm)
#include "tst_workerform.moc"
