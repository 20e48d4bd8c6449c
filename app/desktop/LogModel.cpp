#include "LogModel.h"

#include "Appearance.h"

#include "shared/model/LogRecord.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace hsu::desktop {

namespace {

// A 64 KiB line costs the view a text layout on every paint; the cell shows its start, the
// clipboard and TextRole keep it whole.
constexpr int kMaxShownChars = 2000;
// Process starts kept per worker: enough for a crash loop's runs within a tail of lines.
constexpr int kStartsKept = 64;

QString timeOf(qint64 ts)
{
    return QDateTime::fromMSecsSinceEpoch(ts).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString runText(const LogLine &l)
{
    return l.pid > 0 ? LogModel::tr("\u2500\u2500 new process, pid %1 \u2500\u2500").arg(l.pid)
                     : LogModel::tr("\u2500\u2500 new process \u2500\u2500");
}

QString streamName(LogLine::Stream s)
{
    return s == LogLine::Stream::Stderr ? QStringLiteral("stderr") : QStringLiteral("stdout");
}

} // namespace

std::optional<LogLine> LogLine::fromJson(const QJsonObject &o)
{
    // Read through the type the agent writes it with.
    const std::optional<model::LogRecord> r = model::LogRecord::fromJson(o);
    if (!r)
        return std::nullopt;
    LogLine line;
    line.worker = r->worker;
    line.stream = r->isStderr ? Stream::Stderr : Stream::Stdout;
    line.seq = r->seq;
    line.ts = r->timestampMs;
    if (hasAnsiEscapes(r->text)) {
        AnsiText parsed = parseAnsi(r->text);
        line.text = std::move(parsed.text);
        line.spans = std::move(parsed.spans);
    } else {
        line.text = r->text;
    }
    line.continued = r->continued;
    line.binary = !r->raw.isEmpty();
    return line;
}

LogLine LogLine::notice(const QString &worker, const QString &text, qint64 ts)
{
    LogLine line;
    line.kind = Kind::Notice;
    line.worker = worker;
    line.text = text;
    line.ts = ts;
    return line;
}

LogLine LogLine::runStart(const QString &worker, qint64 pid, qint64 ts)
{
    LogLine line;
    line.kind = Kind::RunStart;
    line.worker = worker;
    line.pid = pid;
    line.ts = ts;
    return line;
}

LogModel::LogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity))
{
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const LogLine &LogModel::lineAt(int row) const
{
    return m_ring.at((m_head + row) % m_capacity);
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &l = lineAt(index.row());
    const bool notice = l.kind == LogLine::Kind::Notice;
    const bool run = l.kind == LogLine::Kind::RunStart;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: return timeOf(l.ts);
        case Worker: return l.worker;
        case Stream: return notice ? QStringLiteral("\u26a0") : run ? QStringLiteral("\u25b6") : l.isStderr() ? tr("err") : tr("out");
        case Text:
            if (run)
                return runText(l);
            return l.text.size() > kMaxShownChars ? l.text.left(kMaxShownChars) + QStringLiteral("\u2026") : l.text;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Time)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(l.ts).toLocalTime(), QLocale::LongFormat);
        if (index.column() == Stream)
            return notice ? tr("notice") : run ? tr("a new process") : streamName(l.stream);
        if (index.column() == Text) {
            if (run)
                return tr("The lines below come from a new process of %1, started %2")
                    .arg(l.worker, QLocale().toString(QDateTime::fromMSecsSinceEpoch(l.ts).toLocalTime(), QLocale::LongFormat));
            if (l.continued)
                return tr("Cut at 64 KiB: the line goes on in the next row");
            if (l.binary)
                return tr("Not UTF-8: invalid bytes shown as \ufffd");
        }
        return {};
    case Qt::ForegroundRole:
        // The stream and the text carry the colour; the time and the worker stay plain, so a
        // column of times reads as one.
        if (index.column() != Stream && index.column() != Text)
            return {};
        if (notice)
            return warningTextColor(); // a warning about the log itself
        if (!run && l.isStderr())
            return errorTextColor();
        return {};
    case AnsiSpansRole:
        if (index.column() != Text || l.spans.isEmpty())
            return {};
        return QVariant::fromValue(l.spans);
    case WorkerRole: return l.worker;
    case StreamRole: return notice || run ? QString() : streamName(l.stream);
    case SeqRole: return l.seq;
    case TimestampRole: return l.ts;
    case TextRole: return run ? runText(l) : l.text;
    case IsStderrRole: return l.kind == LogLine::Kind::Line && l.isStderr();
    case IsNoticeRole: return notice || run;
    case IsRunStartRole: return run;
    default: return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Worker: return tr("Worker");
    case Stream: return tr("Stream");
    case Text: return tr("Line");
    }
    return {};
}

void LogModel::removeOldest(int count)
{
    count = qMin(count, m_count);
    if (count <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, count - 1);
    for (int i = 0; i < count; ++i)
        m_ring[(m_head + i) % m_capacity] = LogLine(); // free the text now, not when the slot is reused
    m_head = (m_head + count) % m_capacity;
    m_count -= count;
    m_evicted += count;
    endRemoveRows();
}

void LogModel::noteProcessStart(const QString &worker, qint64 startMs, qint64 pid)
{
    if (worker.isEmpty() || startMs <= 0)
        return;
    QList<ProcessStart> &starts = m_starts[worker];
    for (const ProcessStart &s : std::as_const(starts))
        if (s.ms == startMs || (pid > 0 && s.pid == pid))
            return;
    // Kept in time order: the agent reports them in order, a refresh may repeat an older one.
    auto at = std::upper_bound(starts.begin(), starts.end(), startMs,
                               [](qint64 ms, const ProcessStart &s) { return ms < s.ms; });
    starts.insert(at, ProcessStart{startMs, pid});
    if (starts.size() > kStartsKept)
        starts.remove(0, starts.size() - kStartsKept);
}

QList<LogLine> LogModel::withRunMarkers(const QList<LogLine> &lines)
{
    if (m_starts.isEmpty())
        return lines;
    QList<LogLine> out;
    out.reserve(lines.size() + 1);
    for (const LogLine &line : lines) {
        if (line.kind == LogLine::Kind::Line) {
            const auto last = m_lastLineMs.constFind(line.worker);
            const auto starts = m_starts.constFind(line.worker);
            if (last != m_lastLineMs.constEnd() && starts != m_starts.constEnd()) {
                // The newest start between this worker's previous line and this one.
                for (auto it = starts->crbegin(); it != starts->crend(); ++it) {
                    if (it->ms <= *last)
                        break;
                    if (it->ms <= line.ts) {
                        out.append(LogLine::runStart(line.worker, it->pid, it->ms));
                        break;
                    }
                }
            }
            m_lastLineMs.insert(line.worker, line.ts);
        }
        out.append(line);
    }
    return out;
}

void LogModel::append(const QList<LogLine> &incoming)
{
    if (incoming.isEmpty())
        return;
    const QList<LogLine> lines = withRunMarkers(incoming);
    const int n = int(qMin<qsizetype>(lines.size(), m_capacity));
    const qsizetype first = lines.size() - n;
    m_evicted += first; // never shown: the batch alone overflows the ring
    // Oldest out first, then the new rows in: a view keeps its scroll position and selection.
    removeOldest(m_count + n - m_capacity);
    beginInsertRows(QModelIndex(), m_count, m_count + n - 1);
    for (qsizetype i = first; i < lines.size(); ++i) {
        // Until the ring has wrapped once, its slots are filled in order, so the next free slot
        // is either the end of the list or a slot to reuse.
        const int slot = (m_head + m_count) % m_capacity;
        if (slot == m_ring.size())
            m_ring.append(lines.at(i));
        else
            m_ring[slot] = lines.at(i);
        ++m_count;
    }
    endInsertRows();
}

void LogModel::appendNotice(const QString &worker, const QString &text)
{
    append({LogLine::notice(worker, text, QDateTime::currentMSecsSinceEpoch())});
}

void LogModel::addSkipped(qint64 count)
{
    if (count <= 0)
        return;
    m_skipped += count;
    // Spelled out rather than "%n line(s)": the GUI ships no English plural translations.
    appendNotice(QString(), count == 1 ? tr("1 line skipped: the agent sent it faster than this window took it")
                                       : tr("%1 lines skipped: the agent sent them faster than this window took them")
                                             .arg(count));
}

void LogModel::clear()
{
    beginResetModel();
    m_ring.clear();
    m_head = 0;
    m_count = 0;
    m_skipped = 0;
    m_evicted = 0;
    m_lastLineMs.clear(); // the process starts stay: they are about the workers, not this view
    endResetModel();
}

void LogModel::setCapacity(int capacity)
{
    capacity = qMax(1, capacity);
    if (capacity == m_capacity)
        return;
    removeOldest(m_count - capacity);
    // Lay the ring out from slot 0 again: the row order does not change, so no signal.
    QList<LogLine> lines;
    lines.reserve(m_count);
    for (int r = 0; r < m_count; ++r)
        lines.append(lineAt(r));
    m_ring = std::move(lines);
    m_head = 0;
    m_capacity = capacity;
}

QString LogModel::plainText(const LogLine &line, bool withWorker)
{
    QString out = timeOf(line.ts);
    if (line.kind == LogLine::Kind::Notice)
        return out + QStringLiteral(" ! ") + line.text;
    if (line.kind == LogLine::Kind::RunStart)
        return out + (withWorker ? QLatin1Char(' ') + line.worker : QString()) + QLatin1Char(' ') + runText(line);
    if (withWorker)
        out += QLatin1Char(' ') + line.worker;
    out += QLatin1Char(' ') + streamName(line.stream) + QStringLiteral("  ") + line.text;
    return out;
}

} // namespace hsu::desktop
