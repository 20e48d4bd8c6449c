#include "WorkerActions.h"

#include "ActionIcons.h"

#include <QAction>
#include <QApplication>

namespace hsu::desktop {

using model::Operation;

SelectedWorker SelectedWorker::from(const model::WorkerStatus &s, bool canPause)
{
    SelectedWorker w{s.id, s.state, canPause};
    w.unmanaged = s.type == QLatin1String("unmanaged");
    w.canTerminate = s.canTerminate;
    w.canRestart = s.canRestart;
    return w;
}

namespace {
// What an unmanaged worker's control lets the user ask for (the agent refuses the rest anyway).
bool unmanagedAllows(Operation op, const SelectedWorker &w)
{
    switch (op) {
    case Operation::Stop: return w.canTerminate;
    case Operation::Restart: return w.canRestart && w.state == model::WorkerState::Running;
    default: return false; // never started or paused by the agent
    }
}
} // namespace

QStringList allowedIds(Operation op, const QList<SelectedWorker> &selection)
{
    QStringList ids;
    const bool needsFreezer = op == Operation::Pause || op == Operation::Resume;
    for (const SelectedWorker &w : selection)
        if (model::isAllowed(op, w.state) && (!needsFreezer || w.canPause) && (!w.unmanaged || unmanagedAllows(op, w)))
            ids.append(w.id);
    return ids;
}

QStringList signalChoices(const model::WorkerStatus &status)
{
    if (status.pid <= 0)
        return {};
    if (status.type == QLatin1String("unmanaged"))
        return status.allowedSignals;
    return {QStringLiteral("SIGHUP"), QStringLiteral("SIGUSR1"), QStringLiteral("SIGUSR2"),
            QStringLiteral("SIGINT"), QStringLiteral("SIGTERM"), QStringLiteral("SIGKILL")};
}

WorkerActions::WorkerActions(QObject *parent)
    : QObject(parent)
{
    m_start = makeAction(Operation::Start);
    m_stop = makeAction(Operation::Stop);
    m_restart = makeAction(Operation::Restart);
    m_pause = makeAction(Operation::Pause);
    m_resume = makeAction(Operation::Resume);
    updateEnabled();
}

void WorkerActions::refreshIcons()
{
    const QPalette palette = QApplication::palette();
    m_start->setIcon(actionIcon(Operation::Start, palette));
    m_stop->setIcon(actionIcon(Operation::Stop, palette));
    m_restart->setIcon(actionIcon(Operation::Restart, palette));
    m_pause->setIcon(actionIcon(Operation::Pause, palette));
    m_resume->setIcon(actionIcon(Operation::Resume, palette));
}

QAction *WorkerActions::makeAction(Operation op)
{
    auto *action = new QAction(this);
    switch (op) {
    case Operation::Start:
        action->setText(tr("&Start"));
        action->setObjectName(QStringLiteral("actionStart"));
        action->setIcon(actionIcon(Operation::Start, QApplication::palette()));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
        action->setToolTip(tr("Start the selected workers (Ctrl+Enter)"));
        break;
    case Operation::Stop:
        action->setText(tr("S&top"));
        action->setObjectName(QStringLiteral("actionStop"));
        action->setIcon(actionIcon(Operation::Stop, QApplication::palette()));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
        action->setToolTip(tr("Stop the selected workers (Ctrl+.)"));
        break;
    case Operation::Restart:
        action->setText(tr("&Restart"));
        action->setObjectName(QStringLiteral("actionRestart"));
        action->setIcon(actionIcon(Operation::Restart, QApplication::palette()));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
        action->setToolTip(tr("Restart the selected workers (Ctrl+R)"));
        break;
    case Operation::Pause:
        action->setText(tr("&Pause"));
        action->setObjectName(QStringLiteral("actionPause"));
        action->setIcon(actionIcon(Operation::Pause, QApplication::palette()));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
        action->setToolTip(tr("Freeze the selected workers: their processes stay, but get no CPU (Ctrl+P)"));
        break;
    case Operation::Resume:
        action->setText(tr("Res&ume"));
        action->setObjectName(QStringLiteral("actionResume"));
        action->setIcon(actionIcon(Operation::Resume, QApplication::palette()));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        action->setToolTip(tr("Let the selected paused workers run again (Ctrl+Shift+P)"));
        break;
    }
    // The table has focus most of the time; the shortcuts work anywhere in the window.
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, [this, op] {
        const QStringList ids = allowedIds(op, m_selection);
        if (m_available && !ids.isEmpty())
            Q_EMIT triggered(op, ids);
    });
    return action;
}

QAction *WorkerActions::action(Operation op) const
{
    switch (op) {
    case Operation::Start: return m_start;
    case Operation::Stop: return m_stop;
    case Operation::Restart: return m_restart;
    case Operation::Pause: return m_pause;
    case Operation::Resume: return m_resume;
    }
    return nullptr;
}

void WorkerActions::setSelection(const QList<SelectedWorker> &selection)
{
    m_selection = selection;
    updateEnabled();
}

void WorkerActions::setAvailable(bool available)
{
    m_available = available;
    updateEnabled();
}

void WorkerActions::updateEnabled()
{
    for (Operation op : {Operation::Start, Operation::Stop, Operation::Restart, Operation::Pause, Operation::Resume})
        action(op)->setEnabled(m_available && !allowedIds(op, m_selection).isEmpty());
}

} // namespace hsu::desktop
