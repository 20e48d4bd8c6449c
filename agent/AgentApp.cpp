#include "AgentApp.h"

#include "Adoption.h"
#include "AgentMetrics.h"
#include "ConfigReloader.h"
#include "SignalWatcher.h"
#include "WorkerSet.h"
#include "agent/core/Supervisor.h"
#include "agent/health/HealthMonitor.h"
#include "agent/ipc/IpcServer.h"
#include "agent/ipc/PathTrust.h"
#include "agent/limits/WorkerCgroup.h"
#include "agent/logs/LogCollector.h"
#include "agent/monitor/ResourceMonitor.h"
#include "agent/process/Standby.h"
#include "agent/process/ManagedProcess.h"
#include "shared/config/DefaultConfig.h"
#include "shared/config/YamlLoader.h"
#include "shared/protocol/SocketPath.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>

#include <csignal>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <sys/resource.h>

Q_LOGGING_CATEGORY(lcAgent, "hsu.agent")

namespace hsu::agent {

namespace {
void printErr(const QString &line)
{
    std::fprintf(stderr, "%s\n", qPrintable(line));
}

bool makeDir(const QString &path, QFile::Permissions perms, QString *error)
{
    if (!QDir().mkpath(path)) {
        *error = QStringLiteral("cannot create folder %1").arg(path);
        return false;
    }
    QFile::setPermissions(path, perms);
    return true;
}

void applyLogLevel(config::LogLevel level)
{
    switch (level) {
    case config::LogLevel::Debug: QLoggingCategory::setFilterRules(QStringLiteral("hsu.*=true")); break;
    case config::LogLevel::Info: QLoggingCategory::setFilterRules(QStringLiteral("hsu.*.debug=false")); break;
    case config::LogLevel::Warn:
        QLoggingCategory::setFilterRules(QStringLiteral("hsu.*.debug=false\nhsu.*.info=false"));
        break;
    case config::LogLevel::Error:
        QLoggingCategory::setFilterRules(QStringLiteral("hsu.*.debug=false\nhsu.*.info=false\nhsu.*.warning=false"));
        break;
    }
}
} // namespace

namespace {
// The open-file limit the agent was first started with, handed to the program run again in its
// place (replaceProcess()), which would otherwise take the raised one for the original.
constexpr const char *kChildNoFileEnv = "HSU_AGENT_CHILD_NOFILE";
} // namespace

quint64 raiseOpenFileLimit()
{
    struct rlimit rl;
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    quint64 original = rl.rlim_cur;
    if (const QByteArray handed = qgetenv(kChildNoFileEnv); !handed.isEmpty()) {
        original = handed.toULongLong();
        qunsetenv(kChildNoFileEnv); // before anything copies the environment for the workers
        ManagedProcess::setChildOpenFileLimit(original);
    }
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &rl) == 0)
            ManagedProcess::setChildOpenFileLimit(original);
    }
    return rl.rlim_cur;
}

AgentApp::AgentApp(AgentOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
}

AgentApp::~AgentApp() = default;

int AgentApp::start()
{
    // Where a start's time goes, in the log (debug): a thousand workers should start in about a second.
    QElapsedTimer phase;
    phase.start();
    QStringList phases;
    const auto mark = [&](const char *name) { phases << QStringLiteral("%1 %2 ms").arg(QLatin1String(name)).arg(phase.restart()); };
    if (m_options.createConfigIfMissing) {
        QString why;
        const config::EnsureResult made = config::ensureConfigFile(m_options.configFile, &why);
        if (made == config::EnsureResult::Failed) {
            printErr(QStringLiteral("hsu-agent: %1").arg(why));
            return 1;
        }
        if (made == config::EnsureResult::Created)
            qCInfo(lcAgent).noquote() << "no config yet: created" << m_options.configFile << "with no workers";
    }
    // Before reading it: a config others can write is a way to run programs as this user.
    if (const ConfigVerdict verdict = checkConfigFile(m_options.configFile); verdict.trust == Trust::Refuse) {
        printErr(QStringLiteral("hsu-agent: %1; not starting").arg(verdict.message));
        return 1;
    } else if (verdict.trust == Trust::Warn) {
        qCWarning(lcAgent).noquote() << verdict.message;
    }
    const config::LoadResult loaded = config::YamlLoader::loadFile(m_options.configFile);
    for (const config::Diagnostic &d : loaded.diagnostics)
        printErr(d.toString());
    if (!loaded.ok()) {
        printErr(QStringLiteral("hsu-agent: %1 has errors; not starting").arg(m_options.configFile));
        return 1;
    }
    applyLogLevel(loaded.config->master.logLevel);
    mark("config");

    QString error;
    // The records it takes processes back by and its workers' FIFOs: only this user may write
    // there, and nothing in it is a link someone else planted (ensurePrivateFolder uses lstat).
    const QString fifoDir = QDir(m_options.stateDir).filePath(QStringLiteral("fifo"));
    if (!ensurePrivateFolder(m_options.stateDir, &error) || !ensurePrivateFolder(fifoDir, &error, false)) {
        printErr(QStringLiteral("hsu-agent: %1; not starting").arg(error));
        return 1;
    }
    // A log folder that cannot be made is every log target's problem, reported per worker by the
    // collector; the workers run regardless.
    if (!makeDir(m_options.logDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner, &error))
        qCWarning(lcAgent).noquote() << error << "- worker logs cannot be written there";

    AgentPaths paths{m_options.configFile, m_options.logDir, m_options.stateDir};
    logs::LogCollector::Options logOptions;
    logOptions.logDir = m_options.logDir;
    logOptions.fifoDir = fifoDir;
    logOptions.ringLines = m_options.logLines;
    m_logs = std::make_unique<logs::LogCollector>(logOptions);
    // The workers are set up below (WorkerSet), once the socket is ours.
    config::Config top = *loaded.config;
    std::vector<config::WorkerSpec> specs = std::move(top.workers);
    top.workers.clear();
    m_supervisor = std::make_unique<Supervisor>(top, paths);
    m_adoption = std::make_unique<Adoption>(m_options.stateDir, *m_supervisor);
    m_supervisor->setPortSource([this](const QString &id) { return m_adoption->recordedPort(id); });
    // Named after the state folder, not the agent's pid: the next agent finds them again.
    limits::WorkerCgroup::setParentName(limits::WorkerCgroup::parentNameFor(m_options.stateDir));
    monitor::ResourceMonitor::Options monitorOptions;
    monitorOptions.useCgroups = m_options.useCgroups;
    monitorOptions.cgroupVersion = m_options.cgroupVersion;
    Standby::setHelperPath(Standby::findHelper(QCoreApplication::applicationDirPath()));
    if (Standby::helperPath().isEmpty())
        qCInfo(lcAgent) << "no hsu-standby beside the agent: restarts that join cgroup v1 hierarchies wait for the join";
    m_monitor = std::make_unique<monitor::ResourceMonitor>(*m_supervisor, monitorOptions);
    IpcServer::Options serverOptions;
    serverOptions.dispatcher.logs = m_logs.get();
    serverOptions.dispatcher.resources = m_monitor.get();
    m_health = std::make_unique<health::HealthMonitor>();
    serverOptions.dispatcher.health = m_health.get();
    m_workerSet = std::make_unique<WorkerSet>(*m_supervisor, *m_logs, *m_monitor, *m_health);
    m_reloader = std::make_unique<ConfigReloader>(m_options.configFile, *m_supervisor, *m_workerSet);
    serverOptions.dispatcher.config = m_reloader.get();
    m_metrics = std::make_unique<AgentMetrics>(m_options.metrics);
    m_metrics->follow(*m_supervisor, *m_monitor, *m_health, *m_reloader);
    m_workerSet->setMetrics(&m_metrics->store());
    serverOptions.dispatcher.metricsText = [this] { return m_metrics->text(); };
    serverOptions.dispatcher.metricsEndpoint = [this] { return m_metrics->serving(); };
    // systemd sets INVOCATION_ID in every unit's environment: a unit with Restart= brings a dead
    // agent back, so a GUI must not start a second one meanwhile.
    serverOptions.dispatcher.arguments = QCoreApplication::arguments().mid(1);
    if (qEnvironmentVariableIsSet("INVOCATION_ID"))
        serverOptions.dispatcher.serviceManager = QStringLiteral("systemd");
    m_server = std::make_unique<IpcServer>(*m_supervisor, serverOptions);
    // Take the socket before starting anything: a second agent must leave the first one's
    // workers alone and say why it refuses.
    if (!m_server->listen(m_options.socketPath, &error)) {
        printErr(QStringLiteral("hsu-agent: %1").arg(error));
        return 1;
    }
    // An exit asked for (below) leaves this beside the socket; a GUI that finds it does not start
    // the agent again. Gone while an agent runs.
    QFile::remove(protocol::stoppedMarkerPath(m_options.socketPath));
    connect(m_supervisor.get(), &Supervisor::workerStateChanged, m_server.get(), &IpcServer::publishWorkerState);
    // FIFOs only once the socket is ours: a refused second agent must not touch the first one's.
    mark("socket");
    if (!m_metrics->apply(top.master.metrics, &error)) {
        printErr(QStringLiteral("hsu-agent: %1").arg(error));
        if (m_metrics->fromCommandLine())
            return 1; // asked for on the command line: no silent start without it
    }
    // What an earlier agent left running, looked at while the workers are set up (an integrated
    // worker's set-up waits for it: it keeps its port).
    m_adoption->examine();
    m_logs->configure(top);
    connect(m_supervisor.get(), &Supervisor::workerProcessEnded, m_logs.get(), &logs::LogCollector::processEnded);
    connect(m_logs.get(), &logs::LogCollector::liveLines, m_server.get(), &IpcServer::publishLogLines);
    connect(m_logs.get(), &logs::LogCollector::linesDropped, m_server.get(), &IpcServer::publishLogsDropped);
    connect(m_server.get(), &IpcServer::logFollowersChanged, m_logs.get(), &logs::LogCollector::setLiveEnabled);
    // Cgroups, child limits and trees only once the socket is ours, like the FIFOs.
    m_monitor->prepare();
    mark("cgroup hierarchies");
    // Every worker: its Worker, log FIFOs, cgroups and limits (the same as a reload's).
    m_workerSet->setUp(top, std::move(specs));
    mark("set-up");
    connect(m_monitor.get(), &monitor::ResourceMonitor::samples, m_server.get(), &IpcServer::publishResourceSamples);
    connect(m_monitor.get(), &monitor::ResourceMonitor::violation, m_server.get(), &IpcServer::publishLimitsViolation);
    connect(m_server.get(), &IpcServer::resourceFollowersChanged, m_monitor.get(), &monitor::ResourceMonitor::setPublishing);
    m_monitor->start();
    // Before anything starts: the workers an earlier agent left running are taken back.
    m_adoption->adopt();
    mark("re-adoption");
    connect(m_supervisor.get(), &Supervisor::shutdownFinished, this, [this] {
        qCInfo(lcAgent) << "all workers stopped; exiting";
        m_adoption->flush(); // their records go: nothing is left to take back
        writeStoppedMarker(QStringLiteral("shutdown"));
        // Every worker is gone: write out their last lines, and the FIFOs are no longer needed.
        m_logs->finish(true);
        m_monitor->finish();
        m_server->close();
        m_metrics->close();
        Q_EMIT finished(0);
    });

    m_signals = std::make_unique<SignalWatcher>();
    connect(m_signals.get(), &SignalWatcher::terminateRequested, this, [this](int sig) {
        if (sig == SIGTERM && m_options.leaveWorkersOnTerm && m_terminateSignals == 0)
            leaveWorkers(QStringLiteral("SIGTERM"));
        else
            beginShutdown(QStringLiteral("signal %1").arg(sig));
    });
    connect(m_signals.get(), &SignalWatcher::replaceRequested, this, [this] {
        if (m_terminateSignals != 0)
            return;
        m_replace = true;
        leaveWorkers(QStringLiteral("SIGUSR2 (upgrade)"));
    });
    connect(m_reloader.get(), &ConfigReloader::reloaded, m_server.get(), &IpcServer::publishConfigReloaded);
    connect(m_signals.get(), &SignalWatcher::hangup, this, [this] {
        QStringList errors;
        m_reloader->reload(QStringLiteral("SIGHUP"), &errors);
    });

    qCInfo(lcAgent).noquote() << "hsu-agent" << HSU_VERSION << "running" << m_options.configFile << "with"
                              << loaded.config->workers.size() << "workers; socket" << m_options.socketPath;
    m_supervisor->startAll();
    mark("spawns");
    m_reloader->watchFile();
    m_adoption->startRecording(m_reloader->runningText(), m_options.configFile);
    connect(m_reloader.get(), &ConfigReloader::reloaded, m_adoption.get(), [this](const QJsonObject &result) {
        if (result.value(QLatin1String("ok")).toBool())
            m_adoption->configChanged(m_reloader->runningText());
    });
#if defined(__GLIBC__)
    // Once this returns, the loaded config and the start's temporaries are gone, but they left
    // holes among what stays: give the free pages back (a thousand workers: 33.7 MB -> 30 MB).
    QTimer::singleShot(0, this, [] { ::malloc_trim(0); });
#endif
    qCDebug(lcAgent).noquote() << "start:" << phases.join(QStringLiteral(", "));
    return 0;
}

void AgentApp::writeStoppedMarker(const QString &why)
{
    // Beside the socket, which may be in a folder others write in (/tmp, sticky): never through a
    // link planted there, which would make the agent overwrite the file it leads to.
    const QByteArray path = QFile::encodeName(protocol::stoppedMarkerPath(m_options.socketPath));
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    const auto warn = [&path] {
        qCWarning(lcAgent).noquote() << QStringLiteral("cannot write %1: %2")
                                            .arg(QFile::decodeName(path), QString::fromLocal8Bit(std::strerror(errno)));
    };
    if (fd < 0)
        return warn();
    const QByteArray line = why.toUtf8() + '\n';
    if (::write(fd, line.constData(), size_t(line.size())) != line.size())
        warn();
    ::close(fd);
}

void AgentApp::leaveWorkers(const QString &why)
{
    ++m_terminateSignals; // a second SIGTERM meanwhile is not a shutdown
    qCInfo(lcAgent).noquote() << why << "- exiting and leaving every worker running for the next agent";
    m_adoption->flush();
    if (!m_replace)
        writeStoppedMarker(why);
    // Their last lines written; the FIFOs stay (the workers hold them, the next agent reads on).
    m_logs->finish(false);
    m_monitor->finish(true);
    m_server->close();
    m_metrics->close(); // the next agent (an upgrade's) binds the same address
    Q_EMIT finished(0);
}

void replaceProcess(const QStringList &arguments)
{
    // /proc/self/exe names the file this process was started from; after an upgrade replaced
    // it, "<path> (deleted)": the path is where the new one is.
    QString program = QFile::symLinkTarget(QStringLiteral("/proc/self/exe"));
    program.remove(QRegularExpression(QStringLiteral(" \\(deleted\\)$")));
    if (program.isEmpty())
        program = arguments.value(0);
    std::vector<QByteArray> args;
    for (const QString &a : arguments)
        args.push_back(QFile::encodeName(a));
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    qCInfo(lcAgent).noquote() << "running" << program << "again in this process";
    if (const quint64 noFile = ManagedProcess::childOpenFileLimit(); noFile > 0)
        qputenv(kChildNoFileEnv, QByteArray::number(noFile));
    ::execv(QFile::encodeName(program).constData(), argv.data());
    printErr(QStringLiteral("hsu-agent: cannot run %1 again: %2").arg(program, QString::fromLocal8Bit(std::strerror(errno))));
}

void AgentApp::beginShutdown(const QString &why)
{
    ++m_terminateSignals;
    if (m_terminateSignals == 1) {
        qCInfo(lcAgent).noquote() << why << "- stopping every worker";
        m_supervisor->shutdown();
    } else {
        // A second Ctrl-C: the user will not wait for graceful timeouts.
        qCWarning(lcAgent).noquote() << why << "again - killing every worker now";
        for (const auto &s : m_supervisor->workers())
            if (s.pid > 0)
                ::kill(-pid_t(s.pid), SIGKILL);
    }
}

} // namespace hsu::agent
