#include "WorkerFilterProxy.h"

#include "WorkerTableModel.h"

namespace hsu::desktop {

WorkerFilterProxy::WorkerFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(WorkerTableModel::SortRole);
    // Rows move to their sorted place and in or out of the filter as events change them.
    setDynamicSortFilter(true);
}

void WorkerFilterProxy::setTextFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

void WorkerFilterProxy::setStateFilter(const QSet<model::WorkerState> &states)
{
    if (states == m_states)
        return;
    m_states = states;
    invalidateRowsFilter();
}

bool WorkerFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *workers = qobject_cast<const WorkerTableModel *>(sourceModel());
    if (!workers || sourceParent.isValid())
        return true;
    const model::WorkerStatus &w = workers->workerAt(sourceRow);
    if (!m_states.isEmpty() && !m_states.contains(w.state))
        return false;
    if (m_text.isEmpty())
        return true;
    return w.id.contains(m_text, Qt::CaseInsensitive) || w.name.contains(m_text, Qt::CaseInsensitive);
}

} // namespace hsu::desktop
