// LogView offscreen: it follows new rows, scrolling up pauses and counts what arrives, scrolling
// back down (or the indicator) resumes; Copy, the filters from the toolbar, Open log file.
#include "app/desktop/LogModel.h"
#include "app/desktop/LogView.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace hsu::desktop;

namespace {

QList<LogLine> lines(qint64 from, int count, const QString &worker = QStringLiteral("web"))
{
    QList<LogLine> out;
    for (int i = 0; i < count; ++i) {
        LogLine l;
        l.worker = worker;
        l.stream = (from + i) % 5 == 0 ? LogLine::Stream::Stderr : LogLine::Stream::Stdout;
        l.seq = from + i;
        l.ts = 1700000000000 + (from + i) * 10;
        l.text = QStringLiteral("line %1").arg(from + i);
        out.append(l);
    }
    return out;
}

int lastVisibleSeq(const LogView &v)
{
    // The lowest row painted in the viewport (the last one may not reach its bottom edge).
    const QTreeView *tree = v.view();
    for (int y = tree->viewport()->height() - 1; y >= 0; --y)
        if (const QModelIndex index = tree->indexAt(QPoint(4, y)); index.isValid())
            return index.data(LogModel::SeqRole).toInt();
    return -1;
}

} // namespace

class TestLogView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsNewRows();
    void scrollingUpPausesAndCounts();
    void scrollingToTheBottomResumes();
    void indicatorAndFollowButtonResume();
    void followKeepsUpWhileTheRingIsFull();
    void copySelectedOrAllShown();
    void toolbarFilters();
    void openLogFileNeedsAFile();
    void shownChangedFollowsVisibility();
};

void TestLogView::followsNewRows()
{
    LogModel model;
    LogView v(&model, LogView::Mode::OneWorker);
    v.resize(700, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    model.append(lines(1, 200));
    QTRY_VERIFY_WITH_TIMEOUT(v.view()->verticalScrollBar()->maximum() > 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(v.isAtBottom(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(lastVisibleSeq(v), 200, 5000);
    model.append(lines(201, 50));
    QTRY_COMPARE_WITH_TIMEOUT(lastVisibleSeq(v), 250, 5000);
    QVERIFY(v.isFollowing());
    QVERIFY(!v.findChild<QPushButton *>(QStringLiteral("logPaused"))->isVisible());
    QCOMPARE(v.findChild<QLabel *>(QStringLiteral("logStatus"))->text(), QStringLiteral("250 shown \u00b7 250 buffered"));
}

void TestLogView::scrollingUpPausesAndCounts()
{
    LogModel model;
    LogView v(&model, LogView::Mode::OneWorker);
    v.resize(700, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    model.append(lines(1, 200));
    QTRY_VERIFY_WITH_TIMEOUT(v.view()->verticalScrollBar()->maximum() > 0 && v.isAtBottom(), 5000);

    QScrollBar *scroll = v.view()->verticalScrollBar();
    scroll->setValue(scroll->maximum() / 2); // the user scrolls up to read
    QVERIFY(!v.isFollowing());
    auto *follow = v.findChild<QToolButton *>(QStringLiteral("logFollow"));
    QVERIFY(!follow->isChecked());
    const int value = scroll->value();
    model.append(lines(201, 30));
    model.append(lines(231, 12));
    QCOMPARE(v.newWhilePaused(), 42);
    auto *paused = v.findChild<QPushButton *>(QStringLiteral("logPaused"));
    QVERIFY(paused->isVisible());
    QCOMPARE(paused->text(), QStringLiteral("Paused \u2014 42 new lines"));
    QTest::qWait(50); // let the delayed layout run: the view must not move by itself
    QCOMPARE(scroll->value(), value);
    QVERIFY(!v.isAtBottom());
}

void TestLogView::scrollingToTheBottomResumes()
{
    LogModel model;
    LogView v(&model, LogView::Mode::OneWorker);
    v.resize(700, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    model.append(lines(1, 200));
    QTRY_VERIFY_WITH_TIMEOUT(v.view()->verticalScrollBar()->maximum() > 0 && v.isAtBottom(), 5000);
    QScrollBar *scroll = v.view()->verticalScrollBar();
    scroll->setValue(10);
    QVERIFY(!v.isFollowing());
    model.append(lines(201, 5));
    QTRY_VERIFY_WITH_TIMEOUT(scroll->maximum() > 0 && lastVisibleSeq(v) < 200, 5000);
    scroll->setValue(scroll->maximum()); // back at the end
    QVERIFY(v.isFollowing());
    QCOMPARE(v.newWhilePaused(), 0);
    QVERIFY(!v.findChild<QPushButton *>(QStringLiteral("logPaused"))->isVisible());
    model.append(lines(206, 20));
    QTRY_COMPARE_WITH_TIMEOUT(lastVisibleSeq(v), 225, 5000);
}

void TestLogView::indicatorAndFollowButtonResume()
{
    LogModel model;
    LogView v(&model, LogView::Mode::OneWorker);
    v.resize(700, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    model.append(lines(1, 200));
    QTRY_VERIFY_WITH_TIMEOUT(v.view()->verticalScrollBar()->maximum() > 0 && v.isAtBottom(), 5000);
    QScrollBar *scroll = v.view()->verticalScrollBar();
    scroll->setValue(0);
    model.append(lines(201, 3));
    auto *paused = v.findChild<QPushButton *>(QStringLiteral("logPaused"));
    QTest::mouseClick(paused, Qt::LeftButton);
    QVERIFY(v.isFollowing());
    QTRY_COMPARE_WITH_TIMEOUT(lastVisibleSeq(v), 203, 5000);

    scroll->setValue(0);
    QVERIFY(!v.isFollowing());
    auto *follow = v.findChild<QToolButton *>(QStringLiteral("logFollow"));
    QTest::mouseClick(follow, Qt::LeftButton);
    QVERIFY(v.isFollowing());
    QTRY_VERIFY_WITH_TIMEOUT(v.isAtBottom(), 5000);
    // Unchecking Follow at the bottom pauses too, without scrolling.
    QTest::mouseClick(follow, Qt::LeftButton);
    QVERIFY(!v.isFollowing());
    model.append(lines(204, 4));
    QCOMPARE(v.newWhilePaused(), 4);
}

void TestLogView::followKeepsUpWhileTheRingIsFull()
{
    LogModel model(500);
    LogView v(&model, LogView::Mode::OneWorker);
    v.resize(700, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    for (int batch = 0; batch < 20; ++batch) {
        model.append(lines(batch * 100 + 1, 100));
        QCoreApplication::processEvents();
    }
    QCOMPARE(model.rowCount(), 500);
    QTRY_COMPARE_WITH_TIMEOUT(lastVisibleSeq(v), 2000, 5000);
    QVERIFY(v.isFollowing());
}

void TestLogView::copySelectedOrAllShown()
{
    LogModel model;
    LogView v(&model, LogView::Mode::AllWorkers);
    v.resize(700, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    model.append(lines(1, 3, QStringLiteral("web")));
    model.append(lines(1, 2, QStringLiteral("db")));
    const QStringList all = v.copyText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(all.size(), 5);
    QVERIFY2(all.at(0).endsWith(QLatin1String(" web stdout  line 1")), qPrintable(all.at(0)));
    QVERIFY2(all.at(4).endsWith(QLatin1String(" db stdout  line 2")), qPrintable(all.at(4)));
    // Selected rows only, in view order whatever the order of the clicks.
    auto *sel = v.view()->selectionModel();
    sel->select(v.proxy()->index(3, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    sel->select(v.proxy()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QStringList picked = v.copyText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(picked.size(), 2);
    QVERIFY(picked.at(0).endsWith(QLatin1String(" web stdout  line 2")));
    QVERIFY(picked.at(1).endsWith(QLatin1String(" db stdout  line 1")));
    v.view()->setFocus();
    QTest::keyClick(v.view(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), picked.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void TestLogView::toolbarFilters()
{
    LogModel model;
    LogView v(&model, LogView::Mode::AllWorkers);
    v.show();
    model.append(lines(1, 10, QStringLiteral("web"))); // seq 5 and 10 are stderr
    model.append(lines(1, 10, QStringLiteral("db")));
    v.setWorkerIds({QStringLiteral("db"), QStringLiteral("web")});
    auto *search = v.findChild<QLineEdit *>(QStringLiteral("logSearch"));
    auto *stream = v.findChild<QComboBox *>(QStringLiteral("logStream"));
    auto *worker = v.findChild<QComboBox *>(QStringLiteral("logWorker"));
    QVERIFY(search && stream && worker);
    search->setText(QStringLiteral("LINE 1"));
    QCOMPARE(v.proxy()->rowCount(), 4); // "line 1" and "line 10" of both
    stream->setCurrentIndex(2);           // stderr
    QCOMPARE(v.proxy()->rowCount(), 2);
    worker->setCurrentIndex(worker->findData(QStringLiteral("web")));
    QCOMPARE(v.proxy()->rowCount(), 1);
    QCOMPARE(v.findChild<QLabel *>(QStringLiteral("logStatus"))->text(), QStringLiteral("1 shown \u00b7 20 buffered"));
    // The worker list changes and the filtered one is gone: every worker again.
    v.setWorkerIds({QStringLiteral("db")});
    QCOMPARE(worker->currentIndex(), 0);
    QCOMPARE(v.proxy()->worker(), QString());
}

void TestLogView::openLogFileNeedsAFile()
{
    LogModel model;
    LogView v(&model, LogView::Mode::OneWorker);
    auto *open = v.findChild<QToolButton *>(QStringLiteral("logOpenFile"));
    QVERIFY(!open->isEnabled()); // an older agent reports no files
    v.setLogFiles({QStringLiteral("/tmp/web.log")}, {});
    QVERIFY(open->isEnabled());
    QVERIFY(!open->menu());
    v.setLogFiles({QStringLiteral("/tmp/web.log")}, {QStringLiteral("/tmp/web.err")});
    QVERIFY(open->menu());
    QCOMPARE(open->menu()->actions().size(), 2);
    v.setLogFiles({}, {});
    QVERIFY(!open->isEnabled());
    LogView all(&model, LogView::Mode::AllWorkers);
    QVERIFY(all.findChild<QToolButton *>(QStringLiteral("logOpenFile"))->isHidden());
}

void TestLogView::shownChangedFollowsVisibility()
{
    LogModel model;
    LogView v(&model, LogView::Mode::OneWorker);
    QSignalSpy shown(&v, &LogView::shownChanged);
    v.show();
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.last().at(0).toBool(), true);
    v.hide();
    QCOMPARE(shown.last().at(0).toBool(), false);
}

QTEST_MAIN(TestLogView)
#include "tst_logview.moc"
