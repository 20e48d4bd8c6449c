#include "shared/config/YamlLoader.h"

#include "shared/config/LoadContext.h"
#include "shared/config/LoadLogCollection.h"
#include "shared/config/LoadWorkers.h"
#include "shared/config/MapReader.h"
#include "shared/config/Paths.h"

#include <QFile>

namespace hsu::config {

QList<Diagnostic> LoadResult::errors() const
{
    QList<Diagnostic> out;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == Diagnostic::Severity::Error)
            out << d;
    return out;
}

QList<Diagnostic> LoadResult::warnings() const
{
    QList<Diagnostic> out;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == Diagnostic::Severity::Warning)
            out << d;
    return out;
}

namespace {

void loadMaster(LoadContext &context, const Value &value, MasterSpec &master)
{
    MapReader r(context, value);
    r.readInt("port", master.port, 1, 65535);
    r.readEnum("log_level", master.logLevel);
    r.read("force_shutdown_timeout", master.forceShutdownTimeout);
    MapReader metrics(context, r.take("metrics"));
    metrics.read("enabled", master.metrics.enabled);
    const Value listen = metrics.take("listen");
    const QString expected = QStringLiteral("HOST:PORT, [IPv6]:PORT or PORT, e.g. \"127.0.0.1:9464\"");
    if (const std::optional<QString> text = listen.present() ? context.scalar(listen, expected) : std::nullopt) {
        if (isListenAddress(*text))
            master.metrics.listen = *text;
        else
            context.badValue(listen, *text, expected);
    }
}

Config loadDocument(LoadContext &context, const YamlNode &root)
{
    Config config;
    Value rootValue;
    rootValue.node = root;
    rootValue.exists = true;
    rootValue.keyMark = Mark(); // 0:0, i.e. 1:1
    rootValue.keyMark.line = 0;
    rootValue.keyMark.column = 0;

    std::vector<WorkerSource> sources;
    {
        MapReader r(context, rootValue);
        loadMaster(context, r.take("master", "process_manager"), config.master);
        if (const Value logs = r.take("log_collection"); logs.present())
            config.logCollection = loadLogCollection(context, logs);
        loadWorkers(context, r.take("workers", "managed_processes"), config.workers, sources);
    }
    validateWorkers(context, config.workers, sources);
    config.dialect = context.resolveDialect();

    for (std::size_t i = 0; i < config.workers.size(); ++i) {
        const QString &id = config.workers[i].id;
        if (id.isEmpty() || config.workerLocations.contains(id))
            continue;
        config.workerLocations.insert(id, SourceLocation{sources[i].id.line + 1, sources[i].id.column + 1});
        if (sources[i].hasExecutablePath)
            config.executablePathLocations.insert(
                id, SourceLocation{sources[i].executablePath.line + 1, sources[i].executablePath.column + 1});
    }
    return config;
}

} // namespace

LoadResult YamlLoader::loadData(const QByteArray &yaml, const QString &fileName, const Options &options)
{
    LoadResult result;
    LoadContext context(fileName, options.environment);
    YamlDocument::Error syntax;
    const std::unique_ptr<YamlDocument> doc = YamlDocument::parse(yaml, &syntax);
    if (!doc) {
        // The parser stops at its first error: a syntax error is always alone.
        context.error(syntax.mark, QStringLiteral("YAML syntax error: %1").arg(syntax.message));
        result.diagnostics = context.diagnostics();
        return result;
    }
    Config config = loadDocument(context, doc->root());
    config.sourceFile = fileName;
    result.diagnostics = context.diagnostics();
    if (!context.hasErrors())
        result.config = std::move(config);
    return result;
}

LoadResult YamlLoader::loadFile(const QString &path, const Options &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        LoadResult result;
        result.diagnostics << Diagnostic{Diagnostic::Severity::Error, path, 1, 1,
                                         QStringLiteral("cannot read the file: %1").arg(file.errorString())};
        return result;
    }
    return loadData(file.readAll(), path, options);
}

LoadResult YamlLoader::validateFile(const QString &path)
{
    LoadResult r = loadFile(path);
    if (r.config)
        r.diagnostics += checkExecutables(*r.config, path);
    return r;
}

} // namespace hsu::config
