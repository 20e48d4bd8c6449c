#include "AgentConnection.h"

#include "shared/protocol/SocketPath.h"

#include "DesktopLogging.h"
#include "ResourceProtocol.h"
#include "WorkerPresentation.h"
#include "WorkerTableModel.h"

#include "shared/client/AgentClient.h"
#include "shared/client/AgentLauncher.h"
#include "shared/protocol/Protocol.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QFile>
#include <QTimer>

#include <memory>

namespace hsu::desktop {

namespace p = protocol;
using client::AgentClient;
using client::Reply;
using model::Operation;
using model::WorkerStatus;

namespace {

QLatin1String methodFor(Operation op)
{
    switch (op) {
    case Operation::Start: return p::method::WorkersStart;
    case Operation::Stop: return p::method::WorkersStop;
    default: return p::method::WorkersRestart;
    }
}

constexpr int kListRetryMs = 1000;

} // namespace

AgentConnection::AgentConnection(const QString &socketPath, const QString &configFile, QObject *parent)
    : QObject(parent)
    , m_socketPath(socketPath)
    , m_configFile(configFile)
    , m_client(new AgentClient(QStringLiteral("hsu-master"), this))
    , m_workers(new WorkerTableModel(this))
    , m_events(new EventsModel(EventsModel::kDefaultCapacity, this))
{
    m_client->setAutoReconnect(true);
    m_client->subscribe({QString(p::event::WorkerState), QString(p::event::ConfigReloaded)});
    connect(m_client, &AgentClient::connected, this, &AgentConnection::onConnected);
    connect(m_client, &AgentClient::disconnected, this, [this] { onLost(tr("the agent closed the connection")); });
    connect(m_client, &AgentClient::connectionFailed, this, &AgentConnection::onLost);
    connect(m_client, &AgentClient::reconnecting, this, &AgentConnection::onReconnecting);
    connect(m_client, &AgentClient::eventReceived, this, &AgentConnection::onEvent);
    connect(m_workers, &WorkerTableModel::workerUpdated, this, &AgentConnection::onWorkerUpdated);
    m_revive = new QTimer(this);
    m_revive->setSingleShot(true);
    connect(m_revive, &QTimer::timeout, this, [this] {
        if (m_client->isConnected() || (m_launcher && m_launcher->isRunning()))
            return;
        qCInfo(lcDesktop).noquote() << "the agent died; starting it again (attempt" << m_reviveAttempt << ")";
        m_reviving = true;
        startAgent();
    });
}

AgentConnection::~AgentConnection() = default;

void AgentConnection::open()
{
    setStatus(m_everConnected ? Status::Reconnecting : Status::Connecting);
    m_client->connectToAgent(m_socketPath);
}

QJsonObject AgentConnection::agentInfo() const
{
    return m_client->agentInfo();
}

void AgentConnection::setStatus(Status status)
{
    if (m_status == status)
        return;
    m_status = status;
    qCDebug(lcDesktop) << "connection status" << status;
    Q_EMIT statusChanged(status);
}

void AgentConnection::onConnected()
{
    if (std::exchange(m_reviving, false))
        Q_EMIT infoMessage(tr("The agent was started again (pid %1)")
                               .arg(m_client->agentInfo().value(QLatin1String("pid")).toInteger()));
    m_revive->stop();
    // An agent that stays up for a while earns the short delay back; one that dies at once does not.
    if (!m_connectedFor.isValid() || m_connectedFor.elapsed() > 30000)
        m_reviveAttempt = 0;
    m_connectedFor.start();
    m_serviceManager = m_client->agentInfo().value(QLatin1String("service_manager")).toString();
    m_agentArguments.clear();
    for (const QJsonValue &v : m_client->agentInfo().value(QLatin1String("arguments")).toArray())
        m_agentArguments << v.toString();
    m_everConnected = true;
    m_attempt = 0;
    m_lastError.clear();
    requestList();
}

void AgentConnection::requestList()
{
    // One list per connection; from here on events keep the table current. The status turns
    // Connected only once the list is in, so an enabled table never shows stale rows.
    m_client->request(QString(p::method::WorkersList), {}, [this](const Reply &reply) {
        if (!reply.ok()) {
            // Lost again before the answer: the reconnect brings another list.
            if (reply.errorCode == QLatin1String(p::error::Disconnected))
                return;
            Q_EMIT errorOccurred(tr("Could not list the workers: %1").arg(reply.errorMessage));
            // Still connected (a timeout, a busy agent): ask again rather than stay grey.
            QTimer::singleShot(kListRetryMs, this, [this] {
                if (m_client->isConnected() && m_status != Status::Connected)
                    requestList();
            });
            return;
        }
        QList<WorkerStatus> list;
        for (const QJsonValue &v : reply.result.toObject().value(QLatin1String("workers")).toArray()) {
            if (auto w = WorkerStatus::fromJson(v.toObject()))
                list.append(*w);
        }
        m_applyingList = true;
        m_workers->setWorkers(list);
        m_applyingList = false;
        m_listedOnce = true;
        setStatus(Status::Connected);
        Q_EMIT workersRefreshed();
    });
}

void AgentConnection::onLost(const QString &why)
{
    m_lastError = why;
    maybeRevive();
    if (m_status == Status::StartingAgent && m_launcher && m_launcher->isRunning())
        return;
    setStatus(m_everConnected ? Status::Reconnecting : Status::NoAgent);
}

void AgentConnection::maybeRevive()
{
    if (!m_reviveEnabled || !m_everConnected || m_revive->isActive() || !m_serviceManager.isEmpty()
        || (m_launcher && m_launcher->isRunning()))
        return;
    // Asked to stop (a shutdown, SIGTERM): it stays stopped. A crash leaves no such note.
    if (QFile::exists(protocol::stoppedMarkerPath(m_socketPath)))
        return;
    ++m_reviveAttempt;
    const int delayMs = std::min(30000, 1000 << std::min(m_reviveAttempt - 1, 5));
    m_revive->start(delayMs);
    Q_EMIT agentRestartScheduled(m_reviveAttempt, delayMs);
    Q_EMIT infoMessage(tr("The agent stopped unexpectedly; starting it again in %1 s").arg(delayMs / 1000));
}

void AgentConnection::onReconnecting(int attempt, int delayMs)
{
    m_attempt = attempt;
    if (!(m_status == Status::StartingAgent && m_launcher && m_launcher->isRunning()))
        setStatus(m_everConnected ? Status::Reconnecting : Status::NoAgent);
    Q_EMIT reconnectScheduled(attempt, delayMs);
}

void AgentConnection::onEvent(const QString &name, const QJsonValue &data)
{
    if (name == QLatin1String(p::event::ConfigReloaded)) {
        // The worker set may have changed (added, removed, replaced): the list says how it is now.
        const QJsonObject r = data.toObject();
        WorkerEvent row;
        row.time = QDateTime::currentDateTimeUtc();
        if (!r.value(QLatin1String("ok")).toBool()) {
            QStringList errors;
            for (const QJsonValue &e : r.value(QLatin1String("errors")).toArray())
                errors << e.toString();
            row.note = tr("config refused");
            row.reason = tr("nothing changed: %1").arg(errors.join(QStringLiteral("; ")));
            m_events->append(row);
            Q_EMIT errorOccurred(tr("The config has errors; nothing changed: %1").arg(errors.join(QStringLiteral("; "))));
            return;
        }
        requestList();
        const QString summary = r.value(QLatin1String("summary")).toString();
        row.note = tr("config reloaded");
        row.look = model::WorkerState::Running;
        row.reason = tr("%1 (%2, %3 ms)").arg(summary, r.value(QLatin1String("trigger")).toString())
                         .arg(qRound(r.value(QLatin1String("ms")).toDouble()));
        m_events->append(row);
        Q_EMIT infoMessage(tr("Config reloaded: %1").arg(summary));
        return;
    }
    if (name != QLatin1String(p::event::WorkerState))
        return;
    const auto status = WorkerStatus::fromJson(data.toObject());
    if (!status) {
        qCWarning(lcDesktop) << "unreadable worker.state event";
        return;
    }
    m_workers->updateWorker(*status);
}

void AgentConnection::onWorkerUpdated(const WorkerStatus &current, const WorkerStatus &previous)
{
    const bool known = !previous.id.isEmpty();
    // A health verdict that changed is a row of its own ("unknown" comes with every new process:
    // not worth one).
    if (known && previous.health != current.health && !current.health.isEmpty()
        && current.health != QLatin1String("unknown")) {
        WorkerEvent h;
        h.time = QDateTime::currentDateTimeUtc();
        h.workerId = current.id;
        h.note = tr("health: %1").arg(healthLabel(current.health));
        h.look = current.health == QLatin1String("healthy") ? model::WorkerState::Running
            : current.health == QLatin1String("degraded")   ? model::WorkerState::Backoff
                                                            : model::WorkerState::Failed;
        h.reason = current.healthReason;
        m_events->append(h);
        Q_EMIT workerHealthChanged(current, previous);
    }
    if (known && previous.state == current.state)
        return;
    if (!known && m_applyingList && !m_listedOnce)
        return; // the first list fills the table: nothing changed, we just had not looked
    WorkerEvent e;
    e.time = current.since.isValid() ? current.since : QDateTime::currentDateTimeUtc();
    e.workerId = current.id;
    if (known)
        e.from = previous.state;
    e.to = current.state;
    e.reason = current.reason;
    m_events->append(e);
    m_history.record(e);
    Q_EMIT workerTransition(current, previous);
}

QString AgentConnection::verb(Operation op) const
{
    switch (op) {
    case Operation::Start: return tr("Start");
    case Operation::Stop: return tr("Stop");
    case Operation::Restart: return tr("Restart");
    case Operation::Pause: return tr("Pause");
    case Operation::Resume: return tr("Resume");
    }
    return model::toString(op);
}


void AgentConnection::requestOperation(Operation op, const QStringList &ids)
{
    if (ids.isEmpty())
        return;
    if (op == Operation::Pause || op == Operation::Resume) {
        requestPauseResume(op, ids);
        return;
    }
    const QJsonObject params{{QStringLiteral("ids"), QJsonArray::fromStringList(ids)}};
    m_client->request(QString(methodFor(op)), params, [this, op, ids](const Reply &reply) {
        if (!reply.ok()) {
            Q_EMIT errorOccurred(tr("%1 %2: %3").arg(verb(op), ids.join(QStringLiteral(", ")), reply.errorMessage));
            return;
        }
        handleOperationReply(op, reply.result);
    });
}

void AgentConnection::requestPauseResume(Operation op, const QStringList &ids)
{
    // workers.pause / workers.resume take one id each; the answers are gathered into one message,
    // shaped like the other operations' (refusals first, with the agent's reason).
    struct Outcome
    {
        QStringList accepted;
        QStringList refused;
        qsizetype pending = 0;
    };
    auto outcome = std::make_shared<Outcome>();
    outcome->pending = ids.size();
    const QString method = op == Operation::Pause ? QString(resproto::Pause) : QString(resproto::Resume);
    for (const QString &id : ids) {
        m_client->request(method, {{QStringLiteral("id"), id}}, [this, op, id, outcome](const Reply &reply) {
            // The returned status is not applied: the worker.state event keeps the table in order.
            if (reply.ok())
                outcome->accepted.append(id);
            else
                outcome->refused.append(tr("%1: %2").arg(id, reply.errorMessage));
            if (--outcome->pending > 0)
                return;
            if (!outcome->refused.isEmpty())
                Q_EMIT errorOccurred(tr("%1 refused: %2").arg(verb(op), outcome->refused.join(QStringLiteral("; "))));
            else
                Q_EMIT infoMessage(tr("%1: %2").arg(verb(op), outcome->accepted.join(QStringLiteral(", "))));
        });
    }
}

void AgentConnection::requestAll(Operation op)
{
    m_client->request(QString(methodFor(op)), {{QStringLiteral("all"), true}}, [this, op](const Reply &reply) {
        if (!reply.ok()) {
            Q_EMIT errorOccurred(tr("%1 all: %2").arg(verb(op), reply.errorMessage));
            return;
        }
        handleOperationReply(op, reply.result);
    });
}

void AgentConnection::handleOperationReply(Operation op, const QJsonValue &result)
{
    QStringList accepted;
    QStringList refused;
    for (const QJsonValue &v : result.toObject().value(QLatin1String("results")).toArray()) {
        const QJsonObject item = v.toObject();
        const QString id = item.value(QLatin1String("id")).toString();
        // The accepted status is not applied: events that the request caused may already be
        // ahead of it on the wire, and the events alone keep the table in order.
        if (item.value(QLatin1String("ok")).toBool()) {
            accepted.append(id);
        } else {
            refused.append(item.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString());
        }
    }
    if (!refused.isEmpty()) {
        Q_EMIT errorOccurred(tr("%1 refused: %2").arg(verb(op), refused.join(QStringLiteral("; "))));
        qCInfo(lcDesktop).noquote() << verb(op) << "refused:" << refused.join(QStringLiteral("; "));
    } else if (!accepted.isEmpty()) {
        Q_EMIT infoMessage(tr("%1: %2").arg(verb(op), accepted.join(QStringLiteral(", "))));
    }
}

void AgentConnection::requestSignal(const QString &id, const QString &signal)
{
    m_client->request(QString(p::method::WorkersSignal), {{QStringLiteral("id"), id}, {QStringLiteral("signal"), signal}},
                      [this, id, signal](const Reply &reply) {
                          if (reply.ok())
                              Q_EMIT infoMessage(tr("Sent %1 to %2").arg(signal, id));
                          else
                              Q_EMIT errorOccurred(tr("%1 not sent to %2: %3").arg(signal, id, reply.errorMessage));
                      });
}

void AgentConnection::fetchWorker(const QString &id,
                                  std::function<void(const QJsonObject &status, const QString &error)> handler)
{
    m_client->request(QString(p::method::WorkersGet), {{QStringLiteral("id"), id}},
                      [handler = std::move(handler)](const Reply &reply) {
                          handler(reply.result.toObject(), reply.ok() ? QString() : reply.errorMessage);
                      });
}

void AgentConnection::fetchHealth(const QString &id,
                                  std::function<void(const std::optional<model::HealthReport> &, const QString &)> handler)
{
    m_client->request(QString(p::method::HealthGet), {{QStringLiteral("id"), id}},
                      [handler = std::move(handler)](const Reply &reply) {
                          if (!reply.ok()) {
                              handler(std::nullopt, reply.errorMessage.isEmpty() ? reply.errorCode : reply.errorMessage);
                              return;
                          }
                          const std::optional<model::HealthReport> report = model::HealthReport::fromJson(reply.result.toObject());
                          handler(report, report ? QString() : tr("the agent's answer is not a health report"));
                      });
}

void AgentConnection::startAgent()
{
    if (m_launcher && m_launcher->isRunning())
        return;
    if (m_client->isConnected()) {
        Q_EMIT infoMessage(tr("An agent is already answering on %1").arg(m_socketPath));
        return;
    }
    // Empty: the agent runs its default config (created empty on a first start).
    const QString config = m_configFile;
    if (!m_launcher) {
        m_launcher = new client::AgentLauncher(this);
        connect(m_launcher, &client::AgentLauncher::ready, this, [this] {
            qCInfo(lcDesktop) << "started hsu-agent, pid" << m_launcher->pid();
            // Connect now instead of waiting for the next scheduled retry.
            if (!m_client->isConnected())
                m_client->connectToAgent(m_socketPath);
        });
        connect(m_launcher, &client::AgentLauncher::failed, this, [this](const QString &message) {
            Q_EMIT errorOccurred(tr("Could not start the agent: %1").arg(message));
            if (!m_client->isConnected())
                setStatus(m_everConnected ? Status::Reconnecting : Status::NoAgent);
        });
    }
    // The agent this window had before (its config, state folder, options), so that the new one
    // takes its workers back; else the configured or default file.
    m_launcher->setArguments(m_agentArguments);
    qCInfo(lcDesktop).noquote() << "starting hsu-agent with"
                                << (!m_agentArguments.isEmpty() ? m_agentArguments.join(u' ')
                                    : config.isEmpty()          ? client::AgentLauncher::defaultConfigFile()
                                                                : config)
                                << "on" << m_socketPath;
    setStatus(Status::StartingAgent);
    m_launcher->start(config, m_socketPath);
}

} // namespace hsu::desktop
