#pragma once

// The worker table: a flat QTreeView (uniform rows: cheap with a thousand workers) over the
// filter proxy, the Start/Stop/Restart actions in its context menu, and the one timer that makes
// the uptime column tick.

#include "WorkerActions.h"

#include <QTreeView>

class QTimer;

namespace hsu::desktop {

class WorkerFilterProxy;
class WorkerTableModel;

class WorkerTableView final : public QTreeView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerTableView)

public:
    WorkerTableView(WorkerTableModel *workers, WorkerFilterProxy *proxy, WorkerActions *actions,
                    QWidget *parent = nullptr);

    QList<SelectedWorker> selectedWorkers() const;
    QStringList selectedIds() const;
    // The worker the detail pane shows (the current row), or empty.
    QString currentId() const;
    // Selects exactly these workers (those visible through the filter); the first becomes current.
    void selectIds(const QStringList &ids);

Q_SIGNALS:
    void currentWorkerChanged(const QString &id);
    // "Send signal" in the context menu.
    void signalRequested(const QString &id, const QString &signal);

private:
    void updateActions();
    void showContextMenu(const QPoint &pos);

    WorkerTableModel *m_workers = nullptr;
    WorkerFilterProxy *m_proxy = nullptr;
    WorkerActions *m_actions = nullptr;
    QTimer *m_uptimeTimer = nullptr;
    QString m_currentId;
};

} // namespace hsu::desktop
