// "did you mean" fixes: the misspelt word at the loader's line and column, replaced by the suggestion;
// no fix where the message suggests nothing or the word is not on the line.
#include "app/desktop/editor/DiagnosticFix.h"
#include "shared/config/YamlLoader.h"

#include <QTest>

using namespace hsu::desktop::editor;
using hsu::config::Diagnostic;

class TestDiagnosticFix final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixesWhatTheLoaderReports_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("wrong");
        QTest::addColumn<QString>("right");
        QTest::newRow("key") << QByteArray("workers:\n  - id: a\n    type: managed\n    unit: { managed: { control: { execution: { executable_path: /bin/true }, restart_polcy: always } } }\n")
                             << QStringLiteral("restart_polcy") << QStringLiteral("restart_policy");
        QTest::newRow("quoted key") << QByteArray("workers:\n  - id: a\n    \"typ\": managed\n    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n")
                                    << QStringLiteral("typ") << QStringLiteral("type");
        QTest::newRow("dependency") << QByteArray("workers:\n  - id: database\n    type: managed\n    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n"
                                                  "  - id: web\n    type: managed\n    depends_on: [databse]\n    unit: { managed: { control: { execution: { executable_path: /bin/true } } } }\n")
                                    << QStringLiteral("databse") << QStringLiteral("database");
    }

    void fixesWhatTheLoaderReports()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, wrong);
        QFETCH(QString, right);
        const auto r = hsu::config::YamlLoader::loadData(yaml, QStringLiteral("c.yaml"));
        QVERIFY(!r.ok());
        const QStringList lines = QString::fromUtf8(yaml).split(u'\n');
        std::optional<TextFix> fix;
        for (const Diagnostic &d : r.diagnostics)
            if (!fix)
                fix = fixFor(d, lines.value(d.line - 1));
        QVERIFY2(fix, qPrintable(r.diagnostics.first().toString()));
        QCOMPARE(fix->replacement, right);
        QString line = lines.at(fix->line - 1);
        QCOMPARE(line.mid(fix->column - 1, fix->length), wrong);
        line.replace(fix->column - 1, fix->length, fix->replacement);
        QStringList fixed = lines;
        fixed[fix->line - 1] = line;
        const auto again = hsu::config::YamlLoader::loadData(fixed.join(u'\n').toUtf8(), QStringLiteral("c.yaml"));
        QVERIFY(again.ok());
    }

    void noFixWithoutASuggestionOrTheWord()
    {
        Diagnostic d;
        d.line = 1;
        d.column = 1;
        d.message = QStringLiteral("unknown key 'zzzzzzzz'");
        QVERIFY(!fixFor(d, QStringLiteral("zzzzzzzz: 1")));
        d.message = QStringLiteral("unknown key 'restart_polcy'; did you mean 'restart_policy'?");
        QVERIFY(!fixFor(d, QStringLiteral("something else entirely")));
        d.line = 0;
        QVERIFY(!fixFor(d, QStringLiteral("restart_polcy: x")));
    }
};

QTEST_GUILESS_MAIN(TestDiagnosticFix)
#include "tst_diagnosticfix.moc"
