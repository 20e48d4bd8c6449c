#include "LogRing.h"

#include <QMutexLocker>

#include <algorithm>

namespace hsu::agent::logs {

LogRing::LogRing(int capacity)
    : m_capacity(qMax(capacity, 0))
{
}

template<typename L>
void LogRing::appendLocked(L &&line)
{
    ++m_total;
    if (m_capacity == 0)
        return;
    if (int(m_slots.size()) < m_capacity) {
        m_slots.push_back(std::forward<L>(line));
        return;
    }
    // Full: the oldest slot takes the new line (its storage is reused by the move/copy assignment).
    m_slots[size_t(m_start)] = std::forward<L>(line);
    m_start = (m_start + 1) % m_capacity;
}

void LogRing::append(const LogLine &line)
{
    QMutexLocker lock(&m_mutex);
    appendLocked(line);
}

void LogRing::append(LogLine &&line)
{
    QMutexLocker lock(&m_mutex);
    appendLocked(std::move(line));
}

void LogRing::setCapacity(int capacity)
{
    capacity = qMax(capacity, 0);
    QMutexLocker lock(&m_mutex);
    if (capacity == m_capacity)
        return;
    // Straighten the circle so the oldest line is first, then drop from the front.
    std::rotate(m_slots.begin(), m_slots.begin() + m_start, m_slots.end());
    m_start = 0;
    if (int(m_slots.size()) > capacity)
        m_slots.erase(m_slots.begin(), m_slots.end() - capacity);
    m_capacity = capacity;
}

int LogRing::capacity() const
{
    QMutexLocker lock(&m_mutex);
    return m_capacity;
}

QList<LogLine> LogRing::tail(int n, std::optional<Stream> stream) const
{
    QList<LogLine> out;
    QMutexLocker lock(&m_mutex);
    const int held = int(m_slots.size());
    if (n <= 0 || held == 0)
        return out;
    if (!stream) {
        const int count = qMin(n, held);
        out.reserve(count);
        for (int i = held - count; i < held; ++i)
            out.append(at(i));
        return out;
    }
    // Walk back from the newest to find where the n matching lines begin, then copy forwards.
    int first = held;
    for (int i = held - 1, found = 0; i >= 0 && found < n; --i) {
        if (at(i).stream == *stream) {
            first = i;
            ++found;
        }
    }
    for (int i = first; i < held; ++i)
        if (at(i).stream == *stream)
            out.append(at(i));
    return out;
}

int LogRing::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_slots.size());
}

qint64 LogRing::totalAppended() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

} // namespace hsu::agent::logs
