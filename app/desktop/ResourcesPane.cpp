#include "ResourcesPane.h"

#include "ResourceFeed.h"
#include "ResourceHistoryModel.h"
#include "ResourceUnits.h"
#include "WorkerPresentation.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hsu::desktop {

using model::ResourceSample;

namespace {

// The figures, in the order shown; the keys are what figure() takes.
const char *const kFigureNames[] = {
    QT_TRANSLATE_NOOP("hsu::desktop::ResourcesPane", "CPU"),
    QT_TRANSLATE_NOOP("hsu::desktop::ResourcesPane", "RSS"),
    QT_TRANSLATE_NOOP("hsu::desktop::ResourcesPane", "VMS"),
    QT_TRANSLATE_NOOP("hsu::desktop::ResourcesPane", "I/O"),
    QT_TRANSLATE_NOOP("hsu::desktop::ResourcesPane", "FDs"),
    QT_TRANSLATE_NOOP("hsu::desktop::ResourcesPane", "Threads"),
    QT_TRANSLATE_NOOP("hsu::desktop::ResourcesPane", "Processes"),
};

} // namespace

ResourcesPane::ResourcesPane(ResourceFeed *feed, QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_history(new ResourceHistoryModel(this))
{
    setObjectName(QStringLiteral("resourcesPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Span:"), this));
    m_span = new QComboBox(this);
    m_span->setObjectName(QStringLiteral("resourceSpan"));
    for (Resolution r : {Resolution::OneSecond, Resolution::TenSeconds, Resolution::OneMinute})
        m_span->addItem(spanLabel(r), int(r));
    m_span->setToolTip(tr("10 min: a point per sample; 2 h: 10-second averages; 24 h: 1-minute averages"));
    top->addWidget(m_span);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("resourceMessage"));
    m_message->setStyleSheet(QStringLiteral("color: palette(mid); font-style: italic;"));
    top->addWidget(m_message, 1);
    m_pauseInfo = new QLabel(this);
    m_pauseInfo->setObjectName(QStringLiteral("pauseInfo"));
    top->addWidget(m_pauseInfo);
    layout->addLayout(top);

    auto *charts = new QHBoxLayout;
    m_cpu = new ResourceChart(m_history, ResourceChart::Metric::Cpu, this);
    m_memory = new ResourceChart(m_history, ResourceChart::Metric::Memory, this);
    m_io = new ResourceChart(m_history, ResourceChart::Metric::Io, this);
    charts->addWidget(m_cpu);
    charts->addWidget(m_memory);
    charts->addWidget(m_io);
    layout->addLayout(charts, 1);

    auto *bottom = new QHBoxLayout;
    auto *figures = new QGridLayout;
    figures->setHorizontalSpacing(10);
    figures->setVerticalSpacing(2);
    int i = 0;
    for (const char *name : kFigureNames) {
        auto *label = new QLabel(tr(name) + QLatin1Char(':'), this);
        auto *value = new QLabel(placeholderDash(), this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setObjectName(QStringLiteral("figure:") + QLatin1String(name));
        m_figures.insert(QLatin1String(name), value);
        figures->addWidget(label, i % 4, (i / 4) * 2);
        figures->addWidget(value, i % 4, (i / 4) * 2 + 1);
        ++i;
    }
    figures->setColumnMinimumWidth(1, 120);
    bottom->addLayout(figures);

    m_enforcement = new QTreeWidget(this);
    m_enforcement->setObjectName(QStringLiteral("enforcementTable"));
    m_enforcement->setHeaderLabels({tr("Limit"), tr("Value"), tr("Enforced by")});
    m_enforcement->setRootIsDecorated(false);
    m_enforcement->setUniformRowHeights(true);
    m_enforcement->setSelectionMode(QAbstractItemView::NoSelection);
    m_enforcement->setFocusPolicy(Qt::NoFocus);
    m_enforcement->header()->setStretchLastSection(true);
    // Keys ("process.max_file_descriptors") and values are short and whole: never elided.
    m_enforcement->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_enforcement->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_enforcement->setMaximumHeight(110);
    bottom->addWidget(m_enforcement, 1);
    layout->addLayout(bottom);

    connect(m_span, &QComboBox::currentIndexChanged, this,
            [this](int index) { setResolution(Resolution(m_span->itemData(index).toInt())); });
    connect(m_history, &ResourceHistoryModel::reset, this, [this] {
        showFigures();
        showEnforcement();
    });
    connect(m_history, &ResourceHistoryModel::appended, this, &ResourcesPane::showFigures);
    connect(m_feed, &ResourceFeed::samplesReceived, this, &ResourcesPane::onSamples);
    connect(m_feed, &ResourceFeed::connected, this, [this] {
        if (m_shown)
            refetch();
    });
    showFigures();
    showEnforcement();
}

void ResourcesPane::setWorker(const QString &id)
{
    if (id == m_history->worker())
        return;
    m_history->setWorker(id);
    setMessage(id.isEmpty() ? tr("Select a worker to see its resources") : QString());
    if (m_shown)
        refetch();
}

QString ResourcesPane::worker() const
{
    return m_history->worker();
}

void ResourcesPane::setResolution(Resolution r)
{
    const int index = m_span->findData(int(r));
    if (index != m_span->currentIndex()) {
        m_span->setCurrentIndex(index); // comes back here through the signal
        return;
    }
    if (r == m_history->resolution())
        return;
    m_history->setResolution(r);
    if (m_shown)
        refetch();
}

ResourceChart *ResourcesPane::chart(ResourceChart::Metric metric) const
{
    switch (metric) {
    case ResourceChart::Metric::Cpu: return m_cpu;
    case ResourceChart::Metric::Memory: return m_memory;
    case ResourceChart::Metric::Io: return m_io;
    }
    return nullptr;
}

QString ResourcesPane::figure(const QString &name) const
{
    const QLabel *label = m_figures.value(name);
    return label ? label->text() : QString();
}

QString ResourcesPane::message() const
{
    return m_message->text();
}

void ResourcesPane::setMessage(const QString &text)
{
    m_message->setText(text);
}

void ResourcesPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_shown = true;
    m_feed->want(this);
    refetch(); // what came while hidden is not in the history: take the agent's
}

void ResourcesPane::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_shown = false;
    m_feed->release(this);
}

void ResourcesPane::refetch()
{
    const QString id = m_history->worker();
    if (id.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    m_feed->fetch(id, m_history->resolution(), 0,
                  [this, generation](const std::optional<ResourceSnapshot> &snapshot, const QString &error) {
                      if (generation != m_generation)
                          return;
                      if (!snapshot) {
                          setMessage(tr("No resource figures: %1").arg(error));
                          return;
                      }
                      m_history->applySnapshot(*snapshot);
                      setMessage(snapshot->points.isEmpty() && !snapshot->now
                                     ? tr("No samples yet: the worker has had no process in this span")
                                     : QString());
                  });
}

void ResourcesPane::onSamples(const QHash<QString, ResourceSample> &samples)
{
    const auto it = samples.constFind(m_history->worker());
    if (it != samples.constEnd())
        m_history->appendLive(*it);
}

void ResourcesPane::showFigures()
{
    const std::optional<ResourceSample> &s = m_history->latest();
    const QString dash = placeholderDash();
    auto set = [this](const char *name, const QString &text) {
        QLabel *label = m_figures.value(QLatin1String(name));
        if (label->text() != text)
            label->setText(text);
    };
    set("CPU", s ? tr("%1 (%2 of the machine)").arg(formatPercent(s->cpuPercent), formatPercent(s->cpuMachinePercent)) : dash);
    set("RSS", s ? formatBytes(double(s->rssBytes)) : dash);
    set("VMS", s ? formatBytes(double(s->virtualBytes)) : dash);
    set("I/O", s ? tr("read %1, write %2").arg(formatRate(s->readBytesPerSec), formatRate(s->writeBytesPerSec)) : dash);
    set("FDs", s ? QString::number(s->openFds) : dash);
    set("Threads", s ? QString::number(s->threads) : dash);
    set("Processes", s ? QString::number(s->processes) : dash);
}

void ResourcesPane::showEnforcement()
{
    m_enforcement->clear();
    m_pauseInfo->setText(!m_history->hasSnapshot() ? QString()
                         : m_history->freezer() ? tr("Pause: cgroup freezer")
                                                : tr("Pause: SIGSTOP to its process group"));
    const QList<EnforcedLimit> &rows = m_history->enforcement();
    if (rows.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_enforcement, {m_history->hasSnapshot() ? tr("No limits configured") : QString()});
        item->setFirstColumnSpanned(true);
        return;
    }
    for (const EnforcedLimit &e : rows) {
        // In the units of the charts and figures ("64 MiB", not the config's "64MB").
        auto *item = new QTreeWidgetItem(m_enforcement, {e.limit, formatLimitValue(e.limit, e.value), e.mechanism});
        item->setToolTip(1, tr("As configured: %1").arg(e.value));
        // Say plainly who stops the worker: the kernel at the limit, or the agent after a sample.
        item->setToolTip(2, e.kernel ? tr("Enforced by the kernel: the worker cannot go past it")
                                     : tr("Watched by the agent: it can go past it until the next sample, then the policy applies"));
        item->setIcon(2, stateIcon(e.kernel ? model::WorkerState::Running : model::WorkerState::Backoff));
        if (!e.kernel) {
            QFont italic = item->font(2);
            italic.setItalic(true);
            item->setFont(2, italic);
        }
    }
}

} // namespace hsu::desktop
