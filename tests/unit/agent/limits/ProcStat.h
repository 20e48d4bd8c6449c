#pragma once

// What the limits tests read back from /proc: CPU time, nice value, rlimits.

#include <QFile>
#include <QList>
#include <QString>

#include <optional>

#include <unistd.h>

namespace hsu::test {

// Field `n` (1-based, as proc(5) numbers them) of /proc/<pid>/stat; the command name in parentheses
// may hold spaces, so fields are counted from the last ')'.
inline std::optional<qint64> statField(qint64 pid, int n)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = f.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0 || n < 3)
        return std::nullopt;
    const QList<QByteArray> fields = text.mid(close + 2).trimmed().split(' ');
    const qsizetype i = n - 3; // field 3 (state) comes first after ')'
    if (i >= fields.size())
        return std::nullopt;
    bool ok = false;
    const qint64 v = fields[i].toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

// utime + stime in seconds.
inline double cpuSeconds(qint64 pid)
{
    const auto u = statField(pid, 14);
    const auto s = statField(pid, 15);
    if (!u || !s)
        return -1;
    return static_cast<double>(*u + *s) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The "Max open files" (or other) line of /proc/<pid>/limits, spaces collapsed.
inline QString limitsLine(qint64 pid, const QString &name)
{
    QFile f(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QString s = QString::fromLatin1(line).simplified();
        if (s.startsWith(name))
            return s;
    }
    return {};
}

} // namespace hsu::test
