#include "EventsView.h"

#include "EventsModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace hsu::desktop {

EventsView::EventsView(EventsModel *events, QWidget *parent)
    : QWidget(parent)
    , m_events(events)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTreeView(this))
    , m_filter(new QLineEdit(this))
{
    setObjectName(QStringLiteral("eventsView"));
    m_proxy->setSourceModel(events);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any column: worker, change or reason

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    auto *bar = new QHBoxLayout;
    m_filter->setPlaceholderText(tr("Filter events (worker, state, reason)"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    auto *count = new QLabel(this);
    bar->addWidget(count);
    auto *clear = new QPushButton(tr("Clear"), this);
    bar->addWidget(clear);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // The whole date and time, never elided: "2026-12-07 14:10:57.854".
    m_view->setColumnWidth(EventsModel::Time,
                           m_view->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00.000")) + 24);
    m_view->setColumnWidth(EventsModel::Worker, 180);
    m_view->setColumnWidth(EventsModel::Change, 210);
    m_view->header()->setStretchLastSection(true);

    auto updateCount = [this, count] {
        count->setText(tr("%1 events").arg(m_proxy->rowCount()) +
                       (m_events->rowCount() == m_events->capacity() ? tr(" (oldest dropped)") : QString()));
    };
    updateCount();
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(clear, &QPushButton::clicked, m_events, &EventsModel::clear);
    // Follow the newest row, unless the user scrolled up to read something.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_atEnd = value >= m_view->verticalScrollBar()->maximum(); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this, updateCount] {
        updateCount();
        if (m_atEnd && m_view->isVisible())
            m_view->scrollToBottom();
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, updateCount);
}

} // namespace hsu::desktop
