#include "Spawn.h"

#include "ChildSyscalls.h"

#include <QFile>
#include <QList>

#include <atomic>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif


#if defined(__x86_64__)
// clone3 with a child that starts on its own stack. glibc has no clone3() with CLONE_INTO_CGROUP,
// and the system call cannot be made from C when the child shares the parent's memory: it returns
// twice, the second time on the new stack, where no C frame exists. So, per the kernel's x86-64
// system call convention (number in rax; arguments in rdi, rsi; rcx, r11 and rax clobbered, every
// other register kept, in the child too; its stack pointer is stack + stack_size): the parent
// keeps fn and arg in two callee-saved registers (restored before it returns), the child calls
// fn(arg) from them and exits with its result.
//   long hsu_clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg)
// returns the child's pid, or -errno.
extern "C" long hsu_clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);
asm(R"(
    .text
    .globl hsu_clone3
    .type hsu_clone3, @function
hsu_clone3:
    pushq %r12
    pushq %r13
    movq %rdx, %r12
    movq %rcx, %r13
    movl $435, %eax
    syscall
    testq %rax, %rax
    jz 1f
    popq %r13
    popq %r12
    ret
1:
    xorl %ebp, %ebp
    movq %r13, %rdi
    call *%r12
    movl %eax, %edi
    movl $60, %eax
    syscall
    hlt
    .size hsu_clone3, .-hsu_clone3
)");
#endif

namespace hsu::agent {

namespace {

constexpr std::size_t kStackSize = 256 * 1024;

#if defined(__SANITIZE_THREAD__)
constexpr bool kSanitizedThreads = true;
#elif defined(__has_feature)
constexpr bool kSanitizedThreads = __has_feature(thread_sanitizer);
#else
constexpr bool kSanitizedThreads = false;
#endif

// Whether clone3 can start a child in its cgroup here (false once the kernel said it cannot).
std::atomic<bool> g_intoCgroup{
#if defined(__x86_64__)
    true
#else
    false // no clone3 trampoline for this architecture: the child joins its v2 cgroup instead
#endif
};

// Everything the child reads, prepared by the parent (the child must not allocate), and where the
// child leaves the reason it could not exec. Shared through CLONE_VM.
struct ChildPlan
{
    const char *program = nullptr;
    char *const *argv = nullptr;
    char *const *envp = nullptr;
    const char *workingDirectory = nullptr; // nullptr: the agent's
    int outFd = -1;                         // the collector's FIFO, reopened read-write
    int errFd = -1;
    const char *outFifo = nullptr; // "/proc/self/fd/N" for outFd
    const char *errFifo = nullptr;
    const char *outFile = nullptr; // appended; nullptr (and no fd): /dev/null
    const char *errFile = nullptr;
    const char *const *cgroupFiles = nullptr;
    int cgroupCount = 0;
    const LaunchSpec::ChildLimits *limits = nullptr;
    quint64 childNoFile = 0;
    bool sharedFiles = false; // CLONE_FILES: the child takes a table of its own, of 0-2 only
    int passFd = -1;  // becomes fd 3
    int passFd2 = -1; // becomes fd 4

    // Written by the child, read by the parent once clone() returns.
    int error = 0;
    const char *stage = nullptr;
};

[[noreturn]] HSU_CHILD_CODE void childFail(ChildPlan *plan, const char *stage)
{
    plan->error = errno;
    plan->stage = stage;
    childsys::exit(127);
}

// Opens `path` with `flags` and makes it descriptor `target`.
HSU_CHILD_CODE bool redirect(const char *path, int flags, int target)
{
    int fd;
    do {
        fd = childsys::open(path, flags, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return false;
    if (fd != target) {
        if (childsys::dup2(fd, target) < 0)
            return false;
        childsys::close(fd);
    }
    return true;
}

HSU_CHILD_CODE void setLimit(int resource, qint64 value)
{
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>(value);
    ::setrlimit(resource, &rl);
}

// Runs in the child, on its own stack, sharing the agent's memory: only system calls, on data the
// parent prepared.
HSU_CHILD_CODE int childMain(void *arg)
{
    auto *plan = static_cast<ChildPlan *>(arg);
    // Created sharing the agent's descriptor table (nothing copied): before touching any
    // descriptor, a table of its own holding only 0, 1 and 2. Copying the agent's table (three
    // descriptors per worker) and closing it again at exec made each start of a thousand workers
    // cost 0.5 ms more than the first.
    if (plan->sharedFiles && ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_UNSHARE) != 0
        && ::unshare(CLONE_FILES) != 0)
        childFail(plan, "unshare");
    // Handlers are the agent's (its code, its memory): back to the defaults before any signal can
    // come through. Ignored signals (SIGPIPE) are reset too: a worker starts with the defaults.
    // The C library's own two (32 and 33, below SIGRTMIN) are left as they are, as its
    // sigaction() would.
    for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP && (sig < 32 || sig >= SIGRTMIN))
            childsys::resetSignal(sig);

    ::setsid();
    // Into the worker's cgroups first, so that nothing it does escapes them.
    for (int i = 0; i < plan->cgroupCount; ++i) {
        const int fd = childsys::open(plan->cgroupFiles[i], O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            [[maybe_unused]] const ssize_t n = childsys::write(fd, "0", 1);
            childsys::close(fd);
        }
    }

    if (!redirect("/dev/null", O_RDONLY, STDIN_FILENO))
        childFail(plan, "open /dev/null");
    // The collector's FIFO is opened anew read-write: the worker then is a reader of its own pipe
    // too, so no write fails with EPIPE while no agent runs, and its descriptor is blocking whatever
    // the agent's is.
    const struct
    {
        const char *fifo;
        const char *file;
        int target;
    } outputs[2] = {{plan->outFifo, plan->outFile, STDOUT_FILENO}, {plan->errFifo, plan->errFile, STDERR_FILENO}};
    for (const auto &o : outputs) {
        bool ok;
        if (o.fifo)
            ok = redirect(o.fifo, O_RDWR, o.target);
        else if (o.file)
            ok = redirect(o.file, O_WRONLY | O_CREAT | O_APPEND, o.target);
        else
            ok = redirect("/dev/null", O_WRONLY, o.target);
        if (!ok)
            childFail(plan, o.target == STDOUT_FILENO ? "open stdout" : "open stderr");
    }
    // After the outputs: their /proc/self/fd/N may name descriptor 3.
    // dup2 clears close-on-exec; a descriptor already in place needs it cleared by hand. The second
    // one first goes out of the way when it sits at 3.
    int second = plan->passFd2;
    if (second == 3 && plan->passFd >= 0) {
        second = childsys::fcntl(3, F_DUPFD_CLOEXEC, 5);
        if (second < 0)
            childFail(plan, "dup");
    }
    const int passed[2][2] = {{plan->passFd, 3}, {second, 4}};
    for (const auto &p : passed) {
        if (p[0] < 0)
            continue;
        if (p[0] == p[1] ? childsys::fcntl(p[1], F_SETFD, 0) != 0 : childsys::dup2(p[0], p[1]) < 0)
            childFail(plan, "dup2");
    }

    const LaunchSpec::ChildLimits &limits = *plan->limits;
    if (limits.openFiles >= 0) {
        setLimit(RLIMIT_NOFILE, limits.openFiles);
    } else if (plan->childNoFile > 0) {
        struct rlimit rl;
        if (::getrlimit(RLIMIT_NOFILE, &rl) == 0) {
            rl.rlim_cur = static_cast<rlim_t>(plan->childNoFile);
            ::setrlimit(RLIMIT_NOFILE, &rl);
        }
    }
    if (limits.addressSpace >= 0)
        setLimit(RLIMIT_AS, limits.addressSpace);
    if (limits.cpuSeconds >= 0) {
        // The soft limit sends SIGXCPU (which a program may catch); the hard one, a second later,
        // SIGKILL.
        struct rlimit rl;
        rl.rlim_cur = static_cast<rlim_t>(limits.cpuSeconds);
        rl.rlim_max = static_cast<rlim_t>(limits.cpuSeconds + 1);
        ::setrlimit(RLIMIT_CPU, &rl);
    }
    if (limits.processes >= 0)
        setLimit(RLIMIT_NPROC, limits.processes);
    if (limits.nice)
        ::setpriority(PRIO_PROCESS, 0, *limits.nice);

    if (plan->workingDirectory && ::chdir(plan->workingDirectory) != 0) {
        // A missing program's folder is often its working directory too: name the program then,
        // it is what the user has to fix first.
        if (plan->program[0] == '/' && ::access(plan->program, X_OK) != 0)
            childFail(plan, "execve");
        childFail(plan, "chdir");
    }

    childsys::unblockAllSignals();
    ::execve(plan->program, plan->argv, plan->envp);
    childFail(plan, "execve");
}

// The child's stack: one per thread that spawns (the agent's supervision thread), reused, since a
// CLONE_VFORK parent waits until its child has called execve or exited.
char *childStack()
{
    thread_local char *stack = nullptr;
    if (!stack) {
        void *p = ::mmap(nullptr, kStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (p == MAP_FAILED)
            return nullptr;
        stack = static_cast<char *>(p);
    }
    return stack;
}

bool byNameStill(const QByteArray &path)
{
    return path.isEmpty() || ::access(path.constData(), F_OK) == 0;
}

QString reason(const char *stage, int error)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(stage), QString::fromLocal8Bit(std::strerror(error)));
}

} // namespace

// Everything spawnProcess derives from a spec, as C strings and pointer arrays the child can read.
struct PreparedSpawn::Data
{
    // Kept for every worker (a thousand of them): the strings only; the pointer arrays the child
    // reads are made at each spawn, which costs no system call.
    LaunchSpec spec;
    QByteArray program;
    QList<QByteArray> argBytes;
    QByteArray cwd;
    bool outByName = false;
    bool errByName = false;
    QByteArray outFifo;
    QByteArray errFifo;
    QByteArray outFile;
    QByteArray errFile;
};

PreparedSpawn::PreparedSpawn(const LaunchSpec &spec)
    : d(std::make_unique<Data>())
{
    d->spec = spec;
    const LaunchSpec &sp = d->spec;
    d->program = QFile::encodeName(sp.program);
    d->argBytes.reserve(sp.args.size() + 1);
    d->argBytes.append(d->program);
    for (const QString &a : sp.args)
        d->argBytes.append(a.toLocal8Bit());
    d->cwd = QFile::encodeName(sp.workingDirectory);
    // A FIFO by its name where the spec has it (and it is there); else through the agent's
    // descriptor, which the child then needs a copy of.
    const auto byName = [](const QByteArray &path) { return !path.isEmpty() && ::access(path.constData(), F_OK) == 0; };
    d->outByName = byName(sp.stdoutPath);
    d->errByName = byName(sp.stderrPath);
    d->outFifo = d->outByName ? sp.stdoutPath : "/proc/self/fd/" + QByteArray::number(sp.stdoutFd);
    d->errFifo = d->errByName ? sp.stderrPath : "/proc/self/fd/" + QByteArray::number(sp.stderrFd);
    d->outFile = QFile::encodeName(sp.stdoutFile);
    d->errFile = QFile::encodeName(sp.stderrFile);
}

PreparedSpawn::~PreparedSpawn() = default;

const LaunchSpec &PreparedSpawn::spec() const
{
    return d->spec;
}

SpawnResult spawnProcess(const LaunchSpec &spec, quint64 childNoFile)
{
    return spawnPrepared(PreparedSpawn(spec), childNoFile);
}

SpawnResult spawnPrepared(const PreparedSpawn &prepared, quint64 childNoFile)
{
    SpawnResult result;
    const PreparedSpawn::Data &d = *prepared.d;
    const LaunchSpec &spec = d.spec;
    std::vector<char *> argv;
    argv.reserve(size_t(d.argBytes.size()) + 1);
    for (const QByteArray &a : d.argBytes)
        argv.push_back(const_cast<char *>(a.constData())); // execve's signature; never written
    argv.push_back(nullptr);
    std::vector<char *> envp;
    spec.environment.pointers(envp);
    std::vector<const char *> cgroupFiles;
    for (const QByteArray &f : spec.limits.cgroupProcsFiles)
        cgroupFiles.push_back(f.constData());
    QByteArray joinAfter; // cgroupDir's cgroup.procs, for a child that joins it instead

    ChildPlan plan;
    plan.program = d.program.constData();
    plan.argv = argv.data();
    plan.envp = envp.data();
    plan.workingDirectory = d.cwd.isEmpty() ? nullptr : d.cwd.constData();
    plan.outFifo = spec.stdoutFd >= 0 ? d.outFifo.constData() : nullptr;
    plan.errFifo = spec.stderrFd >= 0 ? d.errFifo.constData() : nullptr;
    plan.outFile = d.outFile.isEmpty() ? nullptr : d.outFile.constData();
    plan.errFile = d.errFile.isEmpty() ? nullptr : d.errFile.constData();
    plan.cgroupFiles = cgroupFiles.data();
    plan.cgroupCount = int(cgroupFiles.size());
    plan.limits = &spec.limits;
    plan.childNoFile = childNoFile;
    plan.passFd = spec.passFd;
    plan.passFd2 = spec.passFd2;
    plan.sharedFiles = spec.passFd < 0 && spec.passFd2 < 0 && (spec.stdoutFd < 0 || d.outByName)
        && (spec.stderrFd < 0 || d.errByName);
    const quint64 filesFlag = plan.sharedFiles ? CLONE_FILES : 0;

    // The v2 cgroup the child is created in, when the kernel can (5.7+); else it joins it.
    const QByteArray &cgroupDir = spec.limits.cgroupDir;
    int cgroupFd = -1;
    bool ownCgroupFd = false;
    const auto joinInstead = [&] {
        joinAfter = cgroupDir + "/cgroup.procs";
        cgroupFiles.push_back(joinAfter.constData());
        plan.cgroupFiles = cgroupFiles.data();
        plan.cgroupCount = int(cgroupFiles.size());
    };
    if (!cgroupDir.isEmpty()) {
        if (g_intoCgroup.load()) {
            cgroupFd = spec.limits.cgroupDirFd;
            if (cgroupFd < 0) {
                cgroupFd = ::open(cgroupDir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                ownCgroupFd = cgroupFd >= 0;
            }
        }
        if (cgroupFd < 0)
            joinInstead();
    }

    char *stack = childStack();
    if (!stack) {
        result.error = reason("mmap", errno);
        return result;
    }
    // No signal may reach the child while it still runs the agent's handlers; it unblocks them
    // itself once they are reset.
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &previous);
    int pidfd = -1;
    pid_t pid = -1;
    int cloneErrno = 0;
    bool cloned = false;
#if defined(__x86_64__)
    // Under ThreadSanitizer every child comes from the trampoline, none from the C library's
    // clone(): the sanitizer intercepts that one and runs its after-fork bookkeeping in the child,
    // which with CLONE_VM is the agent's own (it left the agent's thread ignoring its own
    // synchronisation: issue 16, docs/sanitizers.md).
    if (cgroupFd >= 0 || kSanitizedThreads) {
        struct clone_args args;
        std::memset(&args, 0, sizeof args);
        args.flags = CLONE_VM | CLONE_VFORK | CLONE_PIDFD | filesFlag | (cgroupFd >= 0 ? CLONE_INTO_CGROUP : 0);
        args.pidfd = quint64(reinterpret_cast<quintptr>(&pidfd));
        args.exit_signal = SIGCHLD;
        args.stack = quint64(reinterpret_cast<quintptr>(stack));
        args.stack_size = kStackSize;
        args.cgroup = cgroupFd >= 0 ? quint64(cgroupFd) : 0;
        const long rc = hsu_clone3(&args, sizeof args, childMain, &plan);
        if (rc >= 0) {
            pid = pid_t(rc);
            cloned = true;
        } else if (rc == -ENOSYS || rc == -E2BIG || rc == -EINVAL) {
            // A kernel before 5.7 (no clone3 or no CLONE_INTO_CGROUP): join through cgroup.procs,
            // from now on.
            if (cgroupFd >= 0)
                g_intoCgroup.store(false);
        } else {
            cloneErrno = int(-rc);
            cloned = true;
        }
    }
#endif
    if (!cloned) {
        if (cgroupFd >= 0)
            joinInstead();
        pid = ::clone(childMain, stack + kStackSize, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | int(filesFlag) | SIGCHLD, &plan,
                      &pidfd);
        cloneErrno = errno;
    }
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (ownCgroupFd)
        ::close(cgroupFd);

    if (pid < 0) {
        result.error = reason("clone", cloneErrno);
        return result;
    }
    if (plan.stage) {
        // The child is gone already (it exited before execve): reap it and report why.
        siginfo_t info;
        std::memset(&info, 0, sizeof info);
        while (::waitid(idtype_t(P_PIDFD), id_t(pidfd), &info, WEXITED) < 0 && errno == EINTR) {
        }
        ::close(pidfd);
        // Prepared ahead, with a FIFO by its name that is gone now: once more, prepared now
        // (through the agent's descriptor then).
        const bool outputs = std::strcmp(plan.stage, "open stdout") == 0 || std::strcmp(plan.stage, "open stderr") == 0;
        if (outputs && ((d.outByName && !byNameStill(spec.stdoutPath)) || (d.errByName && !byNameStill(spec.stderrPath))))
            return spawnProcess(spec, childNoFile);
        result.error = reason(plan.stage, plan.error);
        return result;
    }
    result.pid = pid;
    result.pidfd = pidfd;
    return result;
}

bool spawnsIntoCgroup()
{
    return g_intoCgroup.load();
}

std::optional<ExitStatus> reapProcess(int pidfd)
{
    siginfo_t info;
    std::memset(&info, 0, sizeof info);
    int rc;
    do {
        rc = ::waitid(idtype_t(P_PIDFD), id_t(pidfd), &info, WEXITED | WNOHANG);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0 || info.si_pid == 0)
        return std::nullopt;
    ExitStatus status;
    if (info.si_code == CLD_EXITED)
        status.exitCode = info.si_status;
    else
        status.signal = info.si_status; // CLD_KILLED, CLD_DUMPED
    return status;
}

} // namespace hsu::agent
