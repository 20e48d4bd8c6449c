// testworker: a real worker program driven by flags, for tests and benchmarks.
// Plain C++20 + POSIX on purpose (no Qt): it must start as fast as a program can.
// Run `testworker --help` for the flags; the order in which it does things is part of its contract.

#include "common.h"
#include "grpc_ping.h"
#include "serve.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char *kUsage =
    "usage: testworker [flags]\n"
    "A worker program for tests and benchmarks. Flags:\n"
    "  --run-for MS          run this long, then finish (default: forever; 0 = at once, after set-up)\n"
    "  --exit-code N         exit code when finishing (default 0)\n"
    "  --crash SIGNAL        finish by raising SIGNAL instead (SEGV, SIGABRT, KILL, 9, ...; no core dump)\n"
    "  --lines N             print N lines \"line <i>\" (i = 1..N) to stdout\n"
    "  --stderr-lines N      likewise to stderr\n"
    "  --line-interval MS    pause between lines (default 0: written in 64 KiB blocks at full speed)\n"
    "  --line-bytes N        pad each --lines/--stderr-lines line to N bytes, newline included\n"
    "  --gate N:PATH         before line N of --lines/--stderr-lines, wait until PATH exists (polled every\n"
    "                        millisecond; repeatable): a test lets the rest of the lines go when it is ready\n"
    "  --print TEXT          print TEXT and a newline to stdout (repeatable, in order)\n"
    "  --print-stderr TEXT   likewise to stderr\n"
    "  --print-partial TEXT  print TEXT without a newline to stdout, last of the --print steps\n"
    "  --children N          fork N children that sleep until killed\n"
    "  --grandchildren M     each child forks M grandchildren that sleep until killed\n"
    "  --ignore-sigterm      ignore SIGTERM (self and all descendants)\n"
    "  --pids-file PATH      once all descendants exist, write every pid, one per line: self first,\n"
    "                        then each child followed by its grandchildren, then the daemon (tmp + rename)\n"
    "  --ready-file PATH     create PATH (content: own pid) once set up (children, daemon, ports, memory)\n"
    "  --print-env NAME      print \"NAME=value\" to stdout, or \"NAME unset\" (repeatable)\n"
    "  --print-cwd           print \"cwd=<path>\"\n"
    "  --print-cgroup        print \"cgroup=<line>\" for each line of /proc/self/cgroup\n"
    "  --print-args          print each argv element as \"arg=<x>\" (argv[0] included)\n"
    "  --timeline PATH       append \"start <CLOCK_REALTIME ns> <pid>\" first thing in main and\n"
    "                        \"exit <ns> <pid>\" right before finishing (one O_APPEND write() each)\n"
    "  --hog-memory MB       allocate and touch MB MiB, held until the end\n"
    "  --spin-cpu PERCENT    busy-spin that share of one core (duty cycle over 100 ms slices)\n"
    "  --serve-tcp PORT      accept and close TCP connections on 127.0.0.1:PORT\n"
    "  --serve-http PORT     answer \"HTTP/1.0 200 OK\" to every request on 127.0.0.1:PORT\n"
    "  --port PORT           answer gRPC proto.CoreService/Ping (HTTP/2 cleartext) on 127.0.0.1:PORT,\n"
    "                        as an integrated worker does (the agent appends this flag)\n"
    "  --ping-status CODE    the grpc-status Ping answers with (default 0: OK)\n"
    "  --setsid-daemon       double-fork a setsid() daemon (stdio on /dev/null) that sleeps until killed\n"
    "  --help                this text\n"
    "Operands (arguments not starting with '-') and everything after \"--\" are accepted and ignored;\n"
    "an unknown flag is an error.\n"
    "Order: timeline start; --print-args/--print-cwd/--print-cgroup/--print-env; children and grandchildren; daemon;\n"
    "listening ports; memory; pids file; ready file; lines; then run (spin/serve) until --run-for ends.\n"
    "Exit codes: --exit-code (default 0); 2 = bad command line; 1 = a set-up step failed.\n"
    "Descendants are reaped automatically (SIGCHLD ignored once set up). SIGTERM keeps its default\n"
    "action unless --ignore-sigterm.\n";

struct Options {
    long long runForMs = -1; // -1 = forever
    int exitCode = 0;
    int crashSignal = 0;
    long long lines = 0;
    long long stderrLines = 0;
    long long lineIntervalMs = 0;
    long long children = 0;
    long long grandchildren = 0;
    bool ignoreSigterm = false;
    std::string pidsFile;
    std::string readyFile;
    std::vector<std::string> printEnv;
    long long lineBytes = 0;
    std::vector<std::pair<long long, std::string>> gates; // (line, file), in line order
    std::vector<std::pair<int, std::string>> prints; // (fd, text with its newline)
    bool printCwd = false;
    bool printCgroup = false;
    bool printArgs = false;
    std::string timeline;
    long long hogMemoryMb = 0;
    long long spinCpuPercent = 0;
    int serveTcpPort = 0;
    int serveHttpPort = 0;
    int grpcPort = 0;       // --port: an integrated worker's gRPC Ping
    int pingStatus = 0;
    bool setsidDaemon = false;
};

enum class Serve { Tcp, Http, GrpcPing };

int g_timelineFd = -1;

long long realtimeNs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

void timelineEvent(const char *what)
{
    if (g_timelineFd < 0)
        return;
    char buf[96];
    const int n = std::snprintf(buf, sizeof buf, "%s %lld %d\n", what, realtimeNs(), static_cast<int>(getpid()));
    if (n > 0)
        (void)!::write(g_timelineFd, buf, static_cast<size_t>(n)); // one write: O_APPEND keeps it whole
}

[[noreturn]] void badUsage(const std::string &msg)
{
    writeAll(2, "testworker: " + msg + "\n(try --help)\n");
    std::_Exit(2);
}

long long parseNumber(const std::string &flag, const char *text, long long min, long long max)
{
    errno = 0;
    char *end = nullptr;
    const long long v = std::strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
        badUsage("bad value for " + flag + ": \"" + text + "\" (want an integer " + std::to_string(min) + ".."
                 + std::to_string(max) + ")");
    return v;
}

struct SignalName {
    const char *name;
    int number;
};

constexpr SignalName kSignals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},     {"QUIT", SIGQUIT},   {"ILL", SIGILL},   {"TRAP", SIGTRAP},
    {"ABRT", SIGABRT}, {"BUS", SIGBUS},     {"FPE", SIGFPE},     {"KILL", SIGKILL}, {"USR1", SIGUSR1},
    {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},   {"PIPE", SIGPIPE},   {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"SYS", SIGSYS},   {"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ},   {"IOT", SIGABRT},
};

int parseSignal(const char *text)
{
    std::string_view s(text);
    if (!s.empty() && s.front() >= '0' && s.front() <= '9')
        return static_cast<int>(parseNumber("--crash", text, 1, 64));
    std::string upper;
    for (char c : s)
        upper.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
    std::string_view name(upper);
    if (name.starts_with("SIG"))
        name.remove_prefix(3);
    for (const auto &sig : kSignals)
        if (name == sig.name)
            return sig.number;
    badUsage(std::string("unknown signal for --crash: \"") + text + "\"");
}

Options parseArgs(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        auto value = [&]() -> const char * {
            if (i + 1 >= argc)
                badUsage(flag + " needs a value");
            return argv[++i];
        };
        if (flag == "--help" || flag == "-h") {
            writeAll(1, kUsage);
            std::_Exit(0);
        } else if (flag == "--run-for") {
            o.runForMs = parseNumber(flag, value(), 0, LLONG_MAX / 2);
        } else if (flag == "--exit-code") {
            o.exitCode = static_cast<int>(parseNumber(flag, value(), 0, 255));
        } else if (flag == "--crash") {
            o.crashSignal = parseSignal(value());
        } else if (flag == "--lines") {
            o.lines = parseNumber(flag, value(), 0, LLONG_MAX / 2);
        } else if (flag == "--stderr-lines") {
            o.stderrLines = parseNumber(flag, value(), 0, LLONG_MAX / 2);
        } else if (flag == "--line-interval") {
            o.lineIntervalMs = parseNumber(flag, value(), 0, 86400000);
        } else if (flag == "--children") {
            o.children = parseNumber(flag, value(), 0, 10000);
        } else if (flag == "--grandchildren") {
            o.grandchildren = parseNumber(flag, value(), 0, 1000);
        } else if (flag == "--ignore-sigterm") {
            o.ignoreSigterm = true;
        } else if (flag == "--pids-file") {
            o.pidsFile = value();
        } else if (flag == "--ready-file") {
            o.readyFile = value();
        } else if (flag == "--gate") {
            const std::string gate = value();
            const size_t colon = gate.find(':');
            if (colon == std::string::npos || colon + 1 == gate.size())
                badUsage("bad value for --gate: \"" + gate + "\" (want LINE:PATH)");
            const long long line = parseNumber(flag, gate.substr(0, colon).c_str(), 1, LLONG_MAX / 2);
            auto at = o.gates.begin();
            while (at != o.gates.end() && at->first <= line)
                ++at;
            o.gates.emplace(at, line, gate.substr(colon + 1));
        } else if (flag == "--line-bytes") {
            o.lineBytes = parseNumber(flag, value(), 0, 1 << 30);
        } else if (flag == "--print") {
            o.prints.emplace_back(1, std::string(value()) + "\n");
        } else if (flag == "--print-stderr") {
            o.prints.emplace_back(2, std::string(value()) + "\n");
        } else if (flag == "--print-partial") {
            o.prints.emplace_back(1, std::string(value()));
        } else if (flag == "--print-env") {
            o.printEnv.emplace_back(value());
        } else if (flag == "--print-cwd") {
            o.printCwd = true;
        } else if (flag == "--print-cgroup") {
            o.printCgroup = true;
        } else if (flag == "--print-args") {
            o.printArgs = true;
        } else if (flag == "--timeline") {
            o.timeline = value();
        } else if (flag == "--hog-memory") {
            o.hogMemoryMb = parseNumber(flag, value(), 0, 1LL << 30);
        } else if (flag == "--spin-cpu") {
            o.spinCpuPercent = parseNumber(flag, value(), 0, 100);
        } else if (flag == "--serve-tcp") {
            o.serveTcpPort = static_cast<int>(parseNumber(flag, value(), 1, 65535));
        } else if (flag == "--serve-http") {
            o.serveHttpPort = static_cast<int>(parseNumber(flag, value(), 1, 65535));
        } else if (flag == "--port") {
            o.grpcPort = static_cast<int>(parseNumber(flag, value(), 1, 65535));
        } else if (flag == "--ping-status") {
            o.pingStatus = static_cast<int>(parseNumber(flag, value(), 0, 16));
        } else if (flag == "--setsid-daemon") {
            o.setsidDaemon = true;
        } else if (flag == "--") {
            break; // the rest are operands: ignored (see --print-args)
        } else if (!flag.starts_with("-") || flag == "-") {
            continue; // an operand: ignored (see --print-args)
        } else {
            badUsage("unknown flag \"" + flag + "\"");
        }
    }
    return o;
}

void sleepMs(long long ms)
{
    timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1000000)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

[[noreturn]] void sleepForever()
{
    for (;;)
        pause();
}

void writeFileAtomically(const std::string &path, const std::string &content)
{
    const std::string tmp = path + ".tmp." + std::to_string(getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        setupFailed("cannot create " + tmp);
    writeAll(fd, content);
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        setupFailed("cannot rename " + tmp + " to " + path);
}

void writePid(int fd, pid_t pid)
{
    // sizeof(pid_t) < PIPE_BUF: each report arrives whole.
    (void)!::write(fd, &pid, sizeof pid);
}

// Forks the children (each forks its grandchildren); each child reports its own pid and then its
// grandchildren's through reportFd. Descendants never return.
void forkChildren(const Options &o, int reportFd)
{
    for (long long c = 0; c < o.children; ++c) {
        const pid_t child = fork();
        if (child < 0)
            setupFailed("fork");
        if (child > 0)
            continue;
        // child
        signal(SIGCHLD, SIG_IGN); // reap grandchildren that get killed
        std::vector<pid_t> mine{getpid()};
        for (long long g = 0; g < o.grandchildren; ++g) {
            const pid_t grandchild = fork();
            if (grandchild < 0) {
                break;
            }
            if (grandchild == 0) {
                ::close(reportFd);
                sleepForever();
            }
            mine.push_back(grandchild);
        }
        // One write (at most 1001 pids < PIPE_BUF): a child's report never interleaves with another's.
        (void)!::write(reportFd, mine.data(), mine.size() * sizeof(pid_t));
        ::close(reportFd);
        sleepForever();
    }
}

void forkDaemon(int reportFd)
{
    const pid_t middle = fork();
    if (middle < 0)
        setupFailed("fork");
    if (middle == 0) {
        setsid();
        const pid_t daemonPid = fork();
        if (daemonPid != 0)
            std::_Exit(daemonPid > 0 ? 0 : 1);
        const int devnull = ::open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 1);
            dup2(devnull, 2);
            if (devnull > 2)
                ::close(devnull);
        }
        writePid(reportFd, getpid());
        ::close(reportFd);
        sleepForever();
    }
    int status = 0;
    while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {
    }
}

// Runs fork(reportFd) and reads the pids the forked processes write until every one of them has
// closed its end of the pipe.
template <typename Fork>
void appendReports(std::vector<pid_t> &pids, Fork fork)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0)
        setupFailed("pipe");
    fork(report[1]);
    ::close(report[1]);
    std::string bytes;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(report[0], buf, sizeof buf);
        if (n > 0) {
            bytes.append(buf, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break;
    }
    ::close(report[0]);
    for (size_t off = 0; off + sizeof(pid_t) <= bytes.size(); off += sizeof(pid_t)) {
        pid_t p = 0;
        std::memcpy(&p, bytes.data() + off, sizeof p);
        pids.push_back(p);
    }
}

void *hogMemory(long long mb)
{
    if (mb <= 0)
        return nullptr;
    const size_t size = static_cast<size_t>(mb) * 1024 * 1024;
    void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        setupFailed("cannot map " + std::to_string(mb) + " MiB");
    const long page = sysconf(_SC_PAGESIZE);
    auto *bytes = static_cast<volatile unsigned char *>(p);
    for (size_t off = 0; off < size; off += static_cast<size_t>(page))
        bytes[off] = 1;
    return p;
}

void printLines(const Options &o)
{
    const long long most = o.lines > o.stderrLines ? o.lines : o.stderrLines;
    if (most == 0)
        return;
    std::string out, err;
    std::string line;
    auto gate = o.gates.cbegin();
    for (long long i = 1; i <= most; ++i) {
        for (; gate != o.gates.cend() && gate->first == i; ++gate) {
            writeAll(1, out);
            writeAll(2, err);
            out.clear();
            err.clear();
            while (::access(gate->second.c_str(), F_OK) != 0)
                sleepMs(1);
        }
        line = "line " + std::to_string(i);
        if (o.lineBytes > static_cast<long long>(line.size()) + 1) {
            line += ' ';
            line.append(static_cast<size_t>(o.lineBytes) - line.size() - 1, 'x');
        }
        line += '\n';
        if (i <= o.lines)
            out += line;
        if (i <= o.stderrLines)
            err += line;
        // At full speed, 64 KiB blocks: as a stdio-buffered program writes, without holding a
        // burst of hundreds of MiB in memory first.
        if (o.lineIntervalMs == 0 && (out.size() >= 65536 || err.size() >= 65536)) {
            writeAll(1, out);
            writeAll(2, err);
            out.clear();
            err.clear();
        } else if (o.lineIntervalMs > 0) {
            writeAll(1, out);
            writeAll(2, err);
            out.clear();
            err.clear();
            if (i < most)
                sleepMs(o.lineIntervalMs);
        }
    }
    writeAll(1, out);
    writeAll(2, err);
}

[[noreturn]] void finish(const Options &o)
{
    if (o.crashSignal != 0) {
        // No core file, wherever core_pattern points.
        rlimit none{0, 0};
        setrlimit(RLIMIT_CORE, &none);
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        timelineEvent("exit");
        signal(o.crashSignal, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, o.crashSignal);
        sigprocmask(SIG_UNBLOCK, &set, nullptr);
        raise(o.crashSignal);
        std::_Exit(128 + o.crashSignal); // a signal whose default action is to ignore it
    }
    timelineEvent("exit");
    std::_Exit(o.exitCode);
}

// Runs until --run-for is over: serves ports, spins the CPU share asked for.
void run(const Options &o, const std::vector<std::pair<int, Serve>> &listeners)
{
    const long long deadline = o.runForMs < 0 ? -1 : monotonicMs() + o.runForMs;
    std::vector<pollfd> fds;
    for (const auto &l : listeners)
        fds.push_back(pollfd{l.first, POLLIN, 0});
    for (;;) {
        long long now = monotonicMs();
        if (deadline >= 0 && now >= deadline)
            return;
        long long waitUntil = deadline; // -1 = no deadline
        if (o.spinCpuPercent > 0) {
            const long long sliceStart = now - now % 100;
            const long long spinEnd = sliceStart + o.spinCpuPercent;
            while (now < spinEnd && (deadline < 0 || now < deadline)) {
                for (int k = 0; k < 10000; ++k)
                    asm volatile("" ::: "memory"); // keep the busy loop
                now = monotonicMs();
            }
            const long long sliceEnd = sliceStart + 100;
            if (deadline < 0 || sliceEnd < deadline)
                waitUntil = sliceEnd;
        }
        const int timeout = waitUntil < 0 ? -1 : static_cast<int>(waitUntil > now ? waitUntil - now : 0);
        if (fds.empty()) {
            if (timeout < 0)
                sleepForever();
            sleepMs(timeout);
            continue;
        }
        const int ready = ::poll(fds.data(), fds.size(), timeout);
        if (ready <= 0)
            continue;
        for (size_t i = 0; i < fds.size(); ++i)
            if (fds[i].revents & POLLIN) {
                if (listeners[i].second == Serve::GrpcPing)
                    serveGrpcPing(fds[i].fd, o.pingStatus);
                else
                    serveOne(fds[i].fd, listeners[i].second == Serve::Http);
            }
    }
}

} // namespace

int main(int argc, char **argv)
{
    // The very first thing: the timeline's start line (benchmarks measure exit -> next start).
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--timeline") == 0) {
            g_timelineFd = ::open(argv[i + 1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
            timelineEvent("start");
            break;
        }
    }

    const Options o = parseArgs(argc, argv);
    if (!o.timeline.empty() && g_timelineFd < 0) {
        errno = errno ? errno : ENOENT;
        setupFailed("cannot open timeline " + o.timeline);
    }
    if (o.ignoreSigterm)
        signal(SIGTERM, SIG_IGN); // inherited by every descendant

    std::string info;
    if (o.printArgs)
        for (int i = 0; i < argc; ++i)
            info += std::string("arg=") + argv[i] + "\n";
    if (o.printCwd) {
        std::vector<char> buf(PATH_MAX + 1);
        info += std::string("cwd=") + (getcwd(buf.data(), buf.size()) ? buf.data() : "?") + "\n";
    }
    if (o.printCgroup) {
        const int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
        std::string text;
        char buf[4096];
        ssize_t n;
        while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0)
            text.append(buf, size_t(n));
        if (fd >= 0)
            close(fd);
        for (size_t at = 0; at < text.size();) {
            const size_t nl = text.find('\n', at);
            const size_t end = nl == std::string::npos ? text.size() : nl;
            info += "cgroup=" + text.substr(at, end - at) + "\n";
            at = end + 1;
        }
    }
    for (const auto &name : o.printEnv) {
        const char *v = std::getenv(name.c_str());
        info += v ? name + "=" + v + "\n" : name + " unset\n";
    }
    writeAll(1, info);
    for (const auto &[fd, text] : o.prints)
        writeAll(fd, text);

    std::vector<pid_t> pids{getpid()};
    // Children report first and the daemon after them, each through its own pipe read to EOF, so the
    // reported order is fixed even when the daemon is quicker than the last child.
    if (o.children > 0)
        appendReports(pids, [&](int fd) { forkChildren(o, fd); });
    if (o.setsidDaemon)
        appendReports(pids, [](int fd) { forkDaemon(fd); });
    signal(SIGCHLD, SIG_IGN); // killed children vanish instead of lingering as zombies

    std::vector<std::pair<int, Serve>> listeners;
    if (o.serveTcpPort > 0)
        listeners.emplace_back(listenOn(o.serveTcpPort), Serve::Tcp);
    if (o.serveHttpPort > 0)
        listeners.emplace_back(listenOn(o.serveHttpPort), Serve::Http);
    if (o.grpcPort > 0)
        listeners.emplace_back(listenOn(o.grpcPort), Serve::GrpcPing);

    void *hog = hogMemory(o.hogMemoryMb);
    (void)hog;

    if (!o.pidsFile.empty()) {
        std::string content;
        for (pid_t p : pids)
            content += std::to_string(p) + "\n";
        writeFileAtomically(o.pidsFile, content);
    }
    if (!o.readyFile.empty())
        writeFileAtomically(o.readyFile, std::to_string(getpid()) + "\n");

    printLines(o);
    run(o, listeners);
    finish(o);
}
