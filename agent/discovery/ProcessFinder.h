#pragma once

// Finding an unmanaged worker's process: one the agent did not start and watches (CONFIG.md,
// `discovery`). Each method answers with one pid or with why there is none; several candidates
// are an error that lists them (watching the wrong one would be worse than watching none).
//
//   pid-file      the file's first number, if that process lives
//   process-name  /proc/PID/comm (the kernel's 15-character name) or the base name of argv[0]
//                 equal to process_name, and, with process_args, argv[1..] starting with them
//   port          the process holding the listening socket (tcp) or the bound one (udp) on that
//                 port, IPv4 or IPv6: /proc/net/{tcp,tcp6,udp,udp6} give the socket's inode, the
//                 processes' fd links name it ("socket:[inode]")
//   service-name  the MainPID systemd reports for the unit, over D-Bus (ServiceLookup.h)
//
// Only processes the agent's user may look at are seen (another user's fds cannot be read);
// the agent itself and zombies never match.

#include "shared/config/WorkerSpec.h"

#include <QList>
#include <QString>

namespace hsu::agent::discovery {

struct Found
{
    qint64 pid = 0;   // 0: none
    QString how;      // "pid file /run/app.pid", "process name app", "tcp port 8080"
    QString error;    // why none (or why several)
};

Found byPidFile(const QString &path);
Found byProcessName(const QString &name, const QStringList &args);
Found byPort(int port, const QString &protocol);
// Whichever the spec's discovery.method says (service-name through ServiceLookup).
Found find(const config::DiscoverySpec &spec);

// The processes' pids that hold a socket with one of these inodes (for byPort; exposed for tests).
QList<qint64> socketOwners(const QList<quint64> &inodes);
// Inodes of sockets on `port` in one /proc/net table's text: listening ones for tcp (state 0A),
// every bound one for udp.
QList<quint64> socketInodes(const QByteArray &table, int port, bool tcp);

} // namespace hsu::agent::discovery
