#pragma once

// What survives the agent (issue 13): for each worker with a live process, a record in the state
// folder that the next agent reads before it starts anything (agent/Adoption.h), and a copy of the
// config text the workers were started from, to tell which of them the file has changed since.
//
//   <state-dir>/workers/<id>.rec    one record per worker with a process, rewritten at each new
//                                   process; two 4 KiB slots written in turn, each with a sequence
//                                   number and a checksum: a write cut short spoils only the slot
//                                   it was writing, and the reader takes the newest valid one.
//                                   (A temporary file renamed into place costs a new inode per
//                                   write: 1 to 3 ms on ext4 here, too much for every restart of
//                                   a crash loop; one pwrite() into the page cache takes µs.)
//   <state-dir>/running.yaml        the config text that runs, with the path it was read from
//                                   in running.json (relative paths in it resolve from there)
//
// One file per worker, not one for all: a crash loop rewrites its own record only (a thousand
// workers' records in one file were 150 KB per restart), and a torn write can cost one record at
// most. A record without a matching live process is worth nothing and is removed.

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::agent::state {

struct WorkerRecord
{
    QString id;
    qint64 pid = 0;
    quint64 startTime = 0;     // field 22 of /proc/PID/stat: with the pid, one process
    QDateTime startedAt;
    QStringList cgroups;       // the worker's cgroup folders, one per hierarchy
    QString stdoutFifo;        // the FIFOs its output goes to (empty: not captured)
    QString stderrFifo;
    int restarts = 0;
    QString state;             // as the status says ("running", "paused", ...)
    QString configDigest;      // SHA-256 of the config text its spec came from
    quint16 integratedPort = 0; // an integrated worker's --port
    qint64 agentPid = 0;       // the agent that wrote it

    QJsonObject toJson() const;
    static std::optional<WorkerRecord> fromJson(const QJsonObject &o);
    bool operator==(const WorkerRecord &) const = default;
};

class StateStore final
{
public:
    explicit StateStore(QString stateDir);

    // Every record found; an unreadable one is removed with a warning (it cannot be trusted).
    QHash<QString, WorkerRecord> load() const;
    // Atomic: the next agent sees the old record or the new one, never a torn one.
    bool write(const WorkerRecord &record, QString *error = nullptr);
    static constexpr int kSlotBytes = 4096;
    void remove(const QString &id);

    // The config text that runs now, and where it was read from.
    bool writeRunningConfig(const QByteArray &text, const QString &path, QString *error = nullptr);
    struct RunningConfig
    {
        QByteArray text;
        QString path;
        QString digest;
    };
    std::optional<RunningConfig> runningConfig() const;
    static QString digestOf(const QByteArray &text);

    QString recordPath(const QString &id) const;

private:
    QString m_dir;
    QString m_workersDir;
    mutable QHash<QString, int> m_validSlot; // per id: the slot holding its newest record
};

} // namespace hsu::agent::state
