// hsu-standby: a worker's next process, started ahead of the restart that needs it.
//
//   hsu-standby CONTROL_FD GO_FD N PROCS_FILE... PROGRAM ARG0 ARG...
//
// The agent spawns it with everything a worker gets before exec (own session, default signals,
// stdout/stderr on the worker's log FIFOs, rlimits, nice, working folder, the worker's environment,
// its v2 cgroup), CONTROL_FD as one end of a socket pair and GO_FD an eventfd. It joins the worker's
// cgroup v1 hierarchies by writing "0" to each PROCS_FILE, a migration that waits for the kernel's
// cgroup lock (milliseconds), and then waits. The eventfd becoming readable means "go": it execs
// PROGRAM with ARG0 ARG... and the environment it was given, so the restart costs one exec and no
// migration. (An eventfd, not a byte on the socket: a socket wakes its reader on the writer's CPU,
// where the agent goes on working, and the exec waited for it.) End of file on the socket (the
// agent let go of it, or died) means it is not needed: it exits. If the exec fails, errno goes back
// over the socket as four bytes and it exits with 127.
//
// Plain C++ without Qt, linked statically: it waits for a long time and must cost next to nothing
// (no shared libraries; 0.7 MiB resident while it waits, most of it its own program pages).

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

extern char **environ;

namespace {

int parseInt(const char *text)
{
    char *end = nullptr;
    const long v = std::strtol(text, &end, 10);
    return (end == text || *end != '\0' || v < 0 || v > 1 << 20) ? -1 : int(v);
}

void join(const char *procsFile)
{
    const int fd = ::open(procsFile, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return; // as a direct spawn does: a cgroup that cannot be joined does not stop the worker
    ssize_t n;
    do {
        n = ::write(fd, "0", 1);
    } while (n < 0 && errno == EINTR);
    ::close(fd);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    const int control = parseInt(argv[1]);
    const int go = parseInt(argv[2]);
    const int count = parseInt(argv[3]);
    if (control < 0 || go < 0 || count < 0 || argc < 4 + count + 2)
        return 2;
    // Not inherited by the worker: its exec closes the socket, which tells the agent it succeeded.
    ::fcntl(control, F_SETFD, FD_CLOEXEC);
    ::fcntl(go, F_SETFD, FD_CLOEXEC);
    for (int i = 0; i < count; ++i)
        join(argv[4 + i]);

    for (;;) {
        struct pollfd fds[2] = {{go, POLLIN, 0}, {control, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if (fds[0].revents & POLLIN)
            break;
        if (fds[1].revents) {
            char c;
            if (::read(control, &c, 1) <= 0)
                return 0; // the agent let go of it
        }
    }

    char **program = argv + 4 + count;
    ::execve(program[0], program + 1, environ);
    const int error = errno;
    [[maybe_unused]] const ssize_t w = ::write(control, &error, sizeof error);
    return 127;
}
