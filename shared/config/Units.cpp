#include "shared/config/Units.h"
#include "shared/config/WorkerSpec.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace hsu::config {

namespace {

// Reads "<digits>[.<digits>]" at pos; returns the number and advances pos.
std::optional<double> readNumber(QStringView text, qsizetype &pos)
{
    const qsizetype start = pos;
    bool seenDigit = false;
    bool seenDot = false;
    while (pos < text.size()) {
        const QChar c = text[pos];
        if (c.isDigit() && c.unicode() < 128) {
            seenDigit = true;
        } else if (c == u'.' && !seenDot) {
            seenDot = true;
        } else {
            break;
        }
        ++pos;
    }
    if (!seenDigit)
        return std::nullopt;
    bool ok = false;
    const double value = text.mid(start, pos - start).toString().toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

std::optional<double> durationUnitMs(QStringView unit)
{
    if (unit == u"ms")
        return 1.0;
    if (unit == u"s")
        return 1000.0;
    if (unit == u"m")
        return 60'000.0;
    if (unit == u"h")
        return 3'600'000.0;
    if (unit == u"d")
        return 86'400'000.0;
    return std::nullopt;
}

} // namespace

// The parts add up as doubles, exact only below 2^53 ms (some 285,000 years): past that the sum
// rounds, and formatDuration's text of a duration read back as another one (found by
// tests/fuzz/fuzz_config_values). No timeout needs more, so 2^53 ms and longer is refused as an
// overflow (2^53 itself too: 2^53 + 1 rounds down to it).
constexpr double kMaxExactMs = 9007199254740992.0; // 2^53

std::optional<Duration> parseDuration(QStringView input)
{
    const QStringView text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;

    qsizetype pos = 0;
    const std::optional<double> first = readNumber(text, pos);
    if (!first)
        return std::nullopt;
    if (pos == text.size()) { // a bare number: seconds
        if (*first * 1000.0 >= kMaxExactMs)
            return std::nullopt;
        return Duration(std::llround(*first * 1000.0));
    }

    double totalMs = 0;
    std::optional<double> number = first;
    while (true) {
        const qsizetype unitStart = pos;
        while (pos < text.size() && text[pos].isLetter())
            ++pos;
        const std::optional<double> unitMs = durationUnitMs(text.mid(unitStart, pos - unitStart));
        if (!unitMs)
            return std::nullopt;
        totalMs += *number * *unitMs;
        if (pos == text.size())
            break;
        number = readNumber(text, pos);
        if (!number || pos == text.size()) // "1m30" is ambiguous: every part needs its unit
            return std::nullopt;
    }
    if (totalMs >= kMaxExactMs)
        return std::nullopt;
    return Duration(std::llround(totalMs));
}

std::optional<qint64> parseSize(QStringView input)
{
    const QStringView text = input.trimmed();
    qsizetype pos = 0;
    const std::optional<double> number = readNumber(text, pos);
    if (!number)
        return std::nullopt;
    const QString unit = text.mid(pos).trimmed().toString().toLower();

    double factor = 0;
    if (unit.isEmpty() || unit == u"b")
        factor = 1;
    else if (unit == u"k" || unit == u"kb" || unit == u"kib")
        factor = 1024.0;
    else if (unit == u"m" || unit == u"mb" || unit == u"mib")
        factor = 1024.0 * 1024;
    else if (unit == u"g" || unit == u"gb" || unit == u"gib")
        factor = 1024.0 * 1024 * 1024;
    else if (unit == u"t" || unit == u"tb" || unit == u"tib")
        factor = 1024.0 * 1024 * 1024 * 1024;
    else
        return std::nullopt;

    const double bytes = *number * factor;
    if (bytes >= double(std::numeric_limits<qint64>::max()))
        return std::nullopt;
    return std::llround(bytes);
}

QString formatDuration(Duration d)
{
    qint64 ms = d.count();
    if (ms == 0)
        return QStringLiteral("0s");
    QString out;
    if (ms < 0) {
        out += u'-';
        ms = -ms;
    }
    struct Part
    {
        qint64 ms;
        const char16_t *unit;
    };
    static constexpr Part parts[] = {
        {86'400'000, u"d"}, {3'600'000, u"h"}, {60'000, u"m"}, {1000, u"s"}, {1, u"ms"}};
    for (const Part &p : parts) {
        if (ms >= p.ms) {
            out += QString::number(ms / p.ms) + QString::fromUtf16(p.unit);
            ms %= p.ms;
        }
    }
    return out;
}

QString formatSize(qint64 bytes)
{
    if (bytes <= 0)
        return QString::number(bytes);
    struct Unit
    {
        qint64 factor;
        const char *name;
    };
    static constexpr Unit units[] = {
        {qint64(1) << 40, "TB"}, {qint64(1) << 30, "GB"}, {qint64(1) << 20, "MB"}, {qint64(1) << 10, "KB"}};
    for (const Unit &u : units)
        if (bytes % u.factor == 0)
            return QString::number(bytes / u.factor) + QLatin1String(u.name);
    return QString::number(bytes);
}

} // namespace hsu::config

namespace hsu::config {

bool isListenAddress(const QString &text)
{
    // A port (1..65535, or 0: any free one), after an IPv4 address, localhost or a bracketed IPv6.
    static const QRegularExpression form(QStringLiteral(
        "^(?:(?:(?:\\d{1,3}\\.){3}\\d{1,3}|localhost|\\[[0-9A-Fa-f:.]+\\]):)?(\\d{1,5})$"));
    const QRegularExpressionMatch m = form.match(text.trimmed());
    return m.hasMatch() && m.captured(1).toUInt() <= 65535;
}

} // namespace hsu::config
