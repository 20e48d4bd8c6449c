#pragma once

// An integrated worker's port (CONFIG.md, "Integrated workers"): the agent finds a free TCP port
// on the loopback interface, hands it to the worker as `--port <N>`, records it as
// `<state-dir>/<id>.port` (for the person and for tools that look for it, as HSU Master's pid
// files are found), and checks the worker's health with a gRPC Ping there.

#include <QString>

namespace hsu::agent::integrated {

// A port nobody listens on now, chosen by the kernel (bind to 127.0.0.1:0). 0 and `error` set when
// the machine has none to give.
quint16 pickFreePort(QString *error);
// `<dir>/<id>.port`, written atomically: "N\n".
bool writePortFile(const QString &dir, const QString &id, quint16 port, QString *error);
void removePortFile(const QString &dir, const QString &id);
QString portFilePath(const QString &dir, const QString &id);

} // namespace hsu::agent::integrated
