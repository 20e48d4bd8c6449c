#pragma once

// The selected worker: its status fields (live), its health check (HealthPanel), what it runs and
// how it is restarted (when the agent reports it), and its state history with times.
//
// The configuration comes from workers.get's "spec" (an agent without it gets a note instead).
// The history is the agent's own ("history" of workers.get: what happened before this window
// connected), followed by what this window saw since (AgentConnection's StateHistory).

#include "EventsModel.h"

#include "shared/model/WorkerDetails.h"

#include <QJsonObject>
#include <QWidget>

class QFormLayout;
class QLabel;
class QTreeWidget;

namespace hsu::desktop {

class AgentConnection;
class HealthPanel;

class DetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailPane)

public:
    explicit DetailPane(AgentConnection *connection, QWidget *parent = nullptr);

    void showWorker(const QString &id);
    QString workerId() const { return m_id; }
    // Shown text of a status field ("state", "pid", "restarts", "command", ...), for tests.
    QString fieldText(const QString &name) const;
    int historyRows() const;
    HealthPanel *healthPanel() const { return m_health; }

private:
    void refreshStatus();
    void refreshHistory();
    void fetchDetails();
    void applyDetails(const QJsonObject &result);
    QLabel *addField(QFormLayout *form, const QString &name, const QString &label);

    AgentConnection *m_connection = nullptr;
    QString m_id;
    std::optional<model::WorkerLaunch> m_spec; // workers.get's "spec", when the agent sends one
    QList<WorkerEvent> m_agentHistory; // from the agent, when it reports one
    QLabel *m_title = nullptr;
    QHash<QString, QLabel *> m_fields;
    QLabel *m_specNote = nullptr;
    QTreeWidget *m_history = nullptr;
    HealthPanel *m_health = nullptr;
};

} // namespace hsu::desktop
