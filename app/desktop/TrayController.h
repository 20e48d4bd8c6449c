#pragma once

// The tray icon and its menu (qBittorrent's desktop-integration idea): this object owns the
// QSystemTrayIcon, shows the overall state as its icon, and turns clicks into intent signals
// (showWindowRequested, operationRequested, ...). It never talks to the agent itself.
//
// Notifications: a worker that fails, or crash-loops (kCrashLoopRestarts restarts within
// kCrashLoopWindowMs), is announced, at most once per worker per kNotifyIntervalMs; so is a
// limits.violation the agent acted on, or whose policy is "alert", and a worker turning unhealthy
// (each counted apart).
//
// At login the tray host may start after us: availability is checked again every
// kRetryIntervalMs for kRetryAttempts (KeePassXC does the same), then the icon appears.

#include "ResourceSnapshot.h"
#include "WorkerPresentation.h"

#include "shared/model/WorkerState.h"
#include "shared/model/WorkerStatus.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QMenu;
class QSystemTrayIcon;
class QTimer;

namespace hsu::desktop {

class WorkerTableModel;

class TrayController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayController)

public:
    static constexpr int kRetryIntervalMs = 3000;
    static constexpr int kRetryAttempts = 40;        // two minutes of login
    static constexpr qint64 kNotifyIntervalMs = 60'000;
    static constexpr qint64 kCrashLoopWindowMs = 60'000;
    static constexpr int kCrashLoopRestarts = 3;
    static constexpr int kMaxMenuWorkers = 40;       // a longer tray menu is unusable: the window shows all
    // Bubbles on the desktop: at most one per this interval; what comes meanwhile is summed up
    // in the next one (a crash-looping fleet must not bury the desktop in a hundred bubbles).
    static constexpr int kBubbleIntervalMs = 5000;

    using Clock = std::function<QDateTime()>;
    using AvailabilityProbe = std::function<bool()>;

    explicit TrayController(WorkerTableModel *workers, QObject *parent = nullptr);
    ~TrayController() override;

    void setClock(Clock clock) { m_clock = std::move(clock); }
    // Replaces QSystemTrayIcon::isSystemTrayAvailable (tests).
    void setAvailabilityProbe(AvailabilityProbe probe) { m_probe = std::move(probe); }
    // How often and how many times to look for a tray that is not there yet (tests shorten it).
    void setRetry(int intervalMs, int attempts);
    // Checks for a tray now and, if there is none yet, keeps checking for a while.
    void start();
    bool isAvailable() const { return m_available; }
    // Still waiting for a tray host to appear.
    bool isLookingForTray() const;

    void setConnected(bool connected);
    OverallState overallState() const { return m_overall; }
    static OverallState computeOverall(const QList<model::WorkerStatus> &workers, bool connected);
    QString toolTip() const;
    // At least kCrashLoopRestarts restarts by policy within kCrashLoopWindowMs, by the clock now.
    // Such a worker spends most of its time "running" between crashes; the icon must not say
    // "all fine" meanwhile: the overall state is at least Problem while one is crash-looping.
    bool isCrashLooping(const QString &workerId) const;
    // Restarts by policy within kCrashLoopWindowMs, by the clock now.
    int recentRestarts(const QString &workerId) const;
    QStringList crashLoopingIds() const;

    QMenu *menu() const { return m_menu.get(); }
    // Fills the menu from the model now (also done before it opens and, coalesced, on changes).
    void rebuildMenu();
    // While the menu is open it is not rebuilt (that would yank it from under the pointer): the
    // worker entries' text, icon and submenu enabling are updated in place instead.
    void refreshMenuInPlace();

public Q_SLOTS:
    // Feed of state changes (AgentConnection::workerTransition): decides on notifications.
    void onWorkerTransition(const hsu::model::WorkerStatus &current, const hsu::model::WorkerStatus &previous);
    // limits.violation (ResourceFeed::violationReceived): a notification for kind "action" or
    // policy "alert", through the same debounce and bubble merging.
    void onLimitViolation(const hsu::desktop::LimitViolation &violation);
    // A worker turned unhealthy (AgentConnection::workerHealthChanged): a notification with the
    // check's reason, debounced per worker apart from failures (an unhealthy worker is restarted
    // and may fail right after: that must still be told).
    void onHealthChanged(const hsu::model::WorkerStatus &current, const hsu::model::WorkerStatus &previous);

Q_SIGNALS:
    void showWindowRequested();
    void quitRequested();
    void operationRequested(hsu::model::Operation op, const QStringList &ids);
    void allRequested(hsu::model::Operation op);
    void availabilityChanged(bool available);
    void overallStateChanged(hsu::desktop::OverallState state);
    // Emitted for every notification decided on (per worker, debounced), whether or not a tray
    // can display it, and before bubbles are merged.
    void notificationShown(const QString &workerId, const QString &title, const QString &message);
    // A bubble the tray was asked to show (tests: offscreen there is no tray to show it).
    void bubbleShown(const QString &title, const QString &message);

private:
    void checkAvailability();
    void updateOverall();
    void scheduleMenuRebuild();
    // `debounceKey` (default: the worker id) is what "once per kNotifyIntervalMs" counts by.
    void notify(const QString &workerId, const QString &title, const QString &message,
                const QString &debounceKey = QString());
    void showBubble(const QString &title, const QString &message);
    void flushBubbles();
    QMenu *addWorkerMenu(QMenu *parent, const model::WorkerStatus &w);
    void updateWorkerMenu(QMenu *sub, const model::WorkerStatus &w);
    QString nameOf(const QString &workerId) const; // its display name, or the id when unknown

    WorkerTableModel *m_workers = nullptr;
    std::unique_ptr<QMenu> m_menu; // a QMenu needs a QWidget parent; we are not one
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_retryTimer = nullptr;
    QTimer *m_menuTimer = nullptr;
    QTimer *m_bubbleTimer = nullptr;
    QTimer *m_crashLoopTimer = nullptr; // re-evaluates the overall state as crash loops age out
    Clock m_clock;
    AvailabilityProbe m_probe;
    int m_retries = 0;
    int m_retryAttempts = kRetryAttempts;
    bool m_available = false;
    bool m_connected = false;
    OverallState m_overall = OverallState::NoAgent;
    QHash<QString, QDateTime> m_lastNotified;
    QHash<QString, QList<QDateTime>> m_recentRestarts;
    QStringList m_heldTitles; // notifications waiting for the next bubble
};

} // namespace hsu::desktop
