#pragma once

// How the window looks: the platform's style and palette ("system"), or Fusion with a light or a
// dark palette, and the text colours the GUI derives from whichever palette is in use. Colours
// are never fixed literals where they are drawn as text: a red that reads on white is
// unreadable on a dark base, so each one is adjusted to the palette's base until it has enough
// contrast (WCAG's relative-luminance ratio).

#include <QColor>
#include <QPalette>
#include <QString>

#include <optional>

namespace hsu::desktop {

enum class Appearance { System, Light, Dark };

// "system", "light", "dark" (what --appearance, $HSU_APPEARANCE and the settings take).
std::optional<Appearance> appearanceFromString(const QString &text);
QString appearanceName(Appearance appearance);
// Applies it to the running application: System brings back the style and palette the
// application started with.
void applyAppearance(Appearance appearance);
// The one applied last (System until then).
Appearance currentAppearance();
// The user's choice in the settings (QSettings "appearance"), System when none.
Appearance savedAppearance();
void saveAppearance(Appearance appearance);
QPalette darkPalette();
QPalette lightPalette();

// WCAG 2 relative luminance (0 black .. 1 white) and contrast ratio (1 .. 21).
double relativeLuminance(const QColor &color);
double contrastRatio(const QColor &a, const QColor &b);
// `wanted`, made darker on a light background or lighter on a dark one (same hue) until its
// contrast with `background` is at least `minRatio`.
inline constexpr double kTextContrast = 4.5;
QColor readableOn(const QColor &wanted, const QColor &background, double minRatio = kTextContrast);

// Text colours, readable on the current application palette's Base.
QColor errorTextColor();                       // stderr text, invalid input, limits
QColor warningTextColor();                     // notices about the log itself, warnings
QColor readableTextColor(const QColor &wanted); // any accent colour, made readable on Base

} // namespace hsu::desktop
