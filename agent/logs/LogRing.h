#pragma once

// The last lines of one worker, kept in memory so a client that opens the log view (or asks for a
// tail) gets recent output at once, without reading files back. Bounded: a chatty worker costs a
// fixed amount of memory. Written by the reader thread, read by the IPC thread, hence the mutex.

#include "LogLine.h"

#include <QList>
#include <QMutex>

#include <optional>
#include <vector>

namespace hsu::agent::logs {

class LogRing final
{
public:
    explicit LogRing(int capacity = 1000);

    void append(const LogLine &line);
    void append(LogLine &&line);

    // Keeps the newest lines that still fit; 0 keeps none (counting goes on).
    void setCapacity(int capacity);
    int capacity() const;

    // The last n lines (of `stream` only, when given), oldest first.
    QList<LogLine> tail(int n, std::optional<Stream> stream = {}) const;

    int size() const;
    qint64 totalAppended() const; // every line ever appended, including those pushed out

private:
    template<typename L>
    void appendLocked(L &&line);
    // The i-th oldest line held; the caller holds the lock.
    const LogLine &at(int i) const { return m_slots[size_t((m_start + i) % int(m_slots.size()))]; }

    mutable QMutex m_mutex;
    std::vector<LogLine> m_slots; // grows up to m_capacity, then is overwritten in a circle
    int m_start = 0;              // index of the oldest line once the buffer is full
    int m_capacity = 0;
    qint64 m_total = 0;
};

} // namespace hsu::agent::logs
