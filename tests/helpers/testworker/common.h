#pragma once

// What every part of the test worker uses: whole writes, the failure exit, a monotonic clock.

#include <string>
#include <string_view>

// Writes all of `data` (a short write is retried; an error ends it quietly).
void writeAll(int fd, std::string_view data);
// "testworker: MSG: strerror(errno)" on stderr, then exit 1 (a set-up step failed).
[[noreturn]] void setupFailed(const std::string &msg);
long long monotonicMs();
