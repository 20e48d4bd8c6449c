#include "CtlFormat.h"

#include <QStringList>

#include <array>

namespace hsu::ctl {

QString formatDuration(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d%2h").arg(s / 86400).arg((s % 86400) / 3600, 2, 10, QLatin1Char('0'));
}

QString signalName(int signal)
{
    // The POSIX numbers, same on Linux and macOS for these; others stay numeric.
    static constexpr std::array<std::pair<int, const char *>, 9> names{{
        {1, "SIGHUP"}, {2, "SIGINT"}, {3, "SIGQUIT"}, {4, "SIGILL"}, {6, "SIGABRT"},
        {9, "SIGKILL"}, {11, "SIGSEGV"}, {13, "SIGPIPE"}, {15, "SIGTERM"},
    }};
    for (const auto &[n, name] : names)
        if (n == signal)
            return QString::fromLatin1(name);
    return QStringLiteral("signal %1").arg(signal);
}

QString formatExit(const model::WorkerStatus &w)
{
    if (w.exitSignal)
        return signalName(*w.exitSignal);
    if (w.exitCode)
        return QString::number(*w.exitCode);
    return QStringLiteral("-");
}

QString formatUptimeOrSince(const model::WorkerStatus &w, const QDateTime &now)
{
    if (w.state == model::WorkerState::Backoff && w.nextRestartMs >= 0)
        return QStringLiteral("restart in %1").arg(formatDuration(w.nextRestartMs + 999)); // round up
    if (w.pid > 0 && w.startedAt.isValid())
        return formatDuration(w.startedAt.msecsTo(now));
    if (w.since.isValid())
        return formatDuration(w.since.msecsTo(now)) + QStringLiteral(" ago");
    return QStringLiteral("-");
}

QString formatStatusTable(const QList<model::WorkerStatus> &workers, const QDateTime &now)
{
    QList<QStringList> rows;
    rows << QStringList{QStringLiteral("ID"), QStringLiteral("STATE"), QStringLiteral("HEALTH"), QStringLiteral("PID"),
                        QStringLiteral("RESTARTS"), QStringLiteral("EXIT"), QStringLiteral("UPTIME/SINCE"), QStringLiteral("REASON")};
    for (const model::WorkerStatus &w : workers) {
        rows << QStringList{w.id,
                            model::toString(w.state),
                            w.health.isEmpty() ? QStringLiteral("-") : w.health,
                            // A process an earlier agent started and this one took back (its exit status
                            // will not be known): said where the pid is.
                            w.pid > 0 ? QString::number(w.pid) + (w.adopted ? QStringLiteral(" (re-adopted)") : QString())
                                      : QStringLiteral("-"),
                            QString::number(w.restarts),
                            formatExit(w),
                            formatUptimeOrSince(w, now),
                            w.reason.isEmpty() ? QStringLiteral("-") : w.reason.simplified()};
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());

    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const bool last = i == row.size() - 1;
            line += last ? row.at(i) : row.at(i).leftJustified(widths[i] + 2);
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

} // namespace hsu::ctl
