#pragma once

// Where formatted log lines end up. A sink is written only from the writer thread (LogWriter), one
// block of whole lines at a time, so no sink needs a lock of its own.

#include "shared/config/LogSettings.h"

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace hsu::agent::logs {

class LogSink
{
public:
    virtual ~LogSink() = default;
    // A name for reports: the file's path, "stdout", "syslog".
    virtual QString name() const = 0;
    // Writes whole lines (each ending in '\n'). False: `error` says why, and the lines after the
    // first `*delivered` bytes of the block (whole lines) are lost.
    virtual bool write(QByteArrayView block, QString *error, qsizetype *delivered) = 0;
};

// A file, rotated as its target says (LogFile). Opening is retried on the next write after a
// failure, so a log folder that becomes writable again is picked up without a restart.
std::shared_ptr<LogSink> makeFileSink(const config::ResolvedLogTarget &target);
// The agent's own stdout (stdout and master_stdout targets) or stderr.
std::shared_ptr<LogSink> makeStreamSink(bool stderrStream);
// syslog(3): one message per line, ident "hsu-master", priority from the stream.
std::shared_ptr<LogSink> makeSyslogSink(bool stderrStream);

} // namespace hsu::agent::logs
