#include "LogFile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hsu::agent::logs {

Q_LOGGING_CATEGORY(lcFile, "hsu.agent.logs.file")

namespace {

// mkdir -p that keeps errno, so "Not a directory" / "Permission denied" reach the message
// (QDir::mkpath only says false).
bool makeFolders(const QByteArray &dir, int *err)
{
    struct stat st {};
    if (::stat(dir.constData(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return true;
        *err = ENOTDIR;
        return false;
    }
    if (errno != ENOENT) {
        *err = errno;
        return false;
    }
    const qsizetype slash = dir.lastIndexOf('/');
    if (slash > 0 && !makeFolders(dir.left(slash), err))
        return false;
    if (::mkdir(dir.constData(), 0755) != 0 && errno != EEXIST) {
        *err = errno;
        return false;
    }
    return true;
}

qint64 mtimeMs(const struct stat &st)
{
    return qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

} // namespace

LogFile::LogFile(QString path, std::optional<hsu::config::LogRotation> rotation)
    : m_path(std::move(path))
    , m_nativePath(QFile::encodeName(m_path))
    , m_rotation(std::move(rotation))
{
}

LogFile::~LogFile()
{
    close();
}

QString LogFile::failure(int err) const
{
    return m_path + QStringLiteral(": ") + qt_error_string(err);
}

QString LogFile::rotatedPath(int index) const
{
    return m_path + QLatin1Char('.') + QString::number(index);
}

bool LogFile::open(QString *error)
{
    if (isOpen())
        return true;
    const QString parent = QFileInfo(m_path).absolutePath();
    int err = 0;
    if (!makeFolders(QFile::encodeName(parent), &err)) {
        if (error)
            *error = m_path + QStringLiteral(": cannot create folder ") + parent + QStringLiteral(": ")
                    + qt_error_string(err);
        return false;
    }
    if (!openFd(false, error))
        return false;
    removeExpired();
    return true;
}

bool LogFile::openFd(bool truncate, QString *error)
{
    const int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0);
    int fd;
    do {
        fd = ::open(m_nativePath.constData(), flags, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (error)
            *error = failure(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        if (error)
            *error = failure(err);
        return false;
    }
    m_fd = fd;
    m_regular = S_ISREG(st.st_mode);
    m_size = m_regular ? qint64(st.st_size) : 0;
    return true;
}

void LogFile::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool LogFile::writeAll(const char *data, qsizetype size, QString *error, qsizetype *kept)
{
    qsizetype written = 0;
    while (written < size) {
        const ssize_t n = ::write(m_fd, data + written, size_t(size - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) { // 0 is not expected from a file: stop rather than spin
            const int err = n < 0 ? errno : EIO;
            cutTornTail(data, written, kept);
            if (error)
                *error = failure(err);
            return false;
        }
        written += n;
        m_size += n;
    }
    if (kept)
        *kept = size;
    return true;
}

void LogFile::cutTornTail(const char *data, qsizetype written, qsizetype *kept)
{
    // A full disk takes what fits and refuses the rest: the file would end in half a line, and the
    // next block would be glued to it (a line that is neither). Back to the last whole line.
    const void *nl = written > 0 ? ::memrchr(data, '\n', size_t(written)) : nullptr;
    const qsizetype whole = nl ? static_cast<const char *>(nl) - data + 1 : 0;
    if (kept)
        *kept = whole;
    const qsizetype torn = written - whole;
    if (torn == 0 || !m_regular)
        return;
    struct stat st {};
    const qint64 end = ::fstat(m_fd, &st) == 0 ? qint64(st.st_size) : m_size;
    if (::ftruncate(m_fd, end - torn) == 0)
        m_size -= torn;
    else
        qCWarning(lcFile).noquote() << failure(errno) << "(the cut line stays in the file)";
}

bool LogFile::append(QByteArrayView block, QString *error, qsizetype *delivered)
{
    qsizetype done = 0; // bytes of the block in the files, whole lines
    if (delivered)
        *delivered = 0;
    if (!isOpen()) {
        if (error)
            *error = m_path + QStringLiteral(": not open");
        return false;
    }
    const qint64 maxSize = (m_regular && m_rotation) ? m_rotation->maxSize : 0;
    if (maxSize <= 0 || m_size + block.size() <= maxSize)
        return writeAll(block.data(), block.size(), error, delivered);

    while (!block.isEmpty()) {
        const qint64 room = maxSize - m_size;
        qsizetype take = 0;
        if (block.size() <= room) {
            take = block.size();
        } else if (room > 0) {
            // The whole lines that fit: up to the last '\n' within the room.
            const void *nl = ::memrchr(block.data(), '\n', size_t(room));
            if (nl)
                take = static_cast<const char *>(nl) - block.data() + 1;
        }
        if (take == 0) {
            if (m_size > 0) {
                if (!rotate(error)) {
                    // Rotation failed (reported): better a file over its size than lost lines.
                    qsizetype kept = 0;
                    if (isOpen())
                        writeAll(block.data(), block.size(), nullptr, &kept);
                    if (delivered)
                        *delivered = done + kept;
                    return false;
                }
                continue;
            }
            // An empty file and a first line longer than maxSize: it gets this file alone.
            const qsizetype nl = block.indexOf('\n');
            take = nl < 0 ? block.size() : nl + 1;
        }
        qsizetype kept = 0;
        const bool ok = writeAll(block.data(), take, error, &kept);
        done += kept;
        if (delivered)
            *delivered = done;
        if (!ok)
            return false;
        block = block.sliced(take);
    }
    return true;
}

QList<int> LogFile::rotatedIndexes() const
{
    const QFileInfo info(m_path);
    const QString stem = info.fileName() + QLatin1Char('.');
    QList<int> indexes;
    const QStringList names = QDir(info.absolutePath())
            .entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        if (!name.startsWith(stem))
            continue;
        const QStringView suffix = QStringView(name).sliced(stem.size());
        bool ok = false;
        const int index = suffix.toInt(&ok);
        // Digits only: "app.log.1" yes, "app.log.1.gz" or "app.log.+1" no.
        if (ok && index > 0 && suffix == QString::number(index))
            indexes.append(index);
    }
    std::sort(indexes.begin(), indexes.end());
    return indexes;
}

bool LogFile::rotate(QString *error)
{
    if (!m_regular)
        return true; // a device or pipe has nothing to rename
    close();
    const int maxFiles = m_rotation ? m_rotation->maxFiles : 0;
    const QList<int> existing = rotatedIndexes();
    QString firstError;
    const auto note = [&](const QString &path, int err) {
        const QString message = path + QStringLiteral(": ") + qt_error_string(err);
        qCWarning(lcFile).noquote() << "rotation:" << message;
        if (firstError.isEmpty())
            firstError = message;
    };

    bool truncate = false;
    if (maxFiles == 1) {
        // Only the current file is kept: start it again instead of renaming it away.
        for (int k : existing)
            if (::unlink(QFile::encodeName(rotatedPath(k)).constData()) != 0)
                note(rotatedPath(k), errno);
        truncate = true;
    } else {
        // Oldest first, so that path.(k+1) is already gone or moved when path.k takes its name.
        for (auto it = existing.crbegin(); it != existing.crend(); ++it) {
            const int k = *it;
            const QByteArray from = QFile::encodeName(rotatedPath(k));
            if (maxFiles > 0 && k + 1 > maxFiles - 1) {
                if (::unlink(from.constData()) != 0)
                    note(rotatedPath(k), errno);
            } else if (::rename(from.constData(), QFile::encodeName(rotatedPath(k + 1)).constData()) != 0) {
                note(rotatedPath(k), errno);
            }
        }
        if (::rename(m_nativePath.constData(), QFile::encodeName(rotatedPath(1)).constData()) != 0) {
            // The current file cannot move away: keep writing into it rather than lose lines.
            note(m_path, errno);
        }
    }
    QString openError;
    const bool reopened = openFd(truncate, &openError);
    if (!reopened && firstError.isEmpty())
        firstError = openError;
    removeExpired();
    if (!firstError.isEmpty() && error)
        *error = firstError;
    return reopened && firstError.isEmpty();
}

void LogFile::removeExpired()
{
    if (!m_rotation || m_rotation->maxAge <= hsu::config::Duration::zero())
        return;
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - qint64(m_rotation->maxAge.count());
    for (int k : rotatedIndexes()) {
        const QByteArray name = QFile::encodeName(rotatedPath(k));
        struct stat st {};
        if (::stat(name.constData(), &st) == 0 && mtimeMs(st) < cutoff && ::unlink(name.constData()) != 0)
            qCWarning(lcFile).noquote() << "cannot delete expired" << rotatedPath(k) << ":" << qt_error_string(errno);
    }
}

} // namespace hsu::agent::logs
