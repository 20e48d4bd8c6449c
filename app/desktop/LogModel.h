#pragma once

// The lines of worker output a log view shows, oldest first. Bounded: a ring of `capacity` rows;
// once full, the oldest rows leave (removed first, then the new ones inserted, one insert per
// batch), so a chatty worker can never grow the GUI without limit.
//
// Besides output lines a row can be a notice: lines the agent dropped on a file target, or lines
// it skipped because this window fell behind. Notices are part of the log, not a popup: they sit
// where the gap is. And a run marker: a separator row where a worker's new process began, so
// the output of several runs (a crash loop's) does not run together. The model learns when
// processes started (noteProcessStart, from the workers' states) and puts the marker before the
// first line read after a start, when that worker's earlier lines are in the view.
//
// Lines with ANSI escapes are kept without them (AnsiText), their colours as spans.

#include "AnsiText.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace hsu::desktop {

struct LogLine
{
    enum class Kind { Line, Notice, RunStart };
    enum class Stream { Stdout, Stderr };

    Kind kind = Kind::Line;
    QString worker;     // empty for a notice about no particular worker
    Stream stream = Stream::Stdout;
    qint64 seq = 0;     // per worker + stream, from the agent
    qint64 ts = 0;      // ms since the epoch
    QString text;
    bool continued = false; // cut at 64 KiB; the next line of the same stream goes on
    bool binary = false;    // the bytes were not UTF-8 (text is the agent's best effort)
    QList<AnsiSpan> spans;  // colours the worker wrote (ANSI SGR), over `text` (escapes removed)
    qint64 pid = 0;         // RunStart: the new process

    // A Line object of logs.tail / logs.lines; nullopt when it has no worker or stream.
    static std::optional<LogLine> fromJson(const QJsonObject &object);
    static LogLine notice(const QString &worker, const QString &text, qint64 ts);
    static LogLine runStart(const QString &worker, qint64 pid, qint64 ts);
    bool isStderr() const { return stream == Stream::Stderr; }
};

class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column { Time, Worker, Stream, Text, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        WorkerRole = Qt::UserRole + 1,
        StreamRole,    // "stdout" / "stderr"
        SeqRole,
        TimestampRole, // ms since the epoch
        TextRole,
        IsStderrRole,
        IsNoticeRole,   // a notice or a run marker: not a line of output
        IsRunStartRole,
        AnsiSpansRole,  // QList<AnsiSpan> (Text column, lines with colours only)
    };
    static constexpr int kDefaultCapacity = 10000;

    explicit LogModel(int capacity = kDefaultCapacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // One batch: at most one row removal (the oldest) and one insertion. A batch larger than
    // the capacity keeps only its newest lines.
    void append(const QList<LogLine> &lines);
    void appendNotice(const QString &worker, const QString &text);
    // The agent left out `count` lines for this window (it fell behind): counted, and a notice.
    void addSkipped(qint64 count);
    void clear();
    // A process of `worker` started at `startMs` (agent clock, ms since the epoch) with `pid`.
    // Known again (the same start) is a no-op.
    void noteProcessStart(const QString &worker, qint64 startMs, qint64 pid);

    int capacity() const { return m_capacity; }
    // Shrinking drops the oldest rows at once.
    void setCapacity(int capacity);
    // Row 0 is the oldest line kept.
    const LogLine &lineAt(int row) const;
    // Lines the agent reported skipped since the last clear().
    qint64 skipped() const { return m_skipped; }
    // Lines pushed out of the ring since the last clear().
    qint64 evicted() const { return m_evicted; }

    // One line as plain text for the clipboard: "12:01:02.345 web stderr  text" (the worker only
    // with `withWorker`; notices start with "!").
    static QString plainText(const LogLine &line, bool withWorker);

private:
    void removeOldest(int count);
    // `lines` with a run marker before each worker's first line after a process start.
    QList<LogLine> withRunMarkers(const QList<LogLine> &lines);

    QList<LogLine> m_ring; // grows to m_capacity, then its slots are reused
    int m_capacity;
    int m_head = 0;        // slot of the oldest line
    int m_count = 0;
    qint64 m_skipped = 0;
    qint64 m_evicted = 0;
    struct ProcessStart
    {
        qint64 ms = 0;
        qint64 pid = 0;
    };
    QHash<QString, QList<ProcessStart>> m_starts; // per worker, oldest first, the last few
    QHash<QString, qint64> m_lastLineMs;          // per worker: the newest line appended
};

} // namespace hsu::desktop
