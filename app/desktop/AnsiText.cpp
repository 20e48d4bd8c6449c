#include "AnsiText.h"

#include <algorithm>

namespace hsu::desktop {

namespace {

constexpr char16_t kEsc = 0x1b;
constexpr char16_t kCsi = 0x9b; // the C1 control, as some programs write it
constexpr char16_t kBel = 0x07;

struct Style
{
    QColor color;
    bool bold = false;
    bool isDefault() const { return !color.isValid() && !bold; }
    bool operator==(const Style &o) const { return color == o.color && bold == o.bold; }
};

// Applies one SGR parameter list to `style`. Background colours, underline, reverse and the like
// are read (so that their arguments are skipped) but not shown.
void applySgr(const QList<int> &params, Style &style)
{
    if (params.isEmpty()) {
        style = Style();
        return;
    }
    for (int i = 0; i < params.size(); ++i) {
        const int p = params.at(i);
        if (p == 0)
            style = Style();
        else if (p == 1)
            style.bold = true;
        else if (p == 22)
            style.bold = false;
        else if (p >= 30 && p <= 37)
            style.color = ansiColor(p - 30);
        else if (p >= 90 && p <= 97)
            style.color = ansiColor(p - 90 + 8);
        else if (p == 39)
            style.color = QColor();
        else if (p == 38 || p == 48) {
            // 38;5;N (256 colours) or 38;2;R;G;B; 48 is the same for the background.
            QColor c;
            if (i + 2 < params.size() && params.at(i + 1) == 5) {
                c = ansiColor(params.at(i + 2));
                i += 2;
            } else if (i + 4 < params.size() && params.at(i + 1) == 2) {
                c = QColor(qBound(0, params.at(i + 2), 255), qBound(0, params.at(i + 3), 255), qBound(0, params.at(i + 4), 255));
                i += 4;
            } else {
                i = int(params.size()); // malformed: ignore the rest
            }
            if (p == 38)
                style.color = c;
        }
    }
}

} // namespace

QColor ansiColor(int index)
{
    // xterm's 16 (as most terminals' defaults), then the 6×6×6 cube and 24 greys.
    static const QRgb basic[16] = {0x000000, 0xcd3131, 0x0dbc79, 0xe5e510, 0x2472c8, 0xbc3fbc, 0x11a8cd, 0xe5e5e5,
                                   0x666666, 0xf14c4c, 0x23d18b, 0xf5f543, 0x3b8eea, 0xd670d6, 0x29b8db, 0xffffff};
    if (index < 0 || index > 255)
        return QColor();
    if (index < 16)
        return QColor(basic[index]);
    if (index < 232) {
        static const int levels[6] = {0, 95, 135, 175, 215, 255};
        const int i = index - 16;
        return QColor(levels[i / 36], levels[(i / 6) % 6], levels[i % 6]);
    }
    const int grey = 8 + 10 * (index - 232);
    return QColor(grey, grey, grey);
}

bool hasAnsiEscapes(const QString &text)
{
    for (QChar c : text)
        if (c.unicode() == kEsc || c.unicode() == kCsi)
            return true;
    return false;
}

AnsiText parseAnsi(const QString &in)
{
    AnsiText out;
    if (!hasAnsiEscapes(in)) {
        out.text = in;
        return out;
    }
    out.text.reserve(in.size());
    Style style;
    Style spanStyle;
    int spanStart = 0;
    auto closeSpan = [&] {
        if (!spanStyle.isDefault() && out.text.size() > spanStart)
            out.spans.append({spanStart, int(out.text.size()) - spanStart, spanStyle.color, spanStyle.bold});
        spanStart = int(out.text.size());
        spanStyle = style;
    };
    const qsizetype n = in.size();
    qsizetype i = 0;
    while (i < n) {
        const char16_t c = in.at(i).unicode();
        const bool csi = c == kCsi || (c == kEsc && i + 1 < n && in.at(i + 1) == QLatin1Char('['));
        if (csi) {
            // CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, one final byte 0x40-0x7E.
            qsizetype j = i + (c == kCsi ? 1 : 2);
            const qsizetype paramStart = j;
            while (j < n && in.at(j).unicode() >= 0x30 && in.at(j).unicode() <= 0x3f)
                ++j;
            const qsizetype paramEnd = j;
            while (j < n && in.at(j).unicode() >= 0x20 && in.at(j).unicode() <= 0x2f)
                ++j;
            if (j >= n)
                break; // cut off: drop the unfinished sequence
            const QChar final = in.at(j);
            if (final == QLatin1Char('m') && paramEnd == j) {
                // Numbers separated by ";" (or ":", the sub-parameter form of 38:2:R:G:B); an
                // empty one is 0. A private marker ("?", "<", ...) makes it no SGR.
                QList<int> params;
                bool valid = true;
                int value = 0;
                bool any = false;
                for (qsizetype k = paramStart; k < paramEnd && valid; ++k) {
                    const char16_t d = in.at(k).unicode();
                    if (d >= u'0' && d <= u'9') {
                        value = std::min(value * 10 + int(d - u'0'), 100000);
                        any = true;
                    } else if (d == u';' || d == u':') {
                        params.append(value);
                        value = 0;
                        any = true;
                    } else {
                        valid = false;
                    }
                }
                if (any)
                    params.append(value);
                if (valid) {
                    applySgr(params, style);
                    if (!(style == spanStyle))
                        closeSpan();
                }
            }
            i = j + 1;
            continue;
        }
        if (c == kEsc) {
            if (i + 1 >= n)
                break;
            const char16_t next = in.at(i + 1).unicode();
            if (next == u']' || next == u'P' || next == u'_' || next == u'^') {
                // OSC / DCS / APC / PM: up to BEL or ST (ESC \).
                qsizetype j = i + 2;
                while (j < n && in.at(j).unicode() != kBel && !(in.at(j).unicode() == kEsc && j + 1 < n && in.at(j + 1) == QLatin1Char('\\')))
                    ++j;
                i = j >= n ? n : in.at(j).unicode() == kBel ? j + 1 : j + 2;
                continue;
            }
            // ESC, intermediates, a final byte: "ESC ( B", "ESC =", "ESC 7".
            qsizetype j = i + 1;
            while (j < n && in.at(j).unicode() >= 0x20 && in.at(j).unicode() <= 0x2f)
                ++j;
            i = j + 1;
            continue;
        }
        out.text.append(in.at(i));
        ++i;
    }
    closeSpan();
    return out;
}

} // namespace hsu::desktop
