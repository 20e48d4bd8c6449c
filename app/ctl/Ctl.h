#pragma once

#include <QStringList>
#include <QTextStream>

namespace hsu::ctl {

// Runs hsuctl: `argv` as QCoreApplication::arguments() gives it; results go to `out`, messages to
// `err`; returns the exit code (see ExitCode). Needs a QCoreApplication: it waits in event loops.
int run(const QStringList &argv, QTextStream &out, QTextStream &err);

} // namespace hsu::ctl
