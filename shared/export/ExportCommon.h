#pragma once

// What the three targets share: which workers export, the program line each runs, the restart
// arithmetic, the limits in the units targets count in, the health check's address, and what no
// target can carry. One rule, one home: the targets only spell these facts in their formats.

#include "Export.h"

#include "shared/config/WorkerSpec.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>

namespace hsu::exporter {

// Managed and integrated workers run a program; an unmanaged one is found, not started.
bool exportsAsProgram(const config::WorkerSpec &worker);

// sha256 of the worker's own YAML item (YamlWriter::workerItem): changes when, and only when,
// that worker's configuration changes. "sha256:<hex>".
QString workerDigest(const config::WorkerSpec &worker);

struct Program
{
    QString path;        // absolute when it could be resolved; else as written (with a note)
    QStringList args;    // integrated workers: with "--port N" appended
    QString workingDirectory;
    std::vector<std::pair<QString, QString>> environment;
};

// The command line a worker runs, resolved as the agent resolves it (Paths.h).
Program programOf(const config::WorkerSpec &worker, const config::Config &config, const Options &options,
                  QStringList *notes);

// The agent hands an integrated worker a free port at each start; an exported one needs a fixed
// port. Derived from the id alone so that adding a worker never moves another's port.
int integratedPort(const QString &id);

struct RestartPlan
{
    int attempts = 0;             // restarts allowed in `window` (0: never restart)
    std::chrono::milliseconds delay{0};
    std::chrono::milliseconds window{0}; // the agent forgives attempts after startup_grace_period up
};

// context_aware_restart.default with the worker's profile multiplier (a process's own exit is
// "critical"), the agent's own formula (RestartMath.h); backoff beyond the first delay is lost.
RestartPlan restartPlan(const config::WorkerSpec &worker);

// limits.cpu as cores: the smaller of max_cores and max_percent/100 (what the agent enforces); 0: none.
double cpuCores(const config::LimitsSpec &limits);
qint64 memoryMiB(qint64 bytes); // rounded up, so a limit is never tightened

// Where a network health check connects: http/grpc/tcp, and an integrated worker's Ping port.
struct CheckAddress
{
    QString host;
    int port = 0; // 0: the check has no port (exec, process, none)
    QString path;   // http: path and query
    QString scheme; // http: "http" | "https"
};
CheckAddress checkAddress(const config::WorkerSpec &worker);

// The ids of workers some other worker waits for with `condition`.
QStringList dependedOnWith(const config::Config &config, config::DependencyCondition condition);

// Keys that load but no target can express, as "id: key (why)" notes.
void noteCommonLosses(const config::WorkerSpec &worker, QStringList *notes);
// Top-level parts of the config that no target carries (log_collection, master).
void noteConfigLosses(const config::Config &config, QStringList *notes);
// An unmanaged worker is listed, not exported.
void noteUnmanaged(const config::Config &config, QStringList *notes);

// Nanoseconds (Nomad's durations), whole seconds rounded up with a floor (Kubernetes probes).
qint64 nanoseconds(std::chrono::milliseconds d);
int secondsAtLeast(std::chrono::milliseconds d, int floor);

// "hsu-workers" style names: the config file's base name, lower-case, [a-z0-9-] only.
QString dnsLabel(const QString &text);

} // namespace hsu::exporter
