#include "shared/config/YamlWriter.h"

#include "shared/config/EnvExpansion.h"
#include "shared/config/Names.h"
#include "shared/config/RestartMath.h"
#include "shared/config/Units.h"

#include <QFileInfo>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

#include <charconv>

// Writes only what differs from the loader's defaults: a saved file stays as short as a hand-written
// one, and keys the agent does not act on yet are not written (and warned about) unless they were set.

namespace hsu::config {

namespace {

class Writer final
{
public:
    YAML::Emitter &out() { return m_out; }

    void key(const char *k) { m_out << YAML::Key << k << YAML::Value; }
    void string(const char *k, const QString &v)
    {
        key(k);
        str(v);
    }
    void str(const QString &v) { m_out << YAML::DoubleQuoted << escapeForExpansion(v).toStdString(); }
    void duration(const char *k, Duration d)
    {
        key(k);
        m_out << YAML::DoubleQuoted << formatDuration(d).toStdString();
    }
    void size(const char *k, qint64 bytes)
    {
        key(k);
        const QString s = formatSize(bytes);
        if (s.front().isDigit() && s.back().isDigit())
            m_out << bytes;
        else
            m_out << YAML::DoubleQuoted << s.toStdString();
    }
    void number(const char *k, double d)
    {
        // Shortest text that reads back as the same double (the emitter's default is 17 digits).
        char buf[64];
        const auto res = std::to_chars(buf, buf + sizeof buf, d);
        key(k);
        m_out << std::string(buf, res.ptr);
    }
    template <typename T>
    void integer(const char *k, T v)
    {
        key(k);
        m_out << v;
    }
    void boolean(const char *k, bool v)
    {
        key(k);
        m_out << v;
    }
    template <typename E>
    void enumeration(const char *k, E v)
    {
        key(k);
        m_out << enumName(v).toStdString();
    }
    void strings(const char *k, const QStringList &list)
    {
        key(k);
        m_out << YAML::Flow << YAML::BeginSeq;
        for (const QString &s : list)
            str(s);
        m_out << YAML::EndSeq;
    }
    void stringMap(const char *k, const QMap<QString, QString> &map)
    {
        key(k);
        m_out << YAML::BeginMap;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            m_out << YAML::Key << it.key().toStdString() << YAML::Value;
            str(it.value());
        }
        m_out << YAML::EndMap;
    }
    void numberMap(const char *k, const QMap<QString, double> &map)
    {
        key(k);
        m_out << YAML::Flow << YAML::BeginMap;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            number(it.key().toLatin1().constData(), it.value());
        m_out << YAML::EndMap;
    }
    void beginMap(const char *k)
    {
        key(k);
        m_out << YAML::BeginMap;
    }
    void endMap() { m_out << YAML::EndMap; }

private:
    YAML::Emitter m_out;
};

// ---- log_collection ----------------------------------------------------------------------------

void writeTargets(Writer &w, const char *k, const std::vector<LogTarget> &targets)
{
    w.key(k);
    w.out() << YAML::BeginSeq;
    for (const LogTarget &t : targets) {
        w.out() << YAML::BeginMap;
        w.string("type", t.type);
        if (!t.path.isEmpty())
            w.string("path", t.path);
        if (!t.format.isEmpty())
            w.string("format", t.format);
        if (!t.prefix.isEmpty())
            w.string("prefix", t.prefix);
        if (t.rotation) {
            w.beginMap("rotation");
            w.size("max_size", t.rotation->maxSize);
            w.integer("max_files", t.rotation->maxFiles);
            w.duration("max_age", t.rotation->maxAge);
            w.endMap();
        }
        w.out() << YAML::EndMap;
    }
    w.out() << YAML::EndSeq;
}

void writeWorkerLogs(Writer &w, const char *k, const WorkerLogConfig &c)
{
    w.beginMap(k);
    if (c.enabled)
        w.boolean("enabled", *c.enabled);
    if (c.captureStdout)
        w.boolean("capture_stdout", *c.captureStdout);
    if (c.captureStderr)
        w.boolean("capture_stderr", *c.captureStderr);
    if (c.buffering) {
        w.beginMap("buffering");
        w.size("size", c.buffering->size);
        w.duration("flush_interval", c.buffering->flushInterval);
        w.integer("max_lines", c.buffering->maxLines);
        w.endMap();
    }
    if (c.parseStructured || c.addMetadata || c.filters) {
        w.beginMap("processing");
        if (c.parseStructured)
            w.boolean("parse_structured", *c.parseStructured);
        if (c.addMetadata)
            w.boolean("add_metadata", *c.addMetadata);
        if (c.filters) {
            w.beginMap("filters");
            if (!c.filters->levelFilter.isEmpty())
                w.string("level_filter", c.filters->levelFilter);
            w.strings("exclude_patterns", c.filters->excludePatterns);
            w.strings("include_patterns", c.filters->includePatterns);
            w.endMap();
        }
        w.endMap();
    }
    if (c.stdoutTargets || c.stderrTargets) {
        w.beginMap("outputs");
        w.beginMap("separate");
        if (c.stdoutTargets)
            writeTargets(w, "stdout", *c.stdoutTargets);
        if (c.stderrTargets)
            writeTargets(w, "stderr", *c.stderrTargets);
        w.endMap();
        w.endMap();
    }
    w.endMap();
}

void writeLogCollection(Writer &w, const LogCollectionSpec &s)
{
    const LogCollectionSpec d;
    w.beginMap("log_collection");
    w.boolean("enabled", s.enabled);
    if (s.globalAggregationEnabled != d.globalAggregationEnabled || !s.globalTargets.empty()) {
        w.beginMap("global_aggregation");
        w.boolean("enabled", s.globalAggregationEnabled);
        writeTargets(w, "targets", s.globalTargets);
        w.endMap();
    }
    if (s.enhancementEnabled != d.enhancementEnabled || s.metadata != d.metadata) {
        w.beginMap("enhancement");
        w.boolean("enabled", s.enhancementEnabled);
        w.beginMap("metadata");
        w.boolean("add_master_id", s.metadata.addMasterId);
        w.boolean("add_hostname", s.metadata.addHostname);
        w.boolean("add_timestamp", s.metadata.addTimestamp);
        w.boolean("add_sequence", s.metadata.addSequence);
        w.boolean("add_line_number", s.metadata.addLineNumber);
        w.boolean("add_worker_id", s.metadata.addWorkerId);
        w.boolean("add_stream", s.metadata.addStream);
        w.endMap();
        w.endMap();
    }
    if (s.defaultWorker != d.defaultWorker)
        writeWorkerLogs(w, "default_worker", s.defaultWorker);
    if (s.system != d.system) {
        w.beginMap("system");
        if (!s.system.workerDirectory.isEmpty())
            w.string("worker_directory", s.system.workerDirectory);
        w.size("buffer_size", s.system.bufferSize);
        w.duration("flush_interval", s.system.flushInterval);
        w.integer("max_workers", s.system.maxWorkers);
        w.beginMap("metrics");
        w.boolean("enabled", s.system.metricsEnabled);
        w.duration("interval", s.system.metricsInterval);
        w.endMap();
        w.endMap();
    }
    w.endMap();
}

// ---- workers -----------------------------------------------------------------------------------

void writeRetry(Writer &w, const char *k, const RetryConfig &r)
{
    w.key(k);
    w.out() << YAML::Flow << YAML::BeginMap;
    w.integer("max_retries", r.maxRetries);
    w.duration("retry_delay", r.retryDelay);
    w.number("backoff_rate", r.backoffRate);
    w.out() << YAML::EndMap;
}

void writeRunOptions(Writer &w, const char *k, const HealthRunOptions &o)
{
    w.beginMap(k);
    w.boolean("enabled", o.enabled);
    w.duration("interval", o.interval);
    w.duration("timeout", o.timeout);
    w.duration("initial_delay", o.initialDelay);
    w.integer("retries", o.retries);
    w.endMap();
}

void writeHealthCheck(Writer &w, const HealthCheckSpec &h)
{
    const HealthCheckSpec d;
    w.beginMap("health_check");
    if (h.type != HealthCheckType::None)
        w.enumeration("type", h.type);
    if (!h.httpUrl.isEmpty() || h.httpMethod != d.httpMethod || !h.httpHeaders.isEmpty()) {
        w.beginMap("http");
        w.string("url", h.httpUrl);
        w.string("method", h.httpMethod);
        if (!h.httpHeaders.isEmpty())
            w.stringMap("headers", h.httpHeaders);
        w.endMap();
    }
    if (!h.grpcAddress.isEmpty() || !h.grpcService.isEmpty() || !h.grpcMethod.isEmpty() || !h.grpcHeaders.isEmpty()) {
        w.beginMap("grpc");
        w.string("address", h.grpcAddress);
        w.string("service", h.grpcService);
        w.string("method", h.grpcMethod);
        if (!h.grpcHeaders.isEmpty())
            w.stringMap("headers", h.grpcHeaders);
        w.endMap();
    }
    if (!h.tcpAddress.isEmpty() || h.tcpPort != 0) {
        w.beginMap("tcp");
        w.string("address", h.tcpAddress);
        w.integer("port", h.tcpPort);
        w.endMap();
    }
    if (!h.execCommand.isEmpty() || !h.execArgs.isEmpty()) {
        w.beginMap("exec");
        w.string("command", h.execCommand);
        w.strings("args", h.execArgs);
        w.endMap();
    }
    if (h.runOptions != d.runOptions)
        writeRunOptions(w, "run_options", h.runOptions);
    w.endMap();
}

void writeLimits(Writer &w, const LimitsSpec &l)
{
    const LimitsSpec d;
    w.beginMap("limits");
    if (l.priority)
        w.integer("priority", *l.priority);
    if (l.cpuShares)
        w.integer("cpu_shares", l.cpuShares);
    if (l.memory != d.memory) {
        w.beginMap("memory");
        w.size("max_rss", l.memory.maxRss);
        w.size("max_virtual", l.memory.maxVirtual);
        w.size("max_swap", l.memory.maxSwap);
        w.integer("warning_threshold", l.memory.warningThreshold);
        w.enumeration("policy", l.memory.policy);
        w.endMap();
    }
    if (l.cpu != d.cpu) {
        w.beginMap("cpu");
        w.number("max_cores", l.cpu.maxCores);
        w.number("max_percent", l.cpu.maxPercent);
        w.duration("max_time", l.cpu.maxTime);
        w.integer("warning_threshold", l.cpu.warningThreshold);
        w.enumeration("policy", l.cpu.policy);
        w.endMap();
    }
    if (l.io != d.io) {
        w.beginMap("io");
        w.integer("weight", l.io.weight);
        w.size("max_read_bps", l.io.maxReadBps);
        w.size("max_write_bps", l.io.maxWriteBps);
        w.integer("max_read_ops", l.io.maxReadOps);
        w.integer("max_write_ops", l.io.maxWriteOps);
        w.integer("warning_threshold", l.io.warningThreshold);
        w.enumeration("policy", l.io.policy);
        w.endMap();
    }
    if (l.process != d.process) {
        w.beginMap("process");
        w.integer("max_processes", l.process.maxProcesses);
        w.integer("max_file_descriptors", l.process.maxFileDescriptors);
        w.integer("max_child_processes", l.process.maxChildProcesses);
        w.integer("warning_threshold", l.process.warningThreshold);
        w.enumeration("policy", l.process.policy);
        w.endMap();
    }
    if (l.monitoring != d.monitoring) {
        w.beginMap("monitoring");
        w.boolean("enabled", l.monitoring.enabled);
        w.duration("interval", l.monitoring.interval);
        w.duration("history_retention", l.monitoring.historyRetention);
        w.boolean("alerting_enabled", l.monitoring.alertingEnabled);
        w.endMap();
    }
    w.endMap();
}

void writeMetadata(Writer &w, const WorkerSpec &s)
{
    if (s.name.isEmpty() && s.description.isEmpty())
        return;
    w.beginMap("metadata");
    if (!s.name.isEmpty())
        w.string("name", s.name);
    if (!s.description.isEmpty())
        w.string("description", s.description);
    w.endMap();
}

void writeManagedControl(Writer &w, const WorkerSpec &s)
{
    const WorkerSpec d;
    w.beginMap("control");
    w.beginMap("execution");
    w.string("executable_path", s.execution.executablePath);
    if (!s.execution.args.isEmpty())
        w.strings("args", s.execution.args);
    if (!s.execution.environment.empty()) {
        QStringList env;
        for (const auto &[k, v] : s.execution.environment)
            env << k + u'=' + v;
        w.strings("environment", env);
    }
    if (!s.execution.workingDirectory.isEmpty())
        w.string("working_directory", s.execution.workingDirectory);
    if (s.execution.waitDelay != d.execution.waitDelay)
        w.duration("wait_delay", s.execution.waitDelay);
    w.endMap();

    if (s.restartPolicy != d.restartPolicy)
        w.enumeration("restart_policy", s.restartPolicy);
    const ContextAwareRestart &r = s.restart;
    if (r != d.restart) {
        w.beginMap("context_aware_restart");
        if (r.defaultRetry != RetryConfig{})
            writeRetry(w, "default", r.defaultRetry);
        // Written only when they differ from what the loader derives from `default`.
        if (r.healthFailures != r.defaultRetry)
            writeRetry(w, "health_failures", r.healthFailures);
        if (r.resourceViolations != derivedResourceViolations(r.defaultRetry))
            writeRetry(w, "resource_violations", r.resourceViolations);
        if (!r.severityMultipliers.isEmpty())
            w.numberMap("severity_multipliers", r.severityMultipliers);
        if (!r.workerProfileMultipliers.isEmpty())
            w.numberMap("worker_profile_multipliers", r.workerProfileMultipliers);
        if (r.startupGracePeriod != d.restart.startupGracePeriod)
            w.duration("startup_grace_period", r.startupGracePeriod);
        if (r.sustainedViolationTime != d.restart.sustainedViolationTime)
            w.duration("sustained_violation_time", r.sustainedViolationTime);
        if (r.spikeToleranceTime != d.restart.spikeToleranceTime)
            w.duration("spike_tolerance_time", r.spikeToleranceTime);
        w.endMap();
    }
    if (s.limits != d.limits)
        writeLimits(w, s.limits);
    if (s.logCollection)
        writeWorkerLogs(w, "log_collection", *s.logCollection);
    if (s.gracefulTimeout != d.gracefulTimeout)
        w.duration("graceful_timeout", s.gracefulTimeout);
    if (!s.processFile.isEmpty())
        w.stringMap("process_file", s.processFile);
    w.endMap();
}

void writeUnmanaged(Writer &w, const WorkerSpec &s)
{
    const DiscoverySpec dd;
    const DiscoverySpec &ds = s.discovery;
    w.beginMap("discovery");
    w.string("method", ds.method);
    if (!ds.pidFile.isEmpty())
        w.string("pid_file", ds.pidFile);
    if (!ds.processName.isEmpty())
        w.string("process_name", ds.processName);
    if (!ds.processArgs.isEmpty())
        w.strings("process_args", ds.processArgs);
    if (ds.port)
        w.integer("port", ds.port);
    if (!ds.protocol.isEmpty())
        w.string("protocol", ds.protocol);
    if (!ds.serviceName.isEmpty())
        w.string("service_name", ds.serviceName);
    if (ds.checkInterval != dd.checkInterval)
        w.duration("check_interval", ds.checkInterval);
    w.endMap();

    const UnmanagedControl &c = s.unmanagedControl;
    if (c != UnmanagedControl{}) {
        w.beginMap("control");
        w.boolean("can_terminate", c.canTerminate);
        w.boolean("can_restart", c.canRestart);
        w.strings("allowed_signals", c.allowedSignals);
        w.duration("graceful_timeout", c.gracefulTimeout);
        if (!c.serviceManager.isEmpty())
            w.string("service_manager", c.serviceManager);
        if (!c.serviceName.isEmpty())
            w.string("service_name", c.serviceName);
        w.endMap();
    }
    if (s.healthCheck != HealthCheckSpec{})
        writeHealthCheck(w, s.healthCheck);
}

void writeWorker(Writer &w, const WorkerSpec &s)
{
    w.out() << YAML::BeginMap;
    w.string("id", s.id);
    w.enumeration("type", s.type);
    if (s.profileType != ProfileType::Default)
        w.enumeration("profile_type", s.profileType);
    if (!s.enabled)
        w.boolean("enabled", s.enabled);
    if (!s.dependsOn.empty()) {
        w.beginMap("depends_on");
        for (const Dependency &dep : s.dependsOn) {
            w.out() << YAML::Key << dep.id.toStdString() << YAML::Value << YAML::Flow << YAML::BeginMap;
            w.enumeration("condition", dep.condition);
            w.out() << YAML::EndMap;
        }
        w.endMap();
    }
    w.beginMap("unit");
    w.beginMap(enumName(s.type).toLatin1().constData());
    writeMetadata(w, s);
    switch (s.type) {
    case WorkerType::Managed:
        writeManagedControl(w, s);
        if (s.healthCheck != HealthCheckSpec{})
            writeHealthCheck(w, s.healthCheck);
        break;
    case WorkerType::Integrated: {
        writeManagedControl(w, s);
        HealthRunOptions integratedDefaults;
        integratedDefaults.interval = std::chrono::seconds(30);
        integratedDefaults.timeout = std::chrono::seconds(5);
        if (s.healthCheck.runOptions != integratedDefaults)
            writeRunOptions(w, "health_check_run_options", s.healthCheck.runOptions);
        break;
    }
    case WorkerType::Unmanaged:
        writeUnmanaged(w, s);
        break;
    }
    w.endMap();
    w.endMap();
    w.out() << YAML::EndMap;
}

} // namespace

QByteArray YamlWriter::toYaml(const Config &config)
{
    Writer w;
    w.out() << YAML::BeginMap;
    const MasterSpec d;
    if (config.master != d) {
        w.beginMap("master");
        if (config.master.port != d.port)
            w.integer("port", config.master.port);
        if (config.master.logLevel != d.logLevel)
            w.enumeration("log_level", config.master.logLevel);
        if (config.master.forceShutdownTimeout != d.forceShutdownTimeout)
            w.duration("force_shutdown_timeout", config.master.forceShutdownTimeout);
        if (config.master.metrics != d.metrics) {
            w.beginMap("metrics");
            w.boolean("enabled", config.master.metrics.enabled);
            w.string("listen", config.master.metrics.listen);
            w.endMap();
        }
        w.endMap();
    }
    if (config.logCollection)
        writeLogCollection(w, *config.logCollection);
    w.key("workers");
    w.out() << YAML::BeginSeq;
    for (const WorkerSpec &s : config.workers)
        writeWorker(w, s);
    w.out() << YAML::EndSeq;
    w.out() << YAML::EndMap;
    QByteArray out(w.out().c_str(), qsizetype(w.out().size()));
    out += '\n';
    return out;
}

QByteArray YamlWriter::workerItem(const WorkerSpec &worker, int indent)
{
    Writer w;
    w.out() << YAML::BeginSeq;
    writeWorker(w, worker);
    w.out() << YAML::EndSeq;
    const QByteArray pad(indent, ' ');
    QByteArray out;
    for (const QByteArray &line : QByteArray(w.out().c_str(), qsizetype(w.out().size())).split('\n'))
        out += pad + line + '\n';
    return out;
}

bool YamlWriter::save(const Config &config, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(toYaml(config));
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace hsu::config
