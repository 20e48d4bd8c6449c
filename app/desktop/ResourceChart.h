#pragma once

// One resource of one worker over the chosen span, drawn with QPainter (no Qt Charts: see
// STYLE.md, qBittorrent's speedplotview): CPU % of one core, resident memory, or storage I/O
// (read and write, two lines). Horizontal grid lines at round values in human units, clock
// times along the bottom, and dashed reference lines for the limits the worker has (red) and for
// the agent's warning threshold (amber). The lines carry no text on the plot, where a label would
// cover the data and the line itself: a legend between the title and the plot names each one
// ("max_rss 64 MiB") beside a sample of its dash. Colours come from the palette: each is made
// readable on its Base (light or dark).
//
// Cheap to repaint: the scale, the labels and the polylines are computed when the history or the
// size changes (into buffers that keep their capacity); paintEvent only draws them.

#include <QColor>
#include <QList>
#include <QPolygonF>
#include <QWidget>

namespace hsu::desktop {

class ResourceHistoryModel;

class ResourceChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceChart)

public:
    enum class Metric { Cpu, Memory, Io };
    Q_ENUM(Metric)

    // A horizontal line at a limit or a warning threshold.
    struct ReferenceLine
    {
        QString label; // "max_rss 512 MiB"
        double value = 0;
        bool warning = false;
        double y = 0;  // in widget coordinates, for the current size
        QRectF legend; // where its legend entry (dash sample and label) is drawn
    };

    ResourceChart(ResourceHistoryModel *history, Metric metric, QWidget *parent = nullptr);

    Metric metric() const { return m_metric; }
    // For the application's palette (the chart uses its own, which is the same unless set apart).
    static QColor limitColor(const QPalette &palette);
    static QColor warningColor(const QPalette &palette);
    static QColor seriesColor(Metric metric, int series, const QPalette &palette);

    // What the last layout computed (tests read it; nothing here is recomputed on read).
    const QList<ReferenceLine> &referenceLines() const { return m_lines; }
    double scaleTop() const { return m_top; }     // the value at the top of the plot
    QRectF plotRect() const { return m_plot; }
    QRectF titleRect() const { return m_titleRect; }
    int seriesCount() const { return int(m_series.size()); }
    qsizetype pointCount(int series) const { return m_series.at(series).size(); }
    // The widget y of `value` at the current scale.
    double yFor(double value) const;

    QSize sizeHint() const override { return {320, 170}; }
    QSize minimumSizeHint() const override { return {200, 110}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void relayout();
    void computeScale();
    void computeSeries();
    void computeTimeTicks(qint64 rightMs, qint64 spanMs);
    QString valueText(double value) const;
    double valueOf(int series, int point) const;

    ResourceHistoryModel *m_history = nullptr;
    Metric m_metric;
    QString m_title;
    QStringList m_seriesNames;
    double m_top = 1;
    double m_step = 1;
    QRectF m_plot;
    QRectF m_titleRect;
    QList<ReferenceLine> m_lines;
    QList<QPolygonF> m_series;         // one polyline per series, in widget coordinates
    QList<QList<int>> m_breaks;        // where each polyline has a gap (no process then)
    QList<QPair<double, QString>> m_yLabels;
    QList<QPair<double, QString>> m_xLabels;
};

} // namespace hsu::desktop
