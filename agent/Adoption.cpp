#include "Adoption.h"

#include "agent/core/Supervisor.h"
#include "agent/core/Worker.h"
#include "agent/process/AdoptedProcess.h"
#include "agent/process/ProcessTree.h"
#include "shared/config/ConfigDiff.h"
#include "shared/config/YamlLoader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

#include <csignal>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcAdoption, "hsu.agent.adoption")

namespace hsu::agent {

// A record whose process still runs, held by a pidfd from the moment it was checked.
struct Adoption::Candidate
{
    state::WorkerRecord record;
    int pidfd = -1;
    ~Candidate()
    {
        if (pidfd >= 0)
            ::close(pidfd);
    }
    int take() { return std::exchange(pidfd, -1); }
};

Adoption::Adoption(const QString &stateDir, Supervisor &supervisor, QObject *parent)
    : QObject(parent)
    , m_store(stateDir)
    , m_supervisor(supervisor)
{
}

Adoption::~Adoption() = default;

void Adoption::examine()
{
    m_examined = std::async(std::launch::async, [this] {
        const QHash<QString, state::WorkerRecord> records = m_store.load();
        for (const state::WorkerRecord &r : records) {
            const int fd = AdoptedProcess::openIfSame(r.pid, r.startTime);
            if (fd < 0) {
                // Gone, or the pid belongs to another program now: nothing of it to take back.
                qCInfo(lcAdoption).noquote() << r.id << ": the process" << r.pid << "an earlier agent recorded is gone";
                m_store.remove(r.id);
                ++m_stale;
                continue;
            }
            auto c = std::make_shared<Candidate>();
            c->record = r;
            c->pidfd = fd;
            m_candidates.insert(r.id, c);
        }
    });
}

void Adoption::waitExamined()
{
    if (m_examined.valid())
        m_examined.get();
}

quint16 Adoption::recordedPort(const QString &id)
{
    waitExamined();
    const auto c = m_candidates.constFind(id);
    return c == m_candidates.cend() ? 0 : (*c)->record.integratedPort;
}

Adoption::Summary Adoption::adopt()
{
    QElapsedTimer timer;
    timer.start();
    waitExamined();
    Summary sum;
    sum.stale = m_stale;
    // The specs the recorded processes were started from, to tell which ones changed meanwhile.
    std::optional<config::Config> before;
    QString beforeDigest;
    bool fileUnchanged = false;
    if (const auto running = m_store.runningConfig(); running && !m_candidates.isEmpty()) {
        beforeDigest = running->digest;
        // The same text as then (the usual case: a crash, an upgrade): no spec changed, and a
        // thousand workers' config is not parsed a second time.
        QFile file(m_supervisor.configPath());
        fileUnchanged = file.open(QIODevice::ReadOnly) && state::StateStore::digestOf(file.readAll()) == beforeDigest
            && running->path == m_supervisor.configPath();
        if (!fileUnchanged) {
            const config::LoadResult loaded = config::YamlLoader::loadData(running->text, running->path);
            if (loaded.ok())
                before = *loaded.config;
        }
    }
    QSet<QString> adopted;
    const auto candidates = std::exchange(m_candidates, {});
    for (const std::shared_ptr<Candidate> &c : candidates) {
        const state::WorkerRecord &r = c->record;
        Worker *w = m_supervisor.workerObject(r.id);
        if (w && w->isUnmanaged()) {
            m_store.remove(r.id); // not the agent's: its search finds it again
            continue;
        }
        if (!w) {
            // Its worker left the file while no agent ran: it must not run on unwatched.
            auto owned = std::make_unique<Candidate>();
            owned->record = r;
            owned->pidfd = c->take();
            endOrphan(std::move(owned));
            ++sum.ended;
            continue;
        }
        QStringList changed;
        const bool sameText = !beforeDigest.isEmpty() && r.configDigest == beforeDigest;
        if (!(sameText && fileUnchanged)) {
            const config::WorkerSpec *old = sameText && before ? before->worker(r.id) : nullptr;
            if (!old)
                changed << QStringLiteral("(the spec it was started from is not known)");
            else
                changed = config::diffWorker(*old, w->spec()).restartKeys;
        }
        const QString reason = QStringLiteral("re-adopted from an earlier agent (pid %1, started %2)")
                                   .arg(r.pid)
                                   .arg(r.startedAt.toLocalTime().toString(Qt::ISODate));
        w->adopt(r.pid, c->take(), r.startedAt, r.restarts, reason);
        adopted.insert(r.id);
        // On disk already: not written again unless it changes.
        m_written.insert(r.id, Written{r.pid, r.startTime, r.restarts, w->state(), r.startedAt.toMSecsSinceEpoch(),
                                       r.configDigest, r.integratedPort});
        if (r.state == QLatin1String("paused"))
            w->pause(); // still frozen (or stopped): say so
        if (!changed.isEmpty() || !w->spec().enabled) {
            qCInfo(lcAdoption).noquote() << r.id << "changed while no agent ran (" << changed.join(QStringLiteral(", "))
                                         << "): restarting it with its new spec";
            if (w->spec().enabled)
                w->restart();
            else
                w->stop();
            ++sum.restarted;
        } else {
            ++sum.adopted;
        }
    }
    // A worker started anew must not find an earlier copy beside it: what is in its cgroup now was
    // left by an agent that died before it recorded it (or by a process that forked and left).
    for (Worker *w : m_supervisor.workerObjects()) {
        if (adopted.contains(w->id()) || !w->tree())
            continue;
        const QList<qint64> left = w->treePids();
        if (left.isEmpty())
            continue;
        qCWarning(lcAdoption).noquote() << w->id() << ": ending" << left.size()
                                        << "processes an earlier agent left in its cgroup";
        w->tree()->killAll();
        sum.leftovers += int(left.size());
    }
    sum.ms = timer.elapsed();
    qCInfo(lcAdoption).noquote() << QStringLiteral("re-adoption: %1 adopted, %2 restarted (changed), %3 ended (removed), "
                                                   "%4 gone, %5 leftovers ended, %6 ms")
                                        .arg(sum.adopted)
                                        .arg(sum.restarted)
                                        .arg(sum.ended)
                                        .arg(sum.stale)
                                        .arg(sum.leftovers)
                                        .arg(sum.ms);
    return sum;
}

void Adoption::endOrphan(std::unique_ptr<Candidate> c)
{
    const state::WorkerRecord r = c->record;
    m_store.remove(r.id);
    qCInfo(lcAdoption).noquote() << r.id << "is no longer in the config: stopping its process" << r.pid;
    // Graceful first, as a stop would be; the group (the worker leads its own), then the rest.
    auto *p = new AdoptedProcess(r.pid, c->take(), r.pid, this);
    connect(p, &ProcessHandle::finished, p, &QObject::deleteLater);
    p->signalGroup(SIGTERM);
    QTimer::singleShot(std::chrono::seconds(10), p, [p] { p->signalGroup(SIGKILL); });
}

void Adoption::startRecording(const QByteArray &configText, const QString &configPath)
{
    m_recording = true;
    m_writer = std::make_unique<state::RecordWriter>(m_store);
    m_digest = state::StateStore::digestOf(configText);
    QString error;
    if (!m_store.writeRunningConfig(configText, configPath, &error))
        qCWarning(lcAdoption).noquote() << error << "- a later agent will restart every worker it takes back";
    connect(&m_supervisor, &Supervisor::workerStateChanged, this,
            [this](const model::WorkerStatus &s) { onStatus(s.id); });
    for (Worker *w : m_supervisor.workerObjects())
        onStatus(w->id());
}

void Adoption::configChanged(const QByteArray &configText)
{
    m_digest = state::StateStore::digestOf(configText);
    QString error;
    if (!m_store.writeRunningConfig(configText, m_supervisor.configPath(), &error))
        qCWarning(lcAdoption).noquote() << error;
    // A worker the reload left alone runs the spec the new text has for it.
    for (Worker *w : m_supervisor.workerObjects())
        onStatus(w->id());
}

void Adoption::onStatus(const QString &id)
{
    m_dirty.insert(id);
    if (!m_flushQueued) {
        // Coalesced per pass of the event loop: one write per worker however many changes.
        m_flushQueued = true;
        QTimer::singleShot(0, this, &Adoption::writeDirty);
    }
}

void Adoption::flush()
{
    writeDirty();
    if (m_writer)
        m_writer->flush();
}

void Adoption::writeDirty()
{
    m_flushQueued = false;
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    for (const QString &id : dirty) {
        const Worker *w = m_supervisor.workerObject(id);
        const model::WorkerStatus *s = w ? &w->status() : nullptr;
        // An unmanaged worker's process is someone else's: never recorded, never taken back.
        if (!s || s->pid <= 0 || w->isUnmanaged()) {
            if (m_written.remove(id) > 0)
                m_writer->remove(id);
            continue;
        }
        Written now{s->pid, 0, s->restarts, s->state, s->startedAt.toMSecsSinceEpoch(), m_digest, w->integratedPort()};
        const auto written = m_written.constFind(id);
        if (written != m_written.cend() && written->pid == now.pid)
            now.startTime = written->startTime;
        else if (const auto t = processStartTime(now.pid))
            now.startTime = *t;
        else
            continue; // gone already: its end is on its way
        if (written != m_written.cend() && *written == now)
            continue;
        state::WorkerRecord r;
        r.id = id;
        r.pid = now.pid;
        r.startTime = now.startTime;
        r.startedAt = s->startedAt;
        const LaunchSpec &launch = w->launchSpec();
        if (!launch.limits.cgroupDir.isEmpty())
            r.cgroups << QFile::decodeName(launch.limits.cgroupDir);
        for (const QByteArray &procs : launch.limits.cgroupProcsFiles)
            r.cgroups << QFile::decodeName(procs.left(procs.lastIndexOf('/')));
        r.stdoutFifo = QFile::decodeName(launch.stdoutPath);
        r.stderrFifo = QFile::decodeName(launch.stderrPath);
        r.restarts = now.restarts;
        r.state = model::toString(now.state);
        r.configDigest = now.configDigest;
        r.integratedPort = now.integratedPort;
        r.agentPid = ::getpid();
        m_writer->put(r);
        m_written.insert(id, now);
    }
}

} // namespace hsu::agent
