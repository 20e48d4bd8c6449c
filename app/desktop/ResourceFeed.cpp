#include "ResourceFeed.h"

#include "DesktopLogging.h"
#include "ResourceProtocol.h"

#include "shared/client/AgentClient.h"
#include "shared/protocol/Protocol.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace hsu::desktop {

using client::AgentClient;
using client::Reply;

namespace {

void warnOnFailure(const Reply &reply)
{
    if (!reply.ok() && reply.errorCode != QLatin1String(protocol::error::Disconnected))
        qCWarning(lcDesktop) << "resource subscription failed:" << reply.errorMessage;
}

} // namespace

ResourceFeed *ResourceFeed::of(AgentClient *client)
{
    if (auto *feed = client->findChild<ResourceFeed *>(QString(), Qt::FindDirectChildrenOnly))
        return feed;
    return new ResourceFeed(client);
}

ResourceFeed::ResourceFeed(AgentClient *client)
    : QObject(client)
    , m_client(client)
{
    connect(client, &AgentClient::connected, this, &ResourceFeed::onConnected);
    connect(client, &AgentClient::eventReceived, this, &ResourceFeed::handleEvent);
    if (client->isConnected()) // created after the hello: this connection needs it too
        subscribeViolations();
}

bool ResourceFeed::agentReportsResources() const
{
    return m_client->offersMethod(resproto::Get);
}

bool ResourceFeed::agentCanPause() const
{
    return m_client->offersMethod(resproto::Pause);
}

void ResourceFeed::want(const QObject *who)
{
    m_wanted.insert(who);
    updateSubscription();
}

void ResourceFeed::release(const QObject *who)
{
    if (m_wanted.remove(who))
        updateSubscription();
}

void ResourceFeed::onConnected()
{
    // A new connection holds no subscription, and may be another agent with other answers.
    m_subscribed = false;
    m_canPause.clear();
    subscribeViolations();
    updateSubscription();
    Q_EMIT connected();
}

void ResourceFeed::subscribeViolations()
{
    // Not through AgentClient::subscribe: an agent without limits would refuse the unknown name,
    // and AgentClient replays its list in one request, so worker.state would be lost with it.
    if (m_client->offersEvent(resproto::ViolationEvent))
        m_client->request(QString(protocol::method::EventsSubscribe),
                          {{QStringLiteral("events"), QJsonArray{QString(resproto::ViolationEvent)}}}, warnOnFailure);
}

void ResourceFeed::updateSubscription()
{
    if (!agentReportsResources())
        return; // not connected (onConnected() subscribes), or an agent from before resources
    const bool wanted = !m_wanted.isEmpty();
    if (wanted == m_subscribed)
        return;
    m_subscribed = wanted;
    // Every worker: the table shows them all, and one sampling round is one event either way.
    m_client->request(QString(wanted ? resproto::Subscribe : resproto::Unsubscribe), {}, warnOnFailure);
}

void ResourceFeed::fetch(const QString &id, Resolution resolution, qint64 sinceMs, SnapshotHandler handler)
{
    if (!m_client->isConnected()) {
        handler(std::nullopt, tr("Not connected to the agent"));
        return;
    }
    if (!agentReportsResources()) {
        handler(std::nullopt, tr("This agent does not report resources"));
        return;
    }
    QJsonObject params{{QStringLiteral("id"), id}, {QStringLiteral("resolution"), resolutionName(resolution)}};
    if (sinceMs > 0)
        params.insert(QStringLiteral("since"), sinceMs);
    m_client->request(QString(resproto::Get), params, [this, handler = std::move(handler)](const Reply &reply) {
        if (!reply.ok()) {
            handler(std::nullopt, reply.errorMessage);
            return;
        }
        const auto snapshot = ResourceSnapshot::fromJson(reply.result.toObject());
        if (!snapshot) {
            handler(std::nullopt, tr("The agent's answer to %1 could not be read").arg(QString(resproto::Get)));
            return;
        }
        handler(snapshot, QString());
    });
}

void ResourceFeed::probeCanPause(const QStringList &ids)
{
    // The agent pauses any worker it offers workers.pause for (a cgroup freezer, or SIGSTOP to the
    // worker's own process group): its capabilities are the answer; a refusal still comes with
    // its reason.
    if (!agentCanPause())
        return; // canPause() stays unknown: the actions stay off
    for (const QString &id : ids)
        learnCanPause(id, true);
}

std::optional<bool> ResourceFeed::canPause(const QString &id) const
{
    const auto it = m_canPause.constFind(id);
    return it == m_canPause.constEnd() ? std::nullopt : std::optional<bool>(*it);
}

void ResourceFeed::learnCanPause(const QString &id, bool canPause)
{
    const auto it = m_canPause.constFind(id);
    if (it != m_canPause.constEnd() && *it == canPause)
        return;
    m_canPause.insert(id, canPause);
    Q_EMIT canPauseKnown(id, canPause);
}

void ResourceFeed::handleEvent(const QString &name, const QJsonValue &data)
{
    const QJsonObject o = data.toObject();
    if (name == resproto::SamplesEvent) {
        const QJsonObject samples = o.value(QLatin1String("samples")).toObject();
        QHash<QString, model::ResourceSample> out;
        out.reserve(samples.size());
        for (auto it = samples.constBegin(); it != samples.constEnd(); ++it)
            if (auto s = model::ResourceSample::fromJson(it.value().toObject()))
                out.insert(it.key(), *s);
        if (!out.isEmpty())
            Q_EMIT samplesReceived(out);
    } else if (name == resproto::ViolationEvent) {
        if (auto v = LimitViolation::fromJson(o))
            Q_EMIT violationReceived(*v);
        else
            qCWarning(lcDesktop) << "unreadable limits.violation event";
    }
}

} // namespace hsu::desktop
