#include "LogReader.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcLogs, "hsu.agent.logs")

namespace hsu::agent::logs {

namespace {
// One read() takes up to this much; a burst is read in few, large gulps.
constexpr qsizetype kReadSize = 1024 * 1024;
// Reads per wake-up before the other workers get their turn.
constexpr int kReadsPerWake = 8;
// Unbuffered targets hand a block to the writer once it is this big, or when the pipe is empty.
constexpr qsizetype kHandOverBytes = 1024 * 1024;
// After a worker exits: what it left in the pipe is read, but a descendant that keeps writing
// must not keep the reader from its other workers.
constexpr int kDrainReads = 64;
} // namespace

LogReader::LogReader(ReaderSettings settings, LogWriter &writer, LiveBuffer &live, QObject *liveReceiver)
    : m_settings(std::move(settings))
    , m_writer(writer)
    , m_live(live)
    , m_liveReceiver(liveReceiver)
{
    m_buffer.resize(kReadSize);
    m_recent.resize(size_t(std::max(1, m_settings.ringLines)));
}

LogReader::~LogReader()
{
    for (Pipeline *p : std::as_const(m_pipelines)) {
        closeFifo(p->out.fifo, false);
        closeFifo(p->err.fifo, false);
        delete p;
    }
}

std::shared_ptr<LogSink> LogReader::sinkFor(const config::ResolvedLogTarget &target, bool stderrStream)
{
    QString key;
    if (target.type == u"file")
        key = QStringLiteral("file:") + target.path;
    else if (target.type == u"syslog")
        key = stderrStream ? QStringLiteral("syslog:err") : QStringLiteral("syslog:out");
    else
        key = target.type == u"stderr" ? QStringLiteral("stream:err") : QStringLiteral("stream:out");
    if (auto it = m_sinks.constFind(key); it != m_sinks.constEnd())
        return *it;
    std::shared_ptr<LogSink> sink;
    if (target.type == u"file")
        sink = makeFileSink(target);
    else if (target.type == u"syslog")
        sink = makeSyslogSink(stderrStream);
    else
        sink = makeStreamSink(target.type == u"stderr");
    m_sinks.insert(key, sink);
    return sink;
}

void LogReader::addTargets(Pipeline &p, StreamState &s, const std::vector<config::ResolvedLogTarget> &targets,
                           const std::vector<config::ResolvedLogTarget> &global)
{
    const bool stderrStream = s.stream == Stream::Stderr;
    const bool metadata = m_settings.metadataEnabled && p.log.addMetadata;
    auto add = [&](const config::ResolvedLogTarget &t) {
        auto target = std::make_unique<Target>(Target{
            sinkFor(t, stderrStream),
            LineFormatter(LineFormatter::formatFromName(t.format), m_settings.metadata, metadata, p.id, m_settings.hostname,
                          m_settings.masterId, t.prefix),
            {}, 0});
        if (LineFormatter::formatFromName(t.format) == LineFormatter::Format::Json && p.log.parseStructured)
            p.wantStructured = true;
        s.targets.push_back(std::move(target));
    };
    for (const config::ResolvedLogTarget &t : targets)
        add(t);
    for (const config::ResolvedLogTarget &t : global)
        add(t);
}

bool LogReader::openStream(Pipeline &p, StreamState &s, const QString &name, QString *error)
{
    const QString path = QDir(m_settings.fifoDir).filePath(QStringLiteral("%1.%2").arg(p.id, name));
    std::optional<Fifo> fifo = openFifo(path, m_settings.pipeCapacity, error);
    if (!fifo)
        return false;
    s.fifo = *fifo;
    s.notifier = new QSocketNotifier(qintptr(s.fifo.fd), QSocketNotifier::Read, this);
    StreamState *state = &s;
    Pipeline *pipeline = &p;
    connect(s.notifier, &QSocketNotifier::activated, this, [this, pipeline, state] { onReadable(*pipeline, *state); });
    return true;
}

LogReader::Fds LogReader::addWorker(const WorkerLogSetup &setup, const std::vector<config::ResolvedLogTarget> &global)
{
    Fds fds;
    if (m_pipelines.contains(setup.id))
        return fds;
    auto *p = new Pipeline;
    p->id = setup.id;
    p->log = setup.log;
    p->out.ring = setup.stdoutRing;
    p->err.ring = setup.stderrRing;
    p->stats = setup.stats;
    p->out.stream = Stream::Stdout;
    p->err.stream = Stream::Stderr;
    QStringList filterErrors = setFilter(*p);
    m_pipelines.insert(setup.id, p);

    QStringList errors = filterErrors;
    if (setup.log.captureStdout) {
        QString error;
        if (openStream(*p, p->out, QStringLiteral("stdout"), &error)) {
            addTargets(*p, p->out, setup.log.stdoutTargets, global);
            fds.stdoutFd = p->out.fifo.fd;
            fds.stdoutPath = p->out.fifo.path;
        } else {
            errors << error;
        }
    }
    if (setup.log.captureStderr) {
        QString error;
        if (openStream(*p, p->err, QStringLiteral("stderr"), &error)) {
            addTargets(*p, p->err, setup.log.stderrTargets, global);
            fds.stderrFd = p->err.fifo.fd;
            fds.stderrPath = p->err.fifo.path;
        } else {
            errors << error;
        }
    }
    setFlushTimer(*p);
    fds.error = errors.join(QLatin1String("; "));
    return fds;
}

QStringList LogReader::setFilter(Pipeline &p)
{
    QStringList errors;
    p.filter = LineFilter::create(p.log.filters, p.log.parseStructured, &errors);
    p.passThrough = p.filter.isPassThrough();
    for (const QString &e : std::as_const(errors))
        qCWarning(lcLogs).noquote() << "worker" << p.id << "log filter:" << e;
    return errors;
}

void LogReader::setFlushTimer(Pipeline &p)
{
    delete p.flushTimer;
    p.flushTimer = nullptr;
    if (!isBuffered(p) || p.log.buffering.flushInterval <= config::Duration::zero())
        return;
    p.flushTimer = new QTimer(this);
    p.flushTimer->setSingleShot(true);
    p.flushTimer->setInterval(int(std::chrono::duration_cast<std::chrono::milliseconds>(p.log.buffering.flushInterval).count()));
    Pipeline *pipeline = &p;
    connect(p.flushTimer, &QTimer::timeout, this, [this, pipeline] { handOver(*pipeline, true); });
}

QString LogReader::reconfigureWorker(const QString &id, const config::ResolvedWorkerLog &log,
                                     const std::vector<config::ResolvedLogTarget> &global)
{
    Pipeline *p = m_pipelines.value(id);
    if (!p)
        return QStringLiteral("no log pipeline for %1").arg(id);
    // What was read under the old settings goes where they said; what the pipe still holds is
    // read under the new ones. The FIFOs, the rings and the counters stay: the process keeps
    // writing into the same pipes and never notices.
    handOver(*p, true);
    p->log = log;
    QStringList errors = setFilter(*p);
    p->wantStructured = false;
    for (StreamState *s : {&p->out, &p->err}) {
        s->targets.clear();
        if (s->fifo.fd >= 0)
            addTargets(*p, *s, s == &p->out ? log.stdoutTargets : log.stderrTargets, global);
    }
    setFlushTimer(*p);
    pruneSinks();
    return errors.join(QLatin1String("; "));
}

void LogReader::pruneSinks()
{
    // A file no pipeline writes to any more is closed (a queued write holds its own reference).
    for (auto it = m_sinks.begin(); it != m_sinks.end();) {
        if (it->use_count() == 1)
            it = m_sinks.erase(it);
        else
            ++it;
    }
}

bool LogReader::isBuffered(const Pipeline &p) const
{
    const config::LogBuffering &b = p.log.buffering;
    return b.size > 0 || b.maxLines > 0 || b.flushInterval > config::Duration::zero();
}

void LogReader::onReadable(Pipeline &p, StreamState &s)
{
    drain(p, s, kReadsPerWake);
    handOver(p, false);
}

void LogReader::drain(Pipeline &p, StreamState &s, int maxReads)
{
    if (s.fifo.fd < 0)
        return;
    for (int i = 0; maxReads <= 0 || i < maxReads; ++i) {
        const ssize_t n = ::read(s.fifo.fd, m_buffer.data(), size_t(m_buffer.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // EAGAIN: empty for now (0 cannot happen while the agent holds a writer)
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        s.splitter.feed(QByteArrayView(m_buffer.constData(), n),
                        [&](const LineRef &line) { handleLine(p, s, line, now); });
        keepRecent(p, s);
        if (n < m_buffer.size())
            return; // the pipe is empty: no need for another read() to learn that
    }
}

void LogReader::handleLine(Pipeline &p, StreamState &s, const LineRef &line, qint64 now)
{
    const qint64 lineNumber = ++s.lineNumber; // stats->lines catches up once per read (keepRecent)
    if (!p.passThrough && !p.filter.accepts(line.text)) {
        p.stats->filtered.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    const qint64 sequence = ++m_sequence;
    QJsonObject structured;
    const QJsonObject *fields = nullptr;
    if (p.wantStructured && line.text.startsWith('{')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line.text.toByteArray());
        if (doc.isObject()) {
            structured = doc.object();
            fields = &structured;
        }
    }
    for (const std::unique_ptr<Target> &t : s.targets) {
        t->formatter.append(t->pending, line, s.stream, lineNumber, sequence, now, fields);
        ++t->pendingLines;
    }
    Recent &r = m_recent[size_t(m_recentCount % qint64(m_recent.size()))];
    ++m_recentCount;
    const char *base = m_buffer.constData();
    if (line.text.data() >= base && line.text.data() < base + m_buffer.size()) {
        r.text = line.text;
        r.copy.clear();
    } else {
        r.copy = line.text.toByteArray();
        r.text = r.copy;
    }
    r.seq = lineNumber;
    r.timestampMs = now;
    r.continued = line.continued;
}

void LogReader::keepRecent(Pipeline &p, StreamState &s)
{
    p.stats->lines.fetch_add(s.lineNumber - s.counted, std::memory_order_relaxed);
    s.counted = s.lineNumber;
    if (m_recentCount == 0)
        return;
    const qint64 slots = qint64(m_recent.size());
    const qint64 kept = std::min(m_recentCount, slots);
    const qint64 first = m_recentCount - kept;
    const bool live = m_live.enabled.load(std::memory_order_relaxed);
    QList<LogLine> liveLines;
    for (qint64 i = first; i < m_recentCount; ++i) {
        Recent &r = m_recent[size_t(i % slots)];
        LogLine line;
        line.workerId = p.id;
        line.stream = s.stream;
        line.seq = r.seq;
        line.timestampMs = r.timestampMs;
        line.text = r.copy.isEmpty() ? r.text.toByteArray() : std::move(r.copy);
        line.continued = r.continued;
        r.copy = QByteArray();
        if (live)
            liveLines.append(line);
        s.ring->append(std::move(line));
    }
    if (live) {
        QMutexLocker lock(&m_live.mutex);
        const qsizetype room = std::max<qsizetype>(0, m_live.maxLines - m_live.lines.size());
        const qint64 tooMany = first + std::max<qint64>(0, liveLines.size() - room);
        if (liveLines.size() > room)
            liveLines.remove(0, liveLines.size() - room); // the newest are the ones worth showing
        m_live.lines.append(liveLines);
        if (tooMany > 0)
            m_live.skipped[p.id] += tooMany;
        if (!m_live.scheduled) {
            m_live.scheduled = true;
            QMetaObject::invokeMethod(m_liveReceiver, "deliverLiveLines", Qt::QueuedConnection);
        }
    }
    m_recentCount = 0;
}

void LogReader::handOver(Pipeline &p, bool force)
{
    const config::LogBuffering &b = p.log.buffering;
    const bool buffered = !force && isBuffered(p);
    bool waiting = false;
    for (StreamState *s : {&p.out, &p.err}) {
        for (const std::unique_ptr<Target> &t : s->targets) {
            if (t->pending.isEmpty())
                continue;
            if (buffered) {
                const qsizetype limit = b.size > 0 ? qsizetype(b.size) : kHandOverBytes;
                const bool full = t->pending.size() >= limit || (b.maxLines > 0 && t->pendingLines >= b.maxLines);
                if (!full) {
                    waiting = true;
                    continue;
                }
            }
            const bool burst = t->pending.size() >= kHandOverBytes / 4;
            WriteJob job{t->sink, std::move(t->pending), t->pendingLines, p.id};
            t->pending = QByteArray();
            if (burst) // during a burst, one allocation per block rather than twenty regrowths
                t->pending.reserve(kHandOverBytes + 64 * 1024);
            t->pendingLines = 0;
            // A refused block is counted and reported by the writer's loss handler.
            m_writer.enqueue(std::move(job), m_settings.queueWaitMs);
        }
    }
    if (p.flushTimer) {
        if (waiting && !p.flushTimer->isActive())
            p.flushTimer->start();
        else if (!waiting)
            p.flushTimer->stop();
    }
}

void LogReader::processEnded(const QString &id)
{
    Pipeline *p = m_pipelines.value(id);
    if (!p)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (StreamState *s : {&p->out, &p->err}) {
        drain(*p, *s, kDrainReads);
        s->splitter.flush([&](const LineRef &line) { handleLine(*p, *s, line, now); });
        keepRecent(*p, *s);
    }
    handOver(*p, true);
}

void LogReader::removeWorker(const QString &id)
{
    Pipeline *p = m_pipelines.take(id);
    if (!p)
        return;
    closePipeline(*p, true);
    delete p->flushTimer;
    delete p;
    pruneSinks();
}

void LogReader::closePipeline(Pipeline &p, bool removeFifos)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (StreamState *s : {&p.out, &p.err}) {
        drain(p, *s, kDrainReads);
        s->splitter.flush([&](const LineRef &line) { handleLine(p, *s, line, now); });
        keepRecent(p, *s);
        delete s->notifier;
        s->notifier = nullptr;
        closeFifo(s->fifo, removeFifos);
    }
    handOver(p, true);
}

void LogReader::finish(bool removeFifos)
{
    for (Pipeline *p : std::as_const(m_pipelines))
        closePipeline(*p, removeFifos);
}

} // namespace hsu::agent::logs
