#include "LogSinks.h"

#include "LogFile.h"

#include <QElapsedTimer>

#include <cerrno>
#include <cstring>

#include <syslog.h>
#include <unistd.h>

namespace hsu::agent::logs {

namespace {

class FileSink final : public LogSink
{
public:
    explicit FileSink(const config::ResolvedLogTarget &target)
        : m_file(target.path, target.rotation)
    {
    }
    QString name() const override { return m_file.path(); }
    bool write(QByteArrayView block, QString *error, qsizetype *delivered) override
    {
        *delivered = 0;
        if (!m_open) {
            // A folder that cannot be written is not retried for every block: once a second.
            if (m_lastAttempt.isValid() && m_lastAttempt.elapsed() < 1000) {
                *error = m_openError;
                return false;
            }
            m_lastAttempt.start();
            if (!m_file.open(&m_openError)) {
                *error = m_openError;
                return false;
            }
            m_open = true;
        }
        if (m_file.append(block, error, delivered))
            return true;
        // Reopen next time: the file may have been removed or its disk remounted.
        m_file.close();
        m_open = false;
        m_openError = *error;
        m_lastAttempt.start();
        return false;
    }

private:
    LogFile m_file;
    bool m_open = false;
    QString m_openError;
    QElapsedTimer m_lastAttempt;
};

class StreamSink final : public LogSink
{
public:
    explicit StreamSink(bool stderrStream)
        : m_fd(stderrStream ? STDERR_FILENO : STDOUT_FILENO)
    {
    }
    QString name() const override { return m_fd == STDERR_FILENO ? QStringLiteral("agent stderr") : QStringLiteral("agent stdout"); }
    bool write(QByteArrayView block, QString *error, qsizetype *delivered) override
    {
        const char *p = block.data();
        qsizetype left = block.size();
        while (left > 0) {
            const ssize_t n = ::write(m_fd, p, size_t(left));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                *error = QStringLiteral("%1: %2").arg(name(), QString::fromLocal8Bit(std::strerror(errno)));
                // A pipe or terminal cannot be cut back: the lines before the cut were delivered.
                const qsizetype sent = p - block.data();
                *delivered = sent > 0 ? block.first(sent).lastIndexOf('\n') + 1 : 0;
                return false;
            }
            p += n;
            left -= n;
        }
        return true;
    }

private:
    int m_fd;
};

class SyslogSink final : public LogSink
{
public:
    explicit SyslogSink(bool stderrStream)
        : m_priority(stderrStream ? LOG_ERR : LOG_INFO)
    {
        static const bool opened = [] {
            ::openlog("hsu-master", LOG_PID | LOG_NDELAY, LOG_USER);
            return true;
        }();
        Q_UNUSED(opened);
    }
    QString name() const override { return QStringLiteral("syslog"); }
    bool write(QByteArrayView block, QString *, qsizetype *) override
    {
        // The formatter already put worker and stream on each line; syslog wants one call per line.
        qsizetype start = 0;
        while (start < block.size()) {
            qsizetype end = block.indexOf('\n', start);
            if (end < 0)
                end = block.size();
            const QByteArray line = block.sliced(start, end - start).toByteArray();
            ::syslog(m_priority, "%s", line.constData());
            start = end + 1;
        }
        return true;
    }

private:
    int m_priority;
};

} // namespace

std::shared_ptr<LogSink> makeFileSink(const config::ResolvedLogTarget &target)
{
    return std::make_shared<FileSink>(target);
}

std::shared_ptr<LogSink> makeStreamSink(bool stderrStream)
{
    return std::make_shared<StreamSink>(stderrStream);
}

std::shared_ptr<LogSink> makeSyslogSink(bool stderrStream)
{
    return std::make_shared<SyslogSink>(stderrStream);
}

} // namespace hsu::agent::logs
