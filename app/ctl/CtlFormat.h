#pragma once

// How hsuctl shows things to a person. (--json output is the protocol's JSON as it came.)

#include "shared/model/WorkerStatus.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace hsu::ctl {

// 42s, 12m05s, 3h04m, 2d03h.
QString formatDuration(qint64 ms);

// SIGTERM, SIGKILL, ... or "signal N".
QString signalName(int signal);

// The EXIT column: "0", "3", "SIGKILL", or "-" when it has not exited.
QString formatExit(const model::WorkerStatus &w);

// The UPTIME/SINCE column: uptime of the process while there is one ("2h03m"), else how long ago
// it entered its state ("5m ago"); backoff shows the coming restart ("restart in 3s").
QString formatUptimeOrSince(const model::WorkerStatus &w, const QDateTime &now);

// The status table: ID, STATE, PID, RESTARTS, EXIT, UPTIME/SINCE, REASON; one line each, "\n" ended.
QString formatStatusTable(const QList<model::WorkerStatus> &workers, const QDateTime &now);

} // namespace hsu::ctl
