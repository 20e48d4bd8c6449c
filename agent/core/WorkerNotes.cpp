// What a Worker's status says besides its state: its health check's verdict (agent/health) and,
// while it waits to start, the dependency it waits for (Supervisor). Neither changes the state;
// each is a worker.state event when it changes.

#include "Worker.h"

namespace hsu::agent {

void Worker::setHealth(const QString &health, const QString &reason, qint64 latencyMs)
{
    if (m_status.health == health && m_status.healthReason == reason)
        return; // the latency alone is no news (it would be an event at every run)
    m_status.health = health;
    m_status.healthReason = reason;
    m_status.healthLatencyMs = latencyMs;
    m_statusJson = QJsonObject();
    m_statusBytes.clear();
    Q_EMIT statusChanged(m_status);
}

void Worker::setWaiting(const QString &reason)
{
    if (m_status.reason == reason)
        return;
    m_status.reason = reason;
    m_statusJson = QJsonObject();
    m_statusBytes.clear();
    Q_EMIT statusChanged(m_status);
}

} // namespace hsu::agent
