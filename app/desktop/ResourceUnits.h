#pragma once

// How resource figures read in the GUI (table, figures, chart axes): binary units for memory,
// rates per second, one decimal for CPU. One place, so the table and the charts agree.

#include <QString>

namespace hsu::desktop {

// IEC units with a space; a round number without decimals (so a limit reads the same in the
// limits table, the chart and the figures).
QString formatBytes(double bytes);         // "812 B", "48.2 MiB", "1.50 GiB", "64 MiB"
QString formatRate(double bytesPerSec);    // "0 B/s", "3.4 MiB/s"
QString formatPercent(double percent);     // "12.3 %", "40 %"
// A configured limit's value as the agent reports it (in the config's own spelling: "64MB",
// "40%", "10MB" for a rate) in the GUI's units: "64 MiB", "40 %", "10 MiB/s". `key` says what
// it measures ("memory.max_rss", "cpu.max_percent", "io.max_read_bps"); anything else (counts,
// durations, priorities) and anything not understood is returned as it came.
QString formatLimitValue(const QString &key, const QString &value);
// A "nice" step (1, 2, 5 × 10^n; for bytes 1, 2, 4, 8 ... × 1024^n) so that `ticks` steps cover
// `max`. Used for the chart's horizontal grid lines.
double niceStep(double max, int ticks, bool binary);

} // namespace hsu::desktop
