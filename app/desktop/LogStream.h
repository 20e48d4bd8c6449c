#pragma once

// Worker output from the agent into a LogModel, without widgets (tests drive it directly).
//
// LogFeed: one per AgentClient. It holds the connection's single log subscription, the union of
// what its LogStreams need (all workers as soon as one needs all; logs.unsubscribe when none
// needs any), sends it again after every reconnect (subscriptions belong to the connection), and
// hands each logs.lines batch and logs.dropped event to the streams.
//
// LogStream: one per view. When active it tails the recent lines (logs.tail), then appends what
// the feed pushes, keeping only its worker's lines in a per-worker view. Lines are told apart by
// (worker, stream, seq): what arrives both in the tail and live, or again after a reconnect, is
// appended once.

#include "LogModel.h"

#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QPointer>

namespace hsu::client {
class AgentClient;
}

namespace hsu::desktop {

class LogStream;

class LogFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFeed)

public:
    // The feed of `client`, created on first use as its child.
    static LogFeed *of(client::AgentClient *client);

    client::AgentClient *client() const { return m_client; }
    // Empty `workerId`: every worker.
    void want(const QObject *who, const QString &workerId);
    void release(const QObject *who);
    // What is subscribed on the current connection: nullopt = nothing; an empty list = all workers.
    std::optional<QStringList> subscribedIds() const { return m_subscribed; }

public Q_SLOTS:
    // AgentClient::eventReceived; public so that tests can push synthetic events.
    void handleEvent(const QString &name, const QJsonValue &data);

Q_SIGNALS:
    void linesReceived(const QList<hsu::desktop::LogLine> &lines, qint64 skipped);
    void dropReported(const QString &worker, const QString &message);
    // The connection is (again) usable: streams tail afresh.
    void connected();

private:
    explicit LogFeed(client::AgentClient *client);
    void onConnected();
    void subscribeDropped();
    void updateSubscription();

    client::AgentClient *m_client = nullptr;
    QHash<const QObject *, QString> m_wanted;
    std::optional<QStringList> m_subscribed; // what the agent was last asked for on this connection
};

class LogStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogStream)

public:
    enum class Scope { OneWorker, AllWorkers };
    Q_ENUM(Scope)
    static constexpr int kTailLines = 1000;

    LogStream(client::AgentClient *client, LogModel *model, Scope scope, QObject *parent = nullptr);
    ~LogStream() override;

    // OneWorker scope: the worker shown; a change clears the model and tails the new one.
    void setWorker(const QString &id);
    QString worker() const { return m_worker; }
    // Only an active stream holds a subscription (a hidden view costs the agent nothing).
    // Becoming active tails again: what came meanwhile is appended, nothing twice.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void setTailLines(int lines) { m_tailLines = qBound(1, lines, 10000); }
    Scope scope() const { return m_scope; }
    LogModel *model() const { return m_model; }
    bool isTailPending() const { return m_tailPending; }
    // The worker's file targets from workers.get "log_files" (empty: none, or an older agent).
    QStringList stdoutFiles() const { return m_stdoutFiles; }
    QStringList stderrFiles() const { return m_stderrFiles; }

public Q_SLOTS:
    // A logs.lines batch (the feed calls it; tests may too).
    void ingest(const QList<hsu::desktop::LogLine> &lines, qint64 skipped);

Q_SIGNALS:
    void logFilesChanged();
    // A request failed ("This agent does not provide logs"); shown by the view.
    void problem(const QString &message);

private:
    bool wantsLine(const LogLine &line) const;
    void restart();
    void tail();
    void fetchLogFiles();
    void appendNew(const QList<LogLine> &lines);
    void resetSeen();

    QPointer<client::AgentClient> m_client;
    LogFeed *m_feed = nullptr;
    LogModel *m_model = nullptr;
    Scope m_scope;
    QString m_worker;
    bool m_active = false;
    bool m_tailPending = false;
    int m_tailLines = kTailLines;
    quint64 m_generation = 0;   // tail replies of an earlier worker or connection are ignored
    QList<LogLine> m_held;       // live lines that came before the tail reply
    qint64 m_heldSkipped = 0;
    QHash<QString, qint64> m_lastSeq; // "worker\nstream" -> highest seq appended
    qint64 m_agentPid = 0;       // a new agent numbers its lines from 1 again
    QStringList m_stdoutFiles;
    QStringList m_stderrFiles;
};

} // namespace hsu::desktop
