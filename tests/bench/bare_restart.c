/* bare_restart: the machine's limit for "restart after exit": a loop of vfork + execv + waitpid.
 * usage: bare_restart [--fork] RUNS PROGRAM [ARGS...]
 * Runs PROGRAM RUNS times, one after the other, with no delay. vfork by default: the cheapest way
 * to start a program (what posix_spawn and QProcess do underneath); --fork uses plain fork(), which
 * on small VMs costs measurably more (page-table copy and teardown) and so is no limit.
 * Exit: 0, or 1 on a fork/exec failure. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The child only calls execv or _exit, as vfork requires. */
static pid_t startOne(int plainFork, char **args)
{
    const pid_t pid = plainFork ? fork() : vfork();
    if (pid == 0) {
        execv(args[0], args);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    int plainFork = 0;
    if (argc > 1 && strcmp(argv[1], "--fork") == 0) {
        plainFork = 1;
        ++argv;
        --argc;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: bare_restart [--fork] RUNS PROGRAM [ARGS...]\n");
        return 2;
    }
    const long runs = strtol(argv[1], NULL, 10);
    for (long i = 0; i < runs; ++i) {
        const pid_t pid = startOne(plainFork, argv + 2);
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        int status = 0;
        if (waitpid(pid, &status, 0) < 0) {
            perror("waitpid");
            return 1;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            fprintf(stderr, "bare_restart: cannot run %s\n", argv[2]);
            return 1;
        }
    }
    return 0;
}
