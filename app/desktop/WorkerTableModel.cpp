#include "WorkerTableModel.h"

#include <QFont>

#include "ResourceUnits.h"
#include "WorkerPresentation.h"

#include <QSet>

namespace hsu::desktop {

using model::WorkerState;
using model::WorkerStatus;

WorkerTableModel::WorkerTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
}

int WorkerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WorkerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkerTableModel::displayData(const WorkerStatus &w, int column) const
{
    switch (column) {
    case Name:
        if (w.name.isEmpty() || w.name == w.id)
            return w.id;
        return tr("%1 \u2014 %2").arg(w.id, w.name);
    case State: return stateLabel(w.state);
    case Pid:
        if (w.pid <= 0)
            return placeholderDash();
        // A process an earlier agent started and this one took back: its exit status will not be
        // known. Said where the pid is (the tooltip says more).
        return w.adopted ? QVariant(tr("%1 ↺").arg(w.pid)) : QVariant(w.pid);
    case Uptime: {
        const qint64 up = uptimeSeconds(w, m_clock());
        return up < 0 ? placeholderDash() : formatDuration(up);
    }
    case Restarts: return w.restarts;
    case LastExit: return formatExit(w);
    case Health: return w.health.isEmpty() ? placeholderDash() : healthLabel(w.health);
    case Cpu:
        if (const model::ResourceSample *s = liveSample(w))
            return formatPercent(s->cpuPercent);
        return placeholderDash();
    case Memory:
        if (const model::ResourceSample *s = liveSample(w))
            return formatBytes(double(s->rssBytes));
        return placeholderDash();
    }
    return {};
}

const model::ResourceSample *WorkerTableModel::liveSample(const WorkerStatus &w) const
{
    if (!model::isActive(w.state))
        return nullptr;
    const auto it = m_samples.constFind(w.id);
    return it == m_samples.constEnd() ? nullptr : &*it;
}

QVariant WorkerTableModel::sortData(const WorkerStatus &w, int column) const
{
    switch (column) {
    case Name: return w.id.toLower();
    case State: return stateSortKey(w.state);
    case Pid: return w.pid;
    case Uptime: return uptimeSeconds(w, m_clock());
    case Restarts: return w.restarts;
    case LastExit: return formatExit(w);
    // Numbers, so that 9 % sorts below 12 %; no sample sorts below any sample.
    case Cpu: {
        const model::ResourceSample *s = liveSample(w);
        return s ? s->cpuPercent : -1.0;
    }
    case Memory: {
        const model::ResourceSample *s = liveSample(w);
        return s ? s->rssBytes : qint64(-1);
    }
    default: return QString();
    }
}

QVariant WorkerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkerStatus &w = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return displayData(w, column);
    case IdRole: return w.id;
    case StateRole: return int(w.state);
    case SortRole: return sortData(w, column);
    case Qt::DecorationRole:
        if (column == State)
            return stateIcon(w.state);
        if (column == Health && !w.health.isEmpty())
            return healthIcon(w.health);
        return {};
    case Qt::ForegroundRole:
        if (column == State)
            return stateTextColor(w.state);
        if (column == LastExit && w.exitSignal)
            return stateTextColor(WorkerState::Failed);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Pid || column == Uptime)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (column == Restarts || column >= Health)
            return QVariant(Qt::AlignCenter);
        return {};
    case Qt::FontRole:
        if (column == Name && w.type == QLatin1String("unmanaged")) {
            QFont f;
            f.setItalic(true); // not the agent's process: found, watched, controlled as allowed
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Name) {
            QString tip = tr("id: %1\nname: %2\ntype: %3").arg(w.id, w.name.isEmpty() ? w.id : w.name, w.type);
            if (w.type == QLatin1String("unmanaged"))
                tip += QLatin1Char('\n') + unmanagedNote(w);
            return tip;
        }
        if (column == Pid && w.adopted)
            return tr("Re-adopted: started by an earlier agent and taken back by this one (after a crash, an "
                      "upgrade or a restart of the agent). Its exit status will not be known.");
        if (column == State) {
            QString tip = stateLabel(w.state);
            if (!w.reason.isEmpty())
                tip += QStringLiteral(": ") + w.reason;
            return tip;
        }
        if (column == Health) {
            if (w.health.isEmpty())
                return tr("No health check (or one this agent does not run)");
            QString tip = w.healthReason.isEmpty() ? healthLabel(w.health) : tr("%1: %2").arg(healthLabel(w.health), w.healthReason);
            if (w.healthLatencyMs >= 0)
                tip += tr(" (the check that said so took %1 ms)").arg(w.healthLatencyMs);
            return tip;
        }
        if (column == Cpu || column == Memory) {
            const model::ResourceSample *s = liveSample(w);
            if (!s)
                return model::isActive(w.state) ? tr("No sample from the agent yet") : tr("No process is running");
            return column == Cpu ? tr("%1 of one core (%2 of the machine)")
                                       .arg(formatPercent(s->cpuPercent), formatPercent(s->cpuMachinePercent))
                                 : tr("resident %1, virtual %2").arg(formatBytes(double(s->rssBytes)),
                                                                      formatBytes(double(s->virtualBytes)));
        }
        if ((column == Pid && w.pid <= 0) || (column == Uptime && uptimeSeconds(w, m_clock()) < 0))
            return tr("No process is running");
        return {};
    default: return {};
    }
}

QVariant WorkerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Worker");
    case State: return tr("State");
    case Pid: return tr("PID");
    case Uptime: return tr("Uptime");
    case Restarts: return tr("Restarts");
    case LastExit: return tr("Last exit");
    case Health: return tr("Health");
    case Cpu: return tr("CPU");
    case Memory: return tr("Memory");
    }
    return {};
}

const WorkerStatus *WorkerTableModel::worker(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows.at(row);
}

void WorkerTableModel::rebuildIndex()
{
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

void WorkerTableModel::appendRows(const QList<WorkerStatus> &workers)
{
    if (workers.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(workers.size()) - 1);
    for (const WorkerStatus &w : workers) {
        m_rowById.insert(w.id, int(m_rows.size()));
        m_rows.append(w);
    }
    endInsertRows();
}

void WorkerTableModel::setWorkers(const QList<WorkerStatus> &workers)
{
    QSet<QString> incoming;
    incoming.reserve(workers.size());
    for (const WorkerStatus &w : workers)
        incoming.insert(w.id);

    // Remove the workers that are gone, in contiguous runs from the bottom up (rows above stay valid).
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (incoming.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows(QModelIndex(), first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    rebuildIndex();

    QList<WorkerStatus> added;
    for (const WorkerStatus &w : workers) {
        const int row = rowOf(w.id);
        if (row < 0) {
            added.append(w);
            continue;
        }
        const WorkerStatus previous = m_rows.at(row);
        if (previous == w)
            continue;
        m_rows[row] = w;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        Q_EMIT workerUpdated(w, previous);
    }
    appendRows(added);
    for (const WorkerStatus &w : std::as_const(added))
        Q_EMIT workerUpdated(w, WorkerStatus{});
}

std::optional<WorkerStatus> WorkerTableModel::updateWorker(const WorkerStatus &status)
{
    const int row = rowOf(status.id);
    if (row < 0) {
        appendRows({status});
        Q_EMIT workerUpdated(status, WorkerStatus{});
        return std::nullopt;
    }
    const WorkerStatus previous = m_rows.at(row);
    if (previous == status)
        return previous;
    m_rows[row] = status;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT workerUpdated(status, previous);
    return previous;
}

void WorkerTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_samples.clear();
    m_canPause.clear();
    endResetModel();
}

void WorkerTableModel::setSamples(const QHash<QString, model::ResourceSample> &samples)
{
    int first = -1;
    int last = -1;
    for (auto it = samples.constBegin(); it != samples.constEnd(); ++it) {
        m_samples.insert(it.key(), it.value());
        const int row = rowOf(it.key());
        if (row < 0)
            continue; // kept: the worker's row may come with the next list
        first = first < 0 ? row : qMin(first, row);
        last = qMax(last, row);
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, Cpu), index(last, Memory), {Qt::DisplayRole, SortRole, Qt::ToolTipRole});
}

const model::ResourceSample *WorkerTableModel::sample(const QString &id) const
{
    const auto it = m_samples.constFind(id);
    return it == m_samples.constEnd() ? nullptr : &*it;
}

void WorkerTableModel::setCanPause(const QString &id, bool canPause)
{
    const auto it = m_canPause.constFind(id);
    if (it != m_canPause.constEnd() && *it == canPause)
        return;
    m_canPause.insert(id, canPause);
    // Column 0 as for a state change: the view recomputes what the selection allows.
    if (const int row = rowOf(id); row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, 0), {StateRole});
}

std::optional<bool> WorkerTableModel::canPause(const QString &id) const
{
    const auto it = m_canPause.constFind(id);
    return it == m_canPause.constEnd() ? std::nullopt : std::optional<bool>(*it);
}

void WorkerTableModel::forgetCanPause()
{
    m_canPause.clear();
}

void WorkerTableModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void WorkerTableModel::refreshUptime()
{
    if (m_rows.isEmpty())
        return;
    Q_EMIT dataChanged(index(0, Uptime), index(int(m_rows.size()) - 1, Uptime), {Qt::DisplayRole, SortRole});
}

} // namespace hsu::desktop
