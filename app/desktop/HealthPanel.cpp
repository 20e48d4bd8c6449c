#include "HealthPanel.h"

#include "AgentConnection.h"
#include "WorkerPresentation.h"
#include "WorkerTableModel.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QPointer>
#include <QToolTip>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace hsu::desktop {

namespace {
constexpr int kBarWidth = 6;
constexpr int kBarGap = 2;

QString resultTip(const model::HealthResult &r)
{
    QString tip = QStringLiteral("%1 \u2014 %2, %3 ms")
                      .arg(r.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
                           r.ok ? HealthPanel::tr("passed") : HealthPanel::tr("failed"))
                      .arg(r.latencyMs);
    if (!r.reason.isEmpty())
        tip += QLatin1Char('\n') + r.reason;
    return tip;
}
} // namespace

HealthStrip::HealthStrip(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("healthStrip"));
    setMinimumHeight(28);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void HealthStrip::setResults(const QList<model::HealthResult> &results, qint64 timeoutMs)
{
    m_results = results;
    m_timeoutMs = timeoutMs;
    update();
}

QSize HealthStrip::sizeHint() const
{
    return {int(model::HealthReport::kKept) * (kBarWidth + kBarGap), 30};
}

int HealthStrip::barAt(int x) const
{
    // The newest bar is at the right edge; older ones to its left, as far as there is room.
    const int fromRight = (width() - 1 - x) / (kBarWidth + kBarGap);
    const int index = int(m_results.size()) - 1 - fromRight;
    return index >= 0 && index < m_results.size() ? index : -1;
}

void HealthStrip::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor ok = stateColor(model::WorkerState::Running);
    const QColor failed = stateColor(model::WorkerState::Failed);
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(0, height() - 1, width(), height() - 1);
    const int room = height() - 2;
    int x = width() - kBarWidth;
    for (auto it = m_results.crbegin(); it != m_results.crend() && x >= 0; ++it, x -= kBarWidth + kBarGap) {
        // Height: the run's share of its timeout, at least a third so that a quick pass shows.
        const double share = m_timeoutMs > 0 ? std::clamp(double(it->latencyMs) / double(m_timeoutMs), 0.0, 1.0) : 1.0;
        const int h = std::max(room / 3, int(room * share));
        p.fillRect(QRect(x, height() - 1 - h, kBarWidth, h), it->ok ? ok : failed);
    }
}

bool HealthStrip::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const int i = barAt(help->pos().x());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), resultTip(m_results.at(i)), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

HealthPanel::HealthPanel(AgentConnection *connection, QWidget *parent)
    : QGroupBox(tr("Health"), parent)
    , m_connection(connection)
{
    setObjectName(QStringLiteral("healthPanel"));
    auto *layout = new QVBoxLayout(this);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("healthVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_check = new QLabel(this);
    m_check->setObjectName(QStringLiteral("healthCheck"));
    m_check->setWordWrap(true);
    m_check->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_strip = new HealthStrip(this);
    m_results = new QTreeWidget(this);
    m_results->setObjectName(QStringLiteral("healthResults"));
    m_results->setHeaderLabels({tr("Time"), tr("Result"), tr("Latency"), tr("Reason")});
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_results->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_results->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_results->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_verdict);
    layout->addWidget(m_check);
    layout->addWidget(m_strip);
    layout->addWidget(m_results, 1);

    m_poll.setSingleShot(false);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    // A new verdict (or a new process: "unknown") is worth asking at once.
    connect(m_connection->workers(), &QAbstractItemModel::dataChanged, this, [this] {
        const model::WorkerStatus *w = m_id.isEmpty() ? nullptr : m_connection->workers()->worker(m_id);
        if (w && m_report && w->health != m_report->health)
            refresh();
    });
    showWorker(QString());
}

void HealthPanel::showWorker(const QString &id)
{
    m_id = id;
    m_report.reset();
    m_poll.stop();
    apply(std::nullopt, QString());
    refresh();
}

void HealthPanel::refresh()
{
    if (m_id.isEmpty() || !m_connection->isConnected() || m_asking)
        return;
    m_asking = true;
    QPointer<HealthPanel> self(this);
    const QString id = m_id;
    m_connection->fetchHealth(id, [self, id](const std::optional<model::HealthReport> &report, const QString &error) {
        if (!self)
            return;
        self->m_asking = false;
        if (self->m_id == id)
            self->apply(report, error);
    });
}

void HealthPanel::apply(const std::optional<model::HealthReport> &report, const QString &error)
{
    m_report = report;
    m_results->clear();
    if (!report) {
        m_verdict->setText(m_id.isEmpty() || error.isEmpty() ? QString() : tr("Not known: %1").arg(error));
        m_check->clear();
        m_strip->setResults({}, 0);
        setVisible(!m_id.isEmpty() && !error.isEmpty());
        return;
    }
    const model::HealthReport &h = *report;
    setVisible(true);
    // Without a check: one line, and the state history below gets the room.
    const bool checked = !h.kind.isEmpty();
    m_strip->setVisible(checked);
    m_results->setVisible(checked);
    setSizePolicy(QSizePolicy::Preferred, checked ? QSizePolicy::Preferred : QSizePolicy::Maximum);
    if (!checked) {
        m_verdict->setText(tr("No health check: the agent only knows whether the process runs."));
        m_check->clear();
        m_strip->setResults({}, 0);
        m_poll.stop();
        Q_EMIT reportShown();
        return;
    }
    const QString word = healthLabel(h.health.isEmpty() ? QStringLiteral("unknown") : h.health);
    const QString color = h.health == QLatin1String("healthy")     ? stateColor(model::WorkerState::Running).name()
                          : h.health == QLatin1String("degraded")  ? stateColor(model::WorkerState::Backoff).name()
                          : h.health == QLatin1String("unhealthy") ? stateColor(model::WorkerState::Failed).name()
                                                                   : palette().color(QPalette::PlaceholderText).name();
    QString verdict = QStringLiteral("<span style=\"color:%1\">\u25cf</span> <b>%2</b>").arg(color, word.toHtmlEscaped());
    if (!h.reason.isEmpty())
        verdict += QStringLiteral(" \u2014 ") + h.reason.toHtmlEscaped();
    m_verdict->setText(verdict);
    const QString after = h.retries == 1 ? tr("unhealthy at the first failure")
                                         : tr("unhealthy after %1 failures in a row").arg(h.retries);
    m_check->setText(tr("%1 %2 \u00b7 every %3, timeout %4, %5 \u00b7 %6 checks, %7 failed")
                         .arg(h.kind, h.target, formatMilliseconds(h.intervalMs), formatMilliseconds(h.timeoutMs), after)
                         .arg(h.checks)
                         .arg(h.failures)
                     + (h.enabled ? QString() : tr(" (disabled)")));
    m_strip->setResults(h.results, h.timeoutMs);
    QList<QTreeWidgetItem *> items;
    for (auto it = h.results.crbegin(); it != h.results.crend(); ++it) { // newest first
        auto *item = new QTreeWidgetItem;
        item->setText(0, it->at.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
        item->setText(1, it->ok ? tr("passed") : tr("failed"));
        item->setIcon(1, healthIcon(it->ok ? QStringLiteral("healthy") : it->verdict));
        item->setText(2, tr("%1 ms").arg(it->latencyMs));
        item->setText(3, it->reason);
        item->setToolTip(3, it->reason);
        items.append(item);
    }
    m_results->addTopLevelItems(items);
    const int every = int(std::clamp<qint64>(h.intervalMs, 1000, 10000));
    if (m_poll.interval() != every || !m_poll.isActive())
        m_poll.start(every);
    Q_EMIT reportShown();
}

QString HealthPanel::verdictText() const
{
    return m_verdict->text();
}

QString HealthPanel::checkText() const
{
    return m_check->text();
}

int HealthPanel::resultRows() const
{
    return m_results->topLevelItemCount();
}

} // namespace hsu::desktop
