#include "ManagedProcess.h"

#include <QLoggingCategory>

#include <atomic>
#include <csignal>
#include <unistd.h>

#include <fcntl.h>

#include <sys/resource.h>

#include <sys/wait.h>

#include "ProcessGroup.h"

Q_LOGGING_CATEGORY(lcProcess, "hsu.agent.process")

namespace hsu::agent {

namespace {
std::atomic<quint64> g_childNoFile{0}; // 0: leave the inherited limit alone
} // namespace

void ManagedProcess::setChildOpenFileLimit(quint64 soft)
{
    g_childNoFile = soft;
}

QString ExitInfo::describe() const
{
    if (signal)
        return QStringLiteral("killed by signal %1 (SIG%2)").arg(*signal).arg(ProcessGroup::signalName(*signal));
    if (exitCode)
        return QStringLiteral("exit code %1").arg(*exitCode);
    return QStringLiteral("unknown exit");
}

ManagedProcess::ManagedProcess(QObject *parent)
    : ProcessHandle(parent)
{
    connect(&m_process, &QProcess::errorOccurred, this, &ManagedProcess::onErrorOccurred);
    connect(&m_process, &QProcess::finished, this, &ManagedProcess::onFinished);
}

ManagedProcess::~ManagedProcess()
{
    // QProcess's destructor kills and waits for a running child. A worker must outlive its
    // handle (the agent may be going away on purpose, and a later agent takes the worker back),
    // so the child is left alone: the supervisor decides when a worker stops, never a destructor.
    if (m_process.state() != QProcess::NotRunning) {
        m_process.disconnect(this);
        m_process.forget();
    }
}

void ManagedProcess::start(const LaunchSpec &spec)
{
    m_process.setProgram(spec.program);
    m_process.setArguments(spec.args);
    m_process.setProcessEnvironment(spec.environment);
    m_process.setWorkingDirectory(spec.workingDirectory);
    if (spec.stdoutFd >= 0 || spec.stdoutFile.isEmpty())
        m_process.setStandardOutputFile(QProcess::nullDevice());
    else
        m_process.setStandardOutputFile(spec.stdoutFile, QIODevice::Append);
    if (spec.stderrFd >= 0 || spec.stderrFile.isEmpty())
        m_process.setStandardErrorFile(QProcess::nullDevice());
    else
        m_process.setStandardErrorFile(spec.stderrFile, QIODevice::Append);
    m_process.setStandardInputFile(QProcess::nullDevice());
    // Runs in the child between fork and exec: only async-signal-safe calls here.
    const quint64 noFile = g_childNoFile;
    const int outFd = spec.stdoutFd;
    const int errFd = spec.stderrFd;
    const LaunchSpec::ChildLimits limits = spec.limits; // copied here: the child only reads it
    m_process.setChildProcessModifier([noFile, outFd, errFd, limits] {
        ::setsid();
        // Into the worker's cgroups first, so that nothing it does escapes them.
        for (const QByteArray &file : limits.cgroupProcsFiles) {
            const int fd = ::open(file.constData(), O_WRONLY | O_CLOEXEC);
            if (fd >= 0) {
                [[maybe_unused]] const ssize_t n = ::write(fd, "0", 1);
                ::close(fd);
            }
        }
        // QProcess has already pointed 1 and 2 at /dev/null; the collector's FIFOs replace that.
        // dup2 leaves the new descriptor without close-on-exec, so only 1 and 2 reach the program.
        if (outFd >= 0)
            ::dup2(outFd, STDOUT_FILENO);
        if (errFd >= 0)
            ::dup2(errFd, STDERR_FILENO);
        auto setLimit = [](int resource, qint64 value) {
            struct rlimit rl;
            rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>(value);
            ::setrlimit(resource, &rl);
        };
        if (limits.openFiles >= 0) {
            setLimit(RLIMIT_NOFILE, limits.openFiles);
        } else if (noFile > 0) {
            struct rlimit rl;
            if (::getrlimit(RLIMIT_NOFILE, &rl) == 0) {
                rl.rlim_cur = static_cast<rlim_t>(noFile);
                ::setrlimit(RLIMIT_NOFILE, &rl);
            }
        }
        if (limits.addressSpace >= 0)
            setLimit(RLIMIT_AS, limits.addressSpace);
        if (limits.cpuSeconds >= 0) {
            // The soft limit sends SIGXCPU (which a program may catch); the hard one, a second
            // later, SIGKILL.
            struct rlimit rl;
            rl.rlim_cur = static_cast<rlim_t>(limits.cpuSeconds);
            rl.rlim_max = static_cast<rlim_t>(limits.cpuSeconds + 1);
            ::setrlimit(RLIMIT_CPU, &rl);
        }
        if (limits.processes >= 0)
            setLimit(RLIMIT_NPROC, limits.processes);
        if (limits.nice)
            ::setpriority(PRIO_PROCESS, 0, *limits.nice);
        // The agent may ignore or block signals; a worker starts with the defaults.
        ::signal(SIGPIPE, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGHUP, SIG_DFL);
    });
    m_finished = false;
    m_process.start(QIODevice::NotOpen);
    if (m_process.state() == QProcess::NotRunning)
        return; // errorOccurred(FailedToStart) has been (or will be) emitted
    m_pid = m_process.processId();
    qCDebug(lcProcess) << "started" << spec.program << "pid" << m_pid;
    Q_EMIT started(m_pid);
}

bool ManagedProcess::isRunning() const
{
    return !m_finished && m_process.state() == QProcess::Running;
}

bool ManagedProcess::signalGroup(int sig)
{
    if (m_pid <= 0)
        return false;
    return ProcessGroup::signal(m_pid, sig);
}

void ManagedProcess::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes and other errors are reported through finished()
    m_finished = true;
    // errorString() carries the OS's reason ("execve: No such file or directory").
    Q_EMIT failedToStart(m_process.errorString());
}

void ManagedProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_finished)
        return;
    m_finished = true;
    ExitInfo info;
    if (status == QProcess::CrashExit)
        info.signal = exitCode; // for a crash, QProcess reports the terminating signal here
    else
        info.exitCode = exitCode;
    Q_EMIT finished(info);
}

} // namespace hsu::agent
