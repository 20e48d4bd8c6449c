#pragma once

// The configuration model: plain value types that both YAML dialects load into and the writer
// saves from. Every field carries the value the agent acts on, with HSU Master's defaults (and ours,
// where CONFIG.md says we differ) already applied by the loader, so the rest of the program never
// has to know which keys were absent.

#include <QMap>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>
#include <vector>

namespace hsu::config {

using Duration = std::chrono::milliseconds;

enum class Dialect { HsuMaster, HsuProcman };

enum class WorkerType { Managed, Integrated, Unmanaged };
enum class ProfileType { Batch, Web, Database, Worker, Scheduler, Default };
enum class RestartPolicy { Never, OnFailure, Always, UnlessStopped };
enum class DependencyCondition { Started, Healthy, Completed, CompletedSuccessfully };
enum class LimitPolicy { None, Log, Alert, Throttle, GracefulShutdown, ImmediateKill, Restart, RestartAdjusted };
enum class HealthCheckType { None, Http, Grpc, Tcp, Exec, Process };
enum class LogLevel { Debug, Info, Warn, Error };

struct RetryConfig
{
    int maxRetries = 3;
    Duration retryDelay = std::chrono::seconds(5);
    double backoffRate = 1.5;
    bool operator==(const RetryConfig &) const = default;
};

struct ContextAwareRestart
{
    RetryConfig defaultRetry;                  // key: default
    RetryConfig healthFailures;                // default: a copy of defaultRetry
    // default: {max_retries + 2, retry_delay x 2, 1.5} of defaultRetry (the loader derives it from
    // the user's default; the initialiser is that for the built-in default).
    RetryConfig resourceViolations{5, std::chrono::seconds(10), 1.5};
    QMap<QString, double> severityMultipliers; // warning / critical / emergency
    // A user map replaces the built-in one entirely (HSU Master's rule); a missing key counts 1.
    QMap<QString, double> workerProfileMultipliers;
    Duration startupGracePeriod = std::chrono::minutes(2);
    Duration sustainedViolationTime = std::chrono::minutes(5);
    Duration spikeToleranceTime = Duration::zero();
    bool operator==(const ContextAwareRestart &) const = default;
};

struct ExecutionSpec
{
    QString executablePath;
    QStringList args;
    // Order preserved as written; "K=V" list and K: V map both load into this.
    std::vector<std::pair<QString, QString>> environment;
    QString workingDirectory; // empty: the executable's folder
    Duration waitDelay = std::chrono::seconds(10);
    bool operator==(const ExecutionSpec &) const = default;
};

struct MemoryLimits
{
    qint64 maxRss = 0;     // bytes; 0 = no limit
    qint64 maxVirtual = 0; // bytes
    qint64 maxSwap = 0;    // bytes
    int warningThreshold = 0; // percent; 0 = none
    LimitPolicy policy = LimitPolicy::None;
    bool operator==(const MemoryLimits &) const = default;
};

struct CpuLimits
{
    double maxCores = 0;
    double maxPercent = 0;
    Duration maxTime = Duration::zero();
    int warningThreshold = 0;
    LimitPolicy policy = LimitPolicy::None;
    bool operator==(const CpuLimits &) const = default;
};

struct IoLimits
{
    int weight = 0;
    qint64 maxReadBps = 0;
    qint64 maxWriteBps = 0;
    qint64 maxReadOps = 0;
    qint64 maxWriteOps = 0;
    int warningThreshold = 0;
    LimitPolicy policy = LimitPolicy::None;
    bool operator==(const IoLimits &) const = default;
};

struct ProcessLimits
{
    int maxProcesses = 0;
    int maxFileDescriptors = 0;
    int maxChildProcesses = 0;
    int warningThreshold = 0;
    LimitPolicy policy = LimitPolicy::None;
    bool operator==(const ProcessLimits &) const = default;
};

struct MonitoringSpec
{
    bool enabled = true;
    Duration interval = std::chrono::seconds(2); // HSU: 30s; ours 2s (CONFIG.md)
    Duration historyRetention = std::chrono::hours(24);
    bool alertingEnabled = true;
    bool operator==(const MonitoringSpec &) const = default;
};

struct LimitsSpec
{
    std::optional<int> priority; // nice value
    int cpuShares = 0;
    MemoryLimits memory;
    CpuLimits cpu;
    IoLimits io;
    ProcessLimits process;
    MonitoringSpec monitoring;
    bool operator==(const LimitsSpec &) const = default;
};

// ---- log_collection -------------------------------------------------------------------------

struct LogRotation
{
    qint64 maxSize = 0;  // bytes; 0 = no rotation by size
    int maxFiles = 0;    // 0 = keep all
    Duration maxAge = Duration::zero();
    bool operator==(const LogRotation &) const = default;
};

struct LogTarget
{
    QString type;   // file | stdout | stderr | master_stdout | syslog | elasticsearch
    QString path;   // as written ({worker_id} / {process_id} kept; expanded per worker at run time)
    QString format; // plain | enhanced_plain | json
    QString prefix;
    std::optional<LogRotation> rotation;
    bool operator==(const LogTarget &) const = default;
};

struct LogFilters
{
    QString levelFilter; // empty = none
    QStringList excludePatterns;
    QStringList includePatterns;
    bool operator==(const LogFilters &) const = default;
};

struct LogBuffering
{
    qint64 size = 0;
    Duration flushInterval = Duration::zero();
    int maxLines = 0;
    bool operator==(const LogBuffering &) const = default;
};

struct WorkerLogConfig
{
    std::optional<bool> enabled;
    std::optional<bool> captureStdout;
    std::optional<bool> captureStderr;
    std::optional<LogBuffering> buffering;
    std::optional<bool> parseStructured;
    std::optional<bool> addMetadata;
    std::optional<LogFilters> filters;
    // outputs.separate.{stdout,stderr}; std::nullopt = not written (inherit default_worker)
    std::optional<std::vector<LogTarget>> stdoutTargets;
    std::optional<std::vector<LogTarget>> stderrTargets;
    bool operator==(const WorkerLogConfig &) const = default;
};

struct LogMetadata
{
    bool addMasterId = false;
    bool addHostname = false;
    bool addTimestamp = false;
    bool addSequence = false;
    bool addLineNumber = false;
    bool addWorkerId = false;
    bool addStream = false;
    bool operator==(const LogMetadata &) const = default;
};

struct LogSystem
{
    QString workerDirectory;
    qint64 bufferSize = 0;
    Duration flushInterval = Duration::zero();
    int maxWorkers = 0;
    bool metricsEnabled = false;
    Duration metricsInterval = Duration::zero();
    bool operator==(const LogSystem &) const = default;
};

struct LogCollectionSpec
{
    bool enabled = true;
    bool globalAggregationEnabled = false;
    std::vector<LogTarget> globalTargets;
    bool enhancementEnabled = false;
    LogMetadata metadata;
    WorkerLogConfig defaultWorker;
    LogSystem system;
    bool operator==(const LogCollectionSpec &) const = default;
};

// ---- health ---------------------------------------------------------------------------------

struct HealthRunOptions
{
    bool enabled = true;
    Duration interval = std::chrono::seconds(10);
    Duration timeout = std::chrono::seconds(5);
    Duration initialDelay = Duration::zero();
    int retries = 1;
    bool operator==(const HealthRunOptions &) const = default;
};

struct HealthCheckSpec
{
    HealthCheckType type = HealthCheckType::None;
    // http
    QString httpUrl;
    QString httpMethod = QStringLiteral("GET");
    QMap<QString, QString> httpHeaders;
    // grpc
    QString grpcAddress;
    QString grpcService;
    QString grpcMethod;
    QMap<QString, QString> grpcHeaders;
    // tcp
    QString tcpAddress;
    int tcpPort = 0;
    // exec
    QString execCommand;
    QStringList execArgs;
    // For integrated workers this holds health_check_run_options (defaults interval 30s, timeout 5s).
    HealthRunOptions runOptions;
    bool operator==(const HealthCheckSpec &) const = default;
    // Whether the agent runs this check (any kind, enabled): what `depends_on: {condition:
    // healthy}` can wait for. An integrated worker's Ping is not here: see WorkerSpec::runsHealthCheck.
    bool isRun() const { return runOptions.enabled && type != HealthCheckType::None; }
};

// ---- unmanaged ------------------------------------------------------------------------------

struct DiscoverySpec
{
    QString method; // pid-file | process-name | port | service-name
    QString pidFile;
    QString processName;
    QStringList processArgs;
    int port = 0;
    QString protocol;
    QString serviceName;
    Duration checkInterval = std::chrono::seconds(30);
    bool operator==(const DiscoverySpec &) const = default;
};

struct UnmanagedControl
{
    bool canTerminate = false;
    bool canRestart = false;
    QStringList allowedSignals; // SIGHUP, SIGUSR1, ...
    Duration gracefulTimeout = std::chrono::seconds(30);
    QString serviceManager;
    QString serviceName;
    bool operator==(const UnmanagedControl &) const = default;
};

// ---- the worker -----------------------------------------------------------------------------

struct Dependency
{
    QString id;
    DependencyCondition condition = DependencyCondition::Started;
    bool operator==(const Dependency &) const = default;
};

struct WorkerSpec
{
    QString id;
    WorkerType type = WorkerType::Managed;
    ProfileType profileType = ProfileType::Default;
    bool enabled = true;
    std::vector<Dependency> dependsOn;

    QString name;        // metadata.name
    QString description; // metadata.description

    // managed + integrated
    ExecutionSpec execution; // paths as written; see Paths.h to resolve them
    RestartPolicy restartPolicy = RestartPolicy::OnFailure;
    ContextAwareRestart restart;
    LimitsSpec limits;
    std::optional<WorkerLogConfig> logCollection; // from unit.<kind>.log_collection or control.log_collection
    Duration gracefulTimeout = std::chrono::seconds(20);
    HealthCheckSpec healthCheck;
    // control.process_file: accepted with a warning, kept so the writer can save it back
    QMap<QString, QString> processFile;

    // unmanaged
    DiscoverySpec discovery;
    UnmanagedControl unmanagedControl;

    // Whether the agent checks this worker's health: its health_check, or (integrated) the gRPC
    // Ping on the port it hands the worker, unless health_check_run_options turn it off.
    bool checksHealth() const
    {
        return type == WorkerType::Integrated ? healthCheck.runOptions.enabled : healthCheck.isRun();
    }

    bool operator==(const WorkerSpec &) const = default;
};

// Where something was written in the loaded file (1-based; 0 = not from a file). Kept beside the
// model, not in it, so that equality of two configs never depends on layout.
struct SourceLocation
{
    int line = 0;
    int column = 0;
    bool isValid() const { return line > 0; }
    bool operator==(const SourceLocation &) const = default;
};

// ★ master.metrics: the agent's Prometheus endpoint (docs/metrics.md). Off unless enabled; the
// address defaults to loopback, and another one is served only where it is written here (or
// given as hsu-agent --metrics).
struct MetricsEndpoint
{
    bool enabled = false;
    QString listen = QStringLiteral("127.0.0.1:9464");
    bool operator==(const MetricsEndpoint &) const = default;
};

struct MasterSpec
{
    int port = 50055; // HSU Master's gRPC port: loaded, unused here
    LogLevel logLevel = LogLevel::Info;
    Duration forceShutdownTimeout = std::chrono::seconds(30);
    MetricsEndpoint metrics;
    bool operator==(const MasterSpec &) const = default;
};

// Whether `text` is a listen address the agent takes: HOST:PORT (an IPv4 address or localhost),
// [IPv6]:PORT, or a bare PORT (loopback). The agent parses it for good (agent/metrics).
bool isListenAddress(const QString &text);

struct Config
{
    Dialect dialect = Dialect::HsuMaster; // what the file was written in; the writer always saves HsuMaster
    MasterSpec master;
    std::optional<LogCollectionSpec> logCollection;
    std::vector<WorkerSpec> workers;

    // Provenance, set by the loader; not part of operator==.
    QString sourceFile; // the file name given to the loader; relative program paths resolve against its folder
    QMap<QString, SourceLocation> workerLocations;         // worker id -> where its `id` is written
    QMap<QString, SourceLocation> executablePathLocations; // worker id -> where its executable_path is written

    const WorkerSpec *worker(const QString &id) const
    {
        for (const auto &w : workers)
            if (w.id == id)
                return &w;
        return nullptr;
    }
    // Dialect does not take part: a file saved in the other dialect is the same configuration.
    bool operator==(const Config &o) const
    {
        return master == o.master && logCollection == o.logCollection && workers == o.workers;
    }
};

} // namespace hsu::config
