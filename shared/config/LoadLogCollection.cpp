#include "shared/config/LoadLogCollection.h"

#include "shared/config/MapReader.h"

namespace hsu::config {

namespace {

std::optional<LogRotation> loadRotation(LoadContext &context, const Value &value)
{
    if (!value.present())
        return std::nullopt;
    MapReader r(context, value);
    LogRotation rotation;
    r.readSize("max_size", rotation.maxSize);
    r.readInt("max_files", rotation.maxFiles);
    r.read("max_age", rotation.maxAge);
    return rotation;
}

std::optional<LogTarget> loadTarget(LoadContext &context, const Value &value)
{
    MapReader r(context, value);
    if (!r.isMapping()) {
        if (value.isNull())
            context.wrongKind(value, QStringLiteral("a log target (a mapping with 'type')"));
        return std::nullopt;
    }
    LogTarget target;
    const Value type = r.take("type");
    if (!type.present()) {
        context.error(value.mark(), QStringLiteral("%1: a log target needs 'type' (one of file, stdout, stderr, "
                                                   "master_stdout, syslog)")
                                        .arg(value.key));
    } else if (const std::optional<QString> t = context.scalar(type, QStringLiteral("a target type"))) {
        if (*t == u"master_stdout" || *t == u"process_manager_stdout") {
            const bool hsu = *t == u"master_stdout";
            context.noteDialect(hsu ? Dialect::HsuMaster : Dialect::HsuProcman, *t,
                                hsu ? QStringLiteral("process_manager_stdout") : QStringLiteral("master_stdout"),
                                type.mark());
            target.type = QStringLiteral("master_stdout");
        } else if (*t == u"file" || *t == u"stdout" || *t == u"stderr" || *t == u"syslog") {
            target.type = *t;
        } else if (*t == u"elasticsearch") {
            // HSU Master configs may name it; refusing the whole file would stop a user's every
            // worker over one remote target, so it is kept (the writer saves it back) and skipped.
            target.type = *t;
            context.warning(type.mark(), QStringLiteral("%1: elasticsearch targets are not supported: this agent "
                                                        "writes local logs only (file, stdout, stderr, "
                                                        "master_stdout, syslog); lines for this target are "
                                                        "not sent anywhere")
                                             .arg(type.key));
        } else {
            context.badValue(type, *t, QStringLiteral("one of file, stdout, stderr, master_stdout, syslog"));
        }
    }
    r.read("path", target.path);
    if (const Value format = r.take("format"); format.present()) {
        const QString expected = QStringLiteral("one of plain, enhanced_plain, json, structured_json");
        if (const std::optional<QString> f = context.scalar(format, expected)) {
            if (*f == u"plain" || *f == u"enhanced_plain" || *f == u"json" || *f == u"structured_json")
                target.format = *f;
            else
                context.badValue(format, *f, expected);
        }
    }
    r.read("prefix", target.prefix);
    target.rotation = loadRotation(context, r.take("rotation"));
    r.take("authentication"); // HSU keys nothing here models: the table warns that they are dropped
    r.take("config");
    if (target.type == u"file" && target.path.isEmpty())
        context.error(value.mark(), QStringLiteral("%1: a file target needs 'path'").arg(value.key));
    return target;
}

std::vector<LogTarget> loadTargets(LoadContext &context, const Value &value, bool *ok = nullptr)
{
    std::vector<LogTarget> targets;
    if (ok)
        *ok = true;
    if (!value.present() || value.isNull())
        return targets;
    if (!value.node.IsSequence()) {
        context.wrongKind(value, QStringLiteral("a list of log targets"));
        if (ok)
            *ok = false;
        return targets;
    }
    for (std::size_t i = 0; i < value.node.size(); ++i) {
        const Value item = value.item(i);
        if (std::optional<LogTarget> t = loadTarget(context, item))
            targets.push_back(std::move(*t));
    }
    return targets;
}

LogFilters loadFilters(LoadContext &context, const Value &value)
{
    MapReader r(context, value);
    LogFilters filters;
    if (const Value level = r.take("level_filter"); level.present()) {
        if (const std::optional<LogLevel> l = context.enumeration<LogLevel>(level))
            filters.levelFilter = enumName(*l);
    }
    r.read("exclude_patterns", filters.excludePatterns);
    r.read("include_patterns", filters.includePatterns);
    return filters;
}

LogMetadata loadMetadata(LoadContext &context, const Value &value)
{
    MapReader r(context, value);
    LogMetadata m;
    if (const Value v = r.take("add_master_id", "add_process_manager_id"); v.present())
        m.addMasterId = context.boolean(v).value_or(false);
    r.read("add_hostname", m.addHostname);
    r.read("add_timestamp", m.addTimestamp);
    r.read("add_sequence", m.addSequence);
    r.read("add_line_number", m.addLineNumber);
    if (const Value v = r.take("add_worker_id", "add_process_id"); v.present())
        m.addWorkerId = context.boolean(v).value_or(false);
    r.read("add_stream", m.addStream);
    return m;
}

LogSystem loadSystem(LoadContext &context, const Value &value)
{
    MapReader r(context, value);
    LogSystem s;
    if (const Value v = r.take("worker_directory", "process_directory"); v.present())
        s.workerDirectory = context.string(v).value_or(QString());
    r.readSize("buffer_size", s.bufferSize);
    r.read("flush_interval", s.flushInterval);
    if (const Value v = r.take("max_workers", "max_processes"); v.present())
        s.maxWorkers = int(context.integer(v, 0, std::numeric_limits<int>::max()).value_or(0));
    MapReader metrics(context, r.take("metrics"));
    metrics.read("enabled", s.metricsEnabled);
    metrics.read("interval", s.metricsInterval);
    metrics.take("targets");
    return s;
}

} // namespace

WorkerLogConfig loadWorkerLogConfig(LoadContext &context, const Value &value)
{
    MapReader r(context, value);
    WorkerLogConfig c;
    r.read("enabled", c.enabled);
    r.read("capture_stdout", c.captureStdout);
    r.read("capture_stderr", c.captureStderr);
    if (const Value b = r.take("buffering"); b.present()) {
        MapReader br(context, b);
        LogBuffering buffering;
        br.readSize("size", buffering.size);
        br.read("flush_interval", buffering.flushInterval);
        br.readInt("max_lines", buffering.maxLines);
        c.buffering = buffering;
    }
    {
        MapReader processing(context, r.take("processing"));
        processing.read("parse_structured", c.parseStructured);
        processing.read("add_metadata", c.addMetadata);
        if (const Value f = processing.take("filters"); f.present())
            c.filters = loadFilters(context, f);
        processing.take("parsers");
    }
    MapReader outputs(context, r.take("outputs"));
    outputs.take("forwarding");
    MapReader separate(context, outputs.take("separate"));
    if (const Value v = separate.take("stdout"); v.present())
        c.stdoutTargets = loadTargets(context, v);
    if (const Value v = separate.take("stderr"); v.present())
        c.stderrTargets = loadTargets(context, v);
    return c;
}

LogCollectionSpec loadLogCollection(LoadContext &context, const Value &value)
{
    MapReader r(context, value);
    LogCollectionSpec spec;
    r.read("enabled", spec.enabled);
    {
        MapReader global(context, r.take("global_aggregation"));
        global.read("enabled", spec.globalAggregationEnabled);
        spec.globalTargets = loadTargets(context, global.take("targets"));
    }
    {
        MapReader enhancement(context, r.take("enhancement"));
        enhancement.read("enabled", spec.enhancementEnabled);
        if (const Value m = enhancement.take("metadata"); m.present())
            spec.metadata = loadMetadata(context, m);
        enhancement.take("parsers");
        enhancement.take("enrichers");
    }
    if (const Value d = r.take("default_worker", "default"); d.present())
        spec.defaultWorker = loadWorkerLogConfig(context, d);
    if (const Value s = r.take("system"); s.present())
        spec.system = loadSystem(context, s);
    return spec;
}

} // namespace hsu::config
