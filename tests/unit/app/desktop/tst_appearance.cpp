// The window in a light and a dark palette (Fusion), offscreen and without an agent: every text
// colour the GUI derives (stderr, notices, states, limits, the drawn toolbar icons) has enough
// contrast with the palette's base; the colours the GUI used to fix would not. Also: the tab
// titles are unique, the toolbar's icons are one flat family, events carry their date.
#include "app/desktop/ActionIcons.h"
#include "app/desktop/Appearance.h"
#include "app/desktop/DesktopOptions.h"
#include "app/desktop/EventsModel.h"
#include "app/desktop/LogModel.h"
#include "app/desktop/LogView.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/ResourceChart.h"
#include "app/desktop/WorkerActions.h"
#include "app/desktop/WorkerPresentation.h"
#include "app/desktop/WorkerTableModel.h"
#include "app/desktop/WorkerTableView.h"
#include "app/desktop/AgentConnection.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QSet>
#include <QStyle>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace hsu::desktop;
using hsu::model::Operation;
using hsu::model::WorkerState;
using hsu::model::WorkerStatus;

Q_DECLARE_METATYPE(hsu::desktop::Appearance)

namespace {

constexpr double kText = 4.5;    // WCAG AA for text
constexpr double kGraphic = 3.0; // lines and glyphs

QString describe(const QColor &fg, const QColor &bg)
{
    return QStringLiteral("%1 on %2: %3:1").arg(fg.name(), bg.name()).arg(contrastRatio(fg, bg), 0, 'f', 2);
}

LogLine logLine(const QString &worker, bool err, const QString &text)
{
    LogLine l;
    l.worker = worker;
    l.stream = err ? LogLine::Stream::Stderr : LogLine::Stream::Stdout;
    l.seq = 1;
    l.ts = 1700000000000;
    l.text = text;
    return l;
}

// The colours a drawn glyph uses (fully covered pixels only: the edges blend with the background).
QSet<QRgb> solidColours(const QIcon &icon, QIcon::Mode mode)
{
    const QImage image = icon.pixmap(QSize(22, 22), mode).toImage().convertToFormat(QImage::Format_ARGB32);
    QSet<QRgb> out;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qAlpha(image.pixel(x, y)) == 255)
                out.insert(image.pixel(x, y) & 0xffffff);
    return out;
}

} // namespace

class TestAppearance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { applyAppearance(Appearance::System); }
    void contrastArithmetic();
    void textIsReadable_data();
    void textIsReadable();
    void tabTitlesAreUnique();
    void toolbarIconsAreOneFlatFamily();
    void eventsAndTimesCarryTheDate();
    void appearanceOption();
    void ansiColoursAreDrawn();
};

void TestAppearance::contrastArithmetic()
{
    QCOMPARE(qRound(contrastRatio(Qt::white, Qt::black)), 21);
    QCOMPARE(contrastRatio(Qt::red, Qt::red), 1.0);
    // Adjusted one way on white, the other on a dark base, until readable.
    const QColor amber(0xef, 0x8a, 0x00);
    QVERIFY(contrastRatio(amber, Qt::white) < kText); // as it was fixed: too light on white
    QVERIFY(contrastRatio(readableOn(amber, Qt::white), Qt::white) >= kText);
    const QColor darkRed(0xc6, 0x28, 0x28);
    const QColor darkBase(0x1e, 0x1f, 0x22);
    QVERIFY(contrastRatio(darkRed, darkBase) < kText); // the old stderr red on a dark base
    QVERIFY(contrastRatio(readableOn(darkRed, darkBase), darkBase) >= kText);
    QCOMPARE(readableOn(Qt::black, Qt::white), QColor(Qt::black)); // readable already: unchanged
}

void TestAppearance::textIsReadable_data()
{
    QTest::addColumn<Appearance>("appearance");
    QTest::newRow("dark (Fusion)") << Appearance::Dark;
    QTest::newRow("light (Fusion)") << Appearance::Light;
}

void TestAppearance::textIsReadable()
{
    QFETCH(Appearance, appearance);
    applyAppearance(appearance);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    QTemporaryDir dir;
    DesktopOptions options;
    options.socketPath = dir.filePath(QStringLiteral("no-agent.sock")); // never started: no agent
    MainWindow w(options);
    w.resize(1000, 700);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    QTreeView *logs = w.allLogsView()->view();
    const QColor base = logs->palette().color(QPalette::Active, QPalette::Base);
    if (appearance == Appearance::Dark)
        QVERIFY2(relativeLuminance(base) < 0.05, qPrintable(base.name())); // really dark
    else
        QVERIFY2(relativeLuminance(base) > 0.8, qPrintable(base.name()));
    const QColor text = logs->palette().color(QPalette::Active, QPalette::Text);
    QVERIFY2(contrastRatio(text, base) >= kText, qPrintable(describe(text, base)));

    // The log view's colours: stderr, a notice, a worker's ANSI black and white.
    LogModel *model = w.allLogsView()->model();
    model->append({logLine(QStringLiteral("web"), true, QStringLiteral("error"))});
    model->appendNotice(QStringLiteral("web"), QStringLiteral("12 lines dropped"));
    for (int row = 0; row < 2; ++row) {
        const QColor c = model->index(row, LogModel::Text).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(c.isValid());
        QVERIFY2(contrastRatio(c, base) >= kText, qPrintable(describe(c, base)));
    }
    for (int ansi : {0, 7, 8, 15, 3, 11}) {
        const QColor c = readableOn(ansiColor(ansi), base);
        QVERIFY2(contrastRatio(c, base) >= kText, qPrintable(describe(c, base)));
    }

    // The state column, every state.
    QList<WorkerStatus> workers;
    const WorkerState states[] = {WorkerState::Registered, WorkerState::Starting, WorkerState::Running,
                                  WorkerState::Stopping,   WorkerState::Stopped,  WorkerState::Failed,
                                  WorkerState::Restarting, WorkerState::Backoff,  WorkerState::Paused,
                                  WorkerState::Exited};
    for (WorkerState s : states) {
        WorkerStatus ws;
        ws.id = QStringLiteral("w%1").arg(int(s));
        ws.state = s;
        workers.append(ws);
    }
    WorkerTableModel *table = w.connection()->workers();
    table->setWorkers(workers);
    auto *tableView = w.table()->findChild<QAbstractItemView *>();
    QVERIFY(tableView);
    // (Without an agent the table is disabled: the colours of an enabled one are checked.)
    for (QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase}) {
        const QColor tableBase = tableView->palette().color(QPalette::Active, role);
        for (int r = 0; r < table->rowCount(); ++r) {
            const QColor c = table->index(r, WorkerTableModel::State).data(Qt::ForegroundRole).value<QColor>();
            QVERIFY2(contrastRatio(c, tableBase) >= kText, qPrintable(describe(c, tableBase)));
        }
    }

    // The charts' limit and warning lines and their legend text, the series lines.
    const QPalette chart = w.palette();
    const QColor chartBase = chart.color(QPalette::Active, QPalette::Base);
    for (const QColor &c : {ResourceChart::limitColor(chart), ResourceChart::warningColor(chart)})
        QVERIFY2(contrastRatio(c, chartBase) >= kText, qPrintable(describe(c, chartBase)));
    for (auto metric : {ResourceChart::Metric::Cpu, ResourceChart::Metric::Memory, ResourceChart::Metric::Io})
        for (int series = 0; series < 2; ++series) {
            const QColor c = ResourceChart::seriesColor(metric, series, chart);
            QVERIFY2(contrastRatio(c, chartBase) >= kGraphic, qPrintable(describe(c, chartBase)));
        }

    // The drawn toolbar icons: in the palette's button text colour, readable on the toolbar.
    if (!themeHasActionIcons()) {
        const QColor button = w.palette().color(QPalette::Active, QPalette::Button);
        for (QAction *a : w.actions()->all()) {
            const QSet<QRgb> colours = solidColours(a->icon(), QIcon::Normal);
            QVERIFY2(!colours.isEmpty(), qPrintable(a->objectName()));
            for (QRgb rgb : colours)
                QVERIFY2(contrastRatio(QColor(rgb), button) >= kGraphic, qPrintable(a->objectName() + describe(QColor(rgb), button)));
        }
    }
    // HSU_GUI_SNAPSHOT_DIR=DIR: the window as drawn here.
    if (const QString snap = qEnvironmentVariable("HSU_GUI_SNAPSHOT_DIR"); !snap.isEmpty())
        QVERIFY(w.grab().save(snap + QStringLiteral("/appearance-%1.png").arg(appearanceName(appearance))));
}

void TestAppearance::tabTitlesAreUnique()
{
    QTemporaryDir dir;
    DesktopOptions options;
    options.socketPath = dir.filePath(QStringLiteral("no-agent.sock"));
    MainWindow w(options);
    QStringList titles;
    for (QTabWidget *tabs : {w.tabs(), w.detailTabs()})
        for (int i = 0; i < tabs->count(); ++i)
            titles << tabs->tabText(i).remove(QLatin1Char('&'));
    QCOMPARE(QSet<QString>(titles.begin(), titles.end()).size(), titles.size());
    QVERIFY(titles.contains(QStringLiteral("All logs")));
    QVERIFY(titles.contains(QStringLiteral("Logs")));
}

void TestAppearance::toolbarIconsAreOneFlatFamily()
{
    // Without an icon theme (as offscreen, as on a bare X server), all five are drawn: each a
    // single flat colour, the same one, greyed when disabled. Never QStyle's mix of glossy
    // bitmaps and glyphs.
    const QString themeBefore = QIcon::themeName();
    QIcon::setThemeName(QString());
    QVERIFY(!themeHasActionIcons());
    QPalette palette = lightPalette();
    QSet<QRgb> normal;
    for (Operation op : {Operation::Start, Operation::Stop, Operation::Restart, Operation::Pause, Operation::Resume}) {
        const QIcon icon = actionIcon(op, palette);
        QVERIFY(!icon.isNull());
        normal += solidColours(icon, QIcon::Normal);
        QCOMPARE(solidColours(icon, QIcon::Disabled),
                 QSet<QRgb>{palette.color(QPalette::Disabled, QPalette::ButtonText).rgb() & 0xffffff});
    }
    QCOMPARE(normal, QSet<QRgb>{palette.color(QPalette::Active, QPalette::ButtonText).rgb() & 0xffffff});
    // The names asked of a theme are the freedesktop ones.
    QCOMPARE(actionIconName(Operation::Restart), QStringLiteral("view-refresh"));
    QIcon::setThemeName(themeBefore);
}

void TestAppearance::eventsAndTimesCarryTheDate()
{
    const QDateTime when(QDate(2026, 3, 4), QTime(5, 6, 7, 89));
    EventsModel events;
    WorkerEvent e;
    e.time = when;
    e.workerId = QStringLiteral("web");
    e.to = WorkerState::Running;
    events.append(e);
    QCOMPARE(events.index(0, EventsModel::Time).data().toString(), QStringLiteral("2026-03-04 05:06:07.089"));
    QCOMPARE(formatTimestamp(when), QStringLiteral("2026-03-04 05:06:07"));
    QCOMPARE(formatTimestamp(QDateTime()), QString());
}

void TestAppearance::appearanceOption()
{
    DesktopOptions o;
    QString out;
    int code = 0;
    QVERIFY(parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--appearance"), QStringLiteral("dark")}, &o, &out, &code));
    QCOMPARE(appearanceFromString(o.appearance), Appearance::Dark);
    QVERIFY(!parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--appearance"), QStringLiteral("purple")}, &o, &out, &code));
    QCOMPARE(code, 2);
    QVERIFY(out.contains(QStringLiteral("purple")));
    QCOMPARE(appearanceFromString(QStringLiteral(" Light ")), Appearance::Light);
    QCOMPARE(appearanceName(Appearance::System), QStringLiteral("system"));
}

void TestAppearance::ansiColoursAreDrawn()
{
    // A stdout line whose worker wrote it red: drawn red (not as plain text, not with escapes);
    // a plain stdout line beside it has no red at all.
    applyAppearance(Appearance::Light);
    LogModel model;
    LogView view(&model, LogView::Mode::AllWorkers);
    view.resize(800, 300);
    LogLine plain = logLine(QStringLiteral("web"), false, QStringLiteral("plain plain plain plain"));
    LogLine coloured = logLine(QStringLiteral("web"), false, QString());
    const AnsiText parsed = parseAnsi(QStringLiteral("\x1b[31mRED RED RED RED\x1b[0m tail"));
    coloured.text = parsed.text;
    coloured.spans = parsed.spans;
    coloured.seq = 2;
    model.append({plain, coloured});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTreeView *tree = view.view();
    auto reddish = [tree](int row) {
        const QRect cell = tree->visualRect(tree->model()->index(row, LogModel::Text));
        const QImage image = tree->viewport()->grab(cell).toImage();
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                n += c.red() > c.green() + 60 && c.red() > c.blue() + 60 ? 1 : 0;
            }
        return n;
    };
    QCOMPARE(tree->model()->index(1, LogModel::Text).data().toString(), QStringLiteral("RED RED RED RED tail"));
    QVERIFY2(reddish(1) > 20, qPrintable(QString::number(reddish(1))));
    QCOMPARE(reddish(0), 0);
}

QTEST_MAIN(TestAppearance)
#include "tst_appearance.moc"
