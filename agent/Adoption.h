#pragma once

// Workers that outlive the agent (issue 13). A worker's process runs in its own session and
// writes to FIFOs it holds open itself, so it survives the agent's end, whatever the cause (a
// crash, `kill -9`, an upgrade, a service manager stopping the agent alone). This is how the
// next agent takes it back instead of starting a second copy beside an orphan:
//
//   recording    while the agent runs, each worker's live process is recorded in the state
//                folder (state::StateStore), written after each new process, removed when it
//                has none; the config text it came from is kept beside them
//   examine()    before anything is set up: which records still name a live process — the pid
//                alive with the start time recorded (never a pid reused by another program),
//                checked through a pidfd opened first, so the answer cannot change after
//   adopt()      once the workers are set up (their FIFOs are open again, read from where the
//                last agent stopped: the pipe kept what was written meanwhile; their cgroups are
//                the same folders, so their limits never stopped), before anything starts: each
//                live process becomes its worker's current one (Worker::adopt, an event); one
//                whose spec changed in the file meanwhile is restarted with the new spec; one
//                whose worker left the file is ended; what a previous agent left in the cgroup
//                of a worker that is not adopted is ended before the worker starts
//
// Only this agent's own user's state folder is read; the records are as trustworthy as the
// folder (0700, the agent's own).

#include "agent/state/RecordWriter.h"
#include "agent/state/StateStore.h"
#include "shared/config/WorkerSpec.h"
#include "shared/model/WorkerState.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <future>
#include <memory>
#include <optional>

namespace hsu::agent {

class AdoptedProcess;
class Supervisor;

class Adoption final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Adoption)
public:
    Adoption(const QString &stateDir, Supervisor &supervisor, QObject *parent = nullptr);
    ~Adoption() override;

    // Reads the records and keeps those whose process still runs (each with a pidfd), on a thread
    // of its own while the workers are set up (a thousand records and /proc entries: 30 ms).
    // Before the workers are set up; adopt() and recordedPort() wait for it.
    void examine();
    // An integrated worker's port as its record says (0: none): its re-adopted process listens
    // there, so its set-up must hand it the same one.
    quint16 recordedPort(const QString &id);
    struct Summary
    {
        int adopted = 0;   // taken back as they were
        int restarted = 0; // taken back, then restarted: their spec changed
        int ended = 0;     // their worker left the config: stopped
        int stale = 0;     // records of processes that are gone (or pids now used by others)
        int leftovers = 0; // processes ended in the cgroups of workers that were not adopted
        qint64 ms = 0;
    };
    // Takes the live processes back (see above), checked against the workers' specs now. After
    // the workers are set up, before any starts.
    Summary adopt();

    // From now on, keeps every worker's record current and the running config's copy.
    void startRecording(const QByteArray &configText, const QString &configPath);
    // A reload succeeded: the new text, every record rewritten with its digest.
    void configChanged(const QByteArray &configText);
    // Writes every pending record now (the agent leaves its workers running and exits).
    void flush();

private:
    struct Candidate;
    void onStatus(const QString &id);
    void writeDirty();
    void endOrphan(std::unique_ptr<Candidate> c);
    void waitExamined();

    state::StateStore m_store;
    std::unique_ptr<state::RecordWriter> m_writer; // from startRecording() on: m_store is its
    Supervisor &m_supervisor;
    QHash<QString, std::shared_ptr<Candidate>> m_candidates;
    int m_stale = 0;
    std::future<void> m_examined; // examine()'s thread: m_candidates and m_stale are its until then
    QString m_digest;
    // What is on disk, per worker: the fields that change while a worker keeps its set-up (its
    // cgroups and FIFOs change only with a new set-up, which brings a new process). Compared
    // before a record is even built: a thousand re-adopted workers' first pass writes nothing.
    struct Written
    {
        qint64 pid = 0;
        quint64 startTime = 0;
        int restarts = 0;
        model::WorkerState state = model::WorkerState::Registered;
        qint64 startedAtMs = 0;
        QString configDigest;
        quint16 integratedPort = 0;
        bool operator==(const Written &) const = default;
    };
    QHash<QString, Written> m_written;
    QSet<QString> m_dirty;
    bool m_flushQueued = false;
    bool m_recording = false;
};

} // namespace hsu::agent
