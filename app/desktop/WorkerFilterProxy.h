#pragma once

// Sorts the worker table by each column's SortRole and filters it by text (id or display name,
// case-insensitive) and by a set of states (empty: every state).

#include "shared/model/WorkerState.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace hsu::desktop {

class WorkerFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerFilterProxy)

public:
    explicit WorkerFilterProxy(QObject *parent = nullptr);

    void setTextFilter(const QString &text);
    QString textFilter() const { return m_text; }
    void setStateFilter(const QSet<model::WorkerState> &states);
    QSet<model::WorkerState> stateFilter() const { return m_states; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QSet<model::WorkerState> m_states;
};

} // namespace hsu::desktop
