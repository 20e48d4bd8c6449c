#pragma once

// Every worker the agent reports, one row each, in the order the agent first listed them.
// Fed by one `workers.list` per connection (setWorkers) and by `worker.state` events
// (updateWorker): an event changes its row in place (dataChanged), never resets the model.
// The CPU and Memory columns show the newest resources.samples figures (setSamples), only while
// the worker has a process; "—" otherwise.

#include "shared/model/ResourceSample.h"
#include "shared/model/WorkerStatus.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>

#include <functional>
#include <optional>

namespace hsu::desktop {

class WorkerTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerTableModel)

public:
    enum Column { Name, State, Pid, Uptime, Restarts, LastExit, Health, Cpu, Memory, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        IdRole = Qt::UserRole + 1, // QString: the worker id
        StateRole,                 // int: hsu::model::WorkerState
        SortRole,                  // what the column sorts by (numbers as numbers)
    };

    using Clock = std::function<QDateTime()>;

    explicit WorkerTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The whole truth from workers.list: rows of workers that are gone are removed, the others
    // updated in place (selections survive a reconnect), new ones appended.
    void setWorkers(const QList<model::WorkerStatus> &workers);
    // One worker's new status (from an event); appends a row for an id not seen before.
    // Returns what the row held before, or nullopt for a new worker.
    std::optional<model::WorkerStatus> updateWorker(const model::WorkerStatus &status);
    void clear();

    // One sampling round (resources.samples): the CPU and Memory cells of those rows change,
    // in one dataChanged for the rows between the first and the last one touched.
    void setSamples(const QHash<QString, model::ResourceSample> &samples);
    const model::ResourceSample *sample(const QString &id) const;
    // Whether the agent can pause this worker (it offers workers.pause); nullopt: not known yet.
    void setCanPause(const QString &id, bool canPause);
    std::optional<bool> canPause(const QString &id) const;
    void forgetCanPause();

    int rowOf(const QString &id) const { return m_rowById.value(id, -1); }
    const model::WorkerStatus *worker(const QString &id) const;
    const model::WorkerStatus &workerAt(int row) const { return m_rows.at(row); }
    const QList<model::WorkerStatus> &workers() const { return m_rows; }

    // Uptime is derived from the clock; refreshUptime() (one timer for the whole view) repaints
    // the column with one dataChanged. Tests inject a clock.
    void setClock(Clock clock);
    QDateTime now() const { return m_clock(); }
    void refreshUptime();

Q_SIGNALS:
    // A worker's status changed (also for new rows; previous is then nullopt-like: empty id).
    void workerUpdated(const hsu::model::WorkerStatus &current, const hsu::model::WorkerStatus &previous);

private:
    QVariant displayData(const model::WorkerStatus &w, int column) const;
    QVariant sortData(const model::WorkerStatus &w, int column) const;
    // The worker's newest sample when it has a process (a stopped worker's last one is stale).
    const model::ResourceSample *liveSample(const model::WorkerStatus &w) const;
    void rebuildIndex();
    void appendRows(const QList<model::WorkerStatus> &workers);

    QList<model::WorkerStatus> m_rows;
    QHash<QString, int> m_rowById;
    QHash<QString, model::ResourceSample> m_samples;
    QHash<QString, bool> m_canPause;
    Clock m_clock;
};

} // namespace hsu::desktop
