#include "WorkerPresentation.h"

#include "Appearance.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <csignal>

namespace hsu::desktop {

using model::WorkerState;

namespace {

// The context of this file's texts: free functions have no class for lupdate to name.
struct Text final
{
    Q_DECLARE_TR_FUNCTIONS(hsu::desktop::WorkerPresentation)
};

// Icons are painted rather than loaded: the SVG image plugin is not always installed, and a
// painted dot is crisp at every size the style asks for.
QPixmap dotPixmap(const QColor &fill, int size, const QColor &ring)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal margin = size * 0.18;
    const QRectF r(margin, margin, size - 2 * margin, size - 2 * margin);
    p.setPen(QPen(ring, qMax(1.0, size / 16.0)));
    p.setBrush(fill);
    p.drawEllipse(r);
    return pixmap;
}

QIcon dotIcon(const QColor &fill)
{
    QIcon icon;
    for (int size : {16, 22, 32, 48})
        icon.addPixmap(dotPixmap(fill, size, fill.darker(140)));
    return icon;
}

// The tray and application icon: a rounded square with a pulse line, tinted by the summary.
QPixmap badgePixmap(const QColor &base, const QColor &mark, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    p.setPen(Qt::NoPen);
    p.setBrush(base);
    p.drawRoundedRect(QRectF(s * 0.06, s * 0.06, s * 0.88, s * 0.88), s * 0.2, s * 0.2);
    QPainterPath pulse;
    pulse.moveTo(s * 0.16, s * 0.55);
    pulse.lineTo(s * 0.36, s * 0.55);
    pulse.lineTo(s * 0.45, s * 0.28);
    pulse.lineTo(s * 0.56, s * 0.74);
    pulse.lineTo(s * 0.65, s * 0.50);
    pulse.lineTo(s * 0.84, s * 0.50);
    QPen pen(Qt::white, qMax(1.5, s * 0.09));
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(pulse);
    if (mark.isValid()) {
        // The state badge: 45 % of the icon, in the top right corner, its white ring included
        // fully inside the pixmap (a tray shows icons at 16-24 px: smaller is unreadable).
        const qreal ring = qMax(1.0, s * 0.06);
        const qreal d = s * 0.45;
        const QRectF badge = QRectF(s - d, 0, d, d).adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2);
        p.setPen(QPen(Qt::white, ring));
        p.setBrush(mark);
        p.drawEllipse(badge);
    }
    return pixmap;
}

QIcon badgeIcon(const QColor &base, const QColor &mark)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128})
        icon.addPixmap(badgePixmap(base, mark, size));
    return icon;
}

} // namespace

QString stateLabel(WorkerState state)
{
    switch (state) {
    case WorkerState::Registered: return Text::tr("registered");
    case WorkerState::Starting: return Text::tr("starting");
    case WorkerState::Running: return Text::tr("running");
    case WorkerState::Stopping: return Text::tr("stopping");
    case WorkerState::Stopped: return Text::tr("stopped");
    case WorkerState::Failed: return Text::tr("failed");
    case WorkerState::Restarting: return Text::tr("restarting");
    case WorkerState::Backoff: return Text::tr("backoff");
    case WorkerState::Paused: return Text::tr("paused");
    case WorkerState::Exited: return Text::tr("exited");
    }
    return model::toString(state);
}

QString healthLabel(const QString &health)
{
    if (health == QLatin1String("healthy"))
        return Text::tr("healthy");
    if (health == QLatin1String("degraded"))
        return Text::tr("degraded");
    if (health == QLatin1String("unhealthy"))
        return Text::tr("unhealthy");
    if (health == QLatin1String("unknown"))
        return Text::tr("unknown");
    return health;
}

QIcon healthIcon(const QString &health)
{
    if (health == QLatin1String("healthy"))
        return stateIcon(WorkerState::Running);
    if (health == QLatin1String("degraded"))
        return stateIcon(WorkerState::Backoff);
    if (health == QLatin1String("unhealthy"))
        return stateIcon(WorkerState::Failed);
    return stateIcon(WorkerState::Starting);
}

QString workerDisplayName(const model::WorkerStatus &status)
{
    return status.name.isEmpty() ? status.id : status.name;
}

QString formatTimestamp(const QDateTime &time, bool millis)
{
    if (!time.isValid())
        return QString();
    return time.toLocalTime().toString(millis ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz") : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QColor stateColor(WorkerState state)
{
    // Mid-tone colours, for shapes; text uses stateTextColor(), which adjusts them to the base.
    switch (state) {
    case WorkerState::Running: return QColor(0x2e, 0x9d, 0x3f);
    case WorkerState::Starting:
    case WorkerState::Restarting: return QColor(0x1e, 0x88, 0xe5);
    case WorkerState::Backoff: return QColor(0xef, 0x8a, 0x00);
    case WorkerState::Failed: return QColor(0xd3, 0x2f, 0x2f);
    case WorkerState::Stopping: return QColor(0x7e, 0x8c, 0xa0);
    case WorkerState::Paused: return QColor(0x8e, 0x5b, 0xd0);
    case WorkerState::Stopped:
    case WorkerState::Exited:
    case WorkerState::Registered: return QColor(0x8a, 0x8a, 0x8a);
    }
    return QColor(Qt::gray);
}

QColor stateTextColor(WorkerState state)
{
    return readableTextColor(stateColor(state));
}

QIcon stateIcon(WorkerState state)
{
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(state));
    if (it != cache.constEnd())
        return *it;
    const QIcon icon = dotIcon(stateColor(state));
    cache.insert(int(state), icon);
    return icon;
}

QIcon overallIcon(OverallState state)
{
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(state));
    if (it != cache.constEnd())
        return *it;
    const QColor base(0x2b, 0x4c, 0x7e);
    QIcon icon;
    switch (state) {
    case OverallState::Ok: icon = badgeIcon(base, stateColor(WorkerState::Running)); break;
    case OverallState::Busy: icon = badgeIcon(base, stateColor(WorkerState::Backoff)); break;
    case OverallState::Problem: icon = badgeIcon(base, stateColor(WorkerState::Failed)); break;
    case OverallState::NoAgent: icon = badgeIcon(QColor(0x80, 0x80, 0x80), QColor()); break;
    }
    cache.insert(int(state), icon);
    return icon;
}

QIcon applicationIcon()
{
    return badgeIcon(QColor(0x2b, 0x4c, 0x7e), QColor());
}

int stateSortKey(WorkerState state)
{
    switch (state) {
    case WorkerState::Failed: return 0;
    case WorkerState::Backoff: return 1;
    case WorkerState::Restarting: return 2;
    case WorkerState::Starting: return 3;
    case WorkerState::Stopping: return 4;
    case WorkerState::Running: return 5;
    case WorkerState::Paused: return 6;
    case WorkerState::Exited: return 7;
    case WorkerState::Stopped: return 8;
    case WorkerState::Registered: return 9;
    }
    return 10;
}

bool isProblem(WorkerState state)
{
    return state == WorkerState::Failed || state == WorkerState::Backoff;
}

bool isTransient(WorkerState state)
{
    switch (state) {
    case WorkerState::Starting:
    case WorkerState::Restarting:
    case WorkerState::Stopping:
    case WorkerState::Backoff:
        return true;
    default:
        return false;
    }
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return QString();
    const qint64 d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
    auto two = [](qint64 v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
    if (d > 0)
        return Text::tr("%1d %2h").arg(d).arg(two(h));
    if (h > 0)
        return Text::tr("%1h %2m").arg(h).arg(two(m));
    if (m > 0)
        return Text::tr("%1m %2s").arg(m).arg(two(s));
    return Text::tr("%1s").arg(s);
}

QString formatMilliseconds(qint64 ms)
{
    if (ms < 1000)
        return Text::tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return Text::tr("%1 s").arg(QString::number(double(ms) / 1000.0, 'g', 3));
    return formatDuration(ms / 1000);
}

QString signalName(int signal)
{
    switch (signal) {
    case SIGHUP: return QStringLiteral("SIGHUP");
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGQUIT: return QStringLiteral("SIGQUIT");
    case SIGILL: return QStringLiteral("SIGILL");
    case SIGTRAP: return QStringLiteral("SIGTRAP");
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGFPE: return QStringLiteral("SIGFPE");
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGUSR1: return QStringLiteral("SIGUSR1");
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGUSR2: return QStringLiteral("SIGUSR2");
    case SIGPIPE: return QStringLiteral("SIGPIPE");
    case SIGALRM: return QStringLiteral("SIGALRM");
    case SIGTERM: return QStringLiteral("SIGTERM");
#ifdef SIGXCPU
    case SIGXCPU: return QStringLiteral("SIGXCPU");
#endif
#ifdef SIGXFSZ
    case SIGXFSZ: return QStringLiteral("SIGXFSZ");
#endif
    default: return Text::tr("signal %1").arg(signal);
    }
}

QString formatExit(const model::WorkerStatus &status)
{
    if (status.exitSignal)
        return signalName(*status.exitSignal);
    if (status.exitCode)
        return Text::tr("exit %1").arg(*status.exitCode);
    return QString();
}

qint64 uptimeSeconds(const model::WorkerStatus &status, const QDateTime &now)
{
    if (status.pid <= 0 || !status.startedAt.isValid())
        return -1;
    return qMax<qint64>(0, status.startedAt.secsTo(now));
}

QString workerCountsText(const QList<model::WorkerStatus> &workers, const QStringList &crashLooping)
{
    int running = 0, attention = 0;
    for (const model::WorkerStatus &w : workers) {
        running += w.state == WorkerState::Running ? 1 : 0;
        attention += (isProblem(w.state) || w.health == QLatin1String("unhealthy") || crashLooping.contains(w.id)) ? 1 : 0;
    }
    QString text = QCoreApplication::translate("hsu::desktop::WorkerPresentation", "%n workers, %1 running", nullptr, int(workers.size())).arg(running);
    if (attention > 0)
        text += QCoreApplication::translate("hsu::desktop::WorkerPresentation", " \u00b7 %n need attention", nullptr, attention);
    return text;
}

QString placeholderDash()
{
    return QStringLiteral("\u2014");
}

QString unmanagedNote(const model::WorkerStatus &w)
{
    QString note = QCoreApplication::translate("hsu::desktop::WorkerPresentation",
                                               "Unmanaged: a process the agent did not start. It is found, watched and "
                                               "sampled; its output is not captured.");
    if (!w.canTerminate)
        note += QLatin1Char(' ') + QCoreApplication::translate("hsu::desktop::WorkerPresentation", "It may not be stopped.");
    if (!w.canRestart)
        note += QLatin1Char(' ') + QCoreApplication::translate("hsu::desktop::WorkerPresentation", "It may not be restarted.");
    note += QLatin1Char(' ')
        + (w.allowedSignals.isEmpty()
               ? QCoreApplication::translate("hsu::desktop::WorkerPresentation", "No signal may be sent to it.")
               : QCoreApplication::translate("hsu::desktop::WorkerPresentation", "Signals it may be sent: %1.")
                     .arg(w.allowedSignals.join(QStringLiteral(", "))));
    return note;
}

} // namespace hsu::desktop
