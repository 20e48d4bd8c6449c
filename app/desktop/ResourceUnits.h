#pragma once

// How resource figures read in the GUI (table, figures, chart axes): binary units for memory,
// rates per second, one decimal for CPU. One place, so the table and the charts agree.

#include <QString>

namespace hsu::desktop {

QString formatBytes(double bytes);         // "812 B", "48.2 MiB", "1.50 GiB"
QString formatRate(double bytesPerSec);    // "0 B/s", "3.4 MiB/s"
QString formatPercent(double percent);     // "12.3 %"
// A "nice" step (1, 2, 5 × 10^n; for bytes 1, 2, 4, 8 ... × 1024^n) so that `ticks` steps cover
// `max`. Used for the chart's horizontal grid lines.
double niceStep(double max, int ticks, bool binary);

} // namespace hsu::desktop
