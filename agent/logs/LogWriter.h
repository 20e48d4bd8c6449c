#pragma once

// The thread that writes log blocks to their sinks, so that a slow or full disk never stalls the
// thread that reads workers' pipes (and never the supervision thread). The queue is bounded in
// bytes: when it is full the reader waits a little, then drops the block and says so.

#include "LogSinks.h"

#include <QByteArray>
#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace hsu::agent::logs {

struct WriteJob
{
    std::shared_ptr<LogSink> sink;
    QByteArray data;   // whole lines
    qint64 lines = 0;
    QString workerId;  // whose lines (aggregate targets get one job per worker block)
};

// A block that did not reach its sink.
struct WriteLoss
{
    QString workerId;
    QString target;
    qint64 lines = 0;
    QString reason;
};

class LogWriter
{
public:
    // `onLoss` runs on the writer thread (write errors) or the caller's (a full queue).
    LogWriter(qint64 maxQueuedBytes, std::function<void(const WriteLoss &)> onLoss);
    ~LogWriter(); // writes what is queued, then joins

    // Queues a block. Waits up to `waitMs` for room when the queue is full; false: dropped (and
    // reported through onLoss).
    bool enqueue(WriteJob job, int waitMs);
    // Returns once everything queued before the call has been handed to its sink.
    void drain();

    qint64 queuedBytes() const;
    qint64 maxQueuedBytes() const { return m_maxBytes; }

private:
    void run();

    const qint64 m_maxBytes;
    std::function<void(const WriteLoss &)> m_onLoss;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;  // the writer: work arrived or stop
    std::condition_variable m_room;  // the reader: bytes were taken, or drain progressed
    std::deque<WriteJob> m_queue;
    qint64 m_bytes = 0;
    quint64 m_enqueued = 0;
    quint64 m_written = 0;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace hsu::agent::logs
