#include "GroupStopper.h"

#include "ProcessGroup.h"

#include <QLoggingCategory>

#include <csignal>

Q_DECLARE_LOGGING_CATEGORY(lcProcess)

namespace hsu::agent {

namespace {
constexpr int kPollMs = 10;
constexpr int kMaxPollMs = 100;
// After SIGKILL a process can only linger in uninterruptible sleep; don't wait forever for it.
constexpr int kKillWaitMs = 5000;
} // namespace

GroupStopper::GroupStopper(qint64 pgid, std::chrono::milliseconds grace, QObject *parent)
    : QObject(parent)
    , m_pgid(pgid)
    , m_grace(grace)
{
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, &GroupStopper::escalate);
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        check();
        // Back off while a stubborn group holds out; a stop is not worth a busy agent.
        if (!m_done && m_poll.interval() < kMaxPollMs)
            m_poll.setInterval(std::min(kMaxPollMs, m_poll.interval() * 2));
    });
}

void GroupStopper::setOutsiders(std::function<QList<qint64>()> members, std::function<void()> killAll)
{
    m_outsiders = std::move(members);
    m_killOutsiders = std::move(killAll);
}

void GroupStopper::signalOutsiders(int sig)
{
    if (!m_outsiders)
        return;
    if (sig == SIGKILL && m_killOutsiders) {
        m_killOutsiders();
        return;
    }
    for (qint64 pid : m_outsiders())
        if (pid > 1)
            ::kill(pid_t(pid), sig);
}

bool GroupStopper::outsidersGone() const
{
    return !m_outsiders || m_outsiders().isEmpty();
}

void GroupStopper::begin(bool leaderAlreadyGone)
{
    ProcessGroup::signal(m_pgid, SIGTERM);
    signalOutsiders(SIGCONT); // a paused process cannot act on SIGTERM
    signalOutsiders(SIGTERM);
    if (m_grace.count() <= 0)
        escalate();
    else
        m_graceTimer.start(m_grace);
    if (leaderAlreadyGone)
        leaderGone();
}

void GroupStopper::leaderGone()
{
    if (m_done || m_leaderGone)
        return;
    m_leaderGone = true;
    check();
    if (!m_done)
        m_poll.start();
}

void GroupStopper::check()
{
    if (m_done || !m_leaderGone)
        return;
    if (ProcessGroup::isEmpty(m_pgid) && outsidersGone()) {
        finish();
        return;
    }
    if (m_killed && m_sinceKill.elapsed() > kKillWaitMs) {
        qCWarning(lcProcess) << "process group" << m_pgid << "still has processes"
                             << ProcessGroup::livingMembers(m_pgid) << "after SIGKILL; giving up waiting";
        finish();
    }
}

void GroupStopper::escalate()
{
    if (m_done)
        return;
    const auto left = ProcessGroup::livingMembers(m_pgid);
    if (left.isEmpty() && outsidersGone()) { // everything already ended; done once the leader is reaped
        if (m_leaderGone)
            finish();
        return;
    }
    qCInfo(lcProcess) << "process group" << m_pgid << "outlived its grace time; SIGKILL to" << left;
    m_killed = true;
    m_sinceKill.start();
    ProcessGroup::signal(m_pgid, SIGKILL);
    signalOutsiders(SIGKILL);
    m_poll.setInterval(kPollMs);
    if (m_leaderGone)
        m_poll.start();
}

void GroupStopper::finish()
{
    m_done = true;
    m_graceTimer.stop();
    m_poll.stop();
    Q_EMIT done(m_killed);
}

} // namespace hsu::agent
