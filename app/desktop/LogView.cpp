#include "LogView.h"

#include "Appearance.h"
#include "LogModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace hsu::desktop {

namespace {

// Notices and run markers are in italics (a notice's colour comes from the model); the font
// stays the view's fixed-width one, which a FontRole from the model would replace. A run marker
// also gets a rule along its top, across every column. Lines with ANSI colours are drawn run by
// run, each colour made readable on the view's base (a worker's "black" on a dark palette).
class LogDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QVariant spans = index.data(LogModel::AnsiSpansRole);
        if (spans.isValid())
            paintColoured(painter, option, index, spans.value<QList<AnsiSpan>>());
        else
            QStyledItemDelegate::paint(painter, option, index);
        if (index.data(LogModel::IsRunStartRole).toBool()) {
            painter->save();
            painter->setPen(QPen(option.palette.color(QPalette::Mid), 1));
            painter->drawLine(option.rect.topLeft(), option.rect.topRight());
            painter->restore();
        }
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(LogModel::IsNoticeRole).toBool())
            option->font.setItalic(true);
    }

private:
    void paintColoured(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index,
                       const QList<AnsiSpan> &spans) const
    {
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, selection, focus
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(margin, 0, -margin, 0);
        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        const QColor plain = selected ? opt.palette.color(group, QPalette::HighlightedText) : opt.palette.color(group, QPalette::Text);
        const QColor base = opt.palette.color(group, QPalette::Base);
        painter->save();
        painter->setClipRect(textRect);
        double x = textRect.left();
        const int shown = int(text.size());
        auto draw = [&](int from, int to, const QColor &color, bool bold) {
            if (from >= to || x > textRect.right())
                return;
            QFont font = opt.font;
            font.setBold(bold);
            painter->setFont(font);
            painter->setPen(color);
            const QString part = text.mid(from, to - from);
            const QFontMetricsF fm(font);
            painter->drawText(QRectF(x, textRect.top(), fm.horizontalAdvance(part) + 1, textRect.height()),
                              Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, part);
            x += fm.horizontalAdvance(part);
        };
        int pos = 0;
        for (const AnsiSpan &span : spans) {
            const int start = qMin(span.start, shown);
            const int end = qMin(span.start + span.length, shown);
            draw(pos, start, plain, false);
            const QColor color = selected || !span.color.isValid() ? plain : readableOn(span.color, base);
            draw(start, end, color, span.bold);
            pos = end;
        }
        draw(pos, shown, plain, false);
        painter->restore();
    }
};

} // namespace

LogView::~LogView()
{
    // Our children go after this destructor, in ~QWidget: the view's scroll bar and the proxy
    // still signal then (its range drops to 0), and the lambdas above would reach a LogView that
    // is no longer one (UBSan saw it). Nothing of theirs concerns a view being destroyed.
    m_view->verticalScrollBar()->disconnect(this);
    m_proxy->disconnect(this);
}

LogView::LogView(LogModel *model, Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new LogFilterProxy(this))
    , m_mode(mode)
    , m_view(new QTreeView(this))
{
    setObjectName(mode == Mode::AllWorkers ? QStringLiteral("allLogsView") : QStringLiteral("workerLogView"));
    m_proxy->setSourceModel(model);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    auto *bar = new QWidget(this);
    buildToolBar(bar);
    layout->addWidget(bar);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("logMessage"));
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);

    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new LogDelegate(m_view));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true); // 10,000 rows: no per-row size queries
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideRight);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_view->setFont(mono);
    const QFontMetrics fm(mono);
    m_view->setColumnWidth(LogModel::Time, fm.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    m_view->setColumnWidth(LogModel::Worker, fm.horizontalAdvance(QLatin1Char('x')) * 14 + 16);
    // The header ("Stream") is wider than its cells ("err"): it sets the width.
    const int headerWidth = m_view->header()->fontMetrics().horizontalAdvance(
        model->headerData(LogModel::Stream, Qt::Horizontal).toString());
    m_view->setColumnWidth(LogModel::Stream, qMax(fm.horizontalAdvance(QStringLiteral("err")), headerWidth) + 20);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnHidden(LogModel::Worker, mode == Mode::OneWorker);

    m_copy = new QAction(tr("Copy"), this);
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copy, &QAction::triggered, this, &LogView::copy);
    m_view->addAction(m_copy);

    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, &LogView::onScrolled);
    // New rows grow the range after the view's delayed layout: that is when the end is known.
    connect(scroll, &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (m_follow)
            m_view->verticalScrollBar()->setValue(max);
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LogView::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        m_newWhilePaused = 0;
        updatePausedIndicator();
        updateStatus();
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LogView::updateStatus);
    updateStatus();
    updatePausedIndicator();
}

void LogView::buildToolBar(QWidget *bar)
{
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);

    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setPlaceholderText(tr("Search the output"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setText(text);
        // An unfinished regular expression hides nothing; the field says it is not valid yet.
        showPatternValidity();
        updateStatus();
    });
    row->addWidget(m_search, 1);

    m_regex = new QToolButton(bar);
    m_regex->setObjectName(QStringLiteral("logRegex"));
    m_regex->setText(tr(".*"));
    m_regex->setToolTip(tr("Search with a regular expression (any case)"));
    m_regex->setCheckable(true);
    connect(m_regex, &QToolButton::toggled, this, [this](bool on) {
        m_proxy->setRegex(on);
        showPatternValidity();
        updateStatus();
    });
    row->addWidget(m_regex);

    m_stream = new QComboBox(bar);
    m_stream->setObjectName(QStringLiteral("logStream"));
    m_stream->addItem(tr("stdout + stderr"), int(LogFilterProxy::StreamFilter::Both));
    m_stream->addItem(tr("stdout"), int(LogFilterProxy::StreamFilter::Stdout));
    m_stream->addItem(tr("stderr"), int(LogFilterProxy::StreamFilter::Stderr));
    connect(m_stream, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_proxy->setStreamFilter(LogFilterProxy::StreamFilter(m_stream->itemData(index).toInt()));
        updateStatus();
    });
    row->addWidget(m_stream);

    if (m_mode == Mode::AllWorkers) {
        m_worker = new QComboBox(bar);
        m_worker->setObjectName(QStringLiteral("logWorker"));
        m_worker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        m_worker->addItem(tr("All workers"), QString());
        connect(m_worker, &QComboBox::currentIndexChanged, this, [this](int index) {
            m_proxy->setWorker(m_worker->itemData(index).toString());
            updateStatus();
        });
        row->addWidget(m_worker);
    }

    m_followButton = new QToolButton(bar);
    m_followButton->setObjectName(QStringLiteral("logFollow"));
    m_followButton->setText(tr("Follow"));
    m_followButton->setToolTip(tr("Keep the newest line in view"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    connect(m_followButton, &QToolButton::toggled, this, &LogView::setFollowing);
    row->addWidget(m_followButton);

    auto *copyButton = new QToolButton(bar);
    copyButton->setObjectName(QStringLiteral("logCopy"));
    copyButton->setText(tr("Copy"));
    copyButton->setToolTip(tr("Copy the selected lines, or all shown lines when none is selected (Ctrl+C)"));
    connect(copyButton, &QToolButton::clicked, this, &LogView::copy);
    row->addWidget(copyButton);

    auto *clear = new QToolButton(bar);
    clear->setObjectName(QStringLiteral("logClear"));
    clear->setText(tr("Clear view"));
    clear->setToolTip(tr("Empty this view; the worker's output and files are untouched"));
    connect(clear, &QToolButton::clicked, m_model, &LogModel::clear);
    row->addWidget(clear);

    m_openFile = new QToolButton(bar);
    m_openFile->setObjectName(QStringLiteral("logOpenFile"));
    m_openFile->setText(tr("Open log file"));
    m_openFile->setVisible(m_mode == Mode::OneWorker);
    row->addWidget(m_openFile);
    setLogFiles({}, {});

    m_paused = new QPushButton(bar);
    m_paused->setObjectName(QStringLiteral("logPaused"));
    m_paused->setFlat(true);
    m_paused->setToolTip(tr("Follow again"));
    QFont bold = m_paused->font();
    bold.setBold(true);
    m_paused->setFont(bold);
    updateColors();
    connect(m_paused, &QPushButton::clicked, this, [this] { setFollowing(true); });
    row->addWidget(m_paused);

    m_status = new QLabel(bar);
    m_status->setObjectName(QStringLiteral("logStatus"));
    row->addWidget(m_status);
}

void LogView::showPatternValidity()
{
    // An unfinished regular expression hides nothing; the field says it is not valid yet.
    QPalette pal = palette();
    if (!m_proxy->isPatternValid())
        pal.setColor(QPalette::Text, errorTextColor());
    m_search->setPalette(pal);
}

void LogView::updateColors()
{
    QPalette pal = palette();
    pal.setColor(QPalette::ButtonText, warningTextColor());
    m_paused->setPalette(pal);
}

void LogView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_paused) {
        updateColors();
        showPatternValidity();
    }
}

void LogView::setFollowing(bool on)
{
    if (on == m_follow) {
        m_followButton->setChecked(on);
        return;
    }
    m_follow = on;
    m_followButton->setChecked(on);
    if (on) {
        m_newWhilePaused = 0;
        m_view->scrollToBottom();
    }
    updatePausedIndicator();
}

bool LogView::isAtBottom() const
{
    const QScrollBar *scroll = m_view->verticalScrollBar();
    return scroll->value() >= scroll->maximum();
}

void LogView::onScrolled(int value)
{
    const bool atEnd = value >= m_view->verticalScrollBar()->maximum();
    if (m_follow && !atEnd)
        setFollowing(false); // the user scrolled up to read: stop pulling the view away
    else if (!m_follow && atEnd && m_view->verticalScrollBar()->maximum() > 0)
        setFollowing(true); // back at the end: follow again
}

void LogView::onRowsInserted(int first, int last)
{
    if (m_follow) {
        m_view->scrollToBottom();
    } else {
        m_newWhilePaused += last - first + 1;
        updatePausedIndicator();
    }
    updateStatus();
}

void LogView::updatePausedIndicator()
{
    m_paused->setVisible(!m_follow);
    m_paused->setText(m_newWhilePaused == 1 ? tr("Paused \u2014 1 new line")
                                            : tr("Paused \u2014 %1 new lines").arg(m_newWhilePaused));
}

QString LogView::statusText() const
{
    QString text = tr("%1 shown \u00b7 %2 buffered").arg(m_proxy->rowCount()).arg(m_model->rowCount());
    if (m_model->skipped() > 0)
        text += tr(" \u00b7 %1 skipped").arg(m_model->skipped());
    return text;
}

void LogView::updateStatus()
{
    m_status->setText(statusText());
    m_status->setToolTip(tr("Shown: lines passing the filters. Buffered: lines kept in this view (at most %1; "
                            "the oldest leave first). Skipped: lines the agent did not send because this "
                            "window fell behind.")
                             .arg(m_model->capacity()));
}

QString LogView::copyText() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            rows.append(r);
    } else {
        for (const QModelIndex &index : selected)
            rows.append(index.row());
        std::sort(rows.begin(), rows.end());
    }
    QStringList lines;
    lines.reserve(rows.size());
    const bool withWorker = m_mode == Mode::AllWorkers;
    for (int r : std::as_const(rows)) {
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        lines.append(LogModel::plainText(m_model->lineAt(source), withWorker));
    }
    return lines.isEmpty() ? QString() : lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void LogView::copy()
{
    QGuiApplication::clipboard()->setText(copyText());
}

void LogView::setLogFiles(const QStringList &stdoutFiles, const QStringList &stderrFiles)
{
    const QStringList all = stdoutFiles + stderrFiles;
    m_openFile->setEnabled(!all.isEmpty());
    m_openFile->setToolTip(all.isEmpty() ? tr("This worker's output goes to no file (or the agent does not say)")
                                         : tr("Open %1").arg(all.first()));
    delete m_openFile->menu();
    m_openFile->setMenu(nullptr);
    m_openFile->disconnect(this);
    const auto open = [](const QString &path) { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); };
    if (all.size() == 1) {
        connect(m_openFile, &QToolButton::clicked, this, [open, path = all.first()] { open(path); });
        return;
    }
    if (all.isEmpty())
        return;
    // Several targets: the button opens the first stdout file, its menu every file.
    auto *menu = new QMenu(m_openFile);
    for (const QString &path : stdoutFiles)
        menu->addAction(tr("stdout: %1").arg(QFileInfo(path).fileName()), this, [open, path] { open(path); })
            ->setToolTip(path);
    for (const QString &path : stderrFiles)
        menu->addAction(tr("stderr: %1").arg(QFileInfo(path).fileName()), this, [open, path] { open(path); })
            ->setToolTip(path);
    menu->setToolTipsVisible(true);
    m_openFile->setMenu(menu);
    m_openFile->setPopupMode(QToolButton::MenuButtonPopup);
    connect(m_openFile, &QToolButton::clicked, this, [open, path = all.first()] { open(path); });
}

void LogView::setWorkerIds(const QStringList &ids)
{
    if (!m_worker)
        return;
    const QString current = m_worker->currentData().toString();
    QSignalBlocker block(m_worker);
    while (m_worker->count() > 1)
        m_worker->removeItem(1);
    for (const QString &id : ids)
        m_worker->addItem(id, id);
    const int index = m_worker->findData(current);
    m_worker->setCurrentIndex(qMax(0, index));
    if (index < 0 && !current.isEmpty()) // the filtered worker is gone: show all again
        m_proxy->setWorker(QString());
}

void LogView::setMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void LogView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    Q_EMIT shownChanged(true);
}

void LogView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    Q_EMIT shownChanged(false);
}

} // namespace hsu::desktop
