#pragma once

// The lines of worker output a log view shows, oldest first. Bounded: a ring of `capacity` rows;
// once full, the oldest rows leave (removed first, then the new ones inserted, one insert per
// batch), so a chatty worker can never grow the GUI without limit.
//
// Besides output lines a row can be a notice: lines the agent dropped on a file target, or lines
// it skipped because this window fell behind. Notices are part of the log, not a popup: they sit
// where the gap is.

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace hsu::desktop {

struct LogLine
{
    enum class Kind { Line, Notice };
    enum class Stream { Stdout, Stderr };

    Kind kind = Kind::Line;
    QString worker;     // empty for a notice about no particular worker
    Stream stream = Stream::Stdout;
    qint64 seq = 0;     // per worker + stream, from the agent
    qint64 ts = 0;      // ms since the epoch
    QString text;
    bool continued = false; // cut at 64 KiB; the next line of the same stream goes on
    bool binary = false;    // the bytes were not UTF-8 (text is the agent's best effort)

    // A Line object of logs.tail / logs.lines; nullopt when it has no worker or stream.
    static std::optional<LogLine> fromJson(const QJsonObject &object);
    static LogLine notice(const QString &worker, const QString &text, qint64 ts);
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
        IsNoticeRole,
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

    QList<LogLine> m_ring; // grows to m_capacity, then its slots are reused
    int m_capacity;
    int m_head = 0;        // slot of the oldest line
    int m_count = 0;
    qint64 m_skipped = 0;
    qint64 m_evicted = 0;
};

} // namespace hsu::desktop
