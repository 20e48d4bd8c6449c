#include "ActionIcons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <cmath>

namespace hsu::desktop {

using model::Operation;

namespace {

constexpr Operation kAll[] = {Operation::Start, Operation::Stop, Operation::Restart, Operation::Pause,
                              Operation::Resume};

// One glyph on a `size` square, filled or stroked in `color`.
QPixmap glyph(Operation op, int size, const QColor &color)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    const double s = size;
    const double m = s * 0.2; // margin: theme icons leave about this much
    switch (op) {
    case Operation::Start: {
        const QPointF tri[] = {{m + s * 0.05, m}, {s - m, s / 2}, {m + s * 0.05, s - m}};
        p.drawPolygon(tri, 3);
        break;
    }
    case Operation::Stop:
        p.drawRoundedRect(QRectF(m, m, s - 2 * m, s - 2 * m), s * 0.06, s * 0.06);
        break;
    case Operation::Pause: {
        const double w = (s - 2 * m) * 0.34;
        p.drawRect(QRectF(m, m, w, s - 2 * m));
        p.drawRect(QRectF(s - m - w, m, w, s - 2 * m));
        break;
    }
    case Operation::Resume: {
        // Two triangles: "go on" (seek forward), unlike Start's single one.
        const double mid = s / 2;
        const QPointF a[] = {{m, m}, {mid, mid}, {m, s - m}};
        const QPointF b[] = {{mid, m}, {s - m, mid}, {mid, s - m}};
        p.drawPolygon(a, 3);
        p.drawPolygon(b, 3);
        break;
    }
    case Operation::Restart: {
        // A circular arrow: an open arc and its head.
        const double r = (s - 2 * m) / 2;
        const QPointF c(s / 2, s / 2);
        QPen pen(color, std::max(1.5, s * 0.12), Qt::SolidLine, Qt::FlatCap);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        const QRectF box(c.x() - r, c.y() - r, 2 * r, 2 * r);
        p.drawArc(box, 60 * 16, 290 * 16);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        const double angle = 60 * M_PI / 180;
        const QPointF end(c.x() + r * std::cos(angle), c.y() - r * std::sin(angle));
        const double h = s * 0.26;
        const QPointF head[] = {{end.x() + h * 0.55, end.y() - h * 0.35}, {end.x() - h * 0.2, end.y() + h * 0.75},
                                {end.x() - h * 0.75, end.y() - h * 0.45}};
        p.drawPolygon(head, 3);
        break;
    }
    }
    return pm;
}

constexpr ToolIcon kTools[] = {ToolIcon::AddWorker, ToolIcon::EditConfig, ToolIcon::Settings};

QPixmap toolGlyph(ToolIcon icon, int size, const QColor &color)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const double s = size;
    const double m = s * 0.2;
    const double w = std::max(1.5, s * 0.12);
    p.setPen(QPen(color, w, Qt::SolidLine, Qt::FlatCap));
    switch (icon) {
    case ToolIcon::AddWorker: // a plus
        p.drawLine(QPointF(s / 2, m), QPointF(s / 2, s - m));
        p.drawLine(QPointF(m, s / 2), QPointF(s - m, s / 2));
        break;
    case ToolIcon::EditConfig: { // a pencil, point down-left
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.translate(s / 2, s / 2);
        p.rotate(45);
        const double len = (s - 2 * m) * 1.25;
        const double th = s * 0.2;
        p.drawRect(QRectF(-th / 2, -len / 2, th, len * 0.72));
        const QPointF tip[] = {{-th / 2, len / 2 - len * 0.22}, {th / 2, len / 2 - len * 0.22}, {0, len / 2}};
        p.drawPolygon(tip, 3);
        break;
    }
    case ToolIcon::Settings: { // three sliders with their knobs
        p.setRenderHint(QPainter::Antialiasing, true);
        const double knob = s * 0.14;
        const double xs[] = {0.65, 0.35, 0.55};
        for (int i = 0; i < 3; ++i) {
            const double y = m + i * (s - 2 * m) / 2;
            p.setPen(QPen(color, std::max(1.0, s * 0.07)));
            p.drawLine(QPointF(m * 0.8, y), QPointF(s - m * 0.8, y));
            p.setPen(Qt::NoPen);
            p.setBrush(color);
            p.drawEllipse(QPointF(s * xs[i], y), knob, knob);
        }
        break;
    }
    }
    return pm;
}

} // namespace

QString toolIconName(ToolIcon icon)
{
    switch (icon) {
    case ToolIcon::AddWorker: return QStringLiteral("list-add");
    case ToolIcon::EditConfig: return QStringLiteral("document-edit");
    case ToolIcon::Settings: return QStringLiteral("preferences-system");
    }
    return {};
}

QIcon toolIcon(ToolIcon tool, const QPalette &palette)
{
    if (themeHasActionIcons())
        return QIcon::fromTheme(toolIconName(tool));
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48}) {
        icon.addPixmap(toolGlyph(tool, size, palette.color(QPalette::Active, QPalette::ButtonText)), QIcon::Normal);
        icon.addPixmap(toolGlyph(tool, size, palette.color(QPalette::Disabled, QPalette::ButtonText)), QIcon::Disabled);
    }
    return icon;
}

QString actionIconName(Operation op)
{
    switch (op) {
    case Operation::Start: return QStringLiteral("media-playback-start");
    case Operation::Stop: return QStringLiteral("media-playback-stop");
    case Operation::Restart: return QStringLiteral("view-refresh");
    case Operation::Pause: return QStringLiteral("media-playback-pause");
    case Operation::Resume: return QStringLiteral("media-seek-forward");
    }
    return {};
}

bool themeHasActionIcons()
{
    if (QIcon::themeName().isEmpty())
        return false;
    for (Operation op : kAll)
        if (!QIcon::hasThemeIcon(actionIconName(op)))
            return false;
    for (ToolIcon t : kTools)
        if (!QIcon::hasThemeIcon(toolIconName(t)))
            return false;
    return true;
}

QIcon drawnActionIcon(Operation op, const QPalette &palette)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48}) {
        icon.addPixmap(glyph(op, size, palette.color(QPalette::Active, QPalette::ButtonText)), QIcon::Normal);
        icon.addPixmap(glyph(op, size, palette.color(QPalette::Disabled, QPalette::ButtonText)), QIcon::Disabled);
    }
    return icon;
}

QIcon actionIcon(Operation op, const QPalette &palette)
{
    return themeHasActionIcons() ? QIcon::fromTheme(actionIconName(op)) : drawnActionIcon(op, palette);
}

} // namespace hsu::desktop
