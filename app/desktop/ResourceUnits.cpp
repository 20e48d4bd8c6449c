#include "ResourceUnits.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>

namespace hsu::desktop {

namespace {

const char *const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};

// The context of this file's texts: free functions have no class for lupdate to name.
struct Text final
{
    Q_DECLARE_TR_FUNCTIONS(hsu::desktop::ResourceUnits)
};

bool isRound(double value)
{
    return std::abs(value - std::round(value)) < 1e-9;
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
        return QStringLiteral("%1 %2").arg(qint64(bytes)).arg(Text::tr(kUnits[0]));
    // Three significant digits: "1.50 GiB", "48.2 MiB", "812 KiB"; a round value (a limit, a grid
    // line) without decimals: "64 MiB", as the limits table and the charts write it.
    const int decimals = isRound(bytes) ? 0 : bytes < 10 ? 2 : bytes < 100 ? 1 : 0;
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', decimals).arg(Text::tr(kUnits[unit]));
}

QString formatRate(double bytesPerSec)
{
    return Text::tr("%1/s").arg(formatBytes(bytesPerSec));
}

QString formatPercent(double percent)
{
    if (!std::isfinite(percent) || percent < 0)
        percent = 0;
    return QStringLiteral("%1 %").arg(percent, 0, 'f', isRound(percent) ? 0 : 1);
}

QString formatLimitValue(const QString &key, const QString &value)
{
    // The config's sizes are binary ("64MB" is 64 × 1024²): config::formatSize writes them so.
    static const QRegularExpression number(QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?i?B?|%)?\\s*(?:/s)?\\s*$"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = number.match(value);
    if (!m.hasMatch())
        return value;
    const double n = m.captured(1).toDouble();
    const QString unit = m.captured(2).toUpper();
    const bool percent = unit == QLatin1String("%");
    if (key.endsWith(QLatin1String("_percent")))
        return formatPercent(n);
    if (percent)
        return value;
    const bool memory = key.startsWith(QLatin1String("memory."));
    const bool rate = key.startsWith(QLatin1String("io.")) && key.endsWith(QLatin1String("_bps"));
    if (!memory && !rate)
        return value;
    double factor = 1;
    if (!unit.isEmpty())
        switch (unit.at(0).toLatin1()) {
        case 'K': factor = 1024.0; break;
        case 'M': factor = 1024.0 * 1024; break;
        case 'G': factor = 1024.0 * 1024 * 1024; break;
        case 'T': factor = 1024.0 * 1024 * 1024 * 1024; break;
        default: break;
        }
    return rate ? formatRate(n * factor) : formatBytes(n * factor);
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
