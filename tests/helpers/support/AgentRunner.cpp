#include "AgentRunner.h"

#include "agent/limits/WorkerCgroup.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QThread>

#include <cerrno>
#include <csignal>

namespace hsu::test {

QString testWorkerPath() { return qEnvironmentVariable("HSU_TEST_TESTWORKER"); }
QString agentPath() { return qEnvironmentVariable("HSU_TEST_HSU_AGENT"); }
QString hsuctlPath() { return qEnvironmentVariable("HSU_TEST_HSUCTL"); }
QString standbyPath() { return qEnvironmentVariable("HSU_TEST_HSU_STANDBY"); }

QJsonObject workerIn(const QJsonObject &listResponse, const QString &id)
{
    for (const QJsonValue &v : listResponse.value(QLatin1String("result")).toObject().value(QLatin1String("workers")).toArray())
        if (v.toObject().value(QLatin1String("id")).toString() == id)
            return v.toObject();
    return {};
}

bool processAlive(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = f.readAll();
    const int close = stat.lastIndexOf(')');
    return close > 0 && stat.size() > close + 2 && stat.at(close + 2) != 'Z';
}

QList<qint64> readPidFile(const QString &path)
{
    QList<qint64> pids;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                pids.append(line.trimmed().toLongLong());
    return pids;
}

const QByteArray kOneWorkerConfig = R"(
workers:
  - id: steady
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "@WORKER@" }
)";

bool RawClient::connectTo(const QString &path, int timeoutMs)
{
    m_socket.connectToServer(path);
    return m_socket.waitForConnected(timeoutMs);
}

bool RawClient::isConnected() const
{
    return m_socket.state() == QLocalSocket::ConnectedState;
}

void RawClient::sendRaw(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

void RawClient::sendLine(const QByteArray &line)
{
    sendRaw(line + '\n');
}

QJsonObject RawClient::readObject(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const int nl = m_buffer.indexOf('\n');
        if (nl >= 0) {
            const QByteArray line = m_buffer.left(nl);
            m_buffer.remove(0, nl + 1);
            return QJsonDocument::fromJson(line).object();
        }
        if (deadline.hasExpired() || m_socket.state() != QLocalSocket::ConnectedState)
            return {};
        if (m_socket.bytesAvailable() == 0)
            m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        m_buffer += m_socket.readAll();
    }
}

QJsonObject RawClient::call(const QString &method, const QJsonObject &params, int timeoutMs)
{
    const int id = m_nextId++;
    QJsonObject req{{QStringLiteral("id"), id}, {QStringLiteral("method"), method}};
    if (!params.isEmpty())
        req.insert(QStringLiteral("params"), params);
    sendLine(QJsonDocument(req).toJson(QJsonDocument::Compact));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QJsonObject o = readObject(int(std::max<qint64>(1, deadline.remainingTime())));
        if (o.isEmpty())
            break;
        if (o.contains(QLatin1String("event")))
            m_events.append(o);
        else if (o.value(QLatin1String("id")).toInt() == id)
            return o;
    }
    return {};
}

bool RawClient::hello()
{
    const QJsonObject r = call(QStringLiteral("hello"),
                               {{QStringLiteral("protocol"), QStringLiteral("1.0")},
                                {QStringLiteral("client"), QStringLiteral("tests")}});
    return r.contains(QLatin1String("result"));
}

QJsonObject RawClient::waitForEvent(const QString &name, int timeoutMs)
{
    for (qsizetype i = 0; i < m_events.size(); ++i)
        if (m_events[i].value(QLatin1String("event")).toString() == name)
            return m_events.takeAt(i);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QJsonObject o = readObject(int(std::max<qint64>(1, deadline.remainingTime())));
        if (o.isEmpty())
            return {};
        if (o.value(QLatin1String("event")).toString() == name)
            return o;
        if (o.contains(QLatin1String("event")))
            m_events.append(o);
    }
    return {};
}

bool RawClient::waitForState(const QString &id, const QString &state, int timeoutMs)
{
    auto matches = [&](const QJsonObject &e) {
        const QJsonObject d = e.value(QLatin1String("data")).toObject();
        return e.value(QLatin1String("event")).toString() == QLatin1String("worker.state")
            && d.value(QLatin1String("id")).toString() == id && d.value(QLatin1String("state")).toString() == state;
    };
    while (!m_events.isEmpty())
        if (matches(m_events.takeFirst()))
            return true;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QJsonObject o = readObject(int(std::max<qint64>(1, deadline.remainingTime())));
        if (o.isEmpty())
            return false;
        if (matches(o))
            return true;
    }
    return false;
}

AgentRunner::AgentRunner()
{
    m_agent.setProcessChannelMode(QProcess::MergedChannels);
}

AgentRunner::~AgentRunner()
{
    if (m_agent.state() != QProcess::NotRunning)
        terminate(5000);
    for (qint64 pid : std::as_const(m_tracked))
        if (processAlive(pid))
            ::kill(pid_t(pid), SIGKILL);
    removeCgroupsOf(stateDir());
}

void AgentRunner::removeCgroupsOf(const QString &stateDir)
{
    // The agent names its workers' cgroup folder after its state folder (it outlives the agent,
    // for the next one to find): a test that killed its agent leaves it behind, empty once the
    // workers are gone. Beneath this process's own cgroups, where the agent (its child) made it.
    const QString name = hsu::agent::limits::WorkerCgroup::parentNameFor(stateDir);
    QFile self(QStringLiteral("/proc/self/cgroup"));
    if (!self.open(QIODevice::ReadOnly))
        return;
    QStringList dirs;
    for (const QByteArray &line : self.readAll().split('\n')) {
        const QList<QByteArray> parts = line.split(':');
        if (parts.size() < 3)
            continue;
        const QString hierarchy = parts[1].isEmpty() ? QStringLiteral("unified")
                                                     : QString::fromUtf8(parts[1]).section(u',', 0, 0).remove(QStringLiteral("name="));
        for (const QString &root : {QStringLiteral("/sys/fs/cgroup/") + hierarchy, QStringLiteral("/sys/fs/cgroup")}) {
            const QString dir = root + QString::fromUtf8(parts[2]) + u'/' + name;
            if (QFileInfo(dir).isDir()) {
                dirs << dir;
                break;
            }
        }
    }
    // A killed worker's cgroup empties once it is reaped (by init: it is not ours): a few tries.
    for (int attempt = 0; attempt < 40 && !dirs.isEmpty(); ++attempt) {
        for (auto it = dirs.begin(); it != dirs.end();) {
            for (const QString &leaf : QDir(*it).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
                ::rmdir(QFile::encodeName(*it + u'/' + leaf).constData());
            if (::rmdir(QFile::encodeName(*it).constData()) == 0 || errno == ENOENT)
                it = dirs.erase(it);
            else
                ++it;
        }
        if (!dirs.isEmpty())
            QThread::msleep(50);
    }
}

void AgentRunner::writeConfig(QByteArray yaml)
{
    yaml.replace("@WORKER@", testWorkerPath().toUtf8());
    yaml.replace("@DIR@", m_dir.path().toUtf8());
    QFile f(configPath());
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(yaml);
}

bool AgentRunner::start(int timeoutMs)
{
    if (m_agent.isOpen())
        m_output += m_agent.readAll();
    QStringList args{QStringLiteral("--socket"), socketPath(), QStringLiteral("--state-dir"), stateDir(),
                     QStringLiteral("--log-dir"), logDir()};
    if (m_passConfig)
        args = QStringList{QStringLiteral("--config"), configPath()} + args;
    // HSU_TEST_CGROUPS=v1|v2 runs a whole test on one cgroup version (CTest registers the
    // cgroup-heavy tests once per version), unless the test chose its own.
    const QString cgroups = qEnvironmentVariable("HSU_TEST_CGROUPS");
    if (!cgroups.isEmpty() && !m_extraArgs.contains(QStringLiteral("--no-cgroups"))
        && !m_extraArgs.contains(QStringLiteral("--cgroups")))
        args << QStringLiteral("--cgroups") << cgroups;
    m_agent.start(agentPath(), args + m_extraArgs);
    if (!m_agent.waitForStarted(5000))
        return false;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_agent.state() == QProcess::NotRunning)
            return false;
        RawClient probe;
        if (probe.connectTo(socketPath(), 200) && probe.hello())
            return true;
        m_agent.waitForFinished(50);
    }
    return false;
}

QByteArray AgentRunner::output()
{
    m_output += m_agent.readAll();
    return m_output;
}

void AgentRunner::crash()
{
    if (m_agent.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_agent.processId()), SIGKILL);
    m_agent.waitForFinished(5000);
    m_output += m_agent.readAll();
}

int AgentRunner::terminate(int timeoutMs)
{
    if (m_agent.state() == QProcess::NotRunning)
        return m_agent.exitStatus() == QProcess::NormalExit ? m_agent.exitCode() : -1;
    ::kill(pid_t(m_agent.processId()), SIGTERM);
    if (m_agent.waitForFinished(timeoutMs))
        return m_agent.exitStatus() == QProcess::NormalExit ? m_agent.exitCode() : -1;
    m_agent.kill();
    m_agent.waitForFinished(3000);
    return -1;
}

} // namespace hsu::test
