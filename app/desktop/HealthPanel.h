#pragma once

// The selected worker's health check in the detail pane: the verdict and its reason, the check
// (kind, target, schedule), and its last results (health.get) as a strip (one bar per run,
// oldest left: green passed, red failed; the taller the bar, the longer the run took against its
// timeout) and as a list (time, result, latency, reason). Asked again while shown: at the
// check's interval (at least every second, at most every 10 s) and whenever the verdict changes.

#include "shared/model/HealthReport.h"

#include <QGroupBox>
#include <QTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QTreeWidget;

namespace hsu::desktop {

class AgentConnection;

// The strip: painted from the results, nothing else.
class HealthStrip final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthStrip)
public:
    explicit HealthStrip(QWidget *parent = nullptr);
    void setResults(const QList<model::HealthResult> &results, qint64 timeoutMs);
    const QList<model::HealthResult> &results() const { return m_results; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override; // a bar's tooltip: its time, latency and reason

private:
    int barAt(int x) const;
    QList<model::HealthResult> m_results;
    qint64 m_timeoutMs = 0;
};

class HealthPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthPanel)
public:
    explicit HealthPanel(AgentConnection *connection, QWidget *parent = nullptr);

    void showWorker(const QString &id);
    // Asks the agent now (also done on a timer and on verdict changes).
    void refresh();
    // For tests: the shown report, the verdict line, the check line, the list's rows.
    const std::optional<model::HealthReport> &report() const { return m_report; }
    QString verdictText() const;
    QString checkText() const;
    int resultRows() const;

Q_SIGNALS:
    void reportShown();

private:
    void apply(const std::optional<model::HealthReport> &report, const QString &error);

    AgentConnection *m_connection = nullptr;
    QString m_id;
    std::optional<model::HealthReport> m_report;
    QLabel *m_verdict = nullptr;
    QLabel *m_check = nullptr;
    HealthStrip *m_strip = nullptr;
    QTreeWidget *m_results = nullptr;
    QTimer m_poll;
    bool m_asking = false;
};

} // namespace hsu::desktop
