#pragma once

// Durations and sizes as HSU Master files write them, plus what this project also accepts
// (days, bare numbers of seconds, size strings). See CONFIG.md "Values".

#include "shared/config/WorkerSpec.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace hsu::config {

// "500ms", "5s", "1m30s", "1.5h", "2h", "3d", or a bare number of seconds ("10", "2.5").
// Units: ms, s, m, h, d. Negative or malformed text, or 2^53 ms and more (285,000 years: what
// reads back exactly), gives std::nullopt.
std::optional<Duration> parseDuration(QStringView text);

// Bytes as a number ("104857600") or a number and unit: B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB,
// case-insensitive, all powers of 1024 (HSU Master's meaning of "MB"). Fractions ("1.5GB") round to
// whole bytes. Negative, malformed or overflowing text gives std::nullopt.
std::optional<qint64> parseSize(QStringView text);

// The shortest exact spelling parseDuration reads back: "0s", "500ms", "1m30s", "3d".
QString formatDuration(Duration d);

// The largest unit that divides exactly: "1GB", "512KB", "1000" (bytes).
QString formatSize(qint64 bytes);

} // namespace hsu::config
