#pragma once

// The "Resources" tab under the worker table, for the current worker: the span (10 min / 2 h /
// 24 h, read from the agent's 1s / 10s / 1m history), three charts (CPU, memory, storage I/O)
// with the worker's limits drawn in, the current figures, and which limits the kernel enforces
// and which the agent only watches.
//
// It asks the agent only while it is on screen: resources.get when shown, when the worker or
// the span changes and after a reconnect; live samples come from the connection's ResourceFeed.

#include "ResourceChart.h"
#include "ResourceSnapshot.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTreeWidget;

namespace hsu::desktop {

class ResourceFeed;
class ResourceHistoryModel;

class ResourcesPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourcesPane)

public:
    explicit ResourcesPane(ResourceFeed *feed, QWidget *parent = nullptr);

    void setWorker(const QString &id);
    QString worker() const;
    void setResolution(Resolution r);
    ResourceHistoryModel *history() const { return m_history; }
    ResourceChart *chart(ResourceChart::Metric metric) const;
    QTreeWidget *enforcementTable() const { return m_enforcement; }
    QComboBox *spanSelector() const { return m_span; }
    // "CPU" -> "12.3 %" etc.: the figures as shown (tests read them).
    QString figure(const QString &name) const;
    QString message() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refetch();
    void onSamples(const QHash<QString, model::ResourceSample> &samples);
    void showFigures();
    void showEnforcement();
    void setMessage(const QString &text);

    ResourceFeed *m_feed = nullptr;
    ResourceHistoryModel *m_history = nullptr;
    ResourceChart *m_cpu = nullptr;
    ResourceChart *m_memory = nullptr;
    ResourceChart *m_io = nullptr;
    QComboBox *m_span = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_pauseInfo = nullptr;
    QHash<QString, QLabel *> m_figures;
    QTreeWidget *m_enforcement = nullptr;
    quint64 m_generation = 0; // answers for an earlier worker or span are dropped
    bool m_shown = false;
};

} // namespace hsu::desktop
