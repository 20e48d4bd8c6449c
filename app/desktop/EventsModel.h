#pragma once

// The Events view: state changes as the GUI saw them (time, worker, from -> to, reason), the
// agent's limit reports (limits.violation: "memory violation", the message as the reason) and its
// config reloads (config.reloaded: "config reloaded" and what changed, or "config refused" and
// every error), oldest first. Bounded: a ring buffer whose oldest row leaves (removed, then the new one inserted) once
// it holds `capacity` rows, so a crash-looping fleet cannot grow it without limit.

#include "shared/model/WorkerState.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include <optional>

namespace hsu::desktop {

struct WorkerEvent
{
    QDateTime time;
    QString workerId;
    std::optional<model::WorkerState> from; // nullopt: the GUI had not seen the worker before
    model::WorkerState to = model::WorkerState::Registered;
    QString reason;
    // Set for anything but a state change (a limits.violation, a config reload): shown in the
    // Change column instead of from -> to, with `look`'s icon.
    QString note; // "memory violation", "config reloaded"
    model::WorkerState look = model::WorkerState::Failed;
    bool isNote() const { return !note.isEmpty(); }
};

class EventsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventsModel)

public:
    enum Column { Time, Worker, Change, Reason, ColumnCount };
    Q_ENUM(Column)
    enum Role { WorkerIdRole = Qt::UserRole + 1, StateRole };
    static constexpr int kDefaultCapacity = 5000;

    explicit EventsModel(int capacity = kDefaultCapacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void append(const WorkerEvent &event);
    void clear();
    int capacity() const { return m_capacity; }
    // Row 0 is the oldest event kept.
    const WorkerEvent &eventAt(int row) const;

private:
    QList<WorkerEvent> m_ring; // grows to m_capacity, then slots are reused
    int m_capacity;
    int m_head = 0;            // slot of the oldest event
    int m_count = 0;
};

// The state history shown in the detail pane: the last `perWorker` events of each worker, kept
// apart from the Events view so that a noisy worker cannot push a quiet one's history out.
class StateHistory final
{
public:
    static constexpr int kDefaultPerWorker = 50;
    explicit StateHistory(int perWorker = kDefaultPerWorker) : m_perWorker(perWorker) {}

    void record(const WorkerEvent &event);
    QList<WorkerEvent> of(const QString &workerId) const { return m_events.value(workerId); }
    void forget(const QString &workerId) { m_events.remove(workerId); }
    void clear() { m_events.clear(); }

private:
    int m_perWorker;
    QHash<QString, QList<WorkerEvent>> m_events;
};

} // namespace hsu::desktop
