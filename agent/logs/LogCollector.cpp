#include "LogCollector.h"


#include "LogThreadPriority.h"
#include "agent/process/CrossThread.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QLoggingCategory>
#include <QSysInfo>

#include <algorithm>
#include <semaphore>
#include <vector>
#include <cerrno>
#include <cstring>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcLogs)

namespace hsu::agent::logs {

namespace {
// A folder a file target writes into, checked once at start so that a read-only log folder is
// reported before the first line is lost (the worker runs regardless).
QString checkWritable(const config::ResolvedLogTarget &t)
{
    if (t.type != u"file")
        return {};
    const QString dir = QFileInfo(t.path).absolutePath();
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create log folder %1").arg(dir);
    if (::access(QFile::encodeName(dir).constData(), W_OK) != 0)
        return QStringLiteral("cannot write log folder %1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
    return {};
}
} // namespace

LogCollector::LogCollector(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_hostname(QSysInfo::machineHostName())
{
    m_live.maxLines = m_options.liveMaxLines;
    m_liveTimer.setSingleShot(true);
    m_liveTimer.setTimerType(Qt::PreciseTimer); // "at most one batch per 50 ms" holds to the ms
    m_liveTimer.setInterval(m_options.liveIntervalMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &LogCollector::sendLive);
    m_dropTimer.setSingleShot(true);
    connect(&m_dropTimer, &QTimer::timeout, this, &LogCollector::publishDrops);
    m_thread.setObjectName(QStringLiteral("hsu-log-reader"));
}

LogCollector::~LogCollector()
{
    if (m_reader && !m_finished)
        finish(false);
    if (m_reader) {
        process::callOn(m_reader, [r = m_reader] { delete r; });
        m_reader = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
    m_writer.reset(); // writes what is queued
}

void LogCollector::configure(const config::Config &config)
{
    const config::LogCollectionSpec spec = config.logCollection.value_or(config::LogCollectionSpec{});
    const qint64 queueBytes = spec.system.bufferSize > 0 ? spec.system.bufferSize : m_options.maxQueuedBytes;
    m_writer = std::make_unique<LogWriter>(queueBytes, [this](const WriteLoss &loss) { onLoss(loss); });

    ReaderSettings settings;
    settings.fifoDir = m_options.fifoDir;
    settings.pipeCapacity = m_options.pipeCapacity;
    settings.ringLines = m_options.ringLines;
    settings.queueWaitMs = m_options.queueWaitMs;
    settings.hostname = m_hostname;
    settings.masterId = QStringLiteral("hsu-master@%1").arg(m_hostname);
    settings.metadata = spec.metadata;
    settings.metadataEnabled = spec.enhancementEnabled;
    QDir().mkpath(m_options.fifoDir);
    QFile::setPermissions(m_options.fifoDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    m_reader = new LogReader(settings, *m_writer, m_live, this);
    m_reader->moveToThread(&m_thread);
    m_thread.start();
    // Below the supervision thread: under a burst, a restart must win the CPU.
    process::callOn(m_reader, [] { lowerLogThreadPriority(); });

    std::vector<const config::WorkerSpec *> all;
    all.reserve(config.workers.size());
    for (const config::WorkerSpec &w : config.workers)
        all.push_back(&w);
    addWorkers(config, all);
    for (const config::ResolvedLogTarget &t : config::resolveGlobalLogTargets(config, m_options.logDir))
        if (const QString e = checkWritable(t); !e.isEmpty())
            qCWarning(lcLogs).noquote() << "aggregated log:" << e;
}

namespace {
struct PendingWorker
{
    WorkerLogSetup setup;
    QStringList problems;
    LogReader::Fds fds;
};
} // namespace

class LogCollector::Adding
{
public:
    std::vector<PendingWorker> pending;
    std::vector<config::ResolvedLogTarget> global;
    // std:: rather than QSemaphore: its hand-off is visible to ThreadSanitizer (Debian's Qt is
    // not built with it, so a QSemaphore's release/acquire pair looks like no order at all).
    std::binary_semaphore done{0};
};

void LogCollector::addWorkers(const config::Config &config, const std::vector<const config::WorkerSpec *> &workers)
{
    finishAddWorkers(beginAddWorkers(config, workers));
}

std::shared_ptr<LogCollector::Adding> LogCollector::beginAddWorkers(const config::Config &config,
                                                                    const std::vector<const config::WorkerSpec *> &workers)
{
    auto adding = std::make_shared<Adding>();
    if (!m_reader)
        return adding;
    adding->global = config::resolveGlobalLogTargets(config, m_options.logDir);
    QSet<QString> checked;
    std::vector<PendingWorker> &pending = adding->pending;
    pending.reserve(workers.size());
    for (const config::WorkerSpec *spec : workers) {
        const config::WorkerSpec &w = *spec;
        if (w.type == config::WorkerType::Unmanaged)
            continue;
        PendingWorker p;
        WorkerLogSetup &setup = p.setup;
        setup.id = w.id;
        setup.log = config::resolveWorkerLog(config, w, m_options.logDir);
        setup.stdoutRing = std::make_shared<LogRing>(m_options.ringLines);
        setup.stderrRing = std::make_shared<LogRing>(m_options.ringLines);
        setup.stats = std::make_shared<WorkerLogStats>();
        for (const QString &skipped : std::as_const(setup.log.skipped))
            p.problems << QStringLiteral("%1 targets are not supported; skipped").arg(skipped);
        for (const auto *targets : {&setup.log.stdoutTargets, &setup.log.stderrTargets})
            for (const config::ResolvedLogTarget &t : *targets)
                if (!checked.contains(t.path))
                    if (const QString e = checkWritable(t); !e.isEmpty()) {
                        checked.insert(t.path);
                        p.problems << e;
                    }
        pending.push_back(std::move(p));
    }
    // Every worker's FIFOs in one call on the reader thread: one call per worker made a thousand
    // round trips to a low-priority thread, each re-polling every descriptor added so far.
    process::postTo(m_reader, [reader = m_reader, adding] {
        for (PendingWorker &p : adding->pending)
            p.fds = reader->addWorker(p.setup, adding->global);
        adding->done.release();
    });
    return adding;
}

void LogCollector::finishAddWorkers(const std::shared_ptr<Adding> &adding)
{
    if (!m_reader)
        return;
    adding->done.acquire();
    for (PendingWorker &p : adding->pending) {
        if (!p.fds.error.isEmpty())
            p.problems << p.fds.error;
        if (!p.problems.isEmpty()) {
            const QString text = p.problems.join(QLatin1String("; "));
            qCWarning(lcLogs).noquote() << "worker" << p.setup.id << "logs:" << text << "(the worker runs regardless)";
            QMutexLocker lock(&p.setup.stats->errorMutex);
            p.setup.stats->lastError = text;
        }
        m_workers.insert(p.setup.id, WorkerEntry{p.setup.stdoutRing, p.setup.stderrRing, p.setup.stats});
        m_fds.insert(p.setup.id, CaptureFds{p.fds.stdoutFd, p.fds.stderrFd, p.fds.stdoutPath, p.fds.stderrPath});
    }
}

void LogCollector::reconfigureWorker(const config::Config &config, const config::WorkerSpec &worker)
{
    const auto entry = m_workers.constFind(worker.id);
    if (!m_reader || entry == m_workers.constEnd())
        return;
    const config::ResolvedWorkerLog log = config::resolveWorkerLog(config, worker, m_options.logDir);
    const std::vector<config::ResolvedLogTarget> global = config::resolveGlobalLogTargets(config, m_options.logDir);
    QStringList problems;
    for (const QString &skipped : log.skipped)
        problems << QStringLiteral("%1 targets are not supported; skipped").arg(skipped);
    for (const auto *targets : {&log.stdoutTargets, &log.stderrTargets})
        for (const config::ResolvedLogTarget &t : *targets)
            if (const QString e = checkWritable(t); !e.isEmpty())
                problems << e;
    QString filterErrors;
    process::callOn(m_reader, [&] { filterErrors = m_reader->reconfigureWorker(worker.id, log, global); });
    if (!filterErrors.isEmpty())
        problems << filterErrors;
    qCInfo(lcLogs).noquote() << "worker" << worker.id << "logs: new targets and filters applied";
    QMutexLocker lock(&entry->stats->errorMutex);
    entry->stats->lastError = problems.join(QLatin1String("; "));
    if (!problems.isEmpty())
        qCWarning(lcLogs).noquote() << "worker" << worker.id << "logs:" << entry->stats->lastError << "(the worker runs regardless)";
}

void LogCollector::removeWorker(const QString &id)
{
    if (!m_reader || !m_workers.contains(id))
        return;
    // Its last lines written, its FIFOs closed and removed; its log files stay.
    process::callOn(m_reader, [r = m_reader, id] { r->removeWorker(id); });
    m_workers.remove(id);
    m_fds.remove(id);
}

void LogCollector::processEnded(const QString &id)
{
    if (m_reader && !m_finished)
        process::postTo(m_reader, [r = m_reader, id] { r->processEnded(id); });
}

void LogCollector::finish(bool removeFifos)
{
    if (!m_reader || m_finished)
        return;
    m_finished = true;
    process::callOn(m_reader, [r = m_reader, removeFifos] { r->finish(removeFifos); });
    m_writer->drain();
    sendLive();
    publishDrops();
}

void LogCollector::setLiveEnabled(bool on)
{
    m_live.enabled = on;
    if (!on) {
        QMutexLocker lock(&m_live.mutex);
        m_live.lines.clear();
        m_live.skipped.clear();
    }
}

void LogCollector::deliverLiveLines()
{
    // At most one batch per interval: the first line after a quiet spell starts the interval.
    if (!m_liveTimer.isActive())
        m_liveTimer.start();
}

void LogCollector::sendLive()
{
    QList<LogLine> lines;
    QHash<QString, qint64> skipped;
    {
        QMutexLocker lock(&m_live.mutex);
        lines.swap(m_live.lines);
        skipped.swap(m_live.skipped);
        m_live.scheduled = false;
    }
    if (lines.isEmpty() && skipped.isEmpty())
        return;
    QJsonArray array;
    for (const LogLine &l : std::as_const(lines))
        array.append(toJson(l));
    QJsonObject skippedJson;
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
        skippedJson.insert(it.key(), it.value());
    Q_EMIT liveLines(array, skippedJson);
}

std::optional<QJsonArray> LogCollector::tail(const QString &id, int lines, const QString &stream) const
{
    std::optional<Stream> which;
    if (!stream.isEmpty())
        which = streamFromName(stream);
    lines = std::clamp(lines, 0, m_options.ringLines);
    QList<LogLine> picked;
    auto take = [&](const WorkerEntry &w) {
        if (!which || *which == Stream::Stdout)
            picked += w.stdoutRing->tail(lines);
        if (!which || *which == Stream::Stderr)
            picked += w.stderrRing->tail(lines);
    };
    if (id.isEmpty()) {
        for (const WorkerEntry &w : m_workers)
            take(w);
    } else {
        const auto it = m_workers.constFind(id);
        if (it == m_workers.constEnd())
            return std::nullopt;
        take(*it);
    }
    // Oldest first across streams and workers; the read time is per read() and seq per stream,
    // so the order within one stream is kept exactly.
    std::stable_sort(picked.begin(), picked.end(), [](const LogLine &a, const LogLine &b) {
        return a.timestampMs < b.timestampMs;
    });
    if (picked.size() > lines)
        picked = picked.mid(picked.size() - lines);
    QJsonArray out;
    for (const LogLine &l : std::as_const(picked))
        out.append(toJson(l));
    return out;
}

QJsonObject LogCollector::workerLogInfo(const QString &id) const
{
    const auto it = m_workers.constFind(id);
    if (it == m_workers.constEnd())
        return {};
    QJsonObject info{{QStringLiteral("log_lines"), it->stats->lines.load()},
                     {QStringLiteral("log_filtered"), it->stats->filtered.load()},
                     {QStringLiteral("log_dropped"), it->stats->dropped.load()}};
    QMutexLocker lock(&it->stats->errorMutex);
    if (!it->stats->lastError.isEmpty())
        info.insert(QStringLiteral("log_error"), it->stats->lastError);
    return info;
}

void LogCollector::onLoss(const WriteLoss &loss)
{
    if (const auto it = m_workers.constFind(loss.workerId); it != m_workers.constEnd()) {
        it->stats->dropped.fetch_add(loss.lines);
        QMutexLocker lock(&it->stats->errorMutex);
        it->stats->lastError = loss.reason;
    }
    QMutexLocker lock(&m_dropMutex);
    DropKey &k = m_drops[{loss.workerId, loss.target}];
    k.pending += loss.lines;
    k.total += loss.lines;
    k.reason = loss.reason;
    if (!m_dropScheduled) {
        m_dropScheduled = true;
        QMetaObject::invokeMethod(this, "publishDrops", Qt::QueuedConnection);
    }
}

void LogCollector::publishDrops()
{
    if (m_lastDropReport.isValid() && m_lastDropReport.elapsed() < m_options.dropReportIntervalMs) {
        if (!m_dropTimer.isActive())
            m_dropTimer.start(int(m_options.dropReportIntervalMs - m_lastDropReport.elapsed()));
        return;
    }
    QList<QJsonObject> reports;
    {
        QMutexLocker lock(&m_dropMutex);
        m_dropScheduled = false;
        for (auto it = m_drops.begin(); it != m_drops.end(); ++it) {
            if (it->pending == 0)
                continue;
            reports << QJsonObject{{QStringLiteral("worker"), it.key().first},
                                   {QStringLiteral("target"), it.key().second},
                                   {QStringLiteral("dropped"), it->pending},
                                   {QStringLiteral("total_dropped"), it->total},
                                   {QStringLiteral("reason"), it->reason}};
            it->pending = 0;
        }
    }
    if (reports.isEmpty())
        return;
    m_lastDropReport.start();
    for (const QJsonObject &r : std::as_const(reports)) {
        qCWarning(lcLogs).noquote() << QStringLiteral("worker %1: %2 log lines dropped for %3 (%4 in all): %5")
                                           .arg(r.value(QLatin1String("worker")).toString())
                                           .arg(r.value(QLatin1String("dropped")).toInteger())
                                           .arg(r.value(QLatin1String("target")).toString())
                                           .arg(r.value(QLatin1String("total_dropped")).toInteger())
                                           .arg(r.value(QLatin1String("reason")).toString());
        Q_EMIT linesDropped(r);
    }
}

} // namespace hsu::agent::logs
