#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

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

    qint64 m_pgid;
    std::chrono::milliseconds m_grace;
    QTimer m_graceTimer;
    QTimer m_poll;
    QElapsedTimer m_sinceKill;
    bool m_killed = false;
    bool m_done = false;
    bool m_leaderGone = false;
};

} // namespace hsu::agent
