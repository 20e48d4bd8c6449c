#include "shared/config/LoadLogCollection.h"
#include "shared/config/LoadWorkers.h"
#include "shared/config/MapReader.h"
#include "shared/config/RestartMath.h"

namespace hsu::config {

namespace {

// A retry block as written: which fields are there, and where, so defaults and the legacy block can
// fill only the gaps and the warnings can say which key won.
struct PartialRetry
{
    std::optional<int> maxRetries;
    std::optional<Duration> retryDelay;
    std::optional<double> backoffRate;
    Value maxRetriesKey, retryDelayKey, backoffRateKey;
};

PartialRetry loadPartialRetry(MapReader &r)
{
    PartialRetry p;
    p.maxRetriesKey = r.take("max_retries");
    if (p.maxRetriesKey.present())
        if (const auto v = r.context().integer(p.maxRetriesKey, 0, 1'000'000))
            p.maxRetries = int(*v);
    p.retryDelayKey = r.take("retry_delay");
    if (p.retryDelayKey.present())
        p.retryDelay = r.context().duration(p.retryDelayKey);
    p.backoffRateKey = r.take("backoff_rate");
    if (p.backoffRateKey.present())
        p.backoffRate = r.context().number(p.backoffRateKey, 1.0);
    return p;
}

RetryConfig fill(const PartialRetry &p, const RetryConfig &base)
{
    return RetryConfig{p.maxRetries.value_or(base.maxRetries), p.retryDelay.value_or(base.retryDelay),
                       p.backoffRate.value_or(base.backoffRate)};
}

void loadMultipliers(MapReader &r, std::initializer_list<const char *> keys, QMap<QString, double> &out)
{
    for (const char *key : keys) {
        const Value v = r.take(key);
        if (!v.present())
            continue;
        if (const std::optional<double> m = r.context().number(v, 0.0))
            out.insert(QString::fromLatin1(key), *m);
    }
}

// context_aware_restart plus the legacy control.restart block that HSU Master's samples still use.
void loadRestart(LoadContext &context, MapReader &control, WorkerSpec &worker)
{
    const Value policyValue = control.take("restart_policy");
    if (policyValue.present())
        if (const auto p = context.enumeration<RestartPolicy>(policyValue))
            worker.restartPolicy = *p;

    MapReader car(context, control.take("context_aware_restart"));
    PartialRetry def;
    {
        MapReader r(context, car.take("default"));
        def = loadPartialRetry(r);
    }

    const Value legacyValue = control.take("restart");
    if (legacyValue.present()) {
        context.warning(legacyValue.keyMark,
                        QStringLiteral("'restart' is HSU Master's legacy block: honoured as 'restart_policy' and "
                                       "'context_aware_restart.default'; write those instead"));
        MapReader legacy(context, legacyValue);
        const Value lp = legacy.take("policy");
        if (lp.present()) {
            const auto p = context.enumeration<RestartPolicy>(lp);
            if (policyValue.present())
                context.warning(lp.keyMark, QStringLiteral("restart.policy is ignored: 'restart_policy' (line %1) "
                                                           "is also given and wins")
                                                .arg(policyValue.keyMark.line + 1));
            else if (p)
                worker.restartPolicy = *p;
        }
        const PartialRetry old = loadPartialRetry(legacy);
        const auto merge = [&](auto &mine, const auto &theirs, const Value &mineKey, const Value &theirKey) {
            if (!theirKey.present())
                return;
            if (mineKey.present())
                context.warning(theirKey.keyMark,
                                QStringLiteral("restart.%1 is ignored: 'context_aware_restart.default.%1' (line %2) "
                                               "is also given and wins")
                                    .arg(theirKey.key)
                                    .arg(mineKey.keyMark.line + 1));
            else
                mine = theirs;
        };
        merge(def.maxRetries, old.maxRetries, def.maxRetriesKey, old.maxRetriesKey);
        merge(def.retryDelay, old.retryDelay, def.retryDelayKey, old.retryDelayKey);
        merge(def.backoffRate, old.backoffRate, def.backoffRateKey, old.backoffRateKey);
    }

    ContextAwareRestart &restart = worker.restart;
    restart.defaultRetry = fill(def, RetryConfig{});
    {
        MapReader r(context, car.take("health_failures"));
        restart.healthFailures = fill(loadPartialRetry(r), restart.defaultRetry);
    }
    {
        MapReader r(context, car.take("resource_violations"));
        restart.resourceViolations = fill(loadPartialRetry(r), derivedResourceViolations(restart.defaultRetry));
    }
    {
        MapReader r(context, car.take("severity_multipliers"));
        loadMultipliers(r, {"warning", "critical", "emergency"}, restart.severityMultipliers);
    }
    {
        MapReader r(context, car.take("worker_profile_multipliers"));
        loadMultipliers(r, {"batch", "web", "database", "worker", "scheduler", "default"},
                        restart.workerProfileMultipliers);
    }
    car.read("startup_grace_period", restart.startupGracePeriod);
    car.read("sustained_violation_time", restart.sustainedViolationTime);
    car.read("spike_tolerance_time", restart.spikeToleranceTime);
}

void loadEnvironment(LoadContext &context, const Value &value, std::vector<std::pair<QString, QString>> &out)
{
    if (!value.present() || value.isNull())
        return;
    const auto add = [&](const QString &key, const QString &val, const Value &where) {
        if (key.isEmpty() || key.contains(u'=')) {
            context.badValue(where, key, QStringLiteral("a variable name"));
            return;
        }
        for (const auto &kv : out) {
            if (kv.first == key) {
                context.error(where.mark(), QStringLiteral("environment: '%1' is set twice").arg(key));
                return;
            }
        }
        out.emplace_back(key, val);
    };
    if (value.node.IsSequence()) { // HSU Master: ["K=V", ...]
        for (std::size_t i = 0; i < value.node.size(); ++i) {
            const Value item = value.item(i);
            const std::optional<QString> text = context.scalar(item, QStringLiteral("\"NAME=value\""));
            if (!text)
                continue;
            const qsizetype eq = text->indexOf(u'=');
            if (eq <= 0) {
                context.badValue(item, *text, QStringLiteral("\"NAME=value\""));
                continue;
            }
            add(text->left(eq), text->mid(eq + 1), item);
        }
    } else if (value.node.IsMap()) { // NAME: value
        MapReader r(context, value);
        for (const MapReader::Entry &e : r.entries())
            if (const std::optional<QString> v = context.string(e.value))
                add(e.key, *v, e.value);
    } else {
        context.wrongKind(value, QStringLiteral("a list of \"NAME=value\" or a mapping NAME: value"));
    }
}

void loadExecution(LoadContext &context, const Value &value, WorkerSpec &worker, WorkerSource &source)
{
    MapReader e(context, value);
    ExecutionSpec &exec = worker.execution;
    const Value path = e.take("executable_path");
    if (path.present()) {
        exec.executablePath = context.string(path).value_or(QString());
        source.executablePath = path.mark();
        source.hasExecutablePath = true;
    }
    e.read("args", exec.args);
    loadEnvironment(context, e.take("environment"), exec.environment);
    e.read("working_directory", exec.workingDirectory);
    e.read("wait_delay", exec.waitDelay);
}

void loadLimits(LoadContext &context, const Value &value, LimitsSpec &limits)
{
    MapReader l(context, value);
    int priority = 0;
    if (l.readInt("priority", priority, -20, 19))
        limits.priority = priority;
    l.readInt("cpu_shares", limits.cpuShares);
    {
        MapReader m(context, l.take("memory"));
        m.readSize("max_rss", limits.memory.maxRss);
        m.readSize("max_virtual", limits.memory.maxVirtual);
        m.readSize("max_swap", limits.memory.maxSwap);
        m.readInt("warning_threshold", limits.memory.warningThreshold, 0, 100);
        m.readEnum("policy", limits.memory.policy);
    }
    {
        MapReader c(context, l.take("cpu"));
        c.read("max_cores", limits.cpu.maxCores);
        c.read("max_percent", limits.cpu.maxPercent);
        c.read("max_time", limits.cpu.maxTime);
        c.readInt("warning_threshold", limits.cpu.warningThreshold, 0, 100);
        c.readEnum("policy", limits.cpu.policy);
    }
    {
        MapReader io(context, l.take("io"));
        io.readInt("weight", limits.io.weight, 0, 10000);
        io.readSize("max_read_bps", limits.io.maxReadBps);
        io.readSize("max_write_bps", limits.io.maxWriteBps);
        io.readInt64("max_read_ops", limits.io.maxReadOps);
        io.readInt64("max_write_ops", limits.io.maxWriteOps);
        io.readInt("warning_threshold", limits.io.warningThreshold, 0, 100);
        io.readEnum("policy", limits.io.policy);
    }
    {
        MapReader p(context, l.take("process"));
        p.readInt("max_processes", limits.process.maxProcesses);
        p.readInt("max_file_descriptors", limits.process.maxFileDescriptors);
        p.readInt("max_child_processes", limits.process.maxChildProcesses);
        p.readInt("warning_threshold", limits.process.warningThreshold, 0, 100);
        p.readEnum("policy", limits.process.policy);
    }
    {
        MapReader m(context, l.take("monitoring"));
        m.read("enabled", limits.monitoring.enabled);
        m.read("interval", limits.monitoring.interval);
        m.read("history_retention", limits.monitoring.historyRetention);
        m.read("alerting_enabled", limits.monitoring.alertingEnabled);
    }
}

void loadProcessFile(LoadContext &context, const Value &value, QMap<QString, QString> &out)
{
    MapReader r(context, value);
    // HSU Master's decoder has no yaml tags here, so its keys are the Go field names lower-cased.
    for (const char *key : {"basedirectory", "servicecontext", "appname", "usesubdirectory", "scenario"}) {
        const Value v = r.take(key);
        if (v.present())
            if (const std::optional<QString> s = context.string(v))
                out.insert(QString::fromLatin1(key), *s);
    }
}

void loadHeaders(LoadContext &context, const Value &value, QMap<QString, QString> &out)
{
    MapReader r(context, value);
    for (const MapReader::Entry &e : r.entries())
        if (const std::optional<QString> s = context.string(e.value))
            out.insert(e.key, *s);
}

} // namespace

void loadRunOptions(LoadContext &context, const Value &value, HealthRunOptions &options)
{
    MapReader r(context, value);
    r.read("enabled", options.enabled);
    r.read("interval", options.interval);
    r.read("timeout", options.timeout);
    r.read("initial_delay", options.initialDelay);
    r.readInt("retries", options.retries, 0, 1000);
}

HealthCheckSpec loadHealthCheck(LoadContext &context, const Value &value)
{
    HealthCheckSpec h;
    MapReader r(context, value);
    const Value type = r.take("type");
    if (!type.present()) {
        if (r.isMapping() || value.isNull())
            context.error(value.keyMark, QStringLiteral("health_check needs 'type' (one of %1)")
                                             .arg(enumChoices<HealthCheckType>()));
    } else if (const auto t = context.enumeration<HealthCheckType>(type)) {
        h.type = *t;
        context.noteNotActedOn(type, enumName(h.type)); // the kinds not run yet say so
    }
    Mark httpUrlMark = type.mark();
    {
        MapReader http(context, r.take("http"));
        if (const Value url = http.take("url"); url.present())
            httpUrlMark = url.mark();
        http.read("url", h.httpUrl);
        http.read("method", h.httpMethod);
        loadHeaders(context, http.take("headers"), h.httpHeaders);
    }
    Mark grpcAddressMark = type.mark();
    {
        MapReader grpc(context, r.take("grpc"));
        if (const Value address = grpc.take("address"); address.present())
            grpcAddressMark = address.mark();
        grpc.read("address", h.grpcAddress);
        grpc.read("service", h.grpcService);
        grpc.read("method", h.grpcMethod);
        loadHeaders(context, grpc.take("headers"), h.grpcHeaders);
    }
    {
        MapReader tcp(context, r.take("tcp"));
        tcp.read("address", h.tcpAddress);
        tcp.readInt("port", h.tcpPort, 0, 65535);
    }
    {
        MapReader exec(context, r.take("exec"));
        exec.read("command", h.execCommand);
        exec.read("args", h.execArgs);
    }
    const Value runOptions = r.take("run_options");
    loadRunOptions(context, runOptions, h.runOptions);
    // A run still going when the next is due would pile up: the timeout ends each one first.
    if (h.runOptions.timeout >= h.runOptions.interval)
        context.error(runOptions.present() ? runOptions.mark() : value.mark(),
                      QStringLiteral("health_check: run_options.timeout (%1 ms) must be shorter than its interval (%2 ms)")
                          .arg(h.runOptions.timeout.count())
                          .arg(h.runOptions.interval.count()));

    const auto need = [&](bool missing, const char *what) {
        if (missing)
            context.error(type.mark(), QStringLiteral("health_check type '%1' needs '%2'")
                                           .arg(enumName(h.type), QLatin1String(what)));
    };
    switch (h.type) {
    case HealthCheckType::Http:
        need(h.httpUrl.isEmpty(), "http.url");
        if (!h.httpUrl.isEmpty() && !h.httpUrl.startsWith(QLatin1String("http://")))
            context.warning(httpUrlMark, QStringLiteral("health_check: http.url \"%1\" is not checked: the agent speaks plain "
                                                        "http:// to its workers (no https), so this check will fail")
                                             .arg(h.httpUrl));
        break;
    case HealthCheckType::Grpc:
        need(h.grpcAddress.isEmpty(), "grpc.address");
        if (!h.grpcAddress.isEmpty()) {
            // HOST:PORT ("127.0.0.1:50051", "[::1]:50051"): the check dials it as it is.
            const qsizetype colon = h.grpcAddress.lastIndexOf(QLatin1Char(':'));
            bool ok = false;
            const uint port = colon > 0 ? h.grpcAddress.mid(colon + 1).toUInt(&ok) : 0;
            if (!ok || port == 0 || port > 65535)
                context.error(grpcAddressMark, QStringLiteral("health_check: grpc.address \"%1\" is not HOST:PORT "
                                                              "(e.g. 127.0.0.1:50051)")
                                                   .arg(h.grpcAddress));
        }
        break;
    case HealthCheckType::Tcp:
        need(h.tcpPort == 0, "tcp.port");
        break;
    case HealthCheckType::Exec:
        need(h.execCommand.isEmpty(), "exec.command");
        break;
    case HealthCheckType::Process:
    case HealthCheckType::None:
        break;
    }
    return h;
}

void loadManagedUnit(LoadContext &context, const Value &block, bool integrated, WorkerSpec &worker,
                     WorkerSource &source)
{
    MapReader b(context, block);
    {
        MapReader m(context, b.take("metadata"));
        m.read("name", worker.name);
        m.read("description", worker.description);
    }
    if (integrated) {
        // HSU Master's defaults for the gRPC Ping an integrated worker answers.
        worker.healthCheck.runOptions.interval = std::chrono::seconds(30);
        worker.healthCheck.runOptions.timeout = std::chrono::seconds(5);
        loadRunOptions(context, b.take("health_check_run_options"), worker.healthCheck.runOptions);
    } else if (const Value h = b.take("health_check"); h.present()) {
        worker.healthCheck = loadHealthCheck(context, h);
    }
    const Value unitLogs = b.take("log_collection");

    const Value controlValue = b.take("control");
    MapReader control(context, controlValue);
    const Value execution = control.take("execution");
    loadExecution(context, execution, worker, source);
    if (worker.execution.executablePath.isEmpty()) {
        const Mark where = execution.present() ? execution.keyMark
                                 : controlValue.present() ? controlValue.keyMark
                                                          : block.keyMark;
        context.error(where, QStringLiteral("worker '%1' needs control.execution.executable_path (the program "
                                            "to run)")
                                 .arg(worker.id));
    }
    loadRestart(context, control, worker);
    loadLimits(context, control.take("limits"), worker.limits);
    control.read("graceful_timeout", worker.gracefulTimeout);
    loadProcessFile(context, control.take("process_file"), worker.processFile);

    // HSU Master's own samples put log_collection under control; the schema puts it beside control.
    const Value controlLogs = control.take("log_collection");
    if (unitLogs.present() && controlLogs.present()) {
        const bool unitFirst = unitLogs.keyMark.line < controlLogs.keyMark.line;
        const Value &first = unitFirst ? unitLogs : controlLogs;
        const Value &second = unitFirst ? controlLogs : unitLogs;
        context.error(second.keyMark, QStringLiteral("worker '%1': log_collection is given twice (also at line %2); "
                                                     "keep one")
                                          .arg(worker.id)
                                          .arg(first.keyMark.line + 1));
    } else if (unitLogs.present() || controlLogs.present()) {
        worker.logCollection = loadWorkerLogConfig(context, unitLogs.present() ? unitLogs : controlLogs);
    }
}

} // namespace hsu::config
