#include "WorkerTableView.h"

#include "WorkerFilterProxy.h"
#include "WorkerTableModel.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMenu>
#include <QTimer>

namespace hsu::desktop {

WorkerTableView::WorkerTableView(WorkerTableModel *workers, WorkerFilterProxy *proxy, WorkerActions *actions,
                                 QWidget *parent)
    : QTreeView(parent)
    , m_workers(workers)
    , m_proxy(proxy)
    , m_actions(actions)
    , m_uptimeTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("workerTable"));
    setModel(proxy);
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSortingEnabled(true);
    sortByColumn(-1, Qt::AscendingOrder); // the agent's order until the user picks a column
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAllColumnsShowFocus(true);
    setContextMenuPolicy(Qt::CustomContextMenu);

    // Widths that fit 1100 px with the demo workers; the name takes what is left.
    QHeaderView *h = header();
    h->setStretchLastSection(false);
    h->setSectionsMovable(true);
    const int widths[WorkerTableModel::ColumnCount] = {260, 120, 80, 90, 80, 100, 80, 70, 90};
    for (int c = 0; c < WorkerTableModel::ColumnCount; ++c)
        setColumnWidth(c, widths[c]);
    h->setSectionResizeMode(WorkerTableModel::Name, QHeaderView::Stretch);
    h->setMinimumSectionSize(50);

    connect(this, &QWidget::customContextMenuRequested, this, &WorkerTableView::showContextMenu);
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this, &WorkerTableView::updateActions);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const QString id = currentId();
        if (id != m_currentId) {
            m_currentId = id;
            Q_EMIT currentWorkerChanged(id);
        }
    });
    // A selected worker changing state changes what may be asked of it. The uptime tick touches
    // only its column: not a reason to recompute.
    connect(m_workers, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (topLeft.column() != 0)
                    return;
                // One worker's event (the common case, many a second with a big fleet): only a
                // selected row changes what the actions allow.
                if (topLeft.row() == bottomRight.row()) {
                    const QModelIndex shown = m_proxy->mapFromSource(topLeft);
                    if (!shown.isValid() || !selectionModel()->isSelected(shown))
                        return;
                }
                updateActions();
            });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &WorkerTableView::updateActions);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &WorkerTableView::updateActions);

    // One timer for the whole view: uptime is derived from started_at, nothing is polled.
    m_uptimeTimer->setInterval(1000);
    connect(m_uptimeTimer, &QTimer::timeout, m_workers, &WorkerTableModel::refreshUptime);
    m_uptimeTimer->start();
}

QList<SelectedWorker> WorkerTableView::selectedWorkers() const
{
    QList<SelectedWorker> out;
    for (const QModelIndex &index : selectionModel()->selectedRows()) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (!source.isValid())
            continue;
        const model::WorkerStatus &w = m_workers->workerAt(source.row());
        out.append(SelectedWorker::from(w, m_workers->canPause(w.id).value_or(false)));
    }
    return out;
}

QStringList WorkerTableView::selectedIds() const
{
    QStringList ids;
    for (const SelectedWorker &w : selectedWorkers())
        ids.append(w.id);
    return ids;
}

QString WorkerTableView::currentId() const
{
    const QModelIndex current = currentIndex();
    return current.isValid() ? current.siblingAtColumn(0).data(WorkerTableModel::IdRole).toString() : QString();
}

void WorkerTableView::selectIds(const QStringList &ids)
{
    QItemSelection selection;
    QModelIndex first;
    for (const QString &id : ids) {
        const int row = m_workers->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_workers->index(row, 0));
        if (!index.isValid())
            continue;
        if (!first.isValid())
            first = index;
        selection.select(index, index);
    }
    selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first.isValid())
        selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
}

void WorkerTableView::updateActions()
{
    m_actions->setSelection(selectedWorkers());
}

void WorkerTableView::showContextMenu(const QPoint &pos)
{
    if (!indexAt(pos).isValid())
        return;
    QMenu menu(this);
    menu.addActions(m_actions->all());
    menu.addSeparator();
    const QStringList ids = selectedIds();
    // One worker with a process: the signals it may be sent (an unmanaged one: its allowed_signals).
    if (ids.size() == 1) {
        if (const model::WorkerStatus *w = m_workers->worker(ids.first())) {
            const QStringList choices = signalChoices(*w);
            QMenu *signalMenu = menu.addMenu(tr("Send &signal"));
            signalMenu->setObjectName(QStringLiteral("signalMenu"));
            signalMenu->setEnabled(!choices.isEmpty());
            for (const QString &sig : choices) {
                const QString id = w->id;
                connect(signalMenu->addAction(sig), &QAction::triggered, this, [this, id, sig] { Q_EMIT signalRequested(id, sig); });
            }
            menu.addSeparator();
        }
    }
    QAction *copy = menu.addAction(tr("Copy ID", nullptr, int(ids.size())));
    connect(copy, &QAction::triggered, this, [ids] { QApplication::clipboard()->setText(ids.join(QLatin1Char('\n'))); });
    menu.exec(viewport()->mapToGlobal(pos));
}

} // namespace hsu::desktop
