/* bare_spawn: the machine's limit for "start N workers": N posix_spawn calls in a row.
 * usage: bare_spawn N PROGRAM [ARGS...]   prints each child's pid on stdout, then waits for them
 * (they run until killed; the caller kills them by pid). Each child gets its own process group, as a
 * supervisor would give it. Exit: 0 once all children are gone, 1 on a spawn failure. */
#define _POSIX_C_SOURCE 200809L
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bare_spawn N PROGRAM [ARGS...]\n");
        return 2;
    }
    const long n = strtol(argv[1], NULL, 10);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t *pids = calloc((size_t)n, sizeof *pids);
    for (long i = 0; i < n; ++i) {
        const int err = posix_spawn(&pids[i], argv[2], NULL, &attr, argv + 2, environ);
        if (err != 0) {
            fprintf(stderr, "posix_spawn: %s\n", strerror(err));
            return 1;
        }
    }
    for (long i = 0; i < n; ++i)
        printf("%d\n", (int)pids[i]);
    fflush(stdout);
    while (wait(NULL) > 0) {
    }
    free(pids);
    return 0;
}
