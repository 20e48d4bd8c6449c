#include "Dispatcher.h"

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

QJsonObject Dispatcher::capabilities() const
{
    QStringList methods = p::method::all();
    if (!m_options.configValidator)
        methods.removeAll(p::method::ConfigValidate);
    if (!m_options.config) {
        for (const QLatin1String &c : {p::method::ConfigReload, p::method::ConfigDiff, p::method::ConfigGet, p::method::ConfigSave})
            methods.removeAll(c);
    }
    if (!m_options.resources) {
        methods.removeAll(p::method::ResourcesGet);
        methods.removeAll(p::method::ResourcesSubscribe);
        methods.removeAll(p::method::ResourcesUnsubscribe);
        methods.removeAll(p::method::AgentDoctor);
    }
    if (!m_options.health)
        methods.removeAll(p::method::HealthGet);
    if (!m_options.logs) {
        methods.removeAll(p::method::LogsTail);
        methods.removeAll(p::method::LogsSubscribe);
        methods.removeAll(p::method::LogsUnsubscribe);
    }
    return QJsonObject{{QStringLiteral("methods"), toArray(methods)},
                       {QStringLiteral("events"), toArray(p::event::all())},
                       {QStringLiteral("limits"), toArray(m_options.resources ? m_options.resources->backends()
                                                                              : m_options.limitBackends)}};
}

Dispatcher::Outcome Dispatcher::dispatch(SessionState &session, const Request &request)
{
    const QString &m = request.method;
    if (m == p::method::Hello)
        return {hello(session, request)};
    if (!session.greeted) {
        return {Response::failure(request.id, QString(p::error::HelloRequired),
                                  QStringLiteral("send \"hello\" first"))};
    }
    if (m == p::method::WorkersList)
        return {workersList(request)};
    if (m == p::method::WorkersGet)
        return {workersGet(request)};
    if (m == p::method::WorkersStart || m == p::method::WorkersStop || m == p::method::WorkersRestart
        || m == p::method::WorkersPause || m == p::method::WorkersResume)
        return {workerOperation(request)};
    if (m == p::method::ResourcesGet || m == p::method::ResourcesSubscribe || m == p::method::ResourcesUnsubscribe
        || m == p::method::AgentDoctor) {
        if (!m_options.resources)
            return {Response::failure(request.id, QString(p::error::Unavailable),
                                      QStringLiteral("this agent does not sample resources"))};
        if (m == p::method::ResourcesGet)
            return {resourcesGet(request)};
        if (m == p::method::AgentDoctor)
            return {Response::success(request.id, m_options.resources->doctor())};
        if (m == p::method::ResourcesSubscribe)
            return {resourcesSubscribe(session, request)};
        session.followsResources = false;
        session.resourceWorkers.clear();
        if (m_options.resourceFollowersChanged)
            m_options.resourceFollowersChanged();
        return {Response::success(request.id, QJsonObject{})};
    }
    if (m == p::method::HealthGet) {
        if (!m_options.health)
            return {Response::failure(request.id, QString(p::error::Unavailable),
                                      QStringLiteral("this agent does not run health checks"))};
        return {healthGet(request)};
    }
    if (m == p::method::ConfigValidate)
        return {configValidate(request)};
    if (m == p::method::ConfigReload || m == p::method::ConfigDiff || m == p::method::ConfigGet
        || m == p::method::ConfigSave)
        return {configRequest(request)};
    if (m == p::method::EventsSubscribe)
        return {subscribe(session, request)};
    if (m == p::method::EventsUnsubscribe)
        return {unsubscribe(session, request)};
    if (m == p::method::LogsTail || m == p::method::LogsSubscribe || m == p::method::LogsUnsubscribe) {
        if (!m_options.logs)
            return {Response::failure(request.id, QString(p::error::Unavailable),
                                      QStringLiteral("this agent does not collect logs"))};
        if (m == p::method::LogsTail)
            return {logsTail(request)};
        if (m == p::method::LogsSubscribe)
            return {logsSubscribe(session, request)};
        return {logsUnsubscribe(session, request)};
    }
    if (m == p::method::AgentShutdown) {
        qCInfo(lcIpc) << "shutdown requested by" << session.clientName;
        return {Response::success(request.id, QJsonObject{{QStringLiteral("shutting_down"), true}}), true};
    }
    return {Response::failure(request.id, QString(p::error::UnknownMethod),
                              QStringLiteral("unknown method \"%1\"").arg(m))};
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

Response Dispatcher::configRequest(const Request &request) const
{
    ConfigControl *config = m_options.config;
    if (!config)
        return Response::failure(request.id, QString(p::error::Unavailable),
                                 QStringLiteral("this agent cannot change its config while it runs"));
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
    if (!m_options.configValidator)
        return Response::failure(request.id, QString(p::error::Unavailable),
                                 QStringLiteral("this agent was built without the config loader"));
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
