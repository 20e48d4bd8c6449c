#include "ResourceHistoryModel.h"

#include <algorithm>

namespace hsu::desktop {

using model::ResourceSample;

ResourceHistoryModel::ResourceHistoryModel(QObject *parent)
    : QObject(parent)
{
}

int ResourceHistoryModel::capacity() const
{
    return int(resolutionSpanMs(m_resolution) / resolutionStepMs(m_resolution));
}

void ResourceHistoryModel::setWorker(const QString &id)
{
    if (id == m_worker)
        return;
    m_worker = id;
    clear();
}

void ResourceHistoryModel::setResolution(Resolution r)
{
    if (r == m_resolution)
        return;
    m_resolution = r;
    // The limits stay: they belong to the worker, not to the resolution.
    m_points.clear();
    m_bucketOpen = false;
    m_hasSnapshot = false;
    updateMaxima();
    Q_EMIT reset();
}

void ResourceHistoryModel::clear()
{
    m_points.clear();
    m_latest.reset();
    m_limits = {};
    m_enforcement.clear();
    m_freezer = false;
    m_hasSnapshot = false;
    m_bucketOpen = false;
    updateMaxima();
    Q_EMIT reset();
}

bool ResourceHistoryModel::applySnapshot(const ResourceSnapshot &snapshot)
{
    if (snapshot.id != m_worker || snapshot.resolution != m_resolution)
        return false;
    // Live points newer than the answer's last one came while it travelled: keep them after it.
    const qint64 lastFetched = snapshot.points.isEmpty() ? 0 : snapshot.points.constLast().timestampMs;
    QList<ResourceSample> newer;
    for (const ResourceSample &p : std::as_const(m_points))
        if (p.timestampMs > lastFetched)
            newer.append(p);
    m_points = snapshot.points;
    m_points.append(newer);
    m_bucketOpen = false; // a bucket cut in two is only a little denser there
    if (snapshot.now && (!m_latest || m_latest->timestampMs < snapshot.now->timestampMs))
        m_latest = snapshot.now;
    m_limits = snapshot.limits;
    m_enforcement = snapshot.enforcement;
    m_freezer = snapshot.freezer;
    m_intervalMs = snapshot.intervalMs;
    m_hasSnapshot = true;
    trim();
    updateMaxima();
    Q_EMIT reset();
    return true;
}

void ResourceHistoryModel::appendLive(const ResourceSample &sample)
{
    if (!m_latest || m_latest->timestampMs < sample.timestampMs)
        m_latest = sample;
    if (!m_points.isEmpty() && sample.timestampMs <= m_points.constLast().timestampMs)
        return; // already in the history (the snapshot had it), or out of order
    const qint64 step = resolutionStepMs(m_resolution);
    if (m_resolution == Resolution::OneSecond) {
        m_points.append(sample);
    } else if (m_bucketOpen && sample.timestampMs - m_bucketStartMs < step) {
        // Running mean of the bucket; the point's time is its newest sample's.
        ResourceSample &b = m_points.last();
        const double n = ++m_bucketCount;
        const auto mean = [n](double avg, double x) { return avg + (x - avg) / n; };
        b.timestampMs = sample.timestampMs;
        b.cpuPercent = mean(b.cpuPercent, sample.cpuPercent);
        b.cpuMachinePercent = mean(b.cpuMachinePercent, sample.cpuMachinePercent);
        b.rssBytes = qint64(mean(double(b.rssBytes), double(sample.rssBytes)));
        b.virtualBytes = qint64(mean(double(b.virtualBytes), double(sample.virtualBytes)));
        b.readBytesPerSec = mean(b.readBytesPerSec, sample.readBytesPerSec);
        b.writeBytesPerSec = mean(b.writeBytesPerSec, sample.writeBytesPerSec);
        b.openFds = qMax(b.openFds, sample.openFds);
        b.threads = qMax(b.threads, sample.threads);
        b.processes = qMax(b.processes, sample.processes);
    } else {
        m_points.append(sample);
        m_bucketOpen = true;
        m_bucketStartMs = sample.timestampMs;
        m_bucketCount = 1;
    }
    trim();
    updateMaxima();
    Q_EMIT appended();
}

void ResourceHistoryModel::trim()
{
    if (m_points.isEmpty())
        return;
    const qint64 oldest = m_points.constLast().timestampMs - spanMs();
    qsizetype drop = 0;
    while (drop < m_points.size() && m_points.at(drop).timestampMs < oldest)
        ++drop;
    drop = qMax(drop, m_points.size() - capacity());
    if (drop > 0)
        m_points.remove(0, drop);
}

void ResourceHistoryModel::updateMaxima()
{
    m_maxCpu = m_maxRss = m_maxIo = 0;
    for (const ResourceSample &p : std::as_const(m_points)) {
        m_maxCpu = std::max(m_maxCpu, p.cpuPercent);
        m_maxRss = std::max(m_maxRss, double(p.rssBytes));
        m_maxIo = std::max({m_maxIo, p.readBytesPerSec, p.writeBytesPerSec});
    }
}

} // namespace hsu::desktop
