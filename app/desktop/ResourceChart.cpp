#include "ResourceChart.h"

#include "Appearance.h"

#include "ResourceHistoryModel.h"
#include "ResourceUnits.h"

#include <QDateTime>
#include <QEvent>
#include <QPainter>

#include <cmath>

namespace hsu::desktop {

using model::ResourceSample;

namespace {

constexpr int kGridLines = 4;
constexpr double kMargin = 6;
// A gap of more than this many steps between two points means the worker had no process:
// the line breaks there instead of drawing a slope across the gap.
constexpr double kGapSteps = 3.5;
constexpr double kLegendDash = 18; // the dash sample before a reference line's legend label
constexpr double kLegendGap = 14;

} // namespace

ResourceChart::ResourceChart(ResourceHistoryModel *history, Metric metric, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_metric(metric)
{
    switch (metric) {
    case Metric::Cpu:
        setObjectName(QStringLiteral("cpuChart"));
        m_title = tr("CPU (% of one core)");
        m_seriesNames = {tr("cpu")};
        break;
    case Metric::Memory:
        setObjectName(QStringLiteral("memoryChart"));
        m_title = tr("Memory (resident)");
        m_seriesNames = {tr("rss")};
        break;
    case Metric::Io:
        setObjectName(QStringLiteral("ioChart"));
        m_title = tr("Storage I/O");
        m_seriesNames = {tr("read"), tr("write")};
        break;
    }
    m_series.resize(m_seriesNames.size());
    m_breaks.resize(m_seriesNames.size());
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    connect(history, &ResourceHistoryModel::reset, this, &ResourceChart::relayout);
    connect(history, &ResourceHistoryModel::appended, this, &ResourceChart::relayout);
    relayout();
}

QColor ResourceChart::limitColor(const QPalette &palette)
{
    return readableOn(QColor(0xd3, 0x2f, 0x2f), palette.color(QPalette::Base));
}

QColor ResourceChart::warningColor(const QPalette &palette)
{
    return readableOn(QColor(0xe0, 0x80, 0x00), palette.color(QPalette::Base));
}

QColor ResourceChart::seriesColor(Metric metric, int series, const QPalette &palette)
{
    // Lines, not text: 3:1 against the base is enough to follow them.
    const QColor base = palette.color(QPalette::Base);
    if (metric == Metric::Memory)
        return readableOn(QColor(0x2e, 0x7d, 0x32), base, 3.0);
    return readableOn(series == 0 ? QColor(0x19, 0x76, 0xd2) : QColor(0x8e, 0x24, 0xaa), base, 3.0);
}

double ResourceChart::valueOf(int series, int point) const
{
    const ResourceSample &p = m_history->points().at(point);
    switch (m_metric) {
    case Metric::Cpu: return p.cpuPercent;
    case Metric::Memory: return double(p.rssBytes);
    case Metric::Io: return series == 0 ? p.readBytesPerSec : p.writeBytesPerSec;
    }
    return 0;
}

QString ResourceChart::valueText(double value) const
{
    switch (m_metric) {
    case Metric::Cpu: return QStringLiteral("%1 %").arg(value, 0, 'f', value < 10 && value != 0 ? 1 : 0);
    case Metric::Memory: return formatBytes(value);
    case Metric::Io: return formatRate(value);
    }
    return {};
}

double ResourceChart::yFor(double value) const
{
    return m_plot.bottom() - (value / m_top) * m_plot.height();
}

void ResourceChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        relayout();
}

void ResourceChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void ResourceChart::relayout()
{
    computeScale();
    computeSeries();
    update();
}

void ResourceChart::computeScale()
{
    const ResourceLimits &l = m_history->limits();
    m_lines.clear();
    auto addLimit = [this](const QString &name, double value) {
        if (value > 0)
            m_lines.append({tr("%1 %2").arg(name, valueText(value)), value, false, 0, {}});
    };
    auto addWarning = [this](double limit, double percent) {
        if (limit > 0 && percent > 0)
            m_lines.append({tr("warning %1 % \u00b7 %2").arg(percent, 0, 'g', 3).arg(valueText(limit * percent / 100)),
                            limit * percent / 100, true, 0, {}});
    };
    double dataMax = 0;
    double floor = 1;
    switch (m_metric) {
    case Metric::Cpu:
        addLimit(QStringLiteral("max_percent"), l.maxPercent);
        addWarning(l.maxPercent, l.warningCpu);
        dataMax = m_history->maxCpu();
        floor = 10; // an idle worker reads as idle, not as a full-height zigzag of noise
        break;
    case Metric::Memory:
        addLimit(QStringLiteral("max_rss"), double(l.maxRss));
        addWarning(double(l.maxRss), l.warningMemory);
        dataMax = m_history->maxRss();
        floor = 1024 * 1024;
        break;
    case Metric::Io:
        addLimit(QStringLiteral("max_read_bps"), l.maxReadBps);
        addLimit(QStringLiteral("max_write_bps"), l.maxWriteBps);
        dataMax = m_history->maxIo();
        floor = 64 * 1024;
        break;
    }
    // The limits are always in view: how close the worker is to them is the point of the chart.
    double top = std::max(dataMax, floor);
    for (const ReferenceLine &line : std::as_const(m_lines))
        top = std::max(top, line.value);
    top *= 1.05; // the highest line a little below the top, not on the frame
    const bool binary = m_metric != Metric::Cpu;
    m_step = niceStep(top, kGridLines, binary);
    m_top = m_step * std::ceil(top / m_step);

    const QFontMetricsF fm(font());
    double labelWidth = 0;
    m_yLabels.clear();
    for (double v = 0; v <= m_top + m_step / 2; v += m_step) {
        const QString text = valueText(v);
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(text));
        m_yLabels.append({v, text});
    }
    // Title, then the reference lines' legend (wrapping to as many rows as it needs), then the
    // plot, whose top grid label (centred on the top line) must clear the legend.
    m_titleRect = QRectF(kMargin, kMargin, fm.horizontalAdvance(m_title), fm.height());
    double y = m_titleRect.bottom() + 2;
    double x = kMargin;
    const double right = width() - kMargin;
    bool rowUsed = false;
    for (ReferenceLine &line : m_lines) {
        const double w = kLegendDash + 4 + fm.horizontalAdvance(line.label);
        if (rowUsed && x + w > right) {
            x = kMargin;
            y += fm.height();
            rowUsed = false;
        }
        line.legend = QRectF(x, y, w, fm.height());
        x += w + kLegendGap;
        rowUsed = true;
    }
    if (rowUsed)
        y += fm.height();
    m_plot = QRectF(kMargin + labelWidth + 4, y + fm.height() / 2 + 4, 0, 0);
    m_plot.setRight(width() - kMargin - 1);
    m_plot.setBottom(height() - kMargin - fm.height() - 2);
    if (m_plot.width() < 10 || m_plot.height() < 10)
        m_plot = QRectF();
    for (ReferenceLine &line : m_lines)
        line.y = yFor(line.value);
}

void ResourceChart::computeSeries()
{
    const QList<ResourceSample> &points = m_history->points();
    const qint64 span = m_history->spanMs();
    const qint64 right = points.isEmpty() ? QDateTime::currentMSecsSinceEpoch() : m_history->newestMs();
    const qint64 left = right - span;
    const double gapMs = kGapSteps * std::max<double>(m_history->intervalMs(), double(resolutionStepMs(m_history->resolution())));
    for (int s = 0; s < m_series.size(); ++s) {
        QPolygonF &poly = m_series[s];
        QList<int> &breaks = m_breaks[s];
        poly.clear(); // keeps its capacity: no allocation once the history is full
        breaks.clear();
        if (m_plot.isEmpty())
            continue;
        qint64 previous = 0;
        for (int i = 0; i < points.size(); ++i) {
            const qint64 ts = points.at(i).timestampMs;
            if (ts < left)
                continue;
            if (!poly.isEmpty() && ts - previous > gapMs)
                breaks.append(int(poly.size()));
            previous = ts;
            const double x = m_plot.left() + double(ts - left) / double(span) * m_plot.width();
            poly.append(QPointF(x, yFor(valueOf(s, i))));
        }
    }
    computeTimeTicks(right, span);
}

void ResourceChart::computeTimeTicks(qint64 rightMs, qint64 spanMs)
{
    m_xLabels.clear();
    if (m_plot.isEmpty())
        return;
    // Ticks at round local clock times: every 2 min over 10 min, 30 min over 2 h, 4 h over 24 h.
    const qint64 tick = spanMs <= 10 * 60'000 ? 2 * 60'000 : spanMs <= 2 * 3600'000 ? 30 * 60'000 : 4 * 3600'000;
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(rightMs).offsetFromUtc()) * 1000;
    const qint64 leftMs = rightMs - spanMs;
    qint64 t = ((leftMs + offset) / tick + 1) * tick - offset;
    for (; t <= rightMs; t += tick) {
        const double x = m_plot.left() + double(t - leftMs) / double(spanMs) * m_plot.width();
        m_xLabels.append({x, QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("HH:mm"))});
    }
}

void ResourceChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    const QFontMetricsF fm(font());

    // Title and legend.
    p.setPen(pal.text().color());
    p.drawText(QPointF(kMargin, kMargin + fm.ascent()), m_title);
    double x = kMargin + fm.horizontalAdvance(m_title) + 12;
    if (m_series.size() > 1) {
        for (int s = 0; s < m_series.size(); ++s) {
            p.fillRect(QRectF(x, kMargin + fm.ascent() / 2, 12, 3), seriesColor(m_metric, s, pal));
            p.drawText(QPointF(x + 15, kMargin + fm.ascent()), m_seriesNames.at(s));
            x += 15 + fm.horizontalAdvance(m_seriesNames.at(s)) + 10;
        }
    }
    if (m_plot.isEmpty())
        return;

    // Grid and its labels.
    QColor grid = pal.text().color();
    grid.setAlpha(40);
    QColor label = pal.text().color();
    label.setAlpha(170);
    for (const auto &[value, text] : std::as_const(m_yLabels)) {
        const double y = yFor(value);
        p.setPen(grid);
        p.drawLine(QPointF(m_plot.left(), y), QPointF(m_plot.right(), y));
        p.setPen(label);
        p.drawText(QRectF(kMargin, y - fm.height() / 2, m_plot.left() - kMargin - 4, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, text);
    }
    for (const auto &[xTick, text] : std::as_const(m_xLabels)) {
        p.setPen(grid);
        p.drawLine(QPointF(xTick, m_plot.top()), QPointF(xTick, m_plot.bottom()));
        p.setPen(label);
        const double w = fm.horizontalAdvance(text);
        p.drawText(QPointF(std::clamp(xTick - w / 2, m_plot.left(), m_plot.right() - w), m_plot.bottom() + 2 + fm.ascent()), text);
    }

    // The series.
    p.setRenderHint(QPainter::Antialiasing);
    for (int s = 0; s < m_series.size(); ++s) {
        const QPolygonF &poly = m_series.at(s);
        if (poly.isEmpty())
            continue;
        p.setPen(QPen(seriesColor(m_metric, s, pal), 1.6));
        int start = 0;
        for (int i = 0; i <= m_breaks.at(s).size(); ++i) {
            const int end = i < m_breaks.at(s).size() ? m_breaks.at(s).at(i) : int(poly.size());
            if (end - start == 1)
                p.drawPoint(poly.at(start));
            else
                p.drawPolyline(poly.constData() + start, end - start);
            start = end;
        }
    }

    // Limits and warnings over the data, dashed; their names in the legend above the plot.
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const ReferenceLine &line : std::as_const(m_lines)) {
        const QColor color = line.warning ? warningColor(pal) : limitColor(pal);
        p.setPen(QPen(color, 2, Qt::DashLine));
        p.drawLine(QPointF(m_plot.left(), line.y), QPointF(m_plot.right(), line.y));
        const double mid = line.legend.center().y();
        p.drawLine(QPointF(line.legend.left(), mid), QPointF(line.legend.left() + kLegendDash, mid));
        p.setPen(color);
        p.drawText(QRectF(line.legend.left() + kLegendDash + 4, line.legend.top(), line.legend.width() - kLegendDash - 4,
                          line.legend.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, line.label);
    }
    p.setPen(grid);
    p.drawRect(m_plot);
}

} // namespace hsu::desktop
