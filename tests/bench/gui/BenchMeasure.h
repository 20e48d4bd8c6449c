#pragma once

// What the GUI benchmark programs (gui_latency, editor_latency) both measure with.

#include <QByteArray>
#include <QFile>

#include <algorithm>
#include <vector>

namespace hsu::bench {

// The p-th percentile (0..100) of `v`, nearest rank; 0 for no values.
inline double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5));
    return v[i];
}

// This process's resident set, from /proc/self/status; 0 where it cannot be read.
inline qint64 rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

} // namespace hsu::bench
