#pragma once

// Resource figures from the agent, without widgets (tests drive it directly). One per
// AgentClient, like LogFeed:
// - the connection's one resources.subscribe (every worker) while someone wants it (the window
//   is on screen), resources.unsubscribe when nobody does, sent again after every reconnect;
// - limits.violation through events.subscribe, only when the agent's hello lists that event;
// - resources.get for the Resources tab, and to learn whether a worker can be paused.

#include "ResourceSnapshot.h"

#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QSet>

#include <functional>

namespace hsu::client {
class AgentClient;
}

namespace hsu::desktop {

class ResourceFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceFeed)

public:
    using SnapshotHandler = std::function<void(const std::optional<ResourceSnapshot> &snapshot, const QString &error)>;

    // The feed of `client`, created on first use as its child.
    static ResourceFeed *of(client::AgentClient *client);

    client::AgentClient *client() const { return m_client; }
    void want(const QObject *who);
    void release(const QObject *who);
    bool isSubscribed() const { return m_subscribed; }

    // What the connected agent offers (false while not connected).
    bool agentReportsResources() const;
    bool agentCanPause() const;

    // resources.get; `since` 0 = everything the agent keeps at that resolution.
    void fetch(const QString &id, Resolution resolution, qint64 sinceMs, SnapshotHandler handler);
    // Whether these workers can be paused: yes for every one when the agent offers workers.pause
    // (it can always pause: a freezer or SIGSTOP), unknown otherwise. Answers come as
    // canPauseKnown().
    void probeCanPause(const QStringList &ids);
    std::optional<bool> canPause(const QString &id) const;

public Q_SLOTS:
    // AgentClient::eventReceived; public so that tests can push synthetic events.
    void handleEvent(const QString &name, const QJsonValue &data);

Q_SIGNALS:
    // One sampling round: the newest sample of each worker that has a process.
    void samplesReceived(const QHash<QString, hsu::model::ResourceSample> &samples);
    void violationReceived(const hsu::desktop::LimitViolation &violation);
    void canPauseKnown(const QString &id, bool canPause);
    // A new connection: what was learned of the previous agent is forgotten.
    void connected();

private:
    explicit ResourceFeed(client::AgentClient *client);
    void onConnected();
    void subscribeViolations();
    void updateSubscription();
    void learnCanPause(const QString &id, bool canPause);

    client::AgentClient *m_client = nullptr;
    QSet<const QObject *> m_wanted;
    bool m_subscribed = false;        // on the current connection
    QHash<QString, bool> m_canPause;  // of the current agent
};

} // namespace hsu::desktop
