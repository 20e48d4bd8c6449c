#include "shared/config/LogSettings.h"

#include <QDir>

namespace hsu::config {

namespace {

bool isWritableType(const QString &type)
{
    return type == u"file" || type == u"stdout" || type == u"stderr" || type == u"master_stdout"
        || type == u"syslog";
}

QString resolvePath(const QString &path, const QString &workerId, const QString &logDir)
{
    QString p = workerId.isEmpty() ? path : expandWorkerPlaceholders(path, workerId);
    if (p.startsWith(u"~/"))
        p = QDir::homePath() + p.mid(1);
    if (QDir::isRelativePath(p))
        p = QDir(logDir).filePath(p);
    return QDir::cleanPath(p);
}

std::vector<ResolvedLogTarget> resolveTargets(const std::vector<LogTarget> &targets, const QString &workerId,
                                              const QString &logDir, QStringList &skipped,
                                              const QString &defaultFormat = QStringLiteral("plain"))
{
    std::vector<ResolvedLogTarget> out;
    for (const LogTarget &t : targets) {
        if (!isWritableType(t.type)) {
            skipped << t.type;
            continue;
        }
        ResolvedLogTarget r;
        r.type = t.type;
        if (t.type == u"file")
            r.path = resolvePath(t.path, workerId, logDir);
        r.format = t.format == u"structured_json" ? QStringLiteral("json") : t.format;
        if (r.format.isEmpty())
            r.format = defaultFormat;
        r.prefix = expandWorkerPlaceholders(t.prefix, workerId);
        // master_stdout interleaves every worker on one stream: without a prefix nobody could tell
        // whose line it is.
        if (t.type == u"master_stdout" && r.prefix.isEmpty() && r.format == u"plain")
            r.prefix = QStringLiteral("[%1]").arg(workerId);
        r.rotation = t.rotation;
        out.push_back(std::move(r));
    }
    return out;
}

ResolvedLogTarget defaultFile(const QString &workerId, const QString &logDir, const char *stream)
{
    ResolvedLogTarget t;
    t.type = QStringLiteral("file");
    t.path = QDir::cleanPath(QDir(logDir).filePath(QStringLiteral("%1-%2.log").arg(workerId, QLatin1String(stream))));
    t.format = QStringLiteral("plain");
    return t;
}

template <typename T>
void take(T &into, const std::optional<T> &from)
{
    if (from)
        into = *from;
}

// The worker's block wins key by key over default_worker: apply default_worker, then the worker's.
void apply(ResolvedWorkerLog &r, const WorkerLogConfig &c, const std::vector<LogTarget> **stdoutTargets,
           const std::vector<LogTarget> **stderrTargets)
{
    take(r.enabled, c.enabled);
    take(r.captureStdout, c.captureStdout);
    take(r.captureStderr, c.captureStderr);
    take(r.parseStructured, c.parseStructured);
    take(r.addMetadata, c.addMetadata);
    if (c.buffering) {
        if (c.buffering->size > 0)
            r.buffering.size = c.buffering->size;
        if (c.buffering->flushInterval > Duration::zero())
            r.buffering.flushInterval = c.buffering->flushInterval;
        if (c.buffering->maxLines > 0)
            r.buffering.maxLines = c.buffering->maxLines;
    }
    if (c.filters) {
        if (!c.filters->levelFilter.isEmpty())
            r.filters.levelFilter = c.filters->levelFilter;
        if (!c.filters->excludePatterns.isEmpty())
            r.filters.excludePatterns = c.filters->excludePatterns;
        if (!c.filters->includePatterns.isEmpty())
            r.filters.includePatterns = c.filters->includePatterns;
    }
    if (c.stdoutTargets)
        *stdoutTargets = &*c.stdoutTargets;
    if (c.stderrTargets)
        *stderrTargets = &*c.stderrTargets;
}

} // namespace

QString expandWorkerPlaceholders(QString text, const QString &workerId)
{
    text.replace(QLatin1String("{worker_id}"), workerId);
    text.replace(QLatin1String("{process_id}"), workerId);
    return text;
}

ResolvedWorkerLog resolveWorkerLog(const Config &config, const WorkerSpec &worker, const QString &logDir)
{
    ResolvedWorkerLog r;
    const std::vector<LogTarget> *stdoutTargets = nullptr;
    const std::vector<LogTarget> *stderrTargets = nullptr;
    if (config.logCollection) {
        const LogCollectionSpec &lc = *config.logCollection;
        r.enabled = lc.enabled;
        if (lc.system.flushInterval > Duration::zero())
            r.buffering.flushInterval = lc.system.flushInterval;
        apply(r, lc.defaultWorker, &stdoutTargets, &stderrTargets);
    }
    if (worker.logCollection)
        apply(r, *worker.logCollection, &stdoutTargets, &stderrTargets);
    // A top-level `enabled: false` switches collection off for everyone; default_worker's own
    // `enabled` only sets the default a worker may override.
    if (config.logCollection && !config.logCollection->enabled)
        r.enabled = false;
    r.stdoutTargets = stdoutTargets ? resolveTargets(*stdoutTargets, worker.id, logDir, r.skipped)
                                    : std::vector<ResolvedLogTarget>{defaultFile(worker.id, logDir, "stdout")};
    r.stderrTargets = stderrTargets ? resolveTargets(*stderrTargets, worker.id, logDir, r.skipped)
                                    : std::vector<ResolvedLogTarget>{defaultFile(worker.id, logDir, "stderr")};
    if (!r.enabled) {
        r.captureStdout = false;
        r.captureStderr = false;
    }
    if (!r.captureStdout)
        r.stdoutTargets.clear();
    if (!r.captureStderr)
        r.stderrTargets.clear();
    return r;
}

std::vector<ResolvedLogTarget> resolveGlobalLogTargets(const Config &config, const QString &logDir)
{
    if (!config.logCollection || !config.logCollection->enabled || !config.logCollection->globalAggregationEnabled)
        return {};
    QStringList skipped;
    // Lines of every worker in one place: without the worker's name on each line, the aggregate
    // would be unreadable, so a target that names no format gets enhanced_plain.
    return resolveTargets(config.logCollection->globalTargets, QString(), logDir, skipped,
                          QStringLiteral("enhanced_plain"));
}

QStringList logFilesOf(const ResolvedWorkerLog &log, bool stderrStream)
{
    QStringList files;
    for (const ResolvedLogTarget &t : stderrStream ? log.stderrTargets : log.stdoutTargets)
        if (t.type == u"file")
            files << t.path;
    return files;
}

} // namespace hsu::config
