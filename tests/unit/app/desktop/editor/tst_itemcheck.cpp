// The quick check of one worker's item: its errors on the right lines of the whole document, the
// items' lines kept in step with edits above them, and nothing quick for edits outside one item.
#include "app/desktop/editor/ItemCheck.h"
#include "shared/config/YamlLoader.h"

#include <QPlainTextDocumentLayout>
#include <QRegularExpression>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>

using namespace hsu::desktop::editor;
using hsu::config::Diagnostic;

namespace {

const QString kText = QStringLiteral(R"(# three
workers:
  - id: a
    type: managed
    unit: { managed: { control: { execution: { executable_path: /bin/a } } } }
  - id: b
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: /bin/b }
          restart_policy: always
  - id: c
    type: managed
    depends_on: [a]
    unit: { managed: { control: { execution: { executable_path: /bin/c } } } }
)");

struct Fixture
{
    QTextDocument doc;
    ItemCheck check;
    QList<Diagnostic> shown;

    Fixture()
    {
        // As in the editor: QTextDocument reports contentsChange only with a layout.
        doc.setDocumentLayout(new QPlainTextDocumentLayout(&doc));
        doc.setPlainText(kText);
        const auto r = hsu::config::YamlLoader::loadData(kText.toUtf8(), QStringLiteral("c.yaml"));
        check.reset(hsu::config::allWorkerItemLines(kText.toUtf8(), *r.config), doc.blockCount());
        QObject::connect(&doc, &QTextDocument::contentsChange, [this](int position, int, int added) {
            check.contentsChanged(doc, position, added, &shown);
        });
    }

    // Replaces the first `from` with `to`, as typing does.
    void type(const QString &from, const QString &to)
    {
        QTextCursor c = doc.find(from);
        QVERIFY(!c.isNull());
        c.insertText(to);
    }

    int lineOf(const QString &needle) const
    {
        return int(doc.toPlainText().split(u'\n').indexOf(QRegularExpression(QStringLiteral(".*") + QRegularExpression::escape(needle) + QStringLiteral(".*")))) + 1;
    }
};

} // namespace

class TestItemCheck final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aTypoInOneItemIsMarkedOnItsLine()
    {
        Fixture f;
        f.type(QStringLiteral("restart_policy"), QStringLiteral("restart_polcy"));
        const auto out = f.check.check(f.doc, QStringLiteral("c.yaml"), f.shown);
        QVERIFY(out);
        QCOMPARE(out->size(), 1);
        QCOMPARE(out->first().line, f.lineOf(QStringLiteral("restart_polcy")));
        QVERIFY(out->first().message.contains(QLatin1String("did you mean 'restart_policy'")));
        // Fixed again: the item's mark goes.
        f.shown = *out;
        f.type(QStringLiteral("restart_polcy"), QStringLiteral("restart_policy"));
        const auto again = f.check.check(f.doc, QStringLiteral("c.yaml"), f.shown);
        QVERIFY(again);
        QVERIFY(again->isEmpty());
    }

    void linesAddedAboveMoveTheItemsAndTheMarks()
    {
        Fixture f;
        Diagnostic other;
        other.line = f.lineOf(QStringLiteral("/bin/c"));
        other.message = QStringLiteral("elsewhere");
        f.shown = {other};
        // Two lines more inside item a: b and c move down by two, and so does the mark on c.
        f.type(QStringLiteral("  - id: a"), QStringLiteral("  - id: a\n    # one\n    # two"));
        QCOMPARE(f.shown.first().line, f.lineOf(QStringLiteral("/bin/c")));
        QVERIFY(f.check.check(f.doc, QStringLiteral("c.yaml"), f.shown)); // item a alone still loads
        f.type(QStringLiteral("restart_policy: always"), QStringLiteral("restart_policy: sometimes"));
        const auto out = f.check.check(f.doc, QStringLiteral("c.yaml"), f.shown);
        QVERIFY(out);
        QCOMPARE(out->size(), 2);
        QCOMPARE(out->at(0).line, f.lineOf(QStringLiteral("sometimes")));
        QCOMPARE(out->at(1).message, QStringLiteral("elsewhere"));
        QCOMPARE(out->at(1).line, f.lineOf(QStringLiteral("/bin/c")));
    }

    void dependenciesAreLeftToTheFullCheck()
    {
        Fixture f;
        f.type(QStringLiteral("/bin/c"), QStringLiteral("/bin/cc"));
        const auto out = f.check.check(f.doc, QStringLiteral("c.yaml"), f.shown);
        QVERIFY(out);
        QVERIFY2(out->isEmpty(), out->isEmpty() ? "" : qPrintable(out->first().message)); // "a" is not in c's item
    }

    void editsOutsideOneItemAreNotCheckedQuickly()
    {
        Fixture f;
        f.type(QStringLiteral("# three"), QStringLiteral("# four"));
        QVERIFY(!f.check.check(f.doc, QStringLiteral("c.yaml"), f.shown));
        QVERIFY(f.check.items().isEmpty()); // not known again until a full check loads
        Fixture g;
        QTextCursor c(&g.doc);
        c.select(QTextCursor::Document);
        c.insertText(QStringLiteral("workers: []\n"));
        QVERIFY(!g.check.check(g.doc, QStringLiteral("c.yaml"), g.shown));
    }
};

QTEST_MAIN(TestItemCheck)
#include "tst_itemcheck.moc"
