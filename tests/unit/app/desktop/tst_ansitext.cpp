// The ANSI escape parser behind the log views: SGR colours and bold become spans over the text,
// every other sequence disappears, and nothing of an escape is ever left in the text.
#include "app/desktop/AnsiText.h"

#include <QTest>

using namespace hsu::desktop;
using namespace Qt::StringLiterals;

class TestAnsiText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stripped_data();
    void stripped();
    void spans_data();
    void spans();
    void palette256();
};

void TestAnsiText::stripped_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << u"no escapes here"_s << u"no escapes here"_s;
    QTest::newRow("colour") << u"\x1b[31mred\x1b[0m"_s << u"red"_s;
    QTest::newRow("reset without a number") << u"\x1b[32mok\x1b[m done"_s << u"ok done"_s;
    QTest::newRow("erase line and cursor") << u"\x1b[2K\x1b[1Gprogress 40%"_s << u"progress 40%"_s;
    QTest::newRow("private mode") << u"\x1b[?25lhidden cursor\x1b[?25h"_s << u"hidden cursor"_s;
    QTest::newRow("window title (OSC, BEL)") << u"\x1b]0;my title\x07text"_s << u"text"_s;
    QTest::newRow("hyperlink (OSC, ST)") << u"\x1b]8;;http:\\\\x\x1b\\link\x1b]8;;\x1b\\"_s << u"link"_s;
    QTest::newRow("charset") << u"\x1b(Bplain"_s << u"plain"_s;
    QTest::newRow("C1 CSI") << u"\u009b1mbold"_s << u"bold"_s;
    QTest::newRow("cut off at the end") << u"text\x1b[31"_s << u"text"_s;
    QTest::newRow("lone ESC at the end") << u"text\x1b"_s << u"text"_s;
    QTest::newRow("tabs stay") << u"a\tb"_s << u"a\tb"_s;
}

void TestAnsiText::stripped()
{
    QFETCH(QString, input);
    QFETCH(QString, text);
    const AnsiText out = parseAnsi(input);
    QCOMPARE(out.text, text);
    QVERIFY(!out.text.contains(QChar(0x1b)));
    QVERIFY(!out.text.contains(QChar(0x9b)));
}

void TestAnsiText::spans_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QList<AnsiSpan>>("spans");
    QTest::newRow("plain") << u"nothing"_s << QList<AnsiSpan>{};
    QTest::newRow("red word") << u"an \x1b[31merror\x1b[0m here"_s << QList<AnsiSpan>{{3, 5, ansiColor(1), false}};
    QTest::newRow("bright green") << u"\x1b[92mok"_s << QList<AnsiSpan>{{0, 2, ansiColor(10), false}};
    QTest::newRow("bold then colour")
        << u"\x1b[1mB\x1b[34mBB\x1b[22mb\x1b[39m."_s
        << QList<AnsiSpan>{{0, 1, QColor(), true}, {1, 2, ansiColor(4), true}, {3, 1, ansiColor(4), false}};
    QTest::newRow("256 colours") << u"\x1b[38;5;208mamber"_s << QList<AnsiSpan>{{0, 5, ansiColor(208), false}};
    QTest::newRow("true colour") << u"\x1b[38;2;10;20;30mrgb\x1b[0m"_s << QList<AnsiSpan>{{0, 3, QColor(10, 20, 30), false}};
    QTest::newRow("true colour, colons") << u"\x1b[38:2:10:20:30mrgb"_s << QList<AnsiSpan>{{0, 3, QColor(10, 20, 30), false}};
    QTest::newRow("background only: no span") << u"\x1b[41;48;5;3mbg\x1b[49m"_s << QList<AnsiSpan>{};
    QTest::newRow("same style twice: one span") << u"\x1b[31mab\x1b[31mcd"_s << QList<AnsiSpan>{{0, 4, ansiColor(1), false}};
    QTest::newRow("empty styled run: none") << u"\x1b[31m\x1b[0mtext"_s << QList<AnsiSpan>{};
}

void TestAnsiText::spans()
{
    QFETCH(QString, input);
    QFETCH(QList<AnsiSpan>, spans);
    QCOMPARE(parseAnsi(input).spans, spans);
}

void TestAnsiText::palette256()
{
    QCOMPARE(ansiColor(0), QColor(0, 0, 0));
    QCOMPARE(ansiColor(15), QColor(255, 255, 255));
    QCOMPARE(ansiColor(16), QColor(0, 0, 0));       // the cube's first
    QCOMPARE(ansiColor(196), QColor(255, 0, 0));    // 16 + 5*36
    QCOMPARE(ansiColor(232), QColor(8, 8, 8));      // the greys
    QCOMPARE(ansiColor(255), QColor(238, 238, 238));
    QVERIFY(!ansiColor(256).isValid());
}

QTEST_APPLESS_MAIN(TestAnsiText)
#include "tst_ansitext.moc"
