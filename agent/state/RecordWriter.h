#pragma once

// Writes the state records on a thread of its own (StateStore is used from there only, once
// handed over): the supervision thread hands over the newest record of a worker and goes on. A
// record written is a file created the first time (a new inode: a millisecond and more on ext4)
// and a pwrite() after; a thousand workers starting, or a crash loop restarting, must not wait for
// that. Per worker only the newest record counts: one still queued is replaced, never written.

#include "StateStore.h"

#include <QHash>
#include <QString>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace hsu::agent::state {

class RecordWriter final
{
public:
    explicit RecordWriter(StateStore &store);
    ~RecordWriter(); // writes what is queued, then ends its thread
    RecordWriter(const RecordWriter &) = delete;
    RecordWriter &operator=(const RecordWriter &) = delete;

    void put(const WorkerRecord &record);
    void remove(const QString &id);
    // Returns once everything queued before the call is on disk.
    void flush();

private:
    void run();

    StateStore &m_store;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    QHash<QString, std::optional<WorkerRecord>> m_queue; // guarded; nullopt: remove
    quint64 m_queued = 0;                                // guarded: hand-overs so far
    quint64 m_written = 0;                               // guarded: hand-overs done
    bool m_stop = false;                                 // guarded
    std::thread m_thread;
};

} // namespace hsu::agent::state
