#include "shared/config/LoadWorkers.h"

#include "shared/config/MapReader.h"

#include <QDir>

namespace hsu::config {

bool isValidWorkerId(const QString &id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (QChar c : id) {
        const bool ok = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') ||
                        c == u'-' || c == u'_';
        if (!ok)
            return false;
    }
    return true;
}

namespace {

struct UnitKind
{
    WorkerType type;
    const char *hsu;
    const char *procman;
};
constexpr UnitKind kUnitKinds[] = {
    {WorkerType::Managed, "managed", "standard_managed"},
    {WorkerType::Integrated, "integrated", "integrated_managed"},
    {WorkerType::Unmanaged, "unmanaged", "unmanaged"},
};

std::optional<WorkerType> loadType(LoadContext &context, const Value &value)
{
    const QString expected = QStringLiteral("one of managed, integrated, unmanaged");
    const std::optional<QString> text = context.scalar(value, expected);
    if (!text)
        return std::nullopt;
    for (const UnitKind &k : kUnitKinds) {
        const QString hsu = QString::fromLatin1(k.hsu);
        const QString procman = QString::fromLatin1(k.procman);
        if (*text == hsu && hsu != procman)
            context.noteDialect(Dialect::HsuMaster, hsu, procman, value.mark());
        else if (*text == procman && hsu != procman)
            context.noteDialect(Dialect::HsuProcman, procman, hsu, value.mark());
        if (*text == hsu || *text == procman)
            return k.type;
    }
    context.badValue(value, *text, expected);
    return std::nullopt;
}

void loadDependency(LoadContext &context, const QString &id, const Value &value, WorkerSpec &worker,
                    WorkerSource &source)
{
    for (const Dependency &d : worker.dependsOn) {
        if (d.id == id) {
            context.error(value.keyMark, QStringLiteral("depends_on: '%1' is listed twice").arg(id));
            return;
        }
    }
    Dependency dep{id, DependencyCondition::Started};
    if (value.present() && !value.node.IsScalar()) {
        MapReader r(context, value);
        const Value condition = r.take("condition");
        if (condition.present()) {
            if (const std::optional<DependencyCondition> c = context.enumeration<DependencyCondition>(condition)) {
                dep.condition = *c;
            }
        }
    } else if (value.present() && value.node.IsScalar()) {
        context.wrongKind(value, QStringLiteral("a mapping like { condition: started }"));
    }
    worker.dependsOn.push_back(dep);
    source.dependencies.push_back(value.keyMark);
}

void loadDependsOn(LoadContext &context, const Value &value, WorkerSpec &worker, WorkerSource &source)
{
    if (!value.present() || value.isNull())
        return;
    if (value.node.IsSequence()) { // [db, cache]: "started" each, the short form
        for (std::size_t i = 0; i < value.node.size(); ++i) {
            const Value item = value.item(i);
            const std::optional<QString> id = context.scalar(item, QStringLiteral("a worker id"));
            if (!id)
                continue;
            Value none;
            none.keyMark = item.keyMark;
            loadDependency(context, *id, none, worker, source);
        }
        return;
    }
    if (!value.node.IsMap()) {
        context.wrongKind(value, QStringLiteral("a mapping of worker ids (or a list of them)"));
        return;
    }
    MapReader r(context, value);
    for (const MapReader::Entry &e : r.entries()) {
        Value v = e.value;
        if (v.isNull())
            v.exists = false; // "db:" with nothing after it: started
        loadDependency(context, e.key, v, worker, source);
    }
}

const QStringList &signalNames()
{
    static const QStringList names = {
        QStringLiteral("SIGHUP"),  QStringLiteral("SIGINT"),  QStringLiteral("SIGQUIT"), QStringLiteral("SIGKILL"),
        QStringLiteral("SIGUSR1"), QStringLiteral("SIGUSR2"), QStringLiteral("SIGTERM"), QStringLiteral("SIGCONT"),
        QStringLiteral("SIGSTOP"), QStringLiteral("SIGTSTP"), QStringLiteral("SIGALRM"), QStringLiteral("SIGWINCH"),
        QStringLiteral("SIGPIPE"), QStringLiteral("SIGABRT")};
    return names;
}

void loadUnmanagedUnit(LoadContext &context, const Value &block, WorkerSpec &worker)
{
    MapReader b(context, block);
    {
        MapReader m(context, b.take("metadata"));
        m.read("name", worker.name);
        m.read("description", worker.description);
    }
    const Value discoveryValue = b.take("discovery");
    {
        MapReader d(context, discoveryValue);
        DiscoverySpec &spec = worker.discovery;
        const QString methods = QStringLiteral("one of pid-file, process-name, port, service-name");
        const Value method = d.take("method");
        if (!method.present()) {
            context.error(discoveryValue.present() ? discoveryValue.keyMark : block.keyMark,
                          QStringLiteral("worker '%1': unmanaged needs discovery.method (%2)").arg(worker.id, methods));
        } else if (const std::optional<QString> m = context.scalar(method, methods)) {
            if (*m == u"pid-file" || *m == u"process-name" || *m == u"port" || *m == u"service-name")
                spec.method = *m;
            else
                context.badValue(method, *m, methods);
        }
        if (const Value pidFile = d.take("pid_file"); pidFile.present()) {
            if (const std::optional<QString> path = context.scalar(pidFile, QStringLiteral("an absolute path"))) {
                spec.pidFile = *path;
                // Read by the agent, whose working folder is not the user's: a relative path
                // would name another file than the user meant.
                if (!path->isEmpty() && !QDir::isAbsolutePath(*path))
                    context.error(pidFile.mark(), QStringLiteral("discovery pid_file must be an absolute path, not \"%1\"").arg(*path));
            }
        }
        d.read("process_name", spec.processName);
        d.read("process_args", spec.processArgs);
        d.readInt("port", spec.port, 0, 65535);
        d.read("protocol", spec.protocol);
        d.read("service_name", spec.serviceName);
        d.read("check_interval", spec.checkInterval);
        const auto need = [&](bool missing, const char *key) {
            if (missing)
                context.error(method.mark(), QStringLiteral("discovery method '%1' needs '%2'")
                                                 .arg(spec.method, QLatin1String(key)));
        };
        if (spec.method == u"pid-file")
            need(spec.pidFile.isEmpty(), "pid_file");
        else if (spec.method == u"process-name")
            need(spec.processName.isEmpty(), "process_name");
        else if (spec.method == u"port")
            need(spec.port == 0, "port");
        else if (spec.method == u"service-name")
            need(spec.serviceName.isEmpty(), "service_name");
    }
    {
        MapReader c(context, b.take("control"));
        UnmanagedControl &control = worker.unmanagedControl;
        c.read("can_terminate", control.canTerminate);
        c.read("can_restart", control.canRestart);
        const Value signalsValue = c.take("allowed_signals");
        if (signalsValue.present()) {
            if (const std::optional<QStringList> signals = context.stringList(signalsValue)) {
                for (qsizetype i = 0; i < signals->size(); ++i) {
                    if (signalNames().contains(signals->at(i)))
                        continue;
                    context.badValue(signalsValue.item(std::size_t(i)), signals->at(i),
                                     QStringLiteral("a signal name: ") + signalNames().join(QStringLiteral(", ")));
                }
                control.allowedSignals = *signals;
            }
        }
        c.read("graceful_timeout", control.gracefulTimeout);
        c.read("service_manager", control.serviceManager);
        c.read("service_name", control.serviceName);
    }
    if (const Value h = b.take("health_check"); h.present())
        worker.healthCheck = loadHealthCheck(context, h);
}

void loadUnit(LoadContext &context, const Value &unit, const std::optional<WorkerType> &declared, WorkerSpec &worker,
              WorkerSource &source)
{
    MapReader u(context, unit);
    std::vector<std::pair<WorkerType, Value>> blocks;
    for (const UnitKind &k : kUnitKinds) {
        const Value v = qstrcmp(k.hsu, k.procman) == 0 ? u.take(k.hsu) : u.take(k.hsu, k.procman);
        if (v.present())
            blocks.emplace_back(k.type, v);
    }
    if (blocks.empty()) {
        if (u.isMapping() || unit.isNull())
            context.error(unit.keyMark, QStringLiteral("worker '%1': '%2' needs one of managed, integrated, "
                                                       "unmanaged")
                                            .arg(worker.id, unit.key));
        if (declared)
            worker.type = *declared;
        return;
    }
    for (std::size_t i = 1; i < blocks.size(); ++i)
        context.error(blocks[i].second.keyMark,
                      QStringLiteral("worker '%1': '%2' holds exactly one of managed, integrated, unmanaged "
                                     "('%3' is already given at line %4)")
                          .arg(worker.id, unit.key, blocks[0].second.key)
                          .arg(blocks[0].second.keyMark.line + 1));
    const auto &[blockType, block] = blocks.front();
    if (declared && *declared != blockType)
        context.error(block.keyMark, QStringLiteral("worker '%1': type is '%2' but the unit block is '%3'; "
                                                    "they must match")
                                         .arg(worker.id, enumName(*declared), enumName(blockType)));
    worker.type = declared.value_or(blockType);
    if (blockType == WorkerType::Unmanaged)
        loadUnmanagedUnit(context, block, worker);
    else
        loadManagedUnit(context, block, blockType == WorkerType::Integrated, worker, source);
}

std::optional<WorkerSpec> loadWorker(LoadContext &context, const Value &item, WorkerSource &source)
{
    MapReader r(context, item);
    if (!r.isMapping()) {
        if (item.isNull())
            context.wrongKind(item, QStringLiteral("a worker (a mapping with id, type and unit)"));
        return std::nullopt;
    }
    WorkerSpec worker;
    source.item = item.mark();
    source.id = item.mark();
    const Value id = r.take("id");
    if (!id.present()) {
        context.error(item.mark(), QStringLiteral("a worker needs 'id'"));
    } else if (const std::optional<QString> text = context.scalar(id, QStringLiteral("a worker id"))) {
        worker.id = *text;
        source.id = id.mark();
        if (!isValidWorkerId(*text))
            context.badValue(id, *text, QStringLiteral("1 to 64 of A-Z a-z 0-9 - _"));
    }
    const QString name = worker.id.isEmpty() ? QStringLiteral("?") : worker.id;

    std::optional<WorkerType> type;
    if (const Value t = r.take("type"); !t.present())
        context.error(item.mark(), QStringLiteral("worker '%1' needs 'type' (managed, integrated or unmanaged)")
                                       .arg(name));
    else
        type = loadType(context, t);

    r.readEnum("profile_type", worker.profileType);
    r.read("enabled", worker.enabled);
    loadDependsOn(context, r.take("depends_on"), worker, source);

    const Value unit = r.take("unit", "management");
    if (!unit.present()) {
        context.error(item.mark(), QStringLiteral("worker '%1' needs 'unit' (with a managed, integrated or "
                                                  "unmanaged block)")
                                       .arg(name));
        worker.type = type.value_or(WorkerType::Managed);
    } else {
        loadUnit(context, unit, type, worker, source);
    }
    return worker;
}

} // namespace

void loadWorkers(LoadContext &context, const Value &list, std::vector<WorkerSpec> &workers,
                 std::vector<WorkerSource> &sources)
{
    if (!list.present() || list.isNull())
        return;
    if (!list.node.IsSequence()) {
        context.wrongKind(list, QStringLiteral("a list of workers"));
        return;
    }
    for (std::size_t i = 0; i < list.node.size(); ++i) {
        const Value item = list.item(i);
        WorkerSource source;
        if (std::optional<WorkerSpec> w = loadWorker(context, item, source)) {
            workers.push_back(std::move(*w));
            sources.push_back(std::move(source));
        }
    }
}

} // namespace hsu::config
