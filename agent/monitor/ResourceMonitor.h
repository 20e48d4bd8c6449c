#pragma once

// Every worker's resources, on one schedule: each worker in its own cgroup where the machine allows
// it (so stops reach its whole tree), its limits planned onto the kernel (LimitPlan) and the rest
// watched; every monitoring.interval its tree is sampled on a sampling thread (procfs reads never
// run on the supervision thread), kept in multi-resolution History, judged by its LimitEnforcer,
// and published in one resources.samples batch.

#include "LimitEnforcer.h"

#include "agent/core/ResourceControl.h"
#include "agent/limits/CgroupSystem.h"
#include "agent/limits/LimitPlan.h"
#include "agent/limits/WorkerCgroup.h"
#include "agent/resources/History.h"
#include "shared/model/ResourceReport.h"
#include "shared/model/ResourceSample.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace hsu::agent {
class Supervisor;
class Worker;
}

namespace hsu::agent::metrics {
class MetricsStore;
}

namespace hsu::agent::monitor {

class SamplingThread;

class ResourceMonitor final : public QObject, public ResourceControl
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceMonitor)
public:
    struct Options
    {
        bool useCgroups = true; // false: process group + scan only (tests of the fallback)
        int cgroupVersion = 0;  // 1 or 2: only that version's hierarchies (0: every usable one)
    };
    ResourceMonitor(Supervisor &supervisor, Options options, QObject *parent = nullptr);
    ~ResourceMonitor() override;

    // Before any worker is set up: the machine's cgroup hierarchies, what a crashed agent left.
    void prepare();
    // Each worker's cgroups, child limits, tree and sampler entry, before its first start (at the
    // agent's start, before start(); a reload's, while sampling runs).
    void addWorkers(const std::vector<Worker *> &workers);
    // Sampling begins.
    void start();
    // After the worker has stopped for good (a reload took it out, or replaces it): its sampling
    // ends, its cgroup goes. Before the Worker itself is deleted.
    void removeWorker(const QString &id);
    // Whether a reload can move the worker's limits to `next`'s on its running process: the
    // same rlimits and nice (fixed at exec), and every cgroup value that changes has its
    // controller in the worker's cgroup (ResourceMonitorLimits.cpp).
    bool canChangeLimitsInPlace(const QString &id, const config::WorkerSpec &next) const;
    // A reload changed the worker's spec in place (Worker::applyLive): the cgroup values that
    // differ are written, the watch (thresholds, policies, times, interval) is set up anew.
    void specChanged(const QString &id);
    // After every worker has stopped: the cgroups go. `leaveWorkers`: the agent leaves its workers
    // running for the next one; sampling stops and their cgroups stay as they are.
    void finish(bool leaveWorkers = false);

    // ResourceControl
    std::optional<QJsonObject> resources(const QString &id, const QString &resolution, qint64 sinceMs,
                                         QString *error) const override;
    QJsonObject doctor() const override;

    // Which backends are active, for hello's capabilities ("cgroup-v1", "cgroup-v2", "rlimit", "nice").
    QStringList backends() const override;
    qsizetype historyBytes() const;
    // Asked each round: does anyone follow resources.samples? (No: the batch is not even built.)
    void setPublishing(bool on) { m_publish = on; }
    // Every round's samples (and the agent's own resident memory) go to `store` too, from the
    // sampling thread. Before start().
    void setMetrics(metrics::MetricsStore *store) { m_metrics = store; }

Q_SIGNALS:
    void samples(const QJsonObject &samplesById);
    void violation(const QJsonObject &event);

private:
    // Shared with the sampling thread: what is under `lock`, and the immutable rest (set in
    // prepare()). Everything else is the supervision thread's.
    struct Entry
    {
        QMutex lock;
        // guarded by lock
        qint64 pid = 0;       // mirrored from the Worker on every state change
        qint64 standbyPid = 0; // its Standby, a member of its cgroup that is not the worker's
        bool running = false;
        Worker *worker = nullptr;
        QString id;
        std::shared_ptr<limits::WorkerCgroup> cgroup;
        QByteArray procsFile; // the cgroup's membership file, resolved once
        QByteArray countFile; // its pids.current, for reusing the member list while nothing changed
        bool procsKeepOpen = false; // a v2 file (see SamplingThread::members)
        limits::LimitPlan plan;
        config::LimitsSpec limits; // what plan and enforcer were made from
        std::unique_ptr<LimitEnforcer> enforcer;
        std::unique_ptr<resources::History> history;
        qint64 intervalMs = 2000;
        qint64 lastSampleMs = 0; // sampling thread only
        qint64 lastPid = 0;      // sampling thread only
        qint64 oomKills = 0;
        bool enabled = true;
        bool exactSampling = false; // a limit watches its descriptors or I/O: read them every round
        // CPU throttling where no quota exists: SIGSTOP / SIGCONT, running this share of every
        // 100 ms (1: not throttled).
        double runShare = 1.0;
        QTimer *duty = nullptr;
        bool stopped = false;
        std::atomic<bool> throttled{false}; // the sampling thread hands every sample over then
    };
    // Sampling thread: one round over every due worker. The supervision thread is woken only for
    // what needs it (an event, an action, a listener, a throttled worker): an idle agent with a
    // hundred workers does not wake its main loop to sample them (it polls every process's pidfd).
    void round();
    // The agent's own resident memory, from /proc/self/statm through a kept descriptor (sampling thread).
    void recordAgentMemory();
    // Entries for these workers (cgroups, limits, enforcer), not yet walked by the sampling rounds.
    std::vector<Entry *> addEntries(const std::vector<Worker *> &workers);
    // Makes them part of the rounds: on the sampling thread once it runs.
    void publish(const std::vector<Entry *> &entries);
    struct Handover
    {
        Entry *entry = nullptr;
        model::ResourceSample sample;
        EnforcerDecision decision;
    };
    // The watch over an entry's plan: kernel-enforced list, enforcer, interval, the OOM explainer.
    void configureWatch(Entry &e, const config::WorkerSpec &spec);
    // The smallest interval of the entries that sample, for the sampling thread's timer.
    void retime();
    void onRound(const QList<Handover> &items, const QJsonObject &samples);
    void mirror(Entry &e);
    void act(Entry &e, const EnforcerDecision &d, const model::ResourceSample &sample);
    void throttleCpu(Entry &e, double measured, double limit);
    void dutyStep(Entry &e);
    void signalTree(Entry &e, int sig);
    model::ResourceLimits limitsOf(const Entry &e) const;
    static QList<model::EnforcedLimit> enforcementOf(const Entry &e);

    Supervisor &m_supervisor;
    Options m_options;
    limits::CgroupSystem m_system;
    std::map<QString, Entry> m_entries; // Entry holds unique_ptrs: not a QHash value
    QStringList m_order;
    std::vector<Entry *> m_sequence;   // m_entries in config order, for the per-round walk
    QHash<QString, Entry *> m_index;   // id -> entry, without QString comparisons
    QThread m_thread;
    SamplingThread *m_sampler = nullptr; // lives on m_thread
    QByteArray m_groupCountFile; // pids.current over every worker's cgroup; empty: none
    limits::CgroupOffer m_offer;  // what prepare() found, for every worker set up
    bool m_haveCgroups = false;
    bool m_v2Membership = false;
    int m_intervalMs = 2000;
    QTimer *m_threadTimer = nullptr; // lives on m_thread
    std::atomic<bool> m_publish{false};
    metrics::MetricsStore *m_metrics = nullptr;
    int m_statmFd = -1; // sampling thread only
    QStringList m_problems;

};

} // namespace hsu::agent::monitor
