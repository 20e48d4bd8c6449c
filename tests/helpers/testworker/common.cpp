#include "common.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <unistd.h>

void writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
}

[[noreturn]] void setupFailed(const std::string &msg)
{
    writeAll(2, "testworker: " + msg + ": " + std::strerror(errno) + "\n");
    std::_Exit(1);
}

long long monotonicMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000LL + ts.tv_nsec / 1000000;
}
