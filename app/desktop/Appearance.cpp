#include "Appearance.h"

#include "shared/config/DefaultConfig.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include <cmath>

namespace hsu::desktop {

namespace {

// What the application started with, for "system" after another appearance was applied.
struct Startup
{
    QString style;
    QPalette palette;
};

Startup &startup()
{
    static Startup s{QApplication::style() ? QApplication::style()->name() : QString(), QApplication::palette()};
    return s;
}

Appearance g_current = Appearance::System;

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

} // namespace

std::optional<Appearance> appearanceFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("system") || t.isEmpty())
        return Appearance::System;
    if (t == QLatin1String("light"))
        return Appearance::Light;
    if (t == QLatin1String("dark"))
        return Appearance::Dark;
    return std::nullopt;
}

QString appearanceName(Appearance appearance)
{
    switch (appearance) {
    case Appearance::System: return QStringLiteral("system");
    case Appearance::Light: return QStringLiteral("light");
    case Appearance::Dark: return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

Appearance currentAppearance()
{
    return g_current;
}

// ~/.config/hsu-master/hsu-master.conf, the window's one settings file.
static QSettings settings()
{
    return QSettings(config::desktopSettingsFile(), QSettings::IniFormat);
}

Appearance savedAppearance()
{
    return appearanceFromString(settings().value(QStringLiteral("appearance")).toString()).value_or(Appearance::System);
}

void saveAppearance(Appearance appearance)
{
    settings().setValue(QStringLiteral("appearance"), appearanceName(appearance));
}

QPalette darkPalette()
{
    // Fusion's own roles, darkened; the disabled group greys out as Fusion's light one does.
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8c, 0x8c));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x45));
    p.setColor(QPalette::Mid, QColor(0x6e, 0x72, 0x78));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb4, 0x8c, 0xff));
    const QColor disabled(0x7a, 0x7a, 0x7a);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    return p;
}

QPalette lightPalette()
{
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    const QPalette p = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    return p;
}

void applyAppearance(Appearance appearance)
{
    const Startup &s = startup(); // remembered before the first change
    g_current = appearance;
    switch (appearance) {
    case Appearance::System:
        if (!s.style.isEmpty() && QApplication::style()->name() != s.style)
            QApplication::setStyle(s.style);
        QApplication::setPalette(s.palette);
        return;
    case Appearance::Light:
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(lightPalette());
        return;
    case Appearance::Dark:
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        return;
    }
}

double relativeLuminance(const QColor &color)
{
    const QColor c = color.toRgb();
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readableOn(const QColor &wanted, const QColor &background, double minRatio)
{
    if (contrastRatio(wanted, background) >= minRatio)
        return wanted;
    // Walk the HSL lightness away from the background's, keeping hue and saturation.
    const bool darkBackground = relativeLuminance(background) < 0.18;
    const QColor hsl = wanted.toHsl();
    QColor best = wanted;
    for (int step = 1; step <= 50; ++step) {
        const double l = darkBackground ? hsl.lightnessF() + (1 - hsl.lightnessF()) * step / 50.0
                                        : hsl.lightnessF() * (1 - step / 50.0);
        // Through QRgb: 8 bits a channel, as it is painted (and compared).
        best = QColor(QColor::fromHslF(hsl.hslHueF(), hsl.hslSaturationF(), l).rgb());
        if (contrastRatio(best, background) >= minRatio)
            break;
    }
    return best;
}

QColor readableTextColor(const QColor &wanted)
{
    // On the plain rows and the alternate ones (both light, or both dark: the second walk only
    // goes further the same way).
    const QPalette p = QApplication::palette();
    return readableOn(readableOn(wanted, p.color(QPalette::Active, QPalette::Base)),
                      p.color(QPalette::Active, QPalette::AlternateBase));
}

QColor errorTextColor()
{
    return readableTextColor(QColor(0xd3, 0x2f, 0x2f));
}

QColor warningTextColor()
{
    return readableTextColor(QColor(0xe0, 0x80, 0x00));
}

} // namespace hsu::desktop
