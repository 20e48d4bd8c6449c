#include "UnmanagedWatch.h"

#include "agent/core/Worker.h"
#include "agent/discovery/ProcessFinder.h"
#include "agent/discovery/ServiceLookup.h"
#include "agent/process/AdoptedProcess.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcUnmanaged, "hsu.agent.unmanaged")

namespace hsu::agent {

UnmanagedWatch::UnmanagedWatch(Worker &worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    connect(&m_timer, &QTimer::timeout, this, &UnmanagedWatch::search);
    m_worker.setServiceRestarter(&discovery::restartService);
    specChanged();
    // Once the agent's start is done (the event loop runs), not in the middle of it.
    QTimer::singleShot(0, this, &UnmanagedWatch::search);
}

void UnmanagedWatch::specChanged()
{
    m_timer.start(std::max<qint64>(100, qint64(m_worker.spec().discovery.checkInterval.count())));
}

void UnmanagedWatch::search()
{
    const model::WorkerState s = m_worker.state();
    if (m_worker.status().pid > 0 || s == model::WorkerState::Stopping)
        return;
    const discovery::Found found = discovery::find(m_worker.spec().discovery);
    if (found.pid > 0) {
        // Checked through the pidfd, as a re-adoption is: the pid cannot change meaning after.
        if (const auto start = processStartTime(found.pid)) {
            if (const int fd = AdoptedProcess::openIfSame(found.pid, *start); fd >= 0) {
                m_worker.attach(found.pid, fd, processStartedAt(*start), found.how);
                return;
            }
        }
    }
    const QString why = found.error.isEmpty() ? QStringLiteral("it ended while being looked at") : found.error;
    qCDebug(lcUnmanaged).noquote() << m_worker.id() << "not found:" << why;
    m_worker.setSearchResult(QStringLiteral("not found: %1").arg(why));
}

} // namespace hsu::agent
