#include "Dispatcher.h"

#include <csignal>

#include "agent/core/ConfigControl.h"
#include "agent/core/HealthControl.h"
#include "agent/core/LogControl.h"
#include "agent/core/ResourceControl.h"

#include "IpcLog.h"
#include "agent/core/WorkerControl.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

namespace hsu::agent {

namespace p = protocol;

namespace {

using Response = p::Response;

Response invalidParams(const p::Request &r, const QString &message)
{
    return Response::failure(r.id, QString(p::error::InvalidParams), message);
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList sorted(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return list;
}

// Which workers a start/stop/restart names: {"id": "db"} or {"ids": ["a","b"]} or {"all": true}.
struct Targets
{
    bool single = false;
    QStringList ids;
};

std::optional<Targets> readTargets(const QJsonObject &params, const WorkerControl &control, QString *error)
{
    const bool hasId = params.contains(QLatin1String("id"));
    const bool hasIds = params.contains(QLatin1String("ids"));
    const bool hasAll = params.contains(QLatin1String("all"));
    if (int(hasId) + int(hasIds) + int(hasAll) != 1) {
        *error = QStringLiteral("give exactly one of \"id\", \"ids\" or \"all\"");
        return std::nullopt;
    }
    Targets t;
    if (hasId) {
        const QJsonValue id = params.value(QLatin1String("id"));
        if (!id.isString() || id.toString().isEmpty()) {
            *error = QStringLiteral("\"id\" must be a non-empty string");
            return std::nullopt;
        }
        t.single = true;
        t.ids << id.toString();
        return t;
    }
    if (hasAll) {
        if (params.value(QLatin1String("all")) != QJsonValue(true)) {
            *error = QStringLiteral("\"all\" must be true");
            return std::nullopt;
        }
        for (const model::WorkerStatus &w : control.workers())
            t.ids << w.id;
        return t;
    }
    const QJsonValue ids = params.value(QLatin1String("ids"));
    if (!ids.isArray() || ids.toArray().isEmpty()) {
        *error = QStringLiteral("\"ids\" must be a non-empty array of worker ids");
        return std::nullopt;
    }
    for (const QJsonValue &v : ids.toArray()) {
        if (!v.isString() || v.toString().isEmpty()) {
            *error = QStringLiteral("\"ids\" must hold non-empty strings");
            return std::nullopt;
        }
        if (!t.ids.contains(v.toString())) // asked twice is done once
            t.ids << v.toString();
    }
    return t;
}

// events.subscribe / events.unsubscribe: {"events": ["worker.state", ...]}.
std::optional<QStringList> readEventNames(const QJsonObject &params, bool required, QString *error)
{
    const QJsonValue events = params.value(QLatin1String("events"));
    if (events.isUndefined() && !required)
        return QStringList();
    if (!events.isArray()) {
        *error = QStringLiteral("\"events\" must be an array of event names");
        return std::nullopt;
    }
    const QStringList known = p::event::all();
    QStringList names;
    for (const QJsonValue &v : events.toArray()) {
        if (!v.isString() || !known.contains(v.toString())) {
            *error = QStringLiteral("unknown event %1 (known: %2)")
                         .arg(v.isString() ? v.toString() : QStringLiteral("(not a string)"), known.join(QLatin1String(", ")));
            return std::nullopt;
        }
        names << v.toString();
    }
    return names;
}

} // namespace

Dispatcher::Dispatcher(WorkerControl &control)
    : Dispatcher(control, Options{})
{
}

Dispatcher::Dispatcher(WorkerControl &control, Options options)
    : m_control(control)
    , m_options(std::move(options))
{
    if (m_options.pid == 0)
        m_options.pid = QCoreApplication::applicationPid();
}

const std::vector<Dispatcher::Route> &Dispatcher::routes()
{
    using D = Dispatcher;
    using S = SessionState;
    using R = Request;
    static const std::vector<Route> table = {
        {p::method::Hello, Needs::Nothing, [](const D &d, S &s, const R &r) -> Outcome { return {d.hello(s, r)}; }},
        {p::method::WorkersList, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workersList(r)}; }},
        {p::method::WorkersGet, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workersGet(r)}; }},
        {p::method::WorkersStart, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workerOperation(r)}; }},
        {p::method::WorkersStop, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workerOperation(r)}; }},
        {p::method::WorkersRestart, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workerOperation(r)}; }},
        {p::method::WorkersPause, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workerOperation(r)}; }},
        {p::method::WorkersResume, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workerOperation(r)}; }},
        {p::method::ConfigValidate, Needs::Validator, [](const D &d, S &, const R &r) -> Outcome { return {d.configValidate(r)}; }},
        {p::method::ConfigReload, Needs::Config, [](const D &d, S &, const R &r) -> Outcome { return {d.configRequest(r)}; }},
        {p::method::ConfigDiff, Needs::Config, [](const D &d, S &, const R &r) -> Outcome { return {d.configRequest(r)}; }},
        {p::method::ConfigGet, Needs::Config, [](const D &d, S &, const R &r) -> Outcome { return {d.configRequest(r)}; }},
        {p::method::ConfigSave, Needs::Config, [](const D &d, S &, const R &r) -> Outcome { return {d.configRequest(r)}; }},
        {p::method::EventsSubscribe, Needs::Nothing, [](const D &d, S &s, const R &r) -> Outcome { return {d.subscribe(s, r)}; }},
        {p::method::EventsUnsubscribe, Needs::Nothing, [](const D &d, S &s, const R &r) -> Outcome { return {d.unsubscribe(s, r)}; }},
        {p::method::LogsTail, Needs::Logs, [](const D &d, S &s, const R &r) -> Outcome { return {d.logs(s, r)}; }},
        {p::method::LogsSubscribe, Needs::Logs, [](const D &d, S &s, const R &r) -> Outcome { return {d.logs(s, r)}; }},
        {p::method::LogsUnsubscribe, Needs::Logs, [](const D &d, S &s, const R &r) -> Outcome { return {d.logs(s, r)}; }},
        {p::method::ResourcesGet, Needs::Resources, [](const D &d, S &s, const R &r) -> Outcome { return {d.resources(s, r)}; }},
        {p::method::ResourcesSubscribe, Needs::Resources, [](const D &d, S &s, const R &r) -> Outcome { return {d.resources(s, r)}; }},
        {p::method::ResourcesUnsubscribe, Needs::Resources, [](const D &d, S &s, const R &r) -> Outcome { return {d.resources(s, r)}; }},
        {p::method::AgentDoctor, Needs::Resources, [](const D &d, S &s, const R &r) -> Outcome { return {d.resources(s, r)}; }},
        {p::method::WorkersSignal, Needs::Nothing, [](const D &d, S &, const R &r) -> Outcome { return {d.workerSignal(r)}; }},
        {p::method::HealthGet, Needs::Health, [](const D &d, S &, const R &r) -> Outcome { return {d.healthGet(r)}; }},
        {p::method::MetricsGet, Needs::Metrics, [](const D &d, S &, const R &r) -> Outcome { return {d.metricsGet(r)}; }},
        {p::method::AgentShutdown, Needs::Nothing,
         [](const D &, S &s, const R &r) -> Outcome {
             qCInfo(lcIpc) << "shutdown requested by" << s.clientName;
             return {Response::success(r.id, QJsonObject{{QStringLiteral("shutting_down"), true}}), true};
         }},
    };
    return table;
}

bool Dispatcher::available(Needs needs) const
{
    switch (needs) {
    case Needs::Nothing: return true;
    case Needs::Validator: return static_cast<bool>(m_options.configValidator);
    case Needs::Config: return m_options.config != nullptr;
    case Needs::Resources: return m_options.resources != nullptr;
    case Needs::Logs: return m_options.logs != nullptr;
    case Needs::Health: return m_options.health != nullptr;
    case Needs::Metrics: return static_cast<bool>(m_options.metricsText);
    }
    return false;
}

QString Dispatcher::unavailableReason(Needs needs)
{
    switch (needs) {
    case Needs::Validator: return QStringLiteral("this agent was built without the config loader");
    case Needs::Config: return QStringLiteral("this agent cannot change its config while it runs");
    case Needs::Resources: return QStringLiteral("this agent does not sample resources");
    case Needs::Logs: return QStringLiteral("this agent does not collect logs");
    case Needs::Health: return QStringLiteral("this agent does not run health checks");
    case Needs::Metrics: return QStringLiteral("this agent keeps no metrics");
    case Needs::Nothing: break;
    }
    return QString();
}

QJsonObject Dispatcher::capabilities() const
{
    QStringList methods;
    for (const Route &route : routes())
        if (available(route.needs))
            methods << route.method;
    return QJsonObject{{QStringLiteral("methods"), toArray(methods)},
                       {QStringLiteral("events"), toArray(p::event::all())},
                       {QStringLiteral("limits"), toArray(m_options.resources ? m_options.resources->backends()
                                                                              : m_options.limitBackends)}};
}

Dispatcher::Outcome Dispatcher::dispatch(SessionState &session, const Request &request)
{
    if (!session.greeted && request.method != p::method::Hello)
        return {Response::failure(request.id, QString(p::error::HelloRequired), QStringLiteral("send \"hello\" first"))};
    const auto &table = routes();
    const auto route = std::find_if(table.begin(), table.end(), [&](const Route &r) { return r.method == request.method; });
    if (route == table.end())
        return {Response::failure(request.id, QString(p::error::UnknownMethod),
                                  QStringLiteral("unknown method \"%1\"").arg(request.method))};
    if (!available(route->needs))
        return {Response::failure(request.id, QString(p::error::Unavailable), unavailableReason(route->needs))};
    return route->handle(*this, session, request);
}

Response Dispatcher::resources(SessionState &session, const Request &request) const
{
    const QString &m = request.method;
    if (m == p::method::ResourcesGet)
        return resourcesGet(request);
    if (m == p::method::AgentDoctor)
        return Response::success(request.id, m_options.resources->doctor());
    if (m == p::method::ResourcesSubscribe)
        return resourcesSubscribe(session, request);
    session.followsResources = false;
    session.resourceWorkers.clear();
    if (m_options.resourceFollowersChanged)
        m_options.resourceFollowersChanged();
    return Response::success(request.id, QJsonObject{});
}

Response Dispatcher::logs(SessionState &session, const Request &request) const
{
    if (request.method == p::method::LogsTail)
        return logsTail(request);
    if (request.method == p::method::LogsSubscribe)
        return logsSubscribe(session, request);
    return logsUnsubscribe(session, request);
}

Response Dispatcher::hello(SessionState &session, const Request &request) const
{
    const QJsonValue proto = request.params.value(QLatin1String("protocol"));
    const auto version = proto.isString() ? p::parseVersion(proto.toString()) : std::nullopt;
    if (!version)
        return invalidParams(request, QStringLiteral("\"protocol\" must be a version string such as \"%1\"").arg(p::versionString()));
    if (!p::isCompatible(*version)) {
        return Response::failure(request.id, QString(p::error::UnsupportedProtocol),
                                 QStringLiteral("client speaks protocol %1, this agent speaks %2")
                                     .arg(proto.toString(), p::versionString()));
    }
    const QJsonValue client = request.params.value(QLatin1String("client"));
    if (!client.isUndefined() && !client.isString())
        return invalidParams(request, QStringLiteral("\"client\" must be a string"));

    session.greeted = true;
    session.clientVersion = *version;
    session.clientName = client.toString();
    return Response::success(request.id, QJsonObject{
        {QStringLiteral("agent_version"), m_options.agentVersion},
        {QStringLiteral("protocol"), p::versionString()},
        {QStringLiteral("pid"), m_options.pid},
        {QStringLiteral("service_manager"), m_options.serviceManager},
        {QStringLiteral("arguments"), QJsonArray::fromStringList(m_options.arguments)},
        {QStringLiteral("capabilities"), capabilities()},
    });
}

Response Dispatcher::workersList(const Request &request) const
{
    Response r;
    r.id = request.id;
    r.encodedResult = m_control.workersListJson();
    return r;
}

Response Dispatcher::workersGet(const Request &request) const
{
    const QJsonValue id = request.params.value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty())
        return invalidParams(request, QStringLiteral("\"id\" must be a non-empty string"));
    const auto status = m_control.worker(id.toString());
    if (!status)
        return Response::failure(request.id, QString(p::error::NotFound),
                                 QStringLiteral("no worker \"%1\"").arg(id.toString()));
    // The status, plus (when the agent keeps them) "spec" and "history" for a detail view.
    QJsonObject result = status->toJson();
    const QJsonObject details = m_control.workerDetails(id.toString());
    for (auto it = details.begin(); it != details.end(); ++it)
        result.insert(it.key(), it.value());
    if (m_options.logs) {
        const QJsonObject logs = m_options.logs->workerLogInfo(id.toString());
        for (auto it = logs.begin(); it != logs.end(); ++it)
            result.insert(it.key(), it.value());
    }
    return Response::success(request.id, result);
}

Response Dispatcher::workerOperation(const Request &request) const
{
    QString error;
    const auto targets = readTargets(request.params, m_control, &error);
    if (!targets)
        return invalidParams(request, error);

    auto apply = [&](const QString &id) {
        if (request.method == p::method::WorkersStart)
            return m_control.start(id);
        if (request.method == p::method::WorkersStop)
            return m_control.stop(id);
        if (request.method == p::method::WorkersPause)
            return m_control.pause(id);
        if (request.method == p::method::WorkersResume)
            return m_control.resume(id);
        return m_control.restart(id);
    };

    if (targets->single) {
        const ControlResult r = apply(targets->ids.first());
        if (!r.ok())
            return Response::failure(request.id, r.errorCode, r.message);
        return Response::success(request.id, r.status.toJson());
    }

    // Several workers: one item each, so one refusal does not hide what happened to the others.
    QJsonArray results;
    for (const QString &id : targets->ids) {
        const ControlResult r = apply(id);
        QJsonObject item{{QStringLiteral("id"), id}, {QStringLiteral("ok"), r.ok()}};
        if (r.ok())
            item.insert(QStringLiteral("status"), r.status.toJson());
        else
            item.insert(QStringLiteral("error"), QJsonObject{{QString(p::key::Code), r.errorCode},
                                                             {QString(p::key::Message), r.message}});
        results.append(item);
    }
    return Response::success(request.id, QJsonObject{{QStringLiteral("results"), results}});
}

Response Dispatcher::workerSignal(const Request &request) const
{
    // The names a config's allowed_signals may list (CONFIG.md), with or without "SIG".
    static const std::pair<const char *, int> kSignals[] = {
        {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
        {"USR2", SIGUSR2}, {"TERM", SIGTERM}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},
        {"ALRM", SIGALRM}, {"WINCH", SIGWINCH}, {"PIPE", SIGPIPE}, {"ABRT", SIGABRT}};
    const QJsonValue id = request.params.value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty())
        return invalidParams(request, QStringLiteral("\"id\" must be a non-empty string"));
    QString name = request.params.value(QLatin1String("signal")).toString().toUpper();
    if (name.startsWith(QLatin1String("SIG")))
        name = name.mid(3);
    int sig = 0;
    for (const auto &[n, number] : kSignals)
        if (name == QLatin1String(n))
            sig = number;
    if (sig == 0)
        return invalidParams(request, QStringLiteral("\"signal\" must be a signal name (SIGHUP, SIGUSR1, SIGTERM, ...)"));
    const ControlResult r = m_control.signal(id.toString(), sig);
    if (!r.ok())
        return Response::failure(request.id, r.errorCode, r.message);
    return Response::success(request.id, r.status.toJson());
}

Response Dispatcher::configRequest(const Request &request) const
{
    ConfigControl *config = m_options.config; // there: routes() needs it
    const QString &m = request.method;
    if (m == p::method::ConfigGet)
        return Response::success(request.id, config->text());
    QStringList errors;
    QJsonObject result;
    if (m == p::method::ConfigReload) {
        result = config->reload(QStringLiteral("config.reload"), &errors);
    } else if (m == p::method::ConfigDiff) {
        const QJsonValue path = request.params.value(QLatin1String("path"));
        if (!path.isUndefined() && !path.isString())
            return invalidParams(request, QStringLiteral("\"path\" must be a string"));
        result = config->diff(path.toString(), &errors);
    } else {
        const QJsonValue text = request.params.value(QLatin1String("text"));
        if (!text.isString())
            return invalidParams(request, QStringLiteral("\"text\" must be the config's text"));
        result = config->save(text.toString().toUtf8(), &errors);
    }
    if (!errors.isEmpty())
        return Response::failure(request.id, QStringLiteral("invalid_config"),
                                 QStringLiteral("%1:\n%2").arg(m == p::method::ConfigSave ? QStringLiteral("not saved; the file is unchanged")
                                                                                          : QStringLiteral("the config has errors; nothing changed"),
                                                               errors.join(u'\n')));
    return Response::success(request.id, result);
}

Response Dispatcher::configValidate(const Request &request) const
{
    const QJsonValue pathValue = request.params.value(QLatin1String("path"));
    if (!pathValue.isUndefined() && !pathValue.isString())
        return invalidParams(request, QStringLiteral("\"path\" must be a string"));
    const QString path = pathValue.toString().isEmpty() ? m_control.configPath() : pathValue.toString();
    if (path.isEmpty())
        return invalidParams(request, QStringLiteral("no \"path\" given and the agent runs without a config file"));
    QJsonObject result = m_options.configValidator(path);
    result.insert(QStringLiteral("path"), path);
    return Response::success(request.id, result);
}

Response Dispatcher::subscribe(SessionState &session, const Request &request) const
{
    QString error;
    const auto names = readEventNames(request.params, true, &error);
    if (!names)
        return invalidParams(request, error);
    for (const QString &n : *names)
        session.subscriptions.insert(n);
    return Response::success(request.id, QJsonObject{{QStringLiteral("events"), toArray(sorted(session.subscriptions))}});
}

Response Dispatcher::unsubscribe(SessionState &session, const Request &request) const
{
    QString error;
    const auto names = readEventNames(request.params, false, &error);
    if (!names)
        return invalidParams(request, error);
    if (!request.params.contains(QLatin1String("events")))
        session.subscriptions.clear(); // no list: everything
    for (const QString &n : *names)
        session.subscriptions.remove(n);
    return Response::success(request.id, QJsonObject{{QStringLiteral("events"), toArray(sorted(session.subscriptions))}});
}

} // namespace hsu::agent

namespace hsu::agent {

// logs.tail: {"id"?: worker (absent: all, merged by time), "lines"?: N (default 100), "stream"?: stdout|stderr}
Response Dispatcher::logsTail(const Request &request) const
{
    const QJsonValue id = request.params.value(QLatin1String("id"));
    if (!id.isUndefined() && !id.isString())
        return invalidParams(request, QStringLiteral("\"id\" must be a worker id"));
    const QJsonValue lines = request.params.value(QLatin1String("lines"));
    if (!lines.isUndefined() && (!lines.isDouble() || lines.toDouble() < 0 || lines.toDouble() != double(lines.toInteger())))
        return invalidParams(request, QStringLiteral("\"lines\" must be a whole number >= 0"));
    const QJsonValue stream = request.params.value(QLatin1String("stream"));
    if (!stream.isUndefined() && stream.toString() != u"stdout" && stream.toString() != u"stderr")
        return invalidParams(request, QStringLiteral("\"stream\" must be \"stdout\" or \"stderr\""));
    const qint64 wanted = lines.isUndefined() ? 100 : lines.toInteger();
    const int capped = int(std::min<qint64>(wanted, m_options.logs->ringCapacity()));
    const auto result = m_options.logs->tail(id.toString(), capped, stream.toString());
    if (!result)
        return Response::failure(request.id, QString(p::error::NotFound),
                                 QStringLiteral("no worker \"%1\"").arg(id.toString()));
    return Response::success(request.id, QJsonObject{{QStringLiteral("lines"), *result},
                                                     {QStringLiteral("ring_capacity"), m_options.logs->ringCapacity()}});
}

// {"ids"?: [worker, ...]} of logs.subscribe and resources.subscribe into `wanted` (empty: every
// worker); the refusal to send back when the list is not one, or names an unknown worker.
std::optional<Response> Dispatcher::subscriptionIds(const Request &request, QSet<QString> *wanted) const
{
    const QJsonValue ids = request.params.value(QLatin1String("ids"));
    if (ids.isUndefined())
        return std::nullopt;
    if (!ids.isArray())
        return invalidParams(request, QStringLiteral("\"ids\" must be an array of worker ids"));
    for (const QJsonValue &v : ids.toArray()) {
        if (!v.isString() || !m_control.worker(v.toString()))
            return Response::failure(request.id, QString(p::error::NotFound),
                                     QStringLiteral("no worker \"%1\"").arg(v.toString()));
        wanted->insert(v.toString());
    }
    return std::nullopt;
}

// logs.subscribe: {"ids"?: [worker, ...]} (absent or empty: every worker); again replaces the set.
Response Dispatcher::logsSubscribe(SessionState &session, const Request &request) const
{
    QSet<QString> wanted;
    if (std::optional<Response> refused = subscriptionIds(request, &wanted))
        return *refused;
    session.followsLogs = true;
    session.logWorkers = wanted;
    if (m_options.logFollowersChanged)
        m_options.logFollowersChanged();
    return Response::success(request.id, QJsonObject{{QStringLiteral("ids"), toArray(sorted(wanted))}});
}

Response Dispatcher::logsUnsubscribe(SessionState &session, const Request &request) const
{
    session.followsLogs = false;
    session.logWorkers.clear();
    if (m_options.logFollowersChanged)
        m_options.logFollowersChanged();
    return Response::success(request.id, QJsonObject{});
}

} // namespace hsu::agent

namespace hsu::agent {

// resources.get: {"id": worker, "resolution"?: "1s"|"10s"|"1m", "since"?: ms}
Response Dispatcher::resourcesGet(const Request &request) const
{
    const QJsonValue id = request.params.value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty())
        return invalidParams(request, QStringLiteral("\"id\" must be a non-empty string"));
    const QJsonValue resolution = request.params.value(QLatin1String("resolution"));
    if (!resolution.isUndefined() && !resolution.isString())
        return invalidParams(request, QStringLiteral("\"resolution\" must be \"1s\", \"10s\" or \"1m\""));
    const QJsonValue since = request.params.value(QLatin1String("since"));
    if (!since.isUndefined() && !since.isDouble())
        return invalidParams(request, QStringLiteral("\"since\" must be a time in ms since the epoch"));
    QString error;
    const auto result = m_options.resources->resources(id.toString(), resolution.toString(QStringLiteral("1s")),
                                                       since.toInteger(), &error);
    if (!result) {
        if (!error.isEmpty())
            return invalidParams(request, error);
        return Response::failure(request.id, QString(p::error::NotFound),
                                 QStringLiteral("no worker \"%1\"").arg(id.toString()));
    }
    return Response::success(request.id, *result);
}

// resources.subscribe: {"ids"?: [worker, ...]} (absent or empty: every worker)
Response Dispatcher::resourcesSubscribe(SessionState &session, const Request &request) const
{
    QSet<QString> wanted;
    if (std::optional<Response> refused = subscriptionIds(request, &wanted))
        return *refused;
    session.followsResources = true;
    session.resourceWorkers = wanted;
    if (m_options.resourceFollowersChanged)
        m_options.resourceFollowersChanged();
    return Response::success(request.id, QJsonObject{{QStringLiteral("ids"), toArray(sorted(wanted))}});
}

} // namespace hsu::agent

namespace hsu::agent {

// health.get: {"id": worker} -> model::HealthReport
Response Dispatcher::healthGet(const Request &request) const
{
    const QJsonValue id = request.params.value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty())
        return invalidParams(request, QStringLiteral("\"id\" must be a non-empty string"));
    const std::optional<model::HealthReport> report = m_options.health->healthReport(id.toString());
    if (!report)
        return Response::failure(request.id, QString(p::error::NotFound), QStringLiteral("no worker \"%1\"").arg(id.toString()));
    return Response::success(request.id, report->toJson());
}

} // namespace hsu::agent

namespace hsu::agent {

// metrics.get: {} -> {"text", "content_type", "endpoint"}
Response Dispatcher::metricsGet(const Request &request) const
{
    return Response::success(request.id,
                             QJsonObject{{QStringLiteral("text"), QString::fromUtf8(m_options.metricsText())},
                                         {QStringLiteral("content_type"), QStringLiteral("text/plain; version=0.0.4; charset=utf-8")},
                                         {QStringLiteral("endpoint"), m_options.metricsEndpoint ? m_options.metricsEndpoint() : QString()}});
}

} // namespace hsu::agent
