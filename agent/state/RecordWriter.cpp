#include "RecordWriter.h"

#include "agent/process/ThreadPriority.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcState)

namespace hsu::agent::state {

RecordWriter::RecordWriter(StateStore &store)
    : m_store(store)
    , m_thread([this] { run(); })
{
}

RecordWriter::~RecordWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void RecordWriter::put(const WorkerRecord &record)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.insert(record.id, record);
        ++m_queued;
    }
    m_wake.notify_one();
}

void RecordWriter::remove(const QString &id)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.insert(id, std::nullopt);
        ++m_queued;
    }
    m_wake.notify_one();
}

void RecordWriter::flush()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_queued;
    m_done.wait(lock, [&] { return m_written >= target; });
}

void RecordWriter::run()
{
    lowerThreadPriority(); // behind the supervision thread and the workers it starts
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_queue.isEmpty(); });
        if (m_queue.isEmpty() && m_stop)
            return;
        const QHash<QString, std::optional<WorkerRecord>> batch = std::exchange(m_queue, {});
        const quint64 upTo = m_queued;
        lock.unlock();
        for (auto it = batch.cbegin(); it != batch.cend(); ++it) {
            if (!it.value()) {
                m_store.remove(it.key());
                continue;
            }
            QString error;
            if (!m_store.write(*it.value(), &error))
                qCWarning(lcState).noquote() << error;
        }
        lock.lock();
        m_written = upTo;
        m_done.notify_all();
    }
}

} // namespace hsu::agent::state
