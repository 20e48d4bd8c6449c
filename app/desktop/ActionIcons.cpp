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

} // namespace

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
