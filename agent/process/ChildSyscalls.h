#pragma once
// The system calls a spawned child makes between clone and execve, made directly.
//
// The child shares the agent's memory (CLONE_VM | CLONE_VFORK) and runs on the agent's thread's
// state. The C library's wrappers, and a sanitizer's interceptors of them, keep bookkeeping in
// that memory: under ThreadSanitizer, a child's sigaction(SIG_DFL) rewrote the agent's table of
// signal handlers (the agent's SIGTERM handler was then never called), its close/dup2 rewrote the
// table of descriptors the sanitizer keeps for the agent, and its _exit ran the sanitizer's
// end-of-program report inside the child (issue 16). The kernel's calls touch none of that.
// errno is set as by the wrappers (glibc's syscall() sets it).

#include <csignal>
#include <cstddef>

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

// For every function the child runs: not instrumented by ThreadSanitizer. Instrumented code
// there would record its steps on the agent's thread's sanitizer state (its call stack, its
// accesses), from a process that never returns to that thread.
#if defined(__SANITIZE_THREAD__)
#define HSU_CHILD_CODE __attribute__((no_sanitize_thread))
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HSU_CHILD_CODE __attribute__((no_sanitize("thread")))
#endif
#endif
#ifndef HSU_CHILD_CODE
#define HSU_CHILD_CODE
#endif

namespace hsu::agent::childsys {

HSU_CHILD_CODE inline int open(const char *path, int flags, mode_t mode = 0)
{
    return int(::syscall(SYS_openat, AT_FDCWD, path, flags, mode));
}

HSU_CHILD_CODE inline int close(int fd)
{
    return int(::syscall(SYS_close, fd));
}

// dup3 refuses from == to (EINVAL); callers make a descriptor that is already in place
// inheritable with fcntl instead.
HSU_CHILD_CODE inline int dup2(int from, int to)
{
    return int(::syscall(SYS_dup3, from, to, 0));
}

HSU_CHILD_CODE inline int fcntl(int fd, int cmd, long arg)
{
    return int(::syscall(SYS_fcntl, fd, cmd, arg));
}

HSU_CHILD_CODE inline ssize_t write(int fd, const void *data, std::size_t size)
{
    return ::syscall(SYS_write, fd, data, size);
}

// Back to SIG_DFL. The kernel's struct sigaction is the handler, the flags, (on some
// architectures) the restorer and the mask: all zero here, whatever the layout.
HSU_CHILD_CODE inline int resetSignal(int sig)
{
    unsigned long kernelSigaction[4] = {};
    static_assert(SIG_DFL == nullptr);
    return int(::syscall(SYS_rt_sigaction, sig, kernelSigaction, nullptr, sizeof(unsigned long)));
}

HSU_CHILD_CODE inline int unblockAllSignals()
{
    const unsigned long none = 0;
    return int(::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, nullptr, sizeof none));
}

[[noreturn]] HSU_CHILD_CODE inline void exit(int code)
{
    for (;;)
        ::syscall(SYS_exit_group, code);
}

} // namespace hsu::agent::childsys
