#include "EventsModel.h"

#include "WorkerPresentation.h"

#include <QLocale>

namespace hsu::desktop {

EventsModel::EventsModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity))
{
}

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int EventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const WorkerEvent &EventsModel::eventAt(int row) const
{
    return m_ring.at((m_head + row) % m_capacity);
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkerEvent &e = eventAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: return formatTimestamp(e.time, true);
        case Worker: return e.workerId;
        case Change:
            if (e.isNote())
                return e.note;
            return e.from ? tr("%1 \u2192 %2").arg(stateLabel(*e.from), stateLabel(e.to))
                          : tr("\u2192 %1").arg(stateLabel(e.to));
        case Reason: return e.reason;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Time)
            return QLocale().toString(e.time.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Reason)
            return e.reason;
        return {};
    case Qt::DecorationRole:
        if (index.column() != Change)
            return {};
        return stateIcon(e.isNote() ? e.look : e.to);
    case WorkerIdRole: return e.workerId;
    case StateRole: return int(e.to);
    default: return {};
    }
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Worker: return tr("Worker");
    case Change: return tr("Change");
    case Reason: return tr("Reason");
    }
    return {};
}

void EventsModel::append(const WorkerEvent &event)
{
    if (m_count == m_capacity) {
        // Oldest out first, then the new row in: views keep their scroll position and selection.
        beginRemoveRows(QModelIndex(), 0, 0);
        m_head = (m_head + 1) % m_capacity;
        --m_count;
        endRemoveRows();
    }
    beginInsertRows(QModelIndex(), m_count, m_count);
    const int slot = (m_head + m_count) % m_capacity;
    if (slot == m_ring.size())
        m_ring.append(event);
    else
        m_ring[slot] = event;
    ++m_count;
    endInsertRows();
}

void EventsModel::clear()
{
    if (m_count == 0)
        return;
    beginResetModel();
    m_ring.clear();
    m_head = 0;
    m_count = 0;
    endResetModel();
}

void StateHistory::record(const WorkerEvent &event)
{
    QList<WorkerEvent> &list = m_events[event.workerId];
    list.append(event);
    if (list.size() > m_perWorker)
        list.remove(0, list.size() - m_perWorker);
}

} // namespace hsu::desktop
