#include "ProcessFinder.h"

#include "ServiceLookup.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace hsu::agent::discovery {

namespace {

QByteArray readSmall(const QString &path, qint64 max = 64 * 1024)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly | QIODevice::Unbuffered) ? f.read(max) : QByteArray();
}

// Alive, not a zombie, not the agent.
bool candidate(qint64 pid)
{
    if (pid <= 1 || pid == ::getpid())
        return false;
    const QByteArray stat = readSmall(QStringLiteral("/proc/%1/stat").arg(pid), 512);
    const qsizetype close = stat.lastIndexOf(')');
    return close > 0 && close + 2 < stat.size() && stat.at(close + 2) != 'Z' && stat.at(close + 2) != 'X';
}

QList<qint64> allPids()
{
    QList<qint64> pids;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (ok)
            pids << pid;
    }
    return pids;
}

QString several(const QString &how, const QList<qint64> &pids)
{
    QStringList list;
    for (qint64 pid : pids) {
        QByteArray cmd = readSmall(QStringLiteral("/proc/%1/cmdline").arg(pid), 200);
        cmd.replace('\0', ' ');
        list << QStringLiteral("%1 (%2)").arg(pid).arg(QString::fromLocal8Bit(cmd.trimmed()));
    }
    return QStringLiteral("%1 matches %2 processes, not one: %3; make the discovery narrower (process_args)")
        .arg(how)
        .arg(pids.size())
        .arg(list.join(QStringLiteral(", ")));
}

} // namespace

Found byPidFile(const QString &path)
{
    Found f;
    f.how = QStringLiteral("pid file %1").arg(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        f.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return f;
    }
    bool ok = false;
    const qint64 pid = file.read(64).trimmed().split('\n').value(0).trimmed().toLongLong(&ok);
    if (!ok || pid <= 0) {
        f.error = QStringLiteral("%1 holds no pid").arg(path);
        return f;
    }
    if (!candidate(pid)) {
        f.error = QStringLiteral("%1 names pid %2, which is not running").arg(path).arg(pid);
        return f;
    }
    f.pid = pid;
    return f;
}

Found byProcessName(const QString &name, const QStringList &args)
{
    Found f;
    f.how = args.isEmpty() ? QStringLiteral("process name %1").arg(name)
                           : QStringLiteral("process name %1 with arguments %2").arg(name, args.join(u' '));
    // comm holds at most 15 bytes of the name.
    const QByteArray comm = name.toLocal8Bit().left(15);
    QList<qint64> matches;
    for (qint64 pid : allPids()) {
        const QByteArray argvText = readSmall(QStringLiteral("/proc/%1/cmdline").arg(pid));
        QList<QByteArray> argv = argvText.split('\0');
        if (!argv.isEmpty() && argv.constLast().isEmpty())
            argv.removeLast();
        const bool byComm = readSmall(QStringLiteral("/proc/%1/comm").arg(pid), 64).trimmed() == comm;
        const bool byArgv0 = !argv.isEmpty() && QFileInfo(QString::fromLocal8Bit(argv.first())).fileName() == name;
        if (!byComm && !byArgv0)
            continue;
        bool argsMatch = argv.size() > args.size();
        for (qsizetype i = 0; argsMatch && i < args.size(); ++i)
            argsMatch = QString::fromLocal8Bit(argv.at(i + 1)) == args.at(i);
        if ((args.isEmpty() || argsMatch) && candidate(pid))
            matches << pid;
    }
    if (matches.size() == 1)
        f.pid = matches.first();
    else if (matches.isEmpty())
        f.error = QStringLiteral("no process named %1%2").arg(name, args.isEmpty() ? QString() : QStringLiteral(" with those arguments"));
    else
        f.error = several(f.how, matches);
    return f;
}

QList<quint64> socketInodes(const QByteArray &table, int port, bool tcp)
{
    // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
    QList<quint64> inodes;
    const QList<QByteArray> lines = table.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines.at(i).simplified().split(' ');
        if (f.size() < 10)
            continue;
        const qsizetype colon = f.at(1).lastIndexOf(':');
        bool ok = false;
        const int localPort = f.at(1).mid(colon + 1).toInt(&ok, 16);
        if (!ok || localPort != port)
            continue;
        if (tcp && f.at(3) != "0A") // LISTEN
            continue;
        const quint64 inode = f.at(9).toULongLong(&ok);
        if (ok && inode != 0)
            inodes << inode;
    }
    return inodes;
}

QList<qint64> socketOwners(const QList<quint64> &inodes)
{
    QList<qint64> owners;
    if (inodes.isEmpty())
        return owners;
    QSet<QString> wanted;
    for (quint64 inode : inodes)
        wanted.insert(QStringLiteral("socket:[%1]").arg(inode));
    for (qint64 pid : allPids()) {
        const QString fdDir = QStringLiteral("/proc/%1/fd").arg(pid);
        for (const QString &fd : QDir(fdDir).entryList(QDir::System | QDir::NoDotAndDotDot)) {
            if (wanted.contains(QFile::symLinkTarget(fdDir + u'/' + fd).section(u'/', -1))) {
                if (candidate(pid))
                    owners << pid;
                break;
            }
        }
    }
    return owners;
}

Found byPort(int port, const QString &protocol)
{
    Found f;
    const bool tcp = protocol.isEmpty() || protocol.compare(QLatin1String("tcp"), Qt::CaseInsensitive) == 0;
    f.how = QStringLiteral("%1 port %2").arg(tcp ? QStringLiteral("tcp") : QStringLiteral("udp")).arg(port);
    if (!tcp && protocol.compare(QLatin1String("udp"), Qt::CaseInsensitive) != 0) {
        f.error = QStringLiteral("discovery protocol must be tcp or udp, not %1").arg(protocol);
        return f;
    }
    QList<quint64> inodes;
    for (const char *suffix : {"", "6"})
        inodes += socketInodes(readSmall(QStringLiteral("/proc/net/%1%2").arg(QLatin1String(tcp ? "tcp" : "udp"), QLatin1String(suffix)), 16 * 1024 * 1024),
                               port, tcp);
    QList<qint64> owners = socketOwners(inodes);
    // A server that forks workers shares its socket with them: the one whose parent is not also an
    // owner is the server.
    if (owners.size() > 1) {
        QList<qint64> roots;
        for (qint64 pid : owners) {
            const QByteArray stat = readSmall(QStringLiteral("/proc/%1/stat").arg(pid), 512);
            const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
            if (!owners.contains(fields.value(1).toLongLong()))
                roots << pid;
        }
        owners = roots;
    }
    if (owners.size() == 1)
        f.pid = owners.first();
    else if (owners.isEmpty())
        f.error = inodes.isEmpty() ? QStringLiteral("nothing %1 on %2").arg(QLatin1String(tcp ? "listens" : "is bound"), f.how)
                                   : QStringLiteral("the socket on %1 belongs to no process this user may see").arg(f.how);
    else
        f.error = several(f.how, owners);
    return f;
}

Found find(const config::DiscoverySpec &spec)
{
    if (spec.method == u"pid-file")
        return byPidFile(spec.pidFile);
    if (spec.method == u"process-name")
        return byProcessName(spec.processName, spec.processArgs);
    if (spec.method == u"port")
        return byPort(spec.port, spec.protocol);
    if (spec.method == u"service-name") {
        const ServicePid s = serviceMainPid(spec.serviceName);
        Found f;
        f.how = QStringLiteral("service %1 (%2 manager)").arg(spec.serviceName, s.bus.isEmpty() ? QStringLiteral("systemd") : s.bus);
        f.pid = s.pid;
        f.error = s.error;
        return f;
    }
    Found f;
    f.error = QStringLiteral("unknown discovery method %1").arg(spec.method);
    return f;
}

} // namespace hsu::agent::discovery
