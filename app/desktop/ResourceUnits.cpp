#include "ResourceUnits.h"

#include <QCoreApplication>

#include <cmath>

namespace hsu::desktop {

namespace {

const char *const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};

QString tr(const char *text)
{
    return QCoreApplication::translate("hsu::desktop::ResourceUnits", text);
}

} // namespace

QString formatBytes(double bytes)
{
    if (!std::isfinite(bytes) || bytes < 0)
        bytes = 0;
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    if (unit == 0)
        return QStringLiteral("%1 %2").arg(qint64(bytes)).arg(tr(kUnits[0]));
    // Three significant digits: "1.50 GiB", "48.2 MiB", "812 KiB".
    const int decimals = bytes < 10 ? 2 : bytes < 100 ? 1 : 0;
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', decimals).arg(tr(kUnits[unit]));
}

QString formatRate(double bytesPerSec)
{
    return tr("%1/s").arg(formatBytes(bytesPerSec));
}

QString formatPercent(double percent)
{
    if (!std::isfinite(percent) || percent < 0)
        percent = 0;
    return QStringLiteral("%1 %").arg(percent, 0, 'f', 1);
}

double niceStep(double max, int ticks, bool binary)
{
    if (!(max > 0) || ticks < 1)
        return 1;
    const double raw = max / ticks;
    if (binary && raw >= 1024) {
        // Steps of 1, 2, 4 ... 512 × 1024^n: grid lines at round MiB / GiB.
        double scale = 1024;
        while (raw >= scale * 1024)
            scale *= 1024;
        double step = scale;
        while (step < raw)
            step *= 2;
        return step;
    }
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw)
            return m * magnitude;
    return 10 * magnitude;
}

} // namespace hsu::desktop
