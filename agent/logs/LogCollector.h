#pragma once

// Captures every managed worker's stdout and stderr and sends each line where the config's
// log_collection says. The supervision thread only hands out FIFOs and tells when a process ended;
// reading, splitting, filtering and formatting run on the reader thread (LogReader), disk writes on
// the writer thread (LogWriter). Lines for logs.subscribe clients come back to this object in
// batches, at most one every 50 ms.

#include "LogReader.h"

#include "agent/core/LogControl.h"
#include "shared/config/WorkerSpec.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <memory>

namespace hsu::agent::logs {

class LogCollector final : public QObject, public LogControl
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogCollector)
public:
    struct Options
    {
        QString logDir;  // relative targets resolve here
        QString fifoDir; // the state folder's fifo/ (created 0700)
        int ringLines = 1000;
        int pipeCapacity = 1024 * 1024;
        qint64 maxQueuedBytes = 32 * 1024 * 1024; // log_collection.system.buffer_size overrides
        int queueWaitMs = 200;
        int liveIntervalMs = 50;
        int liveMaxLines = 5000; // per interval, all workers together
        int dropReportIntervalMs = 1000;
    };

    explicit LogCollector(Options options, QObject *parent = nullptr);
    ~LogCollector() override;

    struct CaptureFds
    {
        int stdoutFd = -1;
        int stderrFd = -1;
        QString stdoutPath; // the FIFOs' paths (a child opens them by name)
        QString stderrPath;
    };
    // Starts the collector and sets up every managed worker of `config`. Call before any worker
    // starts.
    void configure(const config::Config &config);
    // Sets up these workers of `config` (FIFOs, targets, rings), all in one round trip to the
    // reader thread; fdsFor() then has their FIFOs. Before each one's first start.
    void addWorkers(const config::Config &config, const std::vector<const config::WorkerSpec *> &workers);
    // The same in two halves, so that the caller can do other set-up (cgroups) while the reader
    // thread makes the FIFOs: begin hands the work over and returns at once; finish waits for it
    // and takes the results in. Every begin is followed by its finish, on this thread.
    class Adding;
    std::shared_ptr<Adding> beginAddWorkers(const config::Config &config, const std::vector<const config::WorkerSpec *> &workers);
    void finishAddWorkers(const std::shared_ptr<Adding> &adding);
    // After the worker's last process ended: its last lines written, its FIFOs closed and removed,
    // its rings gone. Its log files stay.
    void removeWorker(const QString &id);
    CaptureFds fdsFor(const QString &id) const { return m_fds.value(id); }
    // The worker's line counters (updated by the reader thread; atomics); null: not set up.
    std::shared_ptr<const WorkerLogStats> stats(const QString &id) const { return m_workers.value(id).stats; }
    // A reload changed where the worker's lines go or which pass (config::diffConfigs called it
    // live): its pipeline takes the new settings; its FIFOs, rings and process stay.
    void reconfigureWorker(const config::Config &config, const config::WorkerSpec &worker);

    // A worker's process is gone: its last lines (a partial one too) are read and written.
    void processEnded(const QString &id);
    // Reads and writes out everything (blocking); `removeFifos` once no worker is left to hold them.
    void finish(bool removeFifos);

    // Whether anyone follows the live lines (logs.subscribe); nothing is collected for them otherwise.
    void setLiveEnabled(bool on);

    // LogControl
    std::optional<QJsonArray> tail(const QString &id, int lines, const QString &stream) const override;
    QJsonObject workerLogInfo(const QString &id) const override;
    int ringCapacity() const override { return m_options.ringLines; }

    QString hostname() const { return m_hostname; }
    QString logDir() const { return m_options.logDir; }

Q_SIGNALS:
    // At most one per liveIntervalMs: new lines in the protocol form, and per worker how many were
    // left out because there were too many.
    void liveLines(const QJsonArray &lines, const QJsonObject &skippedByWorker);
    // Lines that reached no sink: {"worker","target","dropped","total_dropped","reason"}; at most one
    // per worker and target per dropReportIntervalMs.
    void linesDropped(const QJsonObject &report);

private:
    Q_INVOKABLE void deliverLiveLines();
    Q_INVOKABLE void publishDrops();
    void onLoss(const WriteLoss &loss); // any thread
    void sendLive();

    struct WorkerEntry
    {
        std::shared_ptr<LogRing> stdoutRing;
        std::shared_ptr<LogRing> stderrRing;
        std::shared_ptr<WorkerLogStats> stats;
    };
    struct DropKey
    {
        qint64 pending = 0;
        qint64 total = 0;
        QString reason;
    };

    Options m_options;
    QString m_hostname;
    std::unique_ptr<LogWriter> m_writer;
    LiveBuffer m_live;
    QThread m_thread;
    LogReader *m_reader = nullptr; // lives on m_thread
    QHash<QString, WorkerEntry> m_workers;
    QHash<QString, CaptureFds> m_fds;
    QTimer m_liveTimer;
    // Loss reports: filled from any thread, published from this one.
    QMutex m_dropMutex;
    QHash<QPair<QString, QString>, DropKey> m_drops; // (worker, target) -> counts
    bool m_dropScheduled = false;
    QElapsedTimer m_lastDropReport;
    QTimer m_dropTimer;
    bool m_finished = false;
};

} // namespace hsu::agent::logs
