#include "IpcServer.h"

#include "AgentProbe.h"
#include "IpcLog.h"
#include "LargeBuffers.h"
#include "LocalConnection.h"
#include "LocalListener.h"
#include "PathTrust.h"
#include "PeerCredentials.h"
#include "agent/core/WorkerControl.h"

#include "shared/protocol/Envelope.h"
#include "shared/protocol/FrameCodec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QTimer>

#include <algorithm>

#if defined(Q_OS_UNIX)
#include <sys/stat.h>
#endif

namespace hsu::agent {

namespace p = protocol;

namespace {

#if defined(Q_OS_UNIX)
bool isSocketFile(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISSOCK(st.st_mode);
}
#endif

QString alreadyRunning(const QString &path, qint64 pid)
{
    QString msg = QStringLiteral("another hsu-agent is already running on %1").arg(path);
    if (pid > 0)
        msg += QStringLiteral(" (pid %1)").arg(pid);
    return msg;
}

// listen() reports through `error` only: the caller prints it (logging it too would say it twice).
bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    else
        qCWarning(lcIpc).noquote() << message;
    return false;
}

} // namespace

IpcServer::IpcServer(WorkerControl &control, QObject *parent)
    : IpcServer(control, Options{}, parent)
{
}

IpcServer::IpcServer(WorkerControl &control, Options options, QObject *parent)
    : QObject(parent)
    , m_control(control)
    , m_options(std::move(options))
    , m_dispatcher(control, withLogHook(m_options.dispatcher, this))
{
    // Once a second at most, a second after the last large session went: a burst of dropped slow
    // clients costs one walk over the heap.
    m_releaseTimer.setSingleShot(true);
    m_releaseTimer.setInterval(1000);
    connect(&m_releaseTimer, &QTimer::timeout, this, [] { releaseFreeMemory(); });
}

Dispatcher::Options IpcServer::withLogHook(Dispatcher::Options options, IpcServer *server)
{
    options.logFollowersChanged = [server] { server->recountLogFollowers(); };
    options.resourceFollowersChanged = [server] { server->recountLogFollowers(); };
    return options;
}

void IpcServer::recountLogFollowers()
{
    const bool any = std::any_of(m_sessions.begin(), m_sessions.end(),
                                 [](const Session *s) { return s->state().followsLogs; });
    if (any != m_logFollowed) {
        m_logFollowed = any;
        Q_EMIT logFollowersChanged(any);
    }
    const bool resources = hasResourceFollowers();
    if (resources != m_resourcesFollowed) {
        m_resourcesFollowed = resources;
        Q_EMIT resourceFollowersChanged(resources);
    }
}

IpcServer::~IpcServer()
{
    close();
}

bool IpcServer::isListening() const
{
    return m_server && m_server->isListening();
}

bool IpcServer::listen(const QString &path, QString *error)
{
    if (isListening())
        return fail(error, QStringLiteral("already listening on %1").arg(m_path));
    if (path.isEmpty())
        return fail(error, QStringLiteral("no socket path given"));

#if defined(Q_OS_UNIX)
    if (!prepareFolder(path, error) || !takeOverPath(path, error)) {
        m_lock.reset();
        return false;
    }
#endif

    // The listener makes the socket 0600 (owner read/write is what connecting needs) before it
    // listens, so there is no moment where another user could connect.
    auto *server = new LocalListener(this);
    QString reason;
    if (!server->listen(path, &reason)) {
        delete server;
        m_lock.reset();
        return fail(error, QStringLiteral("cannot listen on %1: %2").arg(path, reason));
    }
    connect(server, &LocalListener::newConnection, this, &IpcServer::onNewConnection);
    m_server = server;
    m_path = path;
    qCInfo(lcIpc).noquote() << "listening on" << path;
    return true;
}

bool IpcServer::prepareFolder(const QString &path, QString *error)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (QFileInfo::exists(folder)) {
        // Not ours to change (it may be /tmp), but it must be one nobody else can replace the
        // socket in. Followed: a path chosen through a link (/var/run) is judged where it leads.
        QString why;
        const std::optional<PathFacts> facts = pathFacts(folder, true, &why);
        if (!facts)
            return fail(error, why);
        if (const QString problem = socketFolderProblem(folder, *facts, currentUid()); !problem.isEmpty())
            return fail(error, problem);
        return true;
    }
    if (!QDir().mkpath(folder))
        return fail(error, QStringLiteral("cannot create the socket folder %1").arg(folder));
    if (!QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
        return fail(error, QStringLiteral("cannot make the socket folder %1 private").arg(folder));
    return true;
}

bool IpcServer::takeOverPath(const QString &path, QString *error)
{
    // Before the lock or a probe: either would follow a link planted at the path.
    QString why;
    const std::optional<PathFacts> facts = pathFacts(path, false, &why);
    if (!facts)
        return fail(error, why);
    if (const QString problem = socketPathProblem(path, *facts, currentUid()); !problem.isEmpty())
        return fail(error, problem);
    // The lock closes the race of two agents starting at once (both would find no one answering).
    m_lock = std::make_unique<QLockFile>(path + QLatin1String(".lock"));
    m_lock->setStaleLockTime(0); // stale only when its owner is gone, however old
    if (!m_lock->tryLock(0)) {
        qint64 lockPid = 0;
        QString host, app;
        m_lock->getLockInfo(&lockPid, &host, &app);
        m_lock.reset();
        if (lockPid <= 0 && !QFileInfo::exists(path + QLatin1String(".lock")))
            return fail(error, QStringLiteral("cannot create the lock file %1.lock").arg(path));
        const ProbeResult probe = probeAgent(path, m_options.probeTimeoutMs);
        return fail(error, alreadyRunning(path, probe.pid > 0 ? probe.pid : lockPid));
    }

    const ProbeResult probe = probeAgent(path, m_options.probeTimeoutMs);
    switch (probe.kind) {
    case ProbeResult::Kind::Nothing:
        return true;
    case ProbeResult::Kind::Answered:
        return fail(error, alreadyRunning(path, probe.pid));
    case ProbeResult::Kind::Error:
        return fail(error, QStringLiteral("cannot check %1: %2").arg(path, probe.message));
    case ProbeResult::Kind::Stale:
        break;
    }
#if defined(Q_OS_UNIX)
    if (!isSocketFile(path))
        return fail(error, QStringLiteral("%1 exists and is not a socket; not replacing it").arg(path));
#endif
    qCInfo(lcIpc).noquote() << "removing stale socket" << path << "(nobody answers on it)";
    if (!QFile::remove(path))
        return fail(error, QStringLiteral("cannot remove the stale socket %1").arg(path));
    return true;
}

void IpcServer::close()
{
    for (Session *s : std::exchange(m_sessions, {})) {
        disconnect(s, nullptr, this, nullptr);
        s->flush();
        s->abort();
        s->deleteLater(); // close() may run inside one of its slots; as our child it goes with us anyway
    }
    if (m_server) {
        m_server->close(); // removes the socket file
        m_server->deleteLater(); // close() may run inside its newConnection()
        m_server = nullptr;
        qCInfo(lcIpc).noquote() << "stopped listening on" << m_path;
    }
    m_lock.reset();
}

void IpcServer::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        LocalConnection *connection = m_server->nextPendingConnection();
        if (canCheckPeers()) {
            const qint64 allowed = m_options.allowedUid >= 0 ? m_options.allowedUid : currentUid();
            const auto peer = peerCredentials(connection->descriptor());
            if (!peer || peer->uid != allowed) {
                const qint64 uid = peer ? peer->uid : -1;
                qCWarning(lcIpc) << "rejected a connection from uid" << uid << "pid" << (peer ? peer->pid : 0)
                                 << "(only uid" << allowed << "is served)";
                connection->abort();
                delete connection; // not yet connected to anything: nothing of it is on the stack
                Q_EMIT peerRejected(uid);
                continue;
            }
        }
        const quint64 id = m_nextSessionId++;
        auto *session = new Session(id, connection, m_dispatcher, m_options.limits, this);
        connect(session, &Session::closed, this, &IpcServer::onSessionClosed);
        connect(session, &Session::shutdownRequested, this, [this, session] {
            // Let the reply leave before the supervisor starts taking the agent down.
            session->flush();
            QTimer::singleShot(0, this, [this] { m_control.shutdown(); });
        });
        m_sessions.push_back(session);
        qCDebug(lcIpc) << "session" << id << "opened";
        Q_EMIT sessionOpened(id);
    }
}

void IpcServer::onSessionClosed(Session *session)
{
    const auto it = std::find(m_sessions.begin(), m_sessions.end(), session);
    if (it == m_sessions.end())
        return;
    m_sessions.erase(it);
    const quint64 id = session->id();
    if (session->peakBufferedBytes() >= kReleaseAfterBytes && !m_releaseTimer.isActive())
        m_releaseTimer.start(); // its buffers are freed with it (LargeBuffers.h)
    session->deleteLater(); // we may be inside one of its slots
    Q_EMIT sessionClosed(id);
    recountLogFollowers();
}

void IpcServer::publishWorkerState(const model::WorkerStatus &status)
{
    if (m_sessions.empty())
        return; // nobody to tell: not even the JSON is built (a crash loop changes state 3 times a restart)
    publish(QString(p::event::WorkerState), status.toJson());
}

void IpcServer::publishLogsDropped(const QJsonObject &report)
{
    publish(QString(p::event::LogsDropped), report);
}

void IpcServer::publishLogLines(const QJsonArray &lines, const QJsonObject &skippedByWorker)
{
    if (!m_logFollowed)
        return;
    QByteArray all; // the frame for sessions that follow every worker, built once
    const std::vector<Session *> sessions = m_sessions;
    for (Session *s : sessions) {
        const SessionState &st = s->state();
        if (!st.greeted || !st.followsLogs)
            continue;
        if (st.logWorkers.isEmpty()) {
            if (all.isEmpty()) {
                qint64 skipped = 0;
                for (auto it = skippedByWorker.begin(); it != skippedByWorker.end(); ++it)
                    skipped += it.value().toInteger();
                all = p::encodeFrame(p::Event{QString(p::event::LogsLines),
                                              QJsonObject{{QStringLiteral("lines"), lines},
                                                          {QStringLiteral("skipped"), skipped}}}
                                         .toJson());
            }
            s->sendFrame(all);
            continue;
        }
        QJsonArray mine;
        for (const QJsonValue &l : lines)
            if (st.logWorkers.contains(l.toObject().value(QLatin1String("worker")).toString()))
                mine.append(l);
        qint64 skipped = 0;
        for (const QString &id : st.logWorkers)
            skipped += skippedByWorker.value(id).toInteger();
        if (mine.isEmpty() && skipped == 0)
            continue;
        s->sendFrame(p::encodeFrame(p::Event{QString(p::event::LogsLines),
                                             QJsonObject{{QStringLiteral("lines"), mine},
                                                         {QStringLiteral("skipped"), skipped}}}
                                        .toJson()));
    }
}

bool IpcServer::hasResourceFollowers() const
{
    return std::any_of(m_sessions.begin(), m_sessions.end(),
                       [](const Session *s) { return s->state().followsResources; });
}

void IpcServer::publishLimitsViolation(const QJsonObject &violation)
{
    publish(QString(p::event::LimitsViolation), violation);
}

void IpcServer::publishConfigReloaded(const QJsonObject &result)
{
    publish(QString(p::event::ConfigReloaded), result);
}

void IpcServer::publishResourceSamples(const QJsonObject &samplesById)
{
    QByteArray all;
    const std::vector<Session *> sessions = m_sessions;
    for (Session *s : sessions) {
        const SessionState &st = s->state();
        if (!st.greeted || !st.followsResources)
            continue;
        if (st.resourceWorkers.isEmpty()) {
            if (all.isEmpty())
                all = p::encodeFrame(p::Event{QString(p::event::ResourcesSamples),
                                              QJsonObject{{QStringLiteral("samples"), samplesById}}}
                                         .toJson());
            s->sendFrame(all);
            continue;
        }
        QJsonObject mine;
        for (const QString &id : st.resourceWorkers)
            if (samplesById.contains(id))
                mine.insert(id, samplesById.value(id));
        if (!mine.isEmpty())
            s->sendFrame(p::encodeFrame(p::Event{QString(p::event::ResourcesSamples),
                                                 QJsonObject{{QStringLiteral("samples"), mine}}}
                                            .toJson()));
    }
}

void IpcServer::publish(const QString &event, const QJsonValue &data)
{
    if (m_sessions.empty())
        return;
    const QByteArray frame = p::encodeFrame(p::Event{event, data}.toJson()); // encoded once for all
    // A send may drop a session (and shrink m_sessions): walk a copy.
    const std::vector<Session *> sessions = m_sessions;
    for (Session *s : sessions) {
        if (s->state().greeted && s->isSubscribed(event))
            s->sendFrame(frame);
    }
}

} // namespace hsu::agent
