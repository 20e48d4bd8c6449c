#pragma once

// How worker values look in the GUI: state names, colours and icons, durations, exits. One place,
// so the table, the detail pane, the events view and the tray all say the same thing.

#include "shared/model/WorkerState.h"
#include "shared/model/WorkerStatus.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace hsu::desktop {

// The tray's summary of every worker (and of the connection).
enum class OverallState { NoAgent, Ok, Busy, Problem };

QString stateLabel(model::WorkerState state);   // translated, lower case: "running"
QColor stateColor(model::WorkerState state);    // the state's colour, for dots and bars
// The state's colour for text: adjusted to the application palette's Base until it reads (4.5:1).
QColor stateTextColor(model::WorkerState state);
QIcon stateIcon(model::WorkerState state);      // a filled dot in the state's colour
// A health verdict ("healthy", "degraded", "unhealthy", "unknown"), translated, and the icon of
// the state it looks like (running, backoff, failed, starting).
QString healthLabel(const QString &health);
QIcon healthIcon(const QString &health);
QIcon overallIcon(OverallState state);          // the tray icon for that summary
QIcon applicationIcon();
// Lower sorts first: what needs attention comes before what is fine.
int stateSortKey(model::WorkerState state);
// Failed, backoff: what the user should look at.
bool isProblem(model::WorkerState state);
// On the way somewhere: starting, restarting, stopping, backoff.
bool isTransient(model::WorkerState state);

QString formatDuration(qint64 seconds);         // "45s", "3m 07s", "2h 03m", "4d 06h"
// A moment in local time with its date, as the events and the state history show it:
// "2026-12-07 14:10:57" (with `millis`: "2026-12-07 14:10:57.854"). Sortable, the same in every
// locale, and never ambiguous about which day (an agent runs for weeks).
QString formatTimestamp(const QDateTime &time, bool millis = false);
QString formatMilliseconds(qint64 ms);            // "400 ms", "1.5 s", "20 s"
QString signalName(int signal);                 // "SIGSEGV", "signal 42"
QString formatExit(const model::WorkerStatus &status); // "exit 3", "SIGSEGV", "" (no exit yet)
// Seconds the current process has run at `now`, or -1 when there is none.
qint64 uptimeSeconds(const model::WorkerStatus &status, const QDateTime &now);
// The status bar's counts: "5 workers, 3 running · 2 need attention" (failed, backoff,
// unhealthy or one of `crashLooping`, each worker counted once).
QString workerCountsText(const QList<model::WorkerStatus> &workers, const QStringList &crashLooping);
QString placeholderDash();
// What a person calls the worker: its name, or its id when it has none ("Web server", "web").
QString workerDisplayName(const model::WorkerStatus &status);
// What an unmanaged worker is and what it refuses: "Unmanaged: a process the agent did not start
// (found, watched and sampled; its output is not captured). Stop: not allowed ..."
QString unmanagedNote(const model::WorkerStatus &status);                      // "—": data a later version of the agent reports

} // namespace hsu::desktop
