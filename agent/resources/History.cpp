#include "History.h"

#include <cmath>
#include <limits>

namespace hsu::agent::resources {

namespace {

constexpr qint64 kMinuteMs = 60'000;

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

template<typename T>
T saturate(qint64 v)
{
    return T(qBound<qint64>(0, v, qint64(std::numeric_limits<T>::max())));
}

} // namespace

History::History(std::chrono::milliseconds retention)
{
    const qint64 minutes = qMax<qint64>(1, (qint64(retention.count()) + kMinuteMs - 1) / kMinuteMs);
    const qsizetype sizes[3] = {600, 720, qsizetype(minutes)};
    for (int i = 0; i < 3; ++i) {
        Level &l = m_levels[size_t(i)];
        l.bucketMs = bucketMs(Resolution(i));
        l.capacity = sizes[i];
    }
}

qint64 History::bucketMs(Resolution r)
{
    switch (r) {
    case Resolution::Seconds1: return 1'000;
    case Resolution::Seconds10: return 10'000;
    case Resolution::Minute1: return kMinuteMs;
    }
    return kMinuteMs;
}

qsizetype History::capacity(Resolution r) const
{
    return m_levels[size_t(r)].capacity;
}

qsizetype History::slotOf(const Level &level, qint64 bucket)
{
    return qsizetype((bucket - level.base) % qint64(level.capacity));
}

std::optional<History::Resolution> History::resolutionFromName(const QString &name)
{
    if (name == QLatin1String("1s"))
        return Resolution::Seconds1;
    if (name == QLatin1String("10s"))
        return Resolution::Seconds10;
    if (name == QLatin1String("1m"))
        return Resolution::Minute1;
    return std::nullopt;
}

QString History::resolutionName(Resolution r)
{
    switch (r) {
    case Resolution::Seconds1: return QStringLiteral("1s");
    case Resolution::Seconds10: return QStringLiteral("10s");
    case Resolution::Minute1: return QStringLiteral("1m");
    }
    return {};
}

void History::fold(Bucket &b, const model::ResourceSample &s)
{
    ++b.count;
    b.cpu += s.cpuPercent;
    b.cpuMachine += s.cpuMachinePercent;
    b.readBps += s.readBytesPerSec;
    b.writeBps += s.writeBytesPerSec;
    b.rss = qMax(b.rss, s.rssBytes);
    b.vms = qMax(b.vms, s.virtualBytes);
    b.fds = qMax(b.fds, s.openFds);
    b.threads = qMax(b.threads, s.threads);
    b.processes = qMax(b.processes, s.processes);
}

History::Point History::toPoint(const Bucket &b)
{
    const double n = qMax(b.count, 1);
    Point p;
    p.cpu = float(b.cpu / n);
    p.cpuMachine = float(b.cpuMachine / n);
    p.readBps = float(b.readBps / n);
    p.writeBps = float(b.writeBps / n);
    p.rssKiB = float(double(b.rss) / 1024.0);
    p.vmsKiB = float(double(b.vms) / 1024.0);
    p.fds = saturate<quint32>(b.fds);
    p.threads = saturate<quint16>(b.threads);
    p.processes = saturate<quint16>(b.processes);
    return p;
}

model::ResourceSample History::fromPoint(const Point &p, qint64 timestampMs)
{
    model::ResourceSample s;
    s.timestampMs = timestampMs;
    s.cpuPercent = p.cpu;
    s.cpuMachinePercent = p.cpuMachine;
    s.readBytesPerSec = p.readBps;
    s.writeBytesPerSec = p.writeBps;
    s.rssBytes = qint64(std::llround(double(p.rssKiB) * 1024.0));
    s.virtualBytes = qint64(std::llround(double(p.vmsKiB) * 1024.0));
    s.openFds = int(qMin<quint32>(p.fds, quint32(std::numeric_limits<int>::max())));
    s.threads = p.threads;
    s.processes = p.processes;
    return s;
}

void History::close(Level &level)
{
    const qint64 idx = level.open->index;
    if (level.base < 0)
        level.base = idx;
    // Grow the ring to cover every bucket up to this one (geometrically, never past capacity).
    const qsizetype need = qsizetype(qMin<qint64>(level.capacity, idx - level.base + 1));
    if (need > qsizetype(level.slots.size())) {
        if (size_t(need) > level.slots.capacity())
            level.slots.reserve(size_t(qMin(level.capacity, qMax<qsizetype>(need, 2 * qsizetype(level.slots.capacity())))));
        Point empty;
        empty.cpu = std::numeric_limits<float>::quiet_NaN();
        level.slots.resize(size_t(need), empty);
    }
    if (level.newest >= 0) {
        // Buckets no sample fell in since the newest point become empty slots (at most a lap).
        const qint64 from = qMax(level.newest + 1, idx - qint64(level.capacity) + 1);
        for (qint64 b = from; b < idx; ++b)
            level.slots[size_t(slotOf(level, b))].cpu = std::numeric_limits<float>::quiet_NaN();
    }
    level.slots[size_t(slotOf(level, idx))] = toPoint(*level.open);
    level.newest = idx;
}

void History::add(const model::ResourceSample &sample)
{
    m_latest = sample;
    for (Level &level : m_levels) {
        const qint64 bucket = floorDiv(sample.timestampMs, level.bucketMs);
        if (level.open && bucket > level.open->index) {
            close(level);
            level.open.reset();
        }
        if (!level.open)
            level.open = Bucket{bucket};
        // A sample older than the open bucket (the wall clock stepped back) joins the open bucket,
        // so the history keeps going rather than dropping samples until the clock catches up.
        fold(*level.open, sample);
    }
}

QList<model::ResourceSample> History::points(Resolution r, qint64 sinceMs) const
{
    QList<model::ResourceSample> out;
    const Level &level = m_levels[size_t(r)];
    if (level.newest < 0)
        return out;
    // First bucket starting at or after sinceMs (and held: within a lap, not before the first).
    const qint64 sinceBucket = -floorDiv(-sinceMs, level.bucketMs);
    const qint64 first = qMax(qMax(level.newest - qint64(level.capacity) + 1, level.base), sinceBucket);
    if (first > level.newest)
        return out;
    out.reserve(qsizetype(level.newest - first + 1));
    for (qint64 b = first; b <= level.newest; ++b) {
        const Point &p = level.slots[size_t(slotOf(level, b))];
        if (!std::isnan(p.cpu))
            out.append(fromPoint(p, b * level.bucketMs));
    }
    return out;
}

qsizetype History::memoryBytes() const
{
    qsizetype bytes = sizeof(History);
    for (const Level &level : m_levels)
        bytes += qsizetype(level.slots.capacity() * sizeof(Point));
    return bytes;
}

qsizetype History::maxBytes() const
{
    qsizetype bytes = sizeof(History);
    for (const Level &level : m_levels)
        bytes += level.capacity * qsizetype(sizeof(Point));
    return bytes;
}

} // namespace hsu::agent::resources
