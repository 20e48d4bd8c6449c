#pragma once

// One worker's resource history at one resolution, for the Resources tab's charts (no widgets).
//
// Filled from resources.get (applySnapshot: the agent's points of that resolution, oldest first)
// and then by the live samples of resources.samples (appendLive). At 1s a live sample is a point
// of its own; at 10s and 1m the live samples are averaged into a bucket of the resolution's width
// (qBittorrent's speedplotview averagers), the newest bucket shown while it fills.
//
// Bounded twice: never more than span / step points (600, 720, 1440), and nothing older than the
// span before the newest point. The chart reads the points and the per-metric maxima kept here,
// so a repaint does no scan of its own.

#include "ResourceSnapshot.h"

#include <QList>
#include <QObject>

namespace hsu::desktop {

class ResourceHistoryModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceHistoryModel)

public:
    explicit ResourceHistoryModel(QObject *parent = nullptr);

    // A change of worker or resolution empties the history (and keeps the other one).
    void setWorker(const QString &id);
    QString worker() const { return m_worker; }
    void setResolution(Resolution r);
    Resolution resolution() const { return m_resolution; }
    qint64 spanMs() const { return resolutionSpanMs(m_resolution); }
    int capacity() const;

    // A resources.get answer. Ignored (false) when it is for another worker or resolution: the
    // user may have moved on while it travelled.
    bool applySnapshot(const ResourceSnapshot &snapshot);
    // A live sample of this model's worker.
    void appendLive(const model::ResourceSample &sample);
    void clear();

    const QList<model::ResourceSample> &points() const { return m_points; }
    // The newest sample seen (live or "now" of the snapshot), for the figures.
    const std::optional<model::ResourceSample> &latest() const { return m_latest; }
    // The right edge of the time axis: the newest point's time (0 when empty).
    qint64 newestMs() const { return m_points.isEmpty() ? 0 : m_points.constLast().timestampMs; }
    bool hasSnapshot() const { return m_hasSnapshot; }
    const ResourceLimits &limits() const { return m_limits; }
    const QList<EnforcedLimit> &enforcement() const { return m_enforcement; }
    bool freezer() const { return m_freezer; }
    int intervalMs() const { return m_intervalMs; }

    // Maxima over the points held, kept current on every change (the charts' vertical scale).
    double maxCpu() const { return m_maxCpu; }
    double maxRss() const { return m_maxRss; }
    double maxIo() const { return m_maxIo; }

Q_SIGNALS:
    // Everything may have changed (snapshot, worker, resolution, clear).
    void reset();
    // Points were added (or the newest bucket updated) by a live sample.
    void appended();

private:
    void trim();
    void updateMaxima();

    QString m_worker;
    Resolution m_resolution = Resolution::OneSecond;
    // Qt 6's QList drops its first element in O(1) (it moves its start), so trimming the oldest
    // point never shifts the others.
    QList<model::ResourceSample> m_points;
    std::optional<model::ResourceSample> m_latest;
    ResourceLimits m_limits;
    QList<EnforcedLimit> m_enforcement;
    bool m_freezer = false;
    bool m_hasSnapshot = false;
    int m_intervalMs = 2000;
    // The bucket being averaged (10s and 1m): it is the last point while it fills.
    bool m_bucketOpen = false;
    qint64 m_bucketStartMs = 0;
    int m_bucketCount = 0;
    double m_maxCpu = 0;
    double m_maxRss = 0;
    double m_maxIo = 0;
};

} // namespace hsu::desktop
