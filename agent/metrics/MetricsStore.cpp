#include "MetricsStore.h"

#include "shared/model/WorkerState.h"

#include <QDateTime>

#include <algorithm>

namespace hsu::agent::metrics {

MetricsStore::MetricsStore()
{
    m_agent.startTime = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

QByteArray MetricsStore::escapeLabel(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (char c : utf8) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

WorkerMetrics *MetricsStore::find(const QString &id)
{
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? nullptr : &m_workers[size_t(*it)];
}

void MetricsStore::addWorker(const QString &id, const QString &name, const QString &type, LogCounter logs)
{
    QMutexLocker lock(&m_lock);
    if (WorkerMetrics *known = find(id)) { // a reload changed it in place: its counters go on
        known->name = escapeLabel(name.isEmpty() ? id : name);
        known->type = escapeLabel(type);
        if (logs)
            known->logs = std::move(logs);
        return;
    }
    WorkerMetrics w;
    w.id = escapeLabel(id);
    w.name = escapeLabel(name.isEmpty() ? id : name);
    w.type = escapeLabel(type);
    w.logs = std::move(logs);
    m_index.insert(id, qsizetype(m_workers.size()));
    m_workers.push_back(std::move(w));
}

void MetricsStore::removeWorker(const QString &id)
{
    QMutexLocker lock(&m_lock);
    const auto it = m_index.constFind(id);
    if (it == m_index.cend())
        return;
    m_workers.erase(m_workers.begin() + *it);
    m_index.clear();
    for (size_t i = 0; i < m_workers.size(); ++i)
        m_index.insert(QString::fromUtf8(m_workers[i].id), qsizetype(i)); // ids need no escaping
}

void MetricsStore::setStatus(const model::WorkerStatus &status, const std::array<qint64, kCauseCount> &restarts)
{
    QMutexLocker lock(&m_lock);
    WorkerMetrics *w = find(status.id);
    if (!w)
        return;
    w->state = int(status.state);
    if (status.pid != w->pid) {
        // Another process (or none): its gauges start over; the counters go on.
        w->pid = status.pid;
        w->sampled = false;
        w->lastSampleMs = 0;
    }
    w->startTime = status.pid > 0 && status.startedAt.isValid() ? double(status.startedAt.toMSecsSinceEpoch()) / 1000.0 : 0;
    w->restarts = restarts;
    w->health = status.health.toUtf8();
}

void MetricsStore::recordHealthCheck(const QString &id, qint64 latencyMs)
{
    QMutexLocker lock(&m_lock);
    WorkerMetrics *w = find(id);
    if (!w)
        return;
    const double seconds = double(std::max<qint64>(0, latencyMs)) / 1000.0;
    const auto bucket = std::lower_bound(kHealthBuckets.begin(), kHealthBuckets.end(), seconds);
    if (bucket != kHealthBuckets.end())
        ++w->buckets[size_t(bucket - kHealthBuckets.begin())];
    ++w->checks;
    w->checkSeconds += seconds;
}

void MetricsStore::recordViolation(const QString &id, const QString &resource, const QString &policy)
{
    QMutexLocker lock(&m_lock);
    if (WorkerMetrics *w = find(id))
        ++w->violations[{escapeLabel(resource), escapeLabel(policy)}];
}

void MetricsStore::recordReload(bool ok)
{
    QMutexLocker lock(&m_lock);
    ++(ok ? m_agent.reloadsOk : m_agent.reloadsFailed);
}

void MetricsStore::recordSamples(const QHash<QString, model::ResourceSample> &samples)
{
    QMutexLocker lock(&m_lock);
    for (auto it = samples.cbegin(); it != samples.cend(); ++it) {
        WorkerMetrics *w = find(it.key());
        const model::ResourceSample &s = *it;
        if (!w || s.processes == 0)
            continue;
        // Rates cover the time since the tree's previous sample; the first one of a process has
        // none (the sampler reports 0 then).
        if (w->sampled && s.timestampMs > w->lastSampleMs) {
            const double seconds = double(s.timestampMs - w->lastSampleMs) / 1000.0;
            w->cpuSeconds += s.cpuPercent / 100.0 * seconds;
            w->readBytes += s.readBytesPerSec * seconds;
            w->writeBytes += s.writeBytesPerSec * seconds;
        }
        w->sampled = true;
        w->lastSampleMs = s.timestampMs;
        w->rss = s.rssBytes;
        w->vms = s.virtualBytes;
        w->fds = s.openFds;
        w->processes = s.processes;
    }
}

void MetricsStore::recordAgentRss(qint64 bytes)
{
    QMutexLocker lock(&m_lock);
    m_agent.rss = bytes;
}

Snapshot MetricsStore::snapshot() const
{
    QMutexLocker lock(&m_lock);
    return Snapshot{m_agent, m_workers};
}

} // namespace hsu::agent::metrics
