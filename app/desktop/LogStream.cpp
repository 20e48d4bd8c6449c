#include "LogStream.h"

#include "shared/model/WorkerDetails.h"

#include "DesktopLogging.h"
#include "LogProtocol.h"

#include "shared/client/AgentClient.h"
#include "shared/protocol/Protocol.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <utility>

namespace hsu::desktop {

using client::AgentClient;
using client::Reply;

LogFeed *LogFeed::of(AgentClient *client)
{
    if (auto *feed = client->findChild<LogFeed *>(QString(), Qt::FindDirectChildrenOnly))
        return feed;
    return new LogFeed(client);
}

LogFeed::LogFeed(AgentClient *client)
    : QObject(client)
    , m_client(client)
{
    connect(client, &AgentClient::connected, this, &LogFeed::onConnected);
    connect(client, &AgentClient::eventReceived, this, &LogFeed::handleEvent);
    if (client->isConnected()) // created after the hello: this connection needs it too
        subscribeDropped();
}

void LogFeed::subscribeDropped()
{
    // Not through AgentClient::subscribe: an agent without logs would refuse the unknown name,
    // and AgentClient replays its list in one request, so worker.state would be lost with it.
    if (m_client->offersEvent(logproto::DroppedEvent))
        m_client->request(QString(protocol::method::EventsSubscribe),
                          {{QStringLiteral("events"), QJsonArray{QString(logproto::DroppedEvent)}}});
}

void LogFeed::want(const QObject *who, const QString &workerId)
{
    m_wanted.insert(who, workerId);
    updateSubscription();
}

void LogFeed::release(const QObject *who)
{
    if (m_wanted.remove(who))
        updateSubscription();
}

void LogFeed::onConnected()
{
    // A new connection holds no subscription: ask again for what the streams need.
    m_subscribed.reset();
    subscribeDropped();
    updateSubscription();
    Q_EMIT connected();
}

void LogFeed::updateSubscription()
{
    if (!m_client->isConnected())
        return; // onConnected() subscribes
    if (!m_client->offersMethod(logproto::Subscribe))
        return; // an agent from before logs: the streams' tail says so
    std::optional<QStringList> wanted;
    if (!m_wanted.isEmpty()) {
        QStringList ids;
        bool all = false;
        for (const QString &id : std::as_const(m_wanted)) {
            all = all || id.isEmpty();
            ids << id;
        }
        if (all) {
            ids.clear();
        } else {
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        }
        wanted = ids;
    }
    if (wanted == m_subscribed)
        return;
    m_subscribed = wanted;
    const auto logFailure = [](const Reply &reply) {
        if (!reply.ok() && reply.errorCode != QLatin1String(protocol::error::Disconnected))
            qCWarning(lcDesktop) << "log subscription failed:" << reply.errorMessage;
    };
    if (!wanted) {
        m_client->request(QString(logproto::Unsubscribe), {}, logFailure);
        return;
    }
    QJsonObject params;
    if (!wanted->isEmpty())
        params.insert(QStringLiteral("ids"), QJsonArray::fromStringList(*wanted));
    m_client->request(QString(logproto::Subscribe), params, logFailure);
}

void LogFeed::handleEvent(const QString &name, const QJsonValue &data)
{
    const QJsonObject o = data.toObject();
    if (name == logproto::LinesEvent) {
        QList<LogLine> lines;
        const QJsonArray array = o.value(QLatin1String("lines")).toArray();
        lines.reserve(array.size());
        for (const QJsonValue &v : array)
            if (auto line = LogLine::fromJson(v.toObject()))
                lines.append(std::move(*line));
        Q_EMIT linesReceived(lines, o.value(QLatin1String("skipped")).toInteger());
    } else if (name == logproto::DroppedEvent) {
        const qint64 dropped = o.value(QLatin1String("dropped")).toInteger();
        const QString target = o.value(QLatin1String("target")).toString();
        const QString reason = o.value(QLatin1String("reason")).toString();
        Q_EMIT dropReported(o.value(QLatin1String("worker")).toString(),
                            dropped == 1 ? tr("1 line dropped for %1: %2").arg(target, reason)
                                         : tr("%1 lines dropped for %2: %3").arg(dropped).arg(target, reason));
    }
}

LogStream::LogStream(AgentClient *client, LogModel *model, Scope scope, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_feed(LogFeed::of(client))
    , m_model(model)
    , m_scope(scope)
{
    connect(m_feed, &LogFeed::linesReceived, this, &LogStream::ingest);
    connect(m_feed, &LogFeed::dropReported, this, [this](const QString &worker, const QString &message) {
        if (m_active && (m_scope == Scope::AllWorkers || worker == m_worker))
            m_model->appendNotice(worker, message);
    });
    connect(m_feed, &LogFeed::connected, this, &LogStream::restart);
}

LogStream::~LogStream()
{
    if (m_client) // the feed is the client's child: gone with it
        m_feed->release(this);
}

void LogStream::setWorker(const QString &id)
{
    if (id == m_worker)
        return;
    m_worker = id;
    ++m_generation;
    m_tailPending = false;
    m_held.clear();
    m_heldSkipped = 0;
    m_model->clear();
    resetSeen();
    m_stdoutFiles.clear();
    m_stderrFiles.clear();
    Q_EMIT logFilesChanged();
    restart();
}

void LogStream::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active) {
        restart();
        return;
    }
    ++m_generation;
    m_tailPending = false;
    m_held.clear();
    m_heldSkipped = 0;
    if (m_client)
        m_feed->release(this);
}

void LogStream::restart()
{
    if (!m_active || !m_client)
        return;
    if (m_scope == Scope::OneWorker && m_worker.isEmpty()) {
        m_feed->release(this);
        return;
    }
    // Subscribe before the tail: a line written in between is then in one or the other (or both,
    // and appended once).
    m_feed->want(this, m_scope == Scope::AllWorkers ? QString() : m_worker);
    tail();
    if (m_scope == Scope::OneWorker)
        fetchLogFiles();
}

void LogStream::tail()
{
    if (!m_client->isConnected())
        return; // LogFeed::connected brings us back
    const qint64 pid = m_client->agentInfo().value(QLatin1String("pid")).toInteger();
    if (m_agentPid != 0 && pid != m_agentPid) {
        resetSeen();
        m_model->appendNotice(QString(), tr("The agent was restarted: output continues from its new start"));
    }
    m_agentPid = pid;
    m_tailPending = true;
    m_held.clear();
    m_heldSkipped = 0;
    const quint64 generation = ++m_generation;
    QJsonObject params{{QStringLiteral("lines"), m_tailLines}};
    if (m_scope == Scope::OneWorker)
        params.insert(QStringLiteral("id"), m_worker);
    QPointer<LogStream> self(this);
    m_client->request(QString(logproto::Tail), params, [self, generation](const Reply &reply) {
        if (!self || generation != self->m_generation)
            return; // another worker, or a newer tail, since
        self->m_tailPending = false;
        if (!reply.ok()) {
            if (reply.errorCode == QLatin1String(protocol::error::UnknownMethod))
                Q_EMIT self->problem(tr("This agent does not provide worker output (update hsu-agent)"));
            else if (reply.errorCode != QLatin1String(protocol::error::Disconnected))
                Q_EMIT self->problem(tr("Could not read the output: %1").arg(reply.errorMessage));
        }
        QList<LogLine> lines;
        for (const QJsonValue &v : reply.result.toObject().value(QLatin1String("lines")).toArray())
            if (auto line = LogLine::fromJson(v.toObject()); line && self->wantsLine(*line))
                lines.append(std::move(*line));
        self->appendNew(lines);
        const QList<LogLine> held = std::exchange(self->m_held, {});
        self->appendNew(held);
        self->m_model->addSkipped(std::exchange(self->m_heldSkipped, 0));
    });
}

void LogStream::fetchLogFiles()
{
    QPointer<LogStream> self(this);
    const QString id = m_worker;
    m_client->request(QString(protocol::method::WorkersGet), {{QStringLiteral("id"), id}}, [self, id](const Reply &reply) {
        if (!self || self->m_worker != id || !reply.ok())
            return;
        // Absent with an agent older than logs: no files, "Open log file" stays disabled.
        const model::WorkerDetails details = model::WorkerDetails::fromJson(reply.result.toObject());
        self->m_stdoutFiles = details.stdoutFiles;
        self->m_stderrFiles = details.stderrFiles;
        Q_EMIT self->logFilesChanged();
    });
}

bool LogStream::wantsLine(const LogLine &line) const
{
    return m_scope == Scope::AllWorkers || line.worker == m_worker;
}

void LogStream::ingest(const QList<LogLine> &lines, qint64 skipped)
{
    if (!m_active)
        return;
    QList<LogLine> mine;
    if (m_scope == Scope::AllWorkers) {
        mine = lines;
    } else {
        for (const LogLine &line : lines)
            if (wantsLine(line))
                mine.append(line);
    }
    if (m_tailPending) {
        m_held.append(mine);
        m_heldSkipped += skipped;
        return;
    }
    appendNew(mine);
    m_model->addSkipped(skipped);
}

void LogStream::appendNew(const QList<LogLine> &lines)
{
    QList<LogLine> fresh;
    fresh.reserve(lines.size());
    for (const LogLine &line : lines) {
        if (line.seq > 0) {
            const QString key = line.worker + (line.isStderr() ? QStringLiteral("\ne") : QStringLiteral("\no"));
            auto it = m_lastSeq.find(key);
            if (it != m_lastSeq.end() && line.seq <= *it)
                continue; // already shown (tail and live overlap, or a re-tail)
            m_lastSeq.insert(key, line.seq);
        }
        fresh.append(line);
    }
    m_model->append(fresh);
}

void LogStream::resetSeen()
{
    m_lastSeq.clear();
}

} // namespace hsu::desktop
