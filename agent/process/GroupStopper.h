#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace hsu::agent {

// Ends every process of a group: SIGTERM, wait up to the grace time, then SIGKILL; done() once no
// living process is left. Used for a requested stop and for what a crashed worker left behind,
// so a worker that forked children never leaves a survivor in its group.
class GroupStopper final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GroupStopper)
public:
    GroupStopper(qint64 pgid, std::chrono::milliseconds grace, QObject *parent = nullptr);

    // Processes of the worker outside its group (a cgroup's members, or a snapshot of them): they
    // get the same signals, and the stop is done only once they are gone too. `members` returns
    // the living ones; `killAll` (optional) replaces signalling them one by one with SIGKILL.
    void setOutsiders(std::function<QList<qint64>()> members, std::function<void()> killAll = {});

    // Sends SIGTERM to the group and starts the grace timer. While the group's leader lives the
    // group cannot be empty, so nothing is polled until leaderGone() says it was reaped (or at
    // once when `leaderAlreadyGone`): a thousand workers stopping together cost no /proc scans.
    void begin(bool leaderAlreadyGone = false);
    // The leader was reaped: look now, and keep looking (with backoff) while others remain.
    void leaderGone();
    bool isDone() const { return m_done; }
    bool killed() const { return m_killed; }

Q_SIGNALS:
    void done(bool killed);

private:
    void check();
    void escalate();
    void finish();
    void signalOutsiders(int sig);
    bool outsidersGone() const;

    qint64 m_pgid;
    std::chrono::milliseconds m_grace;
    QTimer m_graceTimer;
    QTimer m_poll;
    QElapsedTimer m_sinceKill;
    bool m_killed = false;
    bool m_done = false;
    bool m_leaderGone = false;
    std::function<QList<qint64>()> m_outsiders;
    std::function<void()> m_killOutsiders;
};

} // namespace hsu::agent
