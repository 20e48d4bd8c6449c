// "Add worker…": an id made from the program's name and unique; OK only for a program that is
// found and an id that is free; the worker carries the split command.
#include "app/desktop/editor/AddWorkerDialog.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace hsu::desktop::editor;

class TestAddWorker final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idsComeFromTheProgram()
    {
        QCOMPARE(AddWorkerDialog::suggestId(QStringLiteral("/usr/bin/python3"), {}), QStringLiteral("python3"));
        QCOMPARE(AddWorkerDialog::suggestId(QStringLiteral("/opt/My App.sh"), {}), QStringLiteral("my-app"));
        QCOMPARE(AddWorkerDialog::suggestId(QStringLiteral("/bin/sleep"), {QStringLiteral("sleep")}), QStringLiteral("sleep-2"));
        QCOMPARE(AddWorkerDialog::suggestId(QStringLiteral("/bin/sleep"), {QStringLiteral("sleep"), QStringLiteral("sleep-2")}),
                 QStringLiteral("sleep-3"));
    }

    void okOnlyForAFoundProgramAndAFreeId()
    {
        AddWorkerDialog d({QStringLiteral("sh")});
        QPushButton *ok = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        d.commandEdit()->setText(QStringLiteral("no-such-program-hsu-test"));
        QVERIFY(!ok->isEnabled());
        d.commandEdit()->setText(QStringLiteral("sh -c 'sleep 5'"));
        QCOMPARE(d.idEdit()->text(), QStringLiteral("sh-2"));
        QVERIFY(ok->isEnabled());
        QVERIFY(d.worker().program.endsWith(QLatin1String("/sh")));
        QCOMPARE(d.worker().args, (QStringList{QStringLiteral("-c"), QStringLiteral("sleep 5")}));
        // A typed id that is taken, or malformed, turns OK off.
        d.idEdit()->setText(QStringLiteral("sh"));
        Q_EMIT d.idEdit()->textEdited(d.idEdit()->text());
        QVERIFY(!ok->isEnabled());
        d.idEdit()->setText(QStringLiteral("bad id"));
        Q_EMIT d.idEdit()->textEdited(d.idEdit()->text());
        QVERIFY(!ok->isEnabled());
        d.idEdit()->setText(QStringLiteral("shell"));
        Q_EMIT d.idEdit()->textEdited(d.idEdit()->text());
        QVERIFY(ok->isEnabled());
        QCOMPARE(d.worker().id, QStringLiteral("shell"));
    }
};

QTEST_MAIN(TestAddWorker)
#include "tst_addworker.moc"
