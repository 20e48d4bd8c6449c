/* spawn_paths: what each way of putting a new process into a cgroup costs at its start.
 * usage: spawn_paths MODE RUNS GAP_MS PROGRAM V2DIR V1DIR...
 * MODE  none    vfork + exec, no cgroup (the machine's limit)
 *       join1   the child writes "0" to each V1DIR/cgroup.procs, then execs (joins before exec)
 *       join2   the child writes "0" to V2DIR/cgroup.procs, then execs
 *       clone3  clone3(CLONE_VFORK), then exec: the baseline of `into` (this program has no
 *               trampoline for a child on its own stack, so clone3 cannot share memory here and
 *               copies the page tables as fork does; hsu-agent's clone3 shares them)
 *       into    clone3(CLONE_VFORK | CLONE_INTO_CGROUP) into V2DIR, then exec (no migration)
 *       into-late  the same, reaping each process only after the next one started (as hsu-agent
 *               does: the zombie keeps the cgroup's css_set, which is otherwise freed and rebuilt)
 *       after   vfork + exec, then the parent writes the pid to each V1DIR/cgroup.procs: the
 *               figure is how long the new process runs outside its cgroups (what it forks then
 *               escapes them), not its start
 * Each run: wait GAP_MS (so the kernel's cgroup lock goes idle, as between a worker's restarts),
 * start PROGRAM (which should exit at once), wait for it. Prints the median, p90 and max in ms of
 * the time until the new process has exec'd (the vfork parent resumes then), or, for `after`, of
 * the time it runs outside its cgroups. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double nowMs(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static char procsFiles[8][4096];
static int procsCount;
static char *childArgs[2];

static void joinAll(const char *value)
{
    for (int i = 0; i < procsCount; ++i) {
        const int fd = open(procsFiles[i], O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            if (write(fd, value, strlen(value)) < 0)
                perror(procsFiles[i]);
            close(fd);
        }
    }
}

static int cmp(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The child only joins (if asked) and execs, as vfork requires. */
static __attribute__((noinline)) pid_t startVfork(int joinFirst)
{
    const pid_t pid = vfork();
    if (pid == 0) {
        if (joinFirst)
            joinAll("0");
        execv(childArgs[0], childArgs);
        _exit(127);
    }
    return pid;
}

static pid_t startInto(int v2fd)
{
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_VFORK | (v2fd >= 0 ? CLONE_INTO_CGROUP : 0);
    ca.exit_signal = SIGCHLD;
    ca.cgroup = (unsigned long long)v2fd;
    const pid_t pid = (pid_t)syscall(SYS_clone3, &ca, sizeof ca);
    if (pid == 0) {
        execv(childArgs[0], childArgs);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: spawn_paths none|join1|join2|clone3|into|into-late|after RUNS GAP_MS PROGRAM V2DIR V1DIR...\n");
        return 2;
    }
    const char *mode = argv[1];
    const int runs = atoi(argv[2]);
    const int gap = atoi(argv[3]);
    childArgs[0] = argv[4];
    const char *v2 = argv[5];
    if (!strcmp(mode, "join2")) {
        snprintf(procsFiles[0], sizeof procsFiles[0], "%s/cgroup.procs", v2);
        procsCount = 1;
    } else if (!strcmp(mode, "join1") || !strcmp(mode, "after")) {
        for (int i = 6; i < argc && procsCount < 8; ++i)
            snprintf(procsFiles[procsCount++], sizeof procsFiles[0], "%s/cgroup.procs", argv[i]);
    }
    const int into = !strncmp(mode, "into", 4) || !strcmp(mode, "clone3");
    const int late = !strcmp(mode, "into-late");
    const int after = !strcmp(mode, "after");
    const int v2fd = strcmp(mode, "clone3") ? open(v2, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    double *d = calloc((size_t)runs, sizeof(double));
    pid_t previous = 0;
    for (int i = 0; i < runs; ++i) {
        usleep((useconds_t)gap * 1000);
        const double t0 = nowMs();
        const pid_t pid = into ? startInto(v2fd) : startVfork(!strcmp(mode, "join1") || !strcmp(mode, "join2"));
        const double spawned = nowMs() - t0; // a vfork parent resumes once the child has exec'd
        if (pid < 0) {
            perror("spawn");
            return 1;
        }
        if (after) {
            char text[32];
            snprintf(text, sizeof text, "%d", pid);
            joinAll(text);
            d[i] = nowMs() - t0;
        }
        if (previous > 0)
            waitpid(previous, NULL, 0);
        siginfo_t info;
        waitid(P_PID, (id_t)pid, &info, WEXITED | (late ? WNOWAIT : 0));
        previous = late ? pid : 0;
        if (!after)
            d[i] = spawned;
    }
    if (previous > 0)
        waitpid(previous, NULL, 0);
    qsort(d, (size_t)runs, sizeof(double), cmp);
    printf("%s\t%.3f\t%.3f\t%.3f\n", mode, d[runs / 2], d[runs * 9 / 10], d[runs - 1]);
    return 0;
}
