#include "LogWriter.h"

#include "LogThreadPriority.h"

#include <algorithm>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace hsu::agent::logs {

LogWriter::LogWriter(qint64 maxQueuedBytes, std::function<void(const WriteLoss &)> onLoss)
    : m_maxBytes(maxQueuedBytes)
    , m_onLoss(std::move(onLoss))
{
    m_thread = std::thread([this] { run(); });
}

LogWriter::~LogWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

bool LogWriter::enqueue(WriteJob job, int waitMs)
{
    const qint64 size = job.data.size();
    {
        std::unique_lock lock(m_mutex);
        // A block larger than the whole bound still goes in when the queue is empty: the bound is
        // about lines piling up, not about one big burst.
        auto fits = [&] { return m_bytes == 0 || m_bytes + size <= m_maxBytes; };
        if (!fits() && waitMs > 0)
            m_room.wait_for(lock, std::chrono::milliseconds(waitMs), fits);
        if (fits()) {
            m_bytes += size;
            ++m_enqueued;
            m_queue.push_back(std::move(job));
            lock.unlock();
            m_wake.notify_one();
            return true;
        }
    }
    if (m_onLoss)
        m_onLoss(WriteLoss{job.workerId, job.sink->name(), job.lines,
                           QStringLiteral("the write queue is full (%1 bytes waiting for a slow disk)").arg(m_maxBytes)});
    return false;
}

void LogWriter::drain()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_enqueued;
    m_room.wait(lock, [&] { return m_written >= target; });
}

qint64 LogWriter::queuedBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

void LogWriter::run()
{
    // Below the supervision and reader threads: under a burst the disk may wait, a restart may not.
    lowerLogThreadPriority();
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || !m_queue.empty(); });
        if (m_queue.empty() && m_stop)
            return;
        WriteJob job = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        QString error;
        qsizetype delivered = 0;
        const bool ok = job.sink->write(job.data, &error, &delivered);
        if (!ok && m_onLoss) {
            // Lines are counted by their '\n': those in the delivered part reached the sink.
            const qsizetype upTo = qBound<qsizetype>(0, delivered, job.data.size());
            const qint64 kept = std::count(job.data.cbegin(), job.data.cbegin() + upTo, '\n');
            m_onLoss(WriteLoss{job.workerId, job.sink->name(), std::max<qint64>(0, job.lines - kept), error});
        }
        lock.lock();
        m_bytes -= job.data.size();
        ++m_written;
        m_room.notify_all();
    }
}

} // namespace hsu::agent::logs
