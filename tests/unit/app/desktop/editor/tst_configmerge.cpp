// The editor's merge with a file changed on disk: theirs is kept as written, my added, changed and
// removed workers go on top; both sides changing one worker keeps mine and reports it.
#include "app/desktop/editor/ConfigMerge.h"
#include "shared/config/YamlLoader.h"

#include <QTest>

using namespace hsu::desktop::editor;

namespace {

const QByteArray kBase = R"(# shared comment
workers:
  - id: a
    type: managed
    unit: { managed: { control: { execution: { executable_path: /bin/a } } } }
  - id: b
    type: managed
    unit: { managed: { control: { execution: { executable_path: /bin/b } } } }
  - id: c
    type: managed
    unit: { managed: { control: { execution: { executable_path: /bin/c } } } }
)";

hsu::config::Config load(const QByteArray &text)
{
    auto r = hsu::config::YamlLoader::loadData(text, QStringLiteral("c.yaml"));
    if (!r.ok())
        qWarning("%s", text.constData());
    return r.config.value_or(hsu::config::Config{});
}

QString program(const QByteArray &text, const char *id)
{
    const hsu::config::Config c = load(text);
    const auto *w = c.worker(QString::fromLatin1(id));
    return w ? w->execution.executablePath : QString();
}

} // namespace

class TestConfigMerge final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bothSidesChangesLand()
    {
        QByteArray mine = kBase;
        mine.replace("/bin/a", "/bin/a-mine");                  // changed by me
        mine.replace("  - id: c\n    type: managed\n    unit: { managed: { control: { execution: { executable_path: /bin/c } } } }\n", ""); // removed by me
        mine += "  - id: d\n    type: managed\n    unit: { managed: { control: { execution: { executable_path: /bin/d } } } }\n";
        QByteArray theirs = kBase;
        theirs.replace("/bin/b", "/bin/b-theirs");              // changed on disk
        theirs.replace("# shared comment", "# their comment");
        const MergeResult m = mergeConfigTexts(kBase, mine, theirs, QStringLiteral("c.yaml"));
        QVERIFY2(m.ok, qPrintable(m.problem));
        QVERIFY(m.conflicts.isEmpty());
        QCOMPARE(program(m.text, "a"), QStringLiteral("/bin/a-mine"));
        QCOMPARE(program(m.text, "b"), QStringLiteral("/bin/b-theirs"));
        QCOMPARE(program(m.text, "c"), QString());
        QCOMPARE(program(m.text, "d"), QStringLiteral("/bin/d"));
        QVERIFY(m.text.startsWith("# their comment"));
    }

    void bothChangingOneWorkerKeepsMineAndSaysSo()
    {
        QByteArray mine = kBase;
        mine.replace("/bin/a", "/bin/a-mine");
        QByteArray theirs = kBase;
        theirs.replace("/bin/a", "/bin/a-theirs");
        const MergeResult m = mergeConfigTexts(kBase, mine, theirs, QStringLiteral("c.yaml"));
        QVERIFY(m.ok);
        QCOMPARE(m.conflicts, QStringList{QStringLiteral("a")});
        QCOMPARE(program(m.text, "a"), QStringLiteral("/bin/a-mine"));
    }

    void removedOnDiskButChangedByMeComesBack()
    {
        QByteArray mine = kBase;
        mine.replace("/bin/b", "/bin/b-mine");
        QByteArray theirs = kBase;
        theirs.replace("  - id: b\n    type: managed\n    unit: { managed: { control: { execution: { executable_path: /bin/b } } } }\n", "");
        const MergeResult m = mergeConfigTexts(kBase, mine, theirs, QStringLiteral("c.yaml"));
        QVERIFY(m.ok);
        QCOMPARE(m.conflicts, QStringList{QStringLiteral("b")});
        QCOMPARE(program(m.text, "b"), QStringLiteral("/bin/b-mine"));
    }

    void aBrokenSideIsNotMerged()
    {
        const MergeResult m = mergeConfigTexts(kBase, kBase, "workers: [", QStringLiteral("c.yaml"));
        QVERIFY(!m.ok);
        QVERIFY(m.problem.contains(QLatin1String("disk")));
    }
};

QTEST_GUILESS_MAIN(TestConfigMerge)
#include "tst_configmerge.moc"
