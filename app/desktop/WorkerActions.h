#pragma once

// Start / Stop / Restart / Pause / Resume for the selected workers: one QAction each, shared by
// the toolbar, the context menu and the keyboard. An action is enabled when the state machine
// allows it for at least one selected worker; triggering it asks only for those workers. Pause
// and Resume also need an agent that offers workers.pause (ResourceFeed::probeCanPause).

#include "shared/model/WorkerState.h"
#include "shared/model/WorkerStatus.h"

#include <QList>
#include <QObject>
#include <QStringList>

class QAction;

namespace hsu::desktop {

struct SelectedWorker
{
    QString id;
    model::WorkerState state;
    bool canPause = false; // the agent offers workers.pause; false while not known
    // An unmanaged worker: never started by the agent, never paused; stopped and restarted only
    // where its control allows.
    bool unmanaged = false;
    bool canTerminate = true;
    bool canRestart = true;

    static SelectedWorker from(const model::WorkerStatus &status, bool canPause);
};

// The ids among `selection` for which `op` is allowed (empty: the action is disabled).
QStringList allowedIds(model::Operation op, const QList<SelectedWorker> &selection);
// The signals the "Send signal" menu offers for a worker with a process: an unmanaged worker's
// allowed_signals, else the usual ones (SIGHUP, SIGUSR1, SIGUSR2, SIGINT, SIGTERM, SIGKILL).
QStringList signalChoices(const model::WorkerStatus &status);

class WorkerActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerActions)

public:
    explicit WorkerActions(QObject *parent = nullptr);

    QAction *start() const { return m_start; }
    QAction *stop() const { return m_stop; }
    QAction *restart() const { return m_restart; }
    QAction *pause() const { return m_pause; }
    QAction *resume() const { return m_resume; }
    // Draws the icons again for the application's palette (after an appearance change).
    void refreshIcons();
    QList<QAction *> all() const { return {m_start, m_stop, m_restart, m_pause, m_resume}; }
    QAction *action(model::Operation op) const;

    // The selection changed, or the state of a selected worker did.
    void setSelection(const QList<SelectedWorker> &selection);
    // While the agent is away nothing can be asked of it.
    void setAvailable(bool available);

Q_SIGNALS:
    void triggered(hsu::model::Operation op, const QStringList &ids);

private:
    QAction *makeAction(model::Operation op);
    void updateEnabled();

    QAction *m_start = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_restart = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_resume = nullptr;
    QList<SelectedWorker> m_selection;
    bool m_available = true;
};

} // namespace hsu::desktop
