#include "TrayController.h"

#include "WorkerActions.h"

#include "DesktopLogging.h"
#include "WorkerTableModel.h"

#include <QMenu>
#include <QSystemTrayIcon>
#include <QTimer>

namespace hsu::desktop {

using model::Operation;
using model::WorkerState;
using model::WorkerStatus;

TrayController::TrayController(WorkerTableModel *workers, QObject *parent)
    : QObject(parent)
    , m_workers(workers)
    , m_menu(std::make_unique<QMenu>())
    , m_tray(new QSystemTrayIcon(this))
    , m_retryTimer(new QTimer(this))
    , m_menuTimer(new QTimer(this))
    , m_bubbleTimer(new QTimer(this))
    , m_crashLoopTimer(new QTimer(this))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_probe([] { return QSystemTrayIcon::isSystemTrayAvailable(); })
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_tray->setContextMenu(m_menu.get());
    m_tray->setIcon(overallIcon(m_overall));
    m_tray->setToolTip(toolTip());
    connect(m_menu.get(), &QMenu::aboutToShow, this, &TrayController::rebuildMenu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT showWindowRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayController::showWindowRequested);

    m_retryTimer->setInterval(kRetryIntervalMs);
    connect(m_retryTimer, &QTimer::timeout, this, &TrayController::checkAvailability);

    // Many events in a burst (a crash-looping fleet) rebuild the menu once.
    m_menuTimer->setSingleShot(true);
    m_menuTimer->setInterval(500);
    connect(m_menuTimer, &QTimer::timeout, this, [this] {
        if (m_menu->isVisible()) {
            refreshMenuInPlace(); // not rebuilt under the user's pointer
            m_menuTimer->start(); // the full rebuild once it has closed
        } else {
            rebuildMenu();
        }
    });

    m_crashLoopTimer->setInterval(5000);
    connect(m_crashLoopTimer, &QTimer::timeout, this, &TrayController::updateOverall);

    m_bubbleTimer->setSingleShot(true);
    m_bubbleTimer->setInterval(kBubbleIntervalMs);
    connect(m_bubbleTimer, &QTimer::timeout, this, &TrayController::flushBubbles);

    auto changed = [this] {
        updateOverall();
        if (m_menu->isVisible())
            refreshMenuInPlace(); // an open menu never goes stale
        scheduleMenuRebuild();
    };
    // Worker updates span all columns; the once-a-second uptime tick only its own: not news here.
    connect(m_workers, &QAbstractItemModel::dataChanged, this, [changed](const QModelIndex &topLeft) {
        if (topLeft.column() == 0)
            changed();
    });
    connect(m_workers, &QAbstractItemModel::rowsInserted, this, changed);
    connect(m_workers, &QAbstractItemModel::rowsRemoved, this, changed);
    connect(m_workers, &QAbstractItemModel::modelReset, this, changed);
    rebuildMenu();
}

TrayController::~TrayController()
{
    // The icon refers to the menu: let it go first.
    delete m_tray;
    m_tray = nullptr;
}

void TrayController::setRetry(int intervalMs, int attempts)
{
    m_retryTimer->setInterval(intervalMs);
    m_retryAttempts = attempts;
}

void TrayController::start()
{
    m_retries = 0;
    checkAvailability();
    if (!m_available) {
        qCInfo(lcDesktop) << "no system tray yet; checking again every" << m_retryTimer->interval() << "ms";
        m_retryTimer->start();
    }
}

bool TrayController::isLookingForTray() const
{
    return m_retryTimer->isActive();
}

void TrayController::checkAvailability()
{
    const bool available = m_probe();
    if (!available) {
        if (m_retryTimer->isActive() && ++m_retries >= m_retryAttempts) {
            m_retryTimer->stop();
            qCInfo(lcDesktop) << "no system tray appeared; the window stays the only way in";
        }
        return;
    }
    m_retryTimer->stop();
    if (m_available)
        return;
    m_available = true;
    m_tray->show();
    Q_EMIT availabilityChanged(true);
}

void TrayController::setConnected(bool connected)
{
    m_connected = connected;
    updateOverall();
    scheduleMenuRebuild();
}

OverallState TrayController::computeOverall(const QList<WorkerStatus> &workers, bool connected)
{
    if (!connected)
        return OverallState::NoAgent;
    bool busy = false;
    for (const WorkerStatus &w : workers) {
        // Failed, or running but failing its health check: someone should look.
        if (w.state == WorkerState::Failed || w.health == QLatin1String("unhealthy"))
            return OverallState::Problem;
        if (isTransient(w.state))
            busy = true;
    }
    return busy ? OverallState::Busy : OverallState::Ok;
}

QString TrayController::toolTip() const
{
    switch (m_overall) {
    case OverallState::NoAgent: return tr("HSU Master: no agent answers");
    case OverallState::Ok: return tr("HSU Master: all workers fine");
    case OverallState::Busy: return tr("HSU Master: some workers starting or waiting to restart");
    case OverallState::Problem: {
        QStringList looping;
        for (const QString &id : crashLoopingIds())
            looping << nameOf(id);
        if (!looping.isEmpty())
            return tr("HSU Master: some workers failed or are in a crash loop (%1)").arg(looping.join(QStringLiteral(", ")));
        return tr("HSU Master: some workers failed or are unhealthy");
    }
    }
    return QString();
}

int TrayController::recentRestarts(const QString &workerId) const
{
    const auto it = m_recentRestarts.constFind(workerId);
    if (it == m_recentRestarts.constEnd())
        return 0;
    const QDateTime now = m_clock();
    int recent = 0;
    for (const QDateTime &t : *it)
        if (t.msecsTo(now) <= kCrashLoopWindowMs)
            ++recent;
    return recent;
}

bool TrayController::isCrashLooping(const QString &workerId) const
{
    return recentRestarts(workerId) >= kCrashLoopRestarts;
}

QString TrayController::nameOf(const QString &workerId) const
{
    const WorkerStatus *w = m_workers->worker(workerId);
    return w ? workerDisplayName(*w) : workerId;
}

QStringList TrayController::crashLoopingIds() const
{
    QStringList ids;
    for (auto it = m_recentRestarts.constBegin(); it != m_recentRestarts.constEnd(); ++it)
        if (m_workers->rowOf(it.key()) >= 0 && isCrashLooping(it.key()))
            ids << it.key();
    ids.sort();
    return ids;
}

void TrayController::updateOverall()
{
    OverallState now = computeOverall(m_workers->workers(), m_connected);
    const bool looping = m_connected && !crashLoopingIds().isEmpty();
    if (looping)
        now = OverallState::Problem;
    // While a crash loop is on, look again now and then: it ends by time, not by an event.
    if (looping && !m_crashLoopTimer->isActive())
        m_crashLoopTimer->start();
    else if (!looping)
        m_crashLoopTimer->stop();
    if (now == m_overall)
        return;
    m_overall = now;
    m_tray->setIcon(overallIcon(now));
    m_tray->setToolTip(toolTip());
    Q_EMIT overallStateChanged(now);
}

void TrayController::scheduleMenuRebuild()
{
    // Without a tray nobody sees the menu; it is rebuilt before it opens anyway.
    if (m_available && !m_menuTimer->isActive())
        m_menuTimer->start();
}

QMenu *TrayController::addWorkerMenu(QMenu *parent, const WorkerStatus &w)
{
    QMenu *sub = parent->addMenu(workerDisplayName(w));
    sub->setObjectName(QStringLiteral("worker:") + w.id);
    const struct
    {
        Operation op;
        QString text;
    } items[] = {{Operation::Start, tr("Start")}, {Operation::Stop, tr("Stop")}, {Operation::Restart, tr("Restart")},
                 {Operation::Pause, tr("Pause")}, {Operation::Resume, tr("Resume")}};
    // Pause and Resume only where the agent said it can pause this worker (the window asks it
    // for the selected workers); the menu is rebuilt when that becomes known.
    const bool canPause = m_workers->canPause(w.id).value_or(false);
    for (const auto &item : items) {
        if ((item.op == Operation::Pause || item.op == Operation::Resume) && !canPause)
            continue;
        QAction *a = sub->addAction(item.text);
        a->setData(int(item.op));
        const Operation op = item.op;
        const QString id = w.id;
        connect(a, &QAction::triggered, this, [this, op, id] { Q_EMIT operationRequested(op, {id}); });
    }
    updateWorkerMenu(sub, w);
    return sub;
}

void TrayController::updateWorkerMenu(QMenu *sub, const WorkerStatus &w)
{
    // By name, as the window shows it. A crash loop said without contradicting the state: a
    // failed worker is one whose restarts were given up, the others are still being restarted.
    QString text;
    if (!isCrashLooping(w.id))
        text = tr("%1 \u2014 %2").arg(workerDisplayName(w), stateLabel(w.state));
    else if (w.state == WorkerState::Failed)
        text = tr("%1 \u2014 failed: gave up after a crash loop").arg(workerDisplayName(w));
    else
        text = tr("%1 \u2014 %2, crash loop (%3 restarts in a minute)")
                   .arg(workerDisplayName(w), stateLabel(w.state))
                   .arg(recentRestarts(w.id));
    QAction *entry = sub->menuAction();
    if (entry->text() != text)
        entry->setText(text);
    entry->setIcon(stateIcon(w.state));
    // What the window's actions allow (an unmanaged worker's control included).
    const QList<SelectedWorker> one{SelectedWorker::from(w, m_workers->canPause(w.id).value_or(false))};
    for (QAction *a : sub->actions())
        a->setEnabled(m_connected && !allowedIds(Operation(a->data().toInt()), one).isEmpty());
}

void TrayController::refreshMenuInPlace()
{
    for (QAction *entry : m_menu->actions()) {
        QMenu *sub = entry->menu();
        if (!sub || !sub->objectName().startsWith(QLatin1String("worker:")))
            continue;
        const WorkerStatus *w = m_workers->worker(sub->objectName().mid(7));
        if (w)
            updateWorkerMenu(sub, *w);
        else
            entry->setEnabled(false); // gone: the rebuild on close drops it
    }
}

void TrayController::rebuildMenu()
{
    m_menuTimer->stop();
    m_menu->clear(); // deletes the actions and submenus it owns

    QAction *open = m_menu->addAction(tr("Open HSU Master"));
    open->setObjectName(QStringLiteral("trayOpen"));
    connect(open, &QAction::triggered, this, &TrayController::showWindowRequested);
    m_menu->addSeparator();

    if (!m_connected) {
        m_menu->addAction(tr("No agent answers"))->setEnabled(false);
    } else {
        const QList<WorkerStatus> &all = m_workers->workers();
        if (all.isEmpty())
            m_menu->addAction(tr("No workers"))->setEnabled(false);
        for (int i = 0; i < all.size() && i < kMaxMenuWorkers; ++i)
            addWorkerMenu(m_menu.get(), all.at(i));
        if (all.size() > kMaxMenuWorkers) {
            QAction *more = m_menu->addAction(tr("%n more in the window\u2026", nullptr, int(all.size() - kMaxMenuWorkers)));
            connect(more, &QAction::triggered, this, &TrayController::showWindowRequested);
        }
    }
    m_menu->addSeparator();
    QAction *startAll = m_menu->addAction(tr("Start all"));
    startAll->setObjectName(QStringLiteral("trayStartAll"));
    startAll->setEnabled(m_connected);
    connect(startAll, &QAction::triggered, this, [this] { Q_EMIT allRequested(Operation::Start); });
    QAction *stopAll = m_menu->addAction(tr("Stop all"));
    stopAll->setObjectName(QStringLiteral("trayStopAll"));
    stopAll->setEnabled(m_connected);
    connect(stopAll, &QAction::triggered, this, [this] { Q_EMIT allRequested(Operation::Stop); });
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit HSU Master (workers keep running)"));
    quit->setObjectName(QStringLiteral("trayQuit"));
    quit->setToolTip(tr("Closes this window and the tray icon only; the agent and its workers keep running."));
    connect(quit, &QAction::triggered, this, &TrayController::quitRequested);
    m_menu->setToolTipsVisible(true);
}

void TrayController::onWorkerTransition(const WorkerStatus &current, const WorkerStatus &previous)
{
    const QDateTime now = m_clock();
    if (current.state == WorkerState::Backoff && previous.state != WorkerState::Backoff) {
        // A restart by policy after an exit: count it towards a crash loop.
        QList<QDateTime> &times = m_recentRestarts[current.id];
        times.append(now);
        while (!times.isEmpty() && times.first().msecsTo(now) > kCrashLoopWindowMs)
            times.removeFirst();
        if (times.size() >= kCrashLoopRestarts) {
            notify(current.id, tr("%1 is in a crash loop").arg(workerDisplayName(current)),
                   tr("%1 restarts in the last minute. Last exit: %2").arg(times.size())
                       .arg(formatExit(current).isEmpty() ? tr("unknown") : formatExit(current)));
        }
    }
    if (current.state == WorkerState::Failed && previous.state != WorkerState::Failed) {
        notify(current.id, tr("%1 failed").arg(workerDisplayName(current)),
               current.reason.isEmpty() ? tr("The worker failed.") : current.reason);
    }
    updateOverall(); // the model may have announced the change before this counted the restart
}

void TrayController::onLimitViolation(const LimitViolation &violation)
{
    if (!violation.wantsNotification())
        return;
    // Debounced apart from failures: a worker restarted for its memory may fail right after, and
    // that must still be told.
    const QString title = violation.kind == QLatin1String("action")
                              ? tr("%1: %2 limit acted on").arg(nameOf(violation.worker), violation.resource)
                              : tr("%1: %2 limit").arg(nameOf(violation.worker), violation.resource);
    notify(violation.worker, title, violation.text(), QStringLiteral("limits/") + violation.worker);
}

void TrayController::onHealthChanged(const WorkerStatus &current, const WorkerStatus &previous)
{
    if (current.health != QLatin1String("unhealthy") || previous.health == QLatin1String("unhealthy"))
        return;
    notify(current.id, tr("%1 is unhealthy").arg(workerDisplayName(current)),
           current.healthReason.isEmpty() ? tr("Its health check failed.") : current.healthReason,
           QStringLiteral("health/") + current.id);
}

void TrayController::notify(const QString &workerId, const QString &title, const QString &message,
                            const QString &debounceKey)
{
    const QDateTime now = m_clock();
    const QString key = debounceKey.isEmpty() ? workerId : debounceKey;
    const auto last = m_lastNotified.constFind(key);
    if (last != m_lastNotified.constEnd() && last->msecsTo(now) < kNotifyIntervalMs)
        return;
    m_lastNotified.insert(key, now);
    qCInfo(lcDesktop).noquote() << "notification:" << title << "-" << message;
    Q_EMIT notificationShown(workerId, title, message);
    if (m_bubbleTimer->isActive())
        m_heldTitles.append(title);
    else
        showBubble(title, message);
}

void TrayController::showBubble(const QString &title, const QString &message)
{
    m_bubbleTimer->start();
    if (m_available && m_tray->isVisible())
        m_tray->showMessage(title, message, QSystemTrayIcon::Warning);
    Q_EMIT bubbleShown(title, message);
}

void TrayController::flushBubbles()
{
    if (m_heldTitles.isEmpty())
        return;
    const QStringList held = std::exchange(m_heldTitles, {});
    if (held.size() == 1) {
        showBubble(held.first(), tr("Open HSU Master for details."));
        return;
    }
    const int shown = 5;
    QString list = QStringList(held.mid(0, shown)).join(QLatin1Char('\n'));
    if (held.size() > shown)
        list += QLatin1Char('\n') + tr("and %1 more").arg(held.size() - shown);
    showBubble(tr("%1 workers need attention").arg(held.size()), list);
}

} // namespace hsu::desktop
