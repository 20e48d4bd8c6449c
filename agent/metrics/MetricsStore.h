#pragma once

// What the Prometheus endpoint (MetricsServer) and `metrics.get` report, kept as it happens: the
// supervision thread records state changes, restarts, health check runs, violations and reloads;
// the sampling thread records each round's samples; the log counters are read from the log
// reader's own atomics. A scrape takes one copy of it under the lock and renders that copy on the
// scraping thread (MetricsText.h): it never reads /proc and never waits for the supervision thread.

#include "shared/model/ResourceSample.h"
#include "shared/model/WorkerStatus.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <functional>
#include <map>
#include <vector>

namespace hsu::agent::metrics {

// Upper bounds (seconds) of the health check duration histogram: a local check answers in well
// under a millisecond; a slow one is cut off by its timeout (seconds).
inline constexpr std::array<double, 12> kHealthBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,   0.25,   0.5,   1,    2.5,   5};
inline constexpr int kStateCount = 10;  // model::WorkerState's values
inline constexpr int kCauseCount = 4;   // exit, resource, health (RestartCause's order), user

// A worker's line counts, read at scrape time from counters the log reader keeps (thread-safe).
struct LogCounts
{
    qint64 lines = 0;
    qint64 dropped = 0;
};
using LogCounter = std::function<LogCounts()>;

// One worker, as the store holds it.
struct WorkerMetrics
{
    QByteArray id;   // label values, escaped once when the worker is added
    QByteArray name;
    QByteArray type;
    int state = 0; // model::WorkerState
    qint64 pid = 0;
    double startTime = 0; // the current process's start, seconds since the epoch; 0: none
    std::array<qint64, kCauseCount> restarts{};
    // Resources: cumulative ones integrated over the samples (rate x interval), for as long as the
    // agent has the worker; gauges from the last sample of the current process.
    bool sampled = false; // a sample of the current process exists
    qint64 lastSampleMs = 0;
    double cpuSeconds = 0;
    double readBytes = 0;
    double writeBytes = 0;
    qint64 rss = 0;
    qint64 vms = 0;
    int fds = 0;
    int processes = 0;
    // Health: the check's verdict (empty: no check), its runs' durations.
    QByteArray health;
    std::array<quint64, kHealthBuckets.size()> buckets{}; // not cumulative here; the text is
    quint64 checks = 0;
    double checkSeconds = 0;
    // Violations by (resource, policy).
    std::map<std::pair<QByteArray, QByteArray>, quint64> violations;
    LogCounter logs;
};

struct AgentMetrics
{
    double startTime = 0;
    qint64 reloadsOk = 0;
    qint64 reloadsFailed = 0;
    qint64 rss = 0; // sampled with the workers (its own statm)
};

// A consistent copy for one scrape.
struct Snapshot
{
    AgentMetrics agent;
    std::vector<WorkerMetrics> workers; // in the order they were added
};

class MetricsStore final
{
    Q_DISABLE_COPY_MOVE(MetricsStore)
public:
    MetricsStore();

    // Supervision thread. addWorker of a known id takes its new name and type, keeps its counts.
    void addWorker(const QString &id, const QString &name, const QString &type, LogCounter logs);
    void removeWorker(const QString &id);
    void setStatus(const model::WorkerStatus &status, const std::array<qint64, kCauseCount> &restarts);
    void recordHealthCheck(const QString &id, qint64 latencyMs);
    void recordViolation(const QString &id, const QString &resource, const QString &policy);
    void recordReload(bool ok);
    // Sampling thread: one round's samples (trees whose processes are all gone are left out).
    void recordSamples(const QHash<QString, model::ResourceSample> &samples);
    void recordAgentRss(qint64 bytes);

    // Any thread.
    Snapshot snapshot() const;

    // `s` made safe inside a label value: backslash, double quote and newline escaped.
    static QByteArray escapeLabel(const QString &s);

private:
    WorkerMetrics *find(const QString &id); // under m_lock

    mutable QMutex m_lock;
    AgentMetrics m_agent;
    std::vector<WorkerMetrics> m_workers;
    QHash<QString, qsizetype> m_index; // id -> position in m_workers
};

} // namespace hsu::agent::metrics
