// The editor's checker: results come back on the owner's thread, the newest text only (texts typed
// while a check runs are not all checked), errors carry file:line:col, and missing programs warn.
#include "app/desktop/editor/ConfigValidator.h"

#include <QTest>
#include <QThread>

using namespace hsu::desktop::editor;

class TestValidator final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onlyTheNewestTextIsAnswered()
    {
        ConfigValidator v;
        QList<std::shared_ptr<const Validation>> results;
        connect(&v, &ConfigValidator::validated, this, [&](const std::shared_ptr<const Validation> &r) {
            QCOMPARE(QThread::currentThread(), thread());
            results << r;
        });
        quint64 last = 0;
        for (int i = 0; i < 50; ++i)
            last = v.validate(QByteArray("workers: []\n# ") + QByteArray::number(i), QStringLiteral("c.yaml"));
        QTRY_VERIFY_WITH_TIMEOUT(!results.isEmpty() && results.last()->generation == last, 10000);
        QVERIFY(results.size() < 50);
        QVERIFY(results.last()->text.endsWith("# 49"));
        QVERIFY(results.last()->result.ok());
        for (const auto &r : results)
            QCOMPARE(r->generation, last); // nothing stale reaches the editor
    }

    void errorsAndWarningsCarryTheirPlace()
    {
        const auto broken = ConfigValidator::check("workers:\n  - id: a\n    typo: 1\n", QStringLiteral("c.yaml"));
        QVERIFY(!broken.ok());
        bool onItsLine = false;
        for (const auto &d : broken.errors())
            onItsLine = onItsLine || (d.line == 3 && d.message.contains(QLatin1String("typo")));
        QVERIFY(onItsLine);
        const auto missing = ConfigValidator::check(
            "workers:\n  - id: a\n    type: managed\n    unit: { managed: { control: { execution: { executable_path: /no/such/program } } } }\n",
            QStringLiteral("/tmp/c.yaml"));
        QVERIFY(missing.ok());
        QCOMPARE(missing.warnings().size(), 1);
        QCOMPARE(missing.warnings().first().line, 4);
    }
};

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
