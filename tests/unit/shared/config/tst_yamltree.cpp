// The loader's YAML tree (libyaml underneath): what the spec leaves to a loader is decided as
// yaml-cpp did (nulls, tags, aliases, the first document), every node knows its line and column,
// and what could loop or blow up (an alias inside its own anchor) is refused.

#include "shared/config/YamlTree.h"

#include <QElapsedTimer>
#include <QTest>

using namespace hsu::config;

namespace {
std::unique_ptr<YamlDocument> parse(const QByteArray &text, YamlDocument::Error *error = nullptr)
{
    YamlDocument::Error ignored;
    return YamlDocument::parse(text, error ? error : &ignored);
}
} // namespace

class TestYamlTree final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mappingsListsScalarsAndWhereTheyAre()
    {
        const auto doc = parse("a: 1\nb:\n  - x\n  - 'y z'\nc: { d: e }\n");
        QVERIFY(doc);
        const YamlNode root = doc->root();
        QVERIFY(root.IsMap());
        QCOMPARE(root.size(), std::size_t(3));
        QCOMPARE(root.key(0).Scalar(), std::string("a"));
        QCOMPARE(root.value(0).Scalar(), std::string("1"));
        QCOMPARE(root.value(0).Mark().line, 0);
        QCOMPARE(root.value(0).Mark().column, 3);
        const YamlNode list = root.value(1);
        QVERIFY(list.IsSequence());
        QCOMPARE(list.size(), std::size_t(2));
        QCOMPARE(list[1].Scalar(), std::string("y z"));
        QCOMPARE(list[1].Mark().line, 3);
        QCOMPARE(list[1].Mark().column, 4);
        QVERIFY(root.value(2).IsMap());
        QCOMPARE(root.value(2).value(0).Scalar(), std::string("e"));
        // Out of range: an undefined node, never a crash.
        QVERIFY(!list[7].IsDefined());
        QVERIFY(!root.key(9).IsDefined());
        QCOMPARE(list.Scalar(), std::string());
    }

    void nullsAsYamlCppReadThem()
    {
        const auto doc = parse("a:\nb: ~\nc: null\nd: NULL\ne: 'null'\nf: \"\"\ng: !!str x\n");
        QVERIFY(doc);
        const YamlNode r = doc->root();
        for (std::size_t i : {0, 1, 2, 3})
            QVERIFY2(r.value(i).IsNull(), r.key(i).Scalar().c_str());
        QVERIFY(r.value(4).IsScalar()); // quoted: a string
        QCOMPARE(r.value(4).Scalar(), std::string("null"));
        QVERIFY(r.value(5).IsScalar());
        QCOMPARE(r.value(6).Scalar(), std::string("x")); // the tag is ignored
        QVERIFY(parse("")->root().IsNull());
        QVERIFY(parse("# only a comment\n")->root().IsNull());
    }

    void repeatedKeysAreKeptForTheReaderToReport()
    {
        const auto doc = parse("a: 1\na: 2\n");
        QVERIFY(doc);
        QCOMPARE(doc->root().size(), std::size_t(2));
        QCOMPARE(doc->root().value(1).Scalar(), std::string("2"));
    }

    void aliasesAreTheAnchoredNode()
    {
        const auto doc = parse("base: &b { x: 1 }\nuse: *b\nname: &n hello\nagain: *n\n");
        QVERIFY(doc);
        const YamlNode r = doc->root();
        QVERIFY(r.value(1).IsMap());
        QCOMPARE(r.value(1).value(0).Scalar(), std::string("1"));
        QCOMPARE(r.value(3).Scalar(), std::string("hello"));
        // An alias inside its own anchor would make a cycle: refused, with where.
        YamlDocument::Error error;
        QVERIFY(!parse("a: &x [ 1, *x ]\n", &error));
        QVERIFY2(error.message.contains(QLatin1String("unknown alias")), qPrintable(error.message));
        QCOMPARE(error.mark.line, 0);
        QVERIFY(!parse("a: *nowhere\n", &error));
    }

    void firstDocumentOnly()
    {
        const auto doc = parse("a: 1\n---\nb: 2\n");
        QVERIFY(doc);
        QCOMPARE(doc->root().size(), std::size_t(1));
        QCOMPARE(doc->root().key(0).Scalar(), std::string("a"));
    }

    void syntaxErrorsSayWhere()
    {
        YamlDocument::Error error;
        QVERIFY(!parse("a: 1\nb: [1, 2\nc: 3\n", &error));
        QVERIFY(!error.message.isEmpty());
        QVERIFY2(error.mark.line >= 1, qPrintable(QString::number(error.mark.line)));
        QVERIFY(!parse("a: 'open\n", &error));
        QVERIFY(!parse("a:\n\tb: 1\n", &error)); // a tab indents nothing in YAML
        // Bytes that are not text: where they are, not 1:1.
        QVERIFY(!parse("a: 1\nb: \xff\xfe\n", &error));
        QCOMPARE(error.mark.line, 1);
        QCOMPARE(error.mark.column, 3);
        QVERIFY(!parse(QByteArray("a: 1\nbb: x\0y\n", 14), &error));
        QCOMPARE(error.mark.line, 1);
        QCOMPARE(error.mark.column, 5);
    }

    // libyaml's time grows with the square of the nesting: a file nested absurdly deep is refused
    // at once (a config nests a dozen levels), not parsed for minutes.
    void absurdNestingIsRefusedAtOnce()
    {
        YamlDocument::Error error;
        const QByteArray deep = "a: " + QByteArray(200000, '[') + QByteArray(200000, ']') + "\n";
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!parse(deep, &error));
        QVERIFY2(error.message.contains(QLatin1String("nested deeper than")), qPrintable(error.message));
        QVERIFY2(timer.elapsed() < 10000, "a hang-catching bound, not a speed figure");
        QByteArray fine = "a: ";
        for (int i = 0; i < 20; ++i)
            fine += "{ b: ";
        fine += "1" + QByteArray(20, '}') + "\n";
        QVERIFY(parse(fine, &error));
    }
};

QTEST_GUILESS_MAIN(TestYamlTree)
#include "tst_yamltree.moc"
