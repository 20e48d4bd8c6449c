#include "AgentLauncher.h"

#include "AgentClient.h"
#include "shared/config/DefaultConfig.h"
#include "shared/protocol/SocketPath.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

namespace hsu::client {

namespace {
Q_LOGGING_CATEGORY(lcLauncher, "hsu.client.launcher", QtInfoMsg)

constexpr int kPollMs = 100;
constexpr qint64 kTailBytes = 4096;
constexpr qint64 kRotateBytes = 1024 * 1024; // one old generation is kept: agent.log.1

QString envDir(const char *name, const QString &fallbackUnderHome)
{
    const QString v = qEnvironmentVariable(name);
    return v.isEmpty() ? QDir::homePath() + fallbackUnderHome : v;
}

bool isExecutableFile(const QString &path)
{
    const QFileInfo fi(path);
    return fi.isFile() && fi.isExecutable();
}

// The agent is not our child (startDetached double-forks), so there is no exit signal to wait
// for; ask the system. A zombie counts as gone: its exit is what we are watching for.
bool processAlive(qint64 pid)
{
#ifdef Q_OS_LINUX
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && line.size() > close + 2 && line.at(close + 2) != 'Z';
#elif defined(Q_OS_UNIX)
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
#else
    Q_UNUSED(pid);
    return true; // the deadline still ends the wait
#endif
}

void rotateIfLarge(const QString &log)
{
    if (QFileInfo(log).size() < kRotateBytes)
        return;
    const QString old = log + QStringLiteral(".1");
    QFile::remove(old);
    QFile::rename(log, old);
}
} // namespace

QString AgentLauncher::findAgentProgram(QString *error)
{
#ifdef Q_OS_WIN
    const QString exe = QStringLiteral("hsu-agent.exe");
#else
    const QString exe = QStringLiteral("hsu-agent");
#endif
    const QString override = qEnvironmentVariable("HSU_AGENT_PROGRAM");
    if (!override.isEmpty()) {
        if (isExecutableFile(override))
            return QFileInfo(override).absoluteFilePath();
        if (error)
            *error = QStringLiteral("HSU_AGENT_PROGRAM=%1 is not an executable file").arg(override);
        return {};
    }
    QString appDir;
    if (QCoreApplication::instance()) {
        appDir = QCoreApplication::applicationDirPath();
        // Installed: side by side. Build tree: app/desktop/hsu-master next to agent/hsu-agent.
        for (const QString &candidate : {appDir + QLatin1Char('/') + exe, appDir + QStringLiteral("/../../agent/") + exe})
            if (isExecutableFile(candidate))
                return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    }
    const QString inPath = QStandardPaths::findExecutable(QStringLiteral("hsu-agent"));
    if (!inPath.isEmpty())
        return inPath;
    if (error) {
        *error = appDir.isEmpty() ? QStringLiteral("hsu-agent is not in PATH")
                                  : QStringLiteral("hsu-agent is neither beside %1 nor in PATH").arg(appDir);
    }
    return {};
}

QString AgentLauncher::defaultConfigFile()
{
    return config::defaultConfigFile();
}

QString AgentLauncher::logFilePath()
{
    return envDir("XDG_STATE_HOME", QStringLiteral("/.local/state")) + QStringLiteral("/hsu-master/agent.log");
}

bool AgentLauncher::startDetached(const QString &configFile, const QString &socketPath, QString *error)
{
    return startDetached(configFile, socketPath, error, nullptr, nullptr);
}

bool AgentLauncher::startDetached(const QString &configFile, const QString &socketPath, QString *error, qint64 *pid,
                                  qint64 *logOffset, const QStringList &arguments)
{
    auto failWith = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QString why;
    const QString program = findAgentProgram(&why);
    if (program.isEmpty())
        return failWith(why);

    const QString log = logFilePath();
    if (!QDir().mkpath(QFileInfo(log).absolutePath()))
        return failWith(QStringLiteral("cannot create the folder of %1").arg(log));
    rotateIfLarge(log);
    const QString config = configFile.isEmpty() ? QString() : QFileInfo(configFile).absoluteFilePath();
    {
        // A marker for whoever reads the log later; the watcher reads only what follows it.
        QFile f(log);
        if (f.open(QIODevice::WriteOnly | QIODevice::Append))
            f.write(QStringLiteral("--- %1 starting %2 %3\n")
                        .arg(QDateTime::currentDateTime().toString(Qt::ISODate), program,
                             !arguments.isEmpty() ? arguments.join(u' ')
                             : config.isEmpty()   ? QStringLiteral("(default config %1)").arg(defaultConfigFile())
                                                  : QStringLiteral("--config ") + config)
                        .toUtf8());
    }
    const qint64 offset = QFileInfo(log).size();

    QStringList args = arguments;
    if (args.isEmpty()) {
        if (!config.isEmpty())
            args << QStringLiteral("--config") << config; // else the agent's default, config::defaultConfigFile()
        if (!socketPath.isEmpty())
            args << QStringLiteral("--socket") << socketPath; // else the agent's own default
    }
    QProcess process;
    process.setProgram(program);
    process.setArguments(args);
    process.setStandardInputFile(QProcess::nullDevice()); // never the GUI's terminal
    process.setStandardOutputFile(log, QIODevice::Append);
    process.setStandardErrorFile(log, QIODevice::Append);
    // startDetached() runs it in a new session (setsid) and reparents it away from us: closing
    // the GUI, or its terminal, never takes the agent and its workers along.
    qint64 started = 0;
    if (!process.startDetached(&started))
        return failWith(QStringLiteral("cannot start %1: %2").arg(program, process.errorString()));
    qCInfo(lcLauncher).noquote() << "started" << program << "pid" << started << "; output in" << log;
    if (pid)
        *pid = started;
    if (logOffset)
        *logOffset = offset;
    return true;
}

AgentLauncher::AgentLauncher(QObject *parent)
    : QObject(parent)
    , m_pollTimer(new QTimer(this))
    , m_deadline(new QTimer(this))
    , m_probe(new AgentClient(QStringLiteral("hsu-master-launcher"), this))
{
    m_pollTimer->setInterval(kPollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &AgentLauncher::poll);
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        finish(false, QStringLiteral("hsu-agent (pid %1) did not answer on %2 in time").arg(m_pid).arg(m_socketPath));
    });
    connect(m_probe, &AgentClient::connected, this, [this] { finish(true, {}); });
}

AgentLauncher::~AgentLauncher() = default;

void AgentLauncher::start(const QString &configFile, const QString &socketPath, int timeoutMs)
{
    if (isRunning()) {
        QTimer::singleShot(0, this, [this] { Q_EMIT failed(QStringLiteral("an agent is already being started")); });
        return;
    }
    QString error;
    qint64 pid = 0;
    qint64 offset = 0;
    if (!startDetached(configFile, socketPath, &error, &pid, &offset, m_arguments)) {
        QTimer::singleShot(0, this, [this, error] { Q_EMIT failed(error); });
        return;
    }
    watch(pid, socketPath, offset, timeoutMs);
}

void AgentLauncher::watch(qint64 pid, const QString &socketPath, qint64 logOffset, int timeoutMs)
{
    m_pid = pid;
    m_lastPid = pid;
    m_socketPath = protocol::resolveSocketPath(socketPath); // what the agent resolves, too
    m_logOffset = logOffset;
    m_deadline->start(timeoutMs);
    m_pollTimer->start();
    QTimer::singleShot(0, this, &AgentLauncher::poll); // results come from the event loop only
}

void AgentLauncher::poll()
{
    if (!isRunning())
        return;
    if (!processAlive(m_pid)) {
        const QString tail = logTail();
        finish(false, tail.isEmpty() ? QStringLiteral("hsu-agent exited without a word (see %1)").arg(logFilePath())
                                     : QStringLiteral("hsu-agent exited: %1").arg(tail));
        return;
    }
    // Alive: knock until it answers hello (its socket appears only once the config is loaded).
    if (m_probe->state() == AgentClient::State::Disconnected)
        m_probe->connectToAgent(m_socketPath);
}

void AgentLauncher::finish(bool ok, const QString &message)
{
    if (!isRunning())
        return;
    m_pid = 0;
    m_pollTimer->stop();
    m_deadline->stop();
    // Only a probe: the caller connects its own client, with its own subscriptions.
    m_probe->disconnectFromAgent();
    if (ok) {
        Q_EMIT ready();
    } else {
        qCInfo(lcLauncher).noquote() << message;
        Q_EMIT failed(message);
    }
}

QString AgentLauncher::logTail() const
{
    QFile f(logFilePath());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    qint64 from = m_logOffset <= f.size() ? m_logOffset : 0; // rotated meanwhile: all of the new file
    from = std::max(from, f.size() - kTailBytes);
    f.seek(from);
    return QString::fromUtf8(f.readAll()).trimmed();
}

} // namespace hsu::client
