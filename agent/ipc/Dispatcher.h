#pragma once

// Turns one request into one response by asking the WorkerControl. No sockets here: what a
// session is allowed to do depends only on its SessionState, so the dispatcher is tested alone.

#include "shared/protocol/Envelope.h"
#include "shared/protocol/Protocol.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace hsu::agent {

class WorkerControl;
class ConfigControl;
class LogControl;
class ResourceControl;
class HealthControl;

// What the agent knows about one connected client.
struct SessionState
{
    bool greeted = false;             // `hello` succeeded; nothing else is served before
    QString clientName;               // from hello, for the log
    protocol::Version clientVersion;
    QSet<QString> subscriptions;      // event names this client asked for
    bool followsLogs = false;         // logs.subscribe: gets logs.lines events
    QSet<QString> logWorkers;         // ... of these workers only (empty: all)
    bool followsResources = false;    // resources.subscribe: gets resources.samples events
    QSet<QString> resourceWorkers;    // ... of these workers only (empty: all)
};

// Loads a config file and reports {"valid": bool, "diagnostics": [{severity, file, line, column,
// message}, ...]}. The default one runs shared/config's YamlLoader; tests may pass their own.
using ConfigValidator = std::function<QJsonObject(const QString &path)>;
ConfigValidator builtInConfigValidator();

class Dispatcher final
{
public:
    struct Options
    {
        QString agentVersion = QStringLiteral(HSU_VERSION);
        qint64 pid = 0;                 // 0: this process
        // hello's "service_manager": who restarts the agent when it dies ("systemd"; empty: nobody,
        // so a GUI may start it again itself).
        QString serviceManager;
        // hello's "arguments": the agent's command line, for a GUI that starts it again.
        QStringList arguments;
        QStringList limitBackends;      // hello capabilities.limits (e.g. "cgroup2", "rlimit")
        ConfigValidator configValidator = builtInConfigValidator(); // empty: config.validate is "unavailable"
        LogControl *logs = nullptr; // null: logs.* are "unavailable"
        ResourceControl *resources = nullptr; // null: resources.* and agent.doctor are "unavailable"
        HealthControl *health = nullptr; // null: health.get is "unavailable"
        // config.reload, config.diff, config.get, config.save; null: those are "unavailable".
        ConfigControl *config = nullptr;
        // metrics.get's text (the Prometheus format) and where HTTP serves it; null: "unavailable".
        std::function<QByteArray()> metricsText;
        std::function<QString()> metricsEndpoint;
        // Called after logs.subscribe / logs.unsubscribe changed a session (the server recounts
        // who follows logs, so the collector keeps live lines only while someone does).
        std::function<void()> logFollowersChanged;
        // The same after resources.subscribe / resources.unsubscribe.
        std::function<void()> resourceFollowersChanged;
    };

    struct Outcome
    {
        protocol::Response response;
        // agent.shutdown: once the response is on its way, the server calls WorkerControl::shutdown().
        bool shutdownAfterReply = false;
    };

    explicit Dispatcher(WorkerControl &control);
    Dispatcher(WorkerControl &control, Options options);

    // What a method needs of the agent besides its workers; without it the method answers
    // "unavailable" and is left out of hello's capabilities.
    enum class Needs { Nothing, Validator, Config, Resources, Logs, Health, Metrics };
    // Every method the agent serves, in one table: its name, what it needs and who answers it.
    struct Route
    {
        QLatin1String method;
        Needs needs;
        Outcome (*handle)(const Dispatcher &, SessionState &, const protocol::Request &);
    };
    static const std::vector<Route> &routes();

    Outcome dispatch(SessionState &session, const protocol::Request &request);

    WorkerControl &control() const { return m_control; }
    // The hello capabilities: {"methods": [...], "events": [...], "limits": [...]}.
    QJsonObject capabilities() const;

private:
    using Response = protocol::Response;
    using Request = protocol::Request;

    bool available(Needs needs) const;
    static QString unavailableReason(Needs needs);
    Response resources(SessionState &session, const Request &request) const;
    Response logs(SessionState &session, const Request &request) const;

    Response hello(SessionState &session, const Request &request) const;
    Response workersList(const Request &request) const;
    Response workersGet(const Request &request) const;
    Response workerOperation(const Request &request) const;
    Response configValidate(const Request &request) const;
    Response configRequest(const Request &request) const;
    Response workerSignal(const Request &request) const;
    Response subscribe(SessionState &session, const Request &request) const;
    Response unsubscribe(SessionState &session, const Request &request) const;
    Response logsTail(const Request &request) const;
    Response logsSubscribe(SessionState &session, const Request &request) const;
    Response logsUnsubscribe(SessionState &session, const Request &request) const;
    Response resourcesGet(const Request &request) const;
    Response healthGet(const Request &request) const;
    Response metricsGet(const Request &request) const;
    std::optional<Response> subscriptionIds(const Request &request, QSet<QString> *wanted) const;
    Response resourcesSubscribe(SessionState &session, const Request &request) const;

    WorkerControl &m_control;
    Options m_options;
};

} // namespace hsu::agent
