#pragma once

// One worker's resource history at three resolutions, like a speed graph's averagers: 1 s points
// for 10 minutes, 10 s points for 2 hours, 1 min points for monitoring.history_retention (24 h by
// default). Fed with every sample at whatever interval the sampler runs; each level folds the
// samples of one bucket (a whole second, ten seconds, minute of the sample timestamps) into one
// point, appended when a later sample opens a later bucket:
//  - CPU and I/O rates are averaged (they already are averages over their interval);
//  - rss, vms, fds, threads and processes keep the maximum, so a short spike stays visible in the
//    coarse levels.
// A point's timestamp is its bucket's start.
//
// Memory is bounded: each level is a ring with one 32-byte slot per bucket of its span (slot =
// buckets since the level's first point, modulo capacity; a bucket with no sample — the sampler
// runs every 2 s, or the worker was stopped — is an empty slot (NaN CPU), skipped by points()).
// A ring grows with the points it holds up to its capacity, so a worker that never ran costs
// nothing and a thousand freshly started ones do not touch 88 MB at once. 600 + 720 + 1440 slots
// at the default 24 h retention: 88,320 bytes of points per worker once full (maxBytes()).
// rss and vms are kept as float KiB (exact to 16 GiB, 7 significant digits above), the rates as
// float, counts saturate at their type's maximum (fds 2^32-1, threads and processes 65535).
// Not thread-safe: the owner serialises access.

#include "shared/model/ResourceSample.h"

#include <QList>
#include <QString>

#include <array>
#include <chrono>
#include <optional>
#include <vector>

namespace hsu::agent::resources {

class History final
{
public:
    enum class Resolution { Seconds1, Seconds10, Minute1 };

    explicit History(std::chrono::milliseconds retention = std::chrono::hours(24));

    void add(const model::ResourceSample &sample);

    // The closed points of one level, oldest first; with sinceMs, only those whose bucket starts at
    // or after it.
    QList<model::ResourceSample> points(Resolution r, qint64 sinceMs = 0) const;

    // The last sample added, as it came (a zero sample before the first).
    model::ResourceSample latest() const { return m_latest; }

    // What this history holds in memory now, and what it will hold once every level is full (the
    // bound: memoryBytes() never exceeds it).
    qsizetype memoryBytes() const;
    qsizetype maxBytes() const;

    // Buckets a level can hold (600, 720, retention in minutes).
    qsizetype capacity(Resolution r) const;
    static qint64 bucketMs(Resolution r);

    static std::optional<Resolution> resolutionFromName(const QString &name); // "1s", "10s", "1m"
    static QString resolutionName(Resolution r);

private:
    struct Point // 32 bytes
    {
        float cpu = 0; // NaN: no sample fell in this bucket
        float cpuMachine = 0;
        float readBps = 0;
        float writeBps = 0;
        float rssKiB = 0;
        float vmsKiB = 0;
        quint32 fds = 0;
        quint16 threads = 0;
        quint16 processes = 0;
    };
    struct Bucket // the open bucket's running sums and maxima
    {
        qint64 index = 0;
        int count = 0;
        double cpu = 0;
        double cpuMachine = 0;
        double readBps = 0;
        double writeBps = 0;
        qint64 rss = 0;
        qint64 vms = 0;
        int fds = 0;
        int threads = 0;
        int processes = 0;
    };
    struct Level
    {
        qint64 bucketMs = 0;
        qsizetype capacity = 0;   // slots at most
        std::vector<Point> slots; // grows to capacity; slot = (bucket - base) % capacity; cpu NaN = empty
        qint64 base = -1;         // bucket index of the first closed point (slot 0)
        qint64 newest = -1;       // bucket index of the newest closed point; -1: none yet
        std::optional<Bucket> open;
    };

    static void fold(Bucket &b, const model::ResourceSample &s);
    static void close(Level &level);
    static qsizetype slotOf(const Level &level, qint64 bucket);
    static Point toPoint(const Bucket &b);
    static model::ResourceSample fromPoint(const Point &p, qint64 timestampMs);

    std::array<Level, 3> m_levels;
    model::ResourceSample m_latest;
};

} // namespace hsu::agent::resources
