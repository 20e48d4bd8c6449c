// The config editor under a big config: the real MainWindow connected to a real agent with N
// workers, its editor opened on the agent's file; then a character typed into the YAML view (a typo
// in a key, then its removal), timed from the key press to the marks being on screen (the quick
// check of the item) and to the full check being done, and
// the same load done bare on the GUI thread for the ratio. GUI RSS before and with the editor open.
// Prints one JSON object. Run by tests/bench/editor_bench.sh.
#include "BenchMeasure.h"
#include "app/desktop/AgentConnection.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/editor/ConfigEditor.h"
#include "app/desktop/editor/YamlEdit.h"
#include "shared/config/YamlLoader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>
#include <QTextBlock>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

} // namespace

using hsu::bench::percentile;
using hsu::bench::rssKiB;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    auto value = [&](const char *name, const QString &fallback) {
        const int i = int(args.indexOf(QLatin1String(name)));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const int expected = value("--workers", QStringLiteral("1000")).toInt();
    const int rounds = value("--rounds", QStringLiteral("100")).toInt();

    hsu::desktop::DesktopOptions options;
    options.socketPath = value("--socket", QString());
    hsu::desktop::MainWindow window(options);
    window.start();
    window.show();
    if (!waitFor([&] { return window.connection()->workers()->rowCount() >= expected; }, 120000)) {
        std::fprintf(stderr, "the table never had %d rows\n", expected);
        return 1;
    }
    waitFor([] { return false; }, 1000); // settle
    const qint64 rssWithout = rssKiB();

    window.openConfigEditor();
    hsu::desktop::editor::ConfigEditor *editor = window.configEditor();
    QElapsedTimer opened;
    opened.start();
    if (!waitFor([&] { return !editor->configPath().isEmpty() && editor->isChecked() && editor->isValid(); }, 60000)) {
        std::fprintf(stderr, "the editor never loaded the config\n");
        return 1;
    }
    const qint64 openMs = opened.elapsed();
    waitFor([] { return false; }, 1000);
    const qint64 rssWith = rssKiB();

    hsu::desktop::editor::YamlEdit *edit = editor->yamlEdit();
    edit->setFocus();
    QTextDocument *doc = edit->document();
    std::vector<double> typo, fixed, bare, typoShown, fixShown;
    bool marksSeen = true;
    for (int i = 0; i < rounds; ++i) {
        // A random worker's "executable_path" key: a character typed after its first letter.
        QTextCursor at = doc->find(QStringLiteral("executable_path"),
                                   doc->findBlockByNumber(int(QRandomGenerator::global()->bounded(doc->blockCount() - 10))).position());
        if (at.isNull())
            at = doc->find(QStringLiteral("executable_path"));
        const int line = at.blockNumber() + 1;
        at.setPosition(at.selectionStart() + 1);
        edit->setTextCursor(at);
        QElapsedTimer t;
        t.start();
        QTest::keyClick(edit, Qt::Key_Q);
        // Marks shown: the typo's line marked (by the quick check of its item, or the full check).
        waitFor([&] { return edit->markedErrorLines().contains(line); }, 10000);
        typoShown.push_back(double(t.nsecsElapsed()) / 1e6);
        waitFor([&] { return editor->isChecked(); }, 10000);
        typo.push_back(double(t.nsecsElapsed()) / 1e6);
        marksSeen = marksSeen && !editor->isValid() && edit->markedErrorLines().contains(line);
        t.restart();
        QTest::keyClick(edit, Qt::Key_Backspace);
        waitFor([&] { return !edit->markedErrorLines().contains(line); }, 10000);
        fixShown.push_back(double(t.nsecsElapsed()) / 1e6);
        waitFor([&] { return editor->isChecked(); }, 10000);
        fixed.push_back(double(t.nsecsElapsed()) / 1e6);
        marksSeen = marksSeen && editor->isValid() && edit->markedErrorLines().isEmpty();
        // The bare loop: the same load on this thread, nothing else.
        const QByteArray text = editor->text();
        t.restart();
        const auto r = hsu::config::YamlLoader::loadData(text, editor->configPath());
        bare.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!r.ok())
            marksSeen = false;
    }
    std::vector<double> all = typo;
    all.insert(all.end(), fixed.begin(), fixed.end());
    std::vector<double> shown = typoShown;
    shown.insert(shown.end(), fixShown.begin(), fixShown.end());
    const QJsonObject out{
        {QStringLiteral("workers"), expected},
        {QStringLiteral("lines"), doc->blockCount()},
        {QStringLiteral("rounds"), rounds},
        {QStringLiteral("open_ms"), double(openMs)},
        {QStringLiteral("shown_p50_ms"), percentile(shown, 50)},
        {QStringLiteral("shown_p99_ms"), percentile(shown, 99)},
        {QStringLiteral("shown_max_ms"), percentile(shown, 100)},
        {QStringLiteral("typed_p50_ms"), percentile(all, 50)},
        {QStringLiteral("typed_p99_ms"), percentile(all, 99)},
        {QStringLiteral("typed_max_ms"), percentile(all, 100)},
        {QStringLiteral("typo_p50_ms"), percentile(typo, 50)},
        {QStringLiteral("fix_p50_ms"), percentile(fixed, 50)},
        {QStringLiteral("bare_load_p50_ms"), percentile(bare, 50)},
        {QStringLiteral("bare_load_p99_ms"), percentile(bare, 99)},
        {QStringLiteral("marks_correct"), marksSeen},
        {QStringLiteral("gui_rss_kib"), rssWithout},
        {QStringLiteral("gui_rss_with_editor_kib"), rssWith},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return marksSeen ? 0 : 2;
}
