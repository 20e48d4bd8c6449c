// The YAML view's colours: keys, strings, scalars, comments and ${VAR}s each get their own format,
// a '#' inside quotes is no comment, and a dark palette gets light colours.
#include "app/desktop/editor/YamlHighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace hsu::desktop::editor;
using Kind = YamlHighlighter::Kind;

namespace {
// The format at `pos` of the document's first line.
QTextCharFormat formatAt(QTextDocument &doc, int pos)
{
    for (const QTextLayout::FormatRange &r : doc.firstBlock().layout()->formats())
        if (pos >= r.start && pos < r.start + r.length)
            return r.format;
    return {};
}
} // namespace

class TestHighlighter final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kindsGetTheirFormats()
    {
        QTextDocument doc;
        YamlHighlighter h(&doc);
        const QString line = QStringLiteral("    executable_path: \"/bin/a #b\"  # note ${X}");
        doc.setPlainText(line);
        h.rehighlight(); // the first colouring is deferred to the event loop
        QCOMPARE(formatAt(doc, int(line.indexOf(QLatin1String("executable_path")))).foreground(), h.formatOf(Kind::Key).foreground());
        QCOMPARE(formatAt(doc, int(line.indexOf(QLatin1String("/bin")))).foreground(), h.formatOf(Kind::String).foreground());
        // The '#' in quotes is part of the string; the one after is a comment.
        QCOMPARE(formatAt(doc, int(line.indexOf(QLatin1String("#b")))).foreground(), h.formatOf(Kind::String).foreground());
        QVERIFY(formatAt(doc, int(line.indexOf(QLatin1String("note")))).fontItalic());
        doc.setPlainText(QStringLiteral("x: ${HOME}/y"));
        h.rehighlight();
        QCOMPARE(formatAt(doc, 4).foreground(), h.formatOf(Kind::Variable).foreground());
        doc.setPlainText(QStringLiteral("retries: 3"));
        h.rehighlight();
        QCOMPARE(formatAt(doc, 9).foreground(), h.formatOf(Kind::Scalar).foreground());
    }

    void aDarkPaletteGetsLightColours()
    {
        QTextDocument doc;
        YamlHighlighter h(&doc);
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        h.setPalette(dark);
        for (Kind k : {Kind::Key, Kind::String, Kind::Scalar, Kind::Variable})
            QVERIFY(h.formatOf(k).foreground().color().lightness() > 128);
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        h.setPalette(light);
        for (Kind k : {Kind::Key, Kind::String, Kind::Scalar, Kind::Variable})
            QVERIFY(h.formatOf(k).foreground().color().lightness() < 128);
    }
};

QTEST_MAIN(TestHighlighter)
#include "tst_highlighter.moc"
