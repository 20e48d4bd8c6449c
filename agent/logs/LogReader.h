#pragma once

// The log reader thread's side of the collector: one Pipeline per worker (its FIFOs, line
// splitters, filter, formatters and targets). Everything here runs on the reader thread, except
// where a comment says otherwise; the ring and the counters are what the main thread may look at.

#include "Fifo.h"
#include "LineFilter.h"
#include "LineFormatter.h"
#include "LineSplitter.h"
#include "LogLine.h"
#include "LogRing.h"
#include "LogWriter.h"

#include "shared/config/LogSettings.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

class QSocketNotifier;

namespace hsu::agent::logs {

// Counters the main thread reads while the reader thread counts.
struct WorkerLogStats
{
    std::atomic<qint64> lines{0};    // lines read (before filters)
    std::atomic<qint64> filtered{0}; // lines the filters took out
    std::atomic<qint64> dropped{0};  // lines that reached no sink (queue full or write error)
    mutable QMutex errorMutex;
    QString lastError; // guarded by errorMutex
};

// Lines on their way to logs.subscribe clients: filled by the reader, emptied every 50 ms by the
// main thread. Bounded: what does not fit is counted per worker, never queued without end.
struct LiveBuffer
{
    std::atomic<bool> enabled{false};
    QMutex mutex;
    QList<LogLine> lines;           // guarded by mutex
    QHash<QString, qint64> skipped; // guarded by mutex
    bool scheduled = false;         // guarded by mutex: a delivery is already on its way
    int maxLines = 5000;
};

struct ReaderSettings
{
    QString fifoDir;
    int pipeCapacity = 1024 * 1024;
    int ringLines = 1000;
    int queueWaitMs = 200; // how long the reader waits for room in a full write queue before dropping
    QString hostname;
    QString masterId;
    config::LogMetadata metadata;
    bool metadataEnabled = false; // enhancement.enabled
};

// What the main thread hands over for one worker.
struct WorkerLogSetup
{
    QString id;
    config::ResolvedWorkerLog log;
    // One ring per stream: a chatty stdout must not push a worker's last errors out of sight.
    std::shared_ptr<LogRing> stdoutRing;
    std::shared_ptr<LogRing> stderrRing;
    std::shared_ptr<WorkerLogStats> stats;
};

class LogReader final : public QObject
{
    Q_OBJECT
public:
    LogReader(ReaderSettings settings, LogWriter &writer, LiveBuffer &live, QObject *liveReceiver);
    ~LogReader() override;

    // Creates (or reuses) the worker's FIFOs and its pipeline. Returns the fds the child makes its
    // stdout and stderr (-1: not captured), or the reason it could not. Called on the reader
    // thread (blocking queued) before the worker starts.
    struct Fds
    {
        int stdoutFd = -1;
        int stderrFd = -1;
        QString stdoutPath; // the FIFOs themselves, which a child opens by name
        QString stderrPath;
        QString error;
    };
    Fds addWorker(const WorkerLogSetup &setup, const std::vector<config::ResolvedLogTarget> &global);

    // A reload changed the worker's targets, filters, buffering or format, not what is captured:
    // the pipeline takes them without touching its FIFOs. Returns filter errors ("" when none).
    QString reconfigureWorker(const QString &id, const config::ResolvedWorkerLog &log,
                              const std::vector<config::ResolvedLogTarget> &global);

    // The worker's process ended: read what it left in the pipes, then end its partial lines.
    void processEnded(const QString &id);
    // Writes out the worker's last lines, closes and removes its FIFOs, forgets it.
    void removeWorker(const QString &id);
    // Reads and writes out everything, for every worker; `removeFifos` when the agent is done.
    void finish(bool removeFifos);

private:
    struct Target
    {
        std::shared_ptr<LogSink> sink;
        LineFormatter formatter;
        QByteArray pending;
        qint64 pendingLines = 0;
    };
    struct StreamState
    {
        Stream stream = Stream::Stdout;
        Fifo fifo;
        QSocketNotifier *notifier = nullptr;
        LineSplitter splitter;
        qint64 lineNumber = 0;
        qint64 counted = 0; // lineNumber as last added to stats->lines
        std::vector<std::unique_ptr<Target>> targets;
        std::shared_ptr<LogRing> ring;
    };
    struct Pipeline
    {
        QString id;
        config::ResolvedWorkerLog log;
        LineFilter filter;
        bool passThrough = true;
        bool wantStructured = false;
        std::shared_ptr<WorkerLogStats> stats;
        StreamState out;
        StreamState err;
        QTimer *flushTimer = nullptr;
    };

    std::shared_ptr<LogSink> sinkFor(const config::ResolvedLogTarget &target, bool stderrStream);
    bool openStream(Pipeline &p, StreamState &s, const QString &name, QString *error);
    void addTargets(Pipeline &p, StreamState &s, const std::vector<config::ResolvedLogTarget> &targets,
                    const std::vector<config::ResolvedLogTarget> &global);
    void onReadable(Pipeline &p, StreamState &s);
    void drain(Pipeline &p, StreamState &s, int maxReads);
    void handleLine(Pipeline &p, StreamState &s, const LineRef &line, qint64 now);
    void handOver(Pipeline &p, bool force);
    // Puts the lines of the last read into the ring (and the live buffer). Only the newest
    // ring-full of them can stay there, so only those are copied: a burst of a million lines
    // costs a thousand copies, not a million.
    void keepRecent(Pipeline &p, StreamState &s);
    // Its last lines read, split and handed over; its FIFOs closed (and removed).
    void closePipeline(Pipeline &p, bool removeFifos);
    bool isBuffered(const Pipeline &p) const;
    QStringList setFilter(Pipeline &p);     // from p.log
    void setFlushTimer(Pipeline &p);        // from p.log (none when it does not buffer)
    void pruneSinks();

    ReaderSettings m_settings;
    LogWriter &m_writer;
    LiveBuffer &m_live;
    QObject *m_liveReceiver;
    QHash<QString, Pipeline *> m_pipelines;
    QHash<QString, std::shared_ptr<LogSink>> m_sinks; // one per file path / stream, shared by workers
    QByteArray m_buffer;
    struct Recent
    {
        QByteArrayView text; // into m_buffer, valid until the next read()
        QByteArray copy;     // when the line was not in m_buffer (it ended a partial line)
        qint64 seq = 0;
        qint64 timestampMs = 0;
        bool continued = false;
    };
    std::vector<Recent> m_recent; // circular, ring-size slots
    qint64 m_recentCount = 0;     // lines since the last keepRecent()
    qint64 m_sequence = 0; // agent-wide, for add_sequence
};

} // namespace hsu::agent::logs
