#pragma once

// A worker's log file: append-only, rotated by size and pruned by count and age, as the target's
// `rotation` says. Plain POSIX calls because the writer thread appends whole blocks of lines at
// high rate and must see every error (a full disk, a vanished mount) as a return value with a
// message, never as an exception or an abort. One writer thread per object; not thread-safe.

#include "shared/config/WorkerSpec.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace hsu::agent::logs {

class LogFile final
{
public:
    LogFile(QString path, std::optional<hsu::config::LogRotation> rotation = {});
    ~LogFile();
    LogFile(const LogFile &) = delete;
    LogFile &operator=(const LogFile &) = delete;

    // Creates the parent folders, opens for appending and learns the current size; deletes rotated
    // files older than rotation.maxAge. Errors read "<path>: <reason>".
    bool open(QString *error);

    // `block` holds whole lines, each ending in '\n'. With rotation.maxSize the block is split at
    // line boundaries so that no file grows past maxSize (a single longer line gets a file alone).
    // False with "<path>: <reason>" on a write error; when only the rotation failed, the lines are
    // still written to the current file. A write cut short (a full disk) leaves no part of a line
    // in the file: the cut line is truncated away, and `*delivered` (when given) is the number of
    // bytes of the block, all whole lines, that are in the files.
    bool append(QByteArrayView block, QString *error, qsizetype *delivered = nullptr);

    // path → path.1 → path.2 …, keeping at most maxFiles files in all (current included).
    bool rotate(QString *error);

    void close();
    bool isOpen() const { return m_fd >= 0; }
    qint64 size() const { return m_size; }
    QString path() const { return m_path; }

    // "<path>.<index>", the name of the index-th rotated file (1 = the newest).
    QString rotatedPath(int index) const;

private:
    bool openFd(bool truncate, QString *error);
    bool writeAll(const char *data, qsizetype size, QString *error, qsizetype *kept = nullptr);
    void cutTornTail(const char *data, qsizetype written, qsizetype *kept);
    QList<int> rotatedIndexes() const; // existing path.N, ascending
    void removeExpired();
    QString failure(int err) const;

    QString m_path;
    QByteArray m_nativePath;
    std::optional<hsu::config::LogRotation> m_rotation;
    bool m_regular = true; // rotation only makes sense for regular files (not /dev/stdout, /dev/full)
    int m_fd = -1;
    qint64 m_size = 0;
};

} // namespace hsu::agent::logs
