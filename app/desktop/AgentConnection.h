#pragma once

// The GUI's side of the agent: one AgentClient (auto-reconnecting), the models it feeds, and the
// requests the window and the tray make. No widgets here: it is what the GUI tests drive and
// what the window, the tray and the detail pane share.
//
// Data flow: on every (re)connect one workers.list (WorkerTableModel::setWorkers), then only
// worker.state events (WorkerTableModel::updateWorker), each applied as it arrives: no polling.
// Every state change the GUI sees goes to the Events model and the per-worker history.

#include "EventsModel.h"

#include "shared/model/WorkerState.h"
#include "shared/model/HealthReport.h"
#include "shared/model/WorkerStatus.h"

#include <QObject>
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace hsu::client {
class AgentClient;
class AgentLauncher;
} // namespace hsu::client

namespace hsu::desktop {

class WorkerTableModel;

class AgentConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentConnection)

public:
    enum class Status {
        Connecting,   // first attempt under way
        Connected,    // hello done, the table holds the truth
        NoAgent,      // never reached an agent since the window opened (retrying quietly)
        Reconnecting, // had one and lost it; retrying
        StartingAgent // we launched hsu-agent and wait for it to answer
    };
    Q_ENUM(Status)

    AgentConnection(const QString &socketPath, const QString &configFile, QObject *parent = nullptr);
    ~AgentConnection() override;

    void open();
    Status status() const { return m_status; }
    bool isConnected() const { return m_status == Status::Connected; }
    QString socketPath() const { return m_socketPath; }
    QString configFile() const { return m_configFile; }
    // The last reason a connection attempt failed ("cannot connect to PATH: no such socket").
    QString lastError() const { return m_lastError; }
    int reconnectAttempt() const { return m_attempt; }
    QJsonObject agentInfo() const;

    WorkerTableModel *workers() const { return m_workers; }
    EventsModel *events() const { return m_events; }
    const StateHistory &history() const { return m_history; }
    client::AgentClient *client() const { return m_client; }

    // Asks the agent to start / stop / restart these workers (one request for all of them), or to
    // pause / resume them (one request each); refusals come back through errorOccurred().
    void requestOperation(model::Operation op, const QStringList &ids);
    void requestAll(model::Operation op);
    // workers.signal; a refusal (an unmanaged worker's allowed_signals) through errorOccurred().
    void requestSignal(const QString &id, const QString &signal);
    // Raw request for the detail pane (workers.get and friends); `handler` gets the reply.
    void fetchWorker(const QString &id, std::function<void(const QJsonObject &status, const QString &error)> handler);
    // health.get: the worker's check and last results (read through model::HealthReport); an
    // agent without the method, or an answer that is not a report, gives an error.
    void fetchHealth(const QString &id,
                     std::function<void(const std::optional<hsu::model::HealthReport> &report, const QString &error)> handler);

    // Launches hsu-agent on our socket with the configured file (AgentLauncher) and reconnects
    // as soon as it answers. Errors (no program, a config that does not load) -> errorOccurred().
    void startAgent();
    // The whole command line of the agent startAgent() starts until one has answered (hello's
    // arguments replace it then); empty: --config FILE (or the agent's default) --socket PATH.
    void setStartArguments(const QStringList &arguments) { m_agentArguments = arguments; }
    bool isStartingAgent() const { return m_status == Status::StartingAgent; }
    // An agent that went away without being asked to (no <socket>.stopped beside its socket) and
    // that no service manager brings back (hello's service_manager is empty) is started again,
    // after 1 s, then 2, 4 ... up to 30 s while it keeps dying; it takes its workers back.
    void setRestartAgentIfDied(bool on) { m_reviveEnabled = on; }
    bool restartsAgentIfDied() const { return m_reviveEnabled; }

Q_SIGNALS:
    void statusChanged(hsu::desktop::AgentConnection::Status status);
    // Something failed and the user should know: refused operations, failed requests, a failed
    // launch. Shown in the status bar, never only logged.
    void errorOccurred(const QString &message);
    // Something worked (a transient status-bar note).
    void infoMessage(const QString &message);
    // A worker's state changed (from an event, or found changed by the list after a reconnect).
    // `previous` has an empty id when the GUI had not seen the worker.
    void workerTransition(const hsu::model::WorkerStatus &current, const hsu::model::WorkerStatus &previous);
    // A worker's health verdict changed to healthy, degraded or unhealthy (not to "unknown",
    // which every new process starts with).
    void workerHealthChanged(const hsu::model::WorkerStatus &current, const hsu::model::WorkerStatus &previous);
    // The list after a (re)connect has been applied.
    void workersRefreshed();
    // Another connection attempt is scheduled (attempt 1, 2, ... since the last success).
    void reconnectScheduled(int attempt, int delayMs);
    // The agent died and will be started again in `delayMs` (attempt 1, 2, ...).
    void agentRestartScheduled(int attempt, int delayMs);

private:
    void setStatus(Status status);
    void onConnected();
    void requestList();
    void onLost(const QString &why);
    void onReconnecting(int attempt, int delayMs);
    void onEvent(const QString &name, const QJsonValue &data);
    void onWorkerUpdated(const model::WorkerStatus &current, const model::WorkerStatus &previous);
    void handleOperationReply(model::Operation op, const QJsonValue &result);
    void requestPauseResume(model::Operation op, const QStringList &ids);
    QString verb(model::Operation op) const;
    void maybeRevive();

    QString m_socketPath;
    QString m_configFile;
    client::AgentClient *m_client = nullptr;
    QPointer<client::AgentLauncher> m_launcher;
    WorkerTableModel *m_workers = nullptr;
    EventsModel *m_events = nullptr;
    StateHistory m_history;
    Status m_status = Status::Connecting;
    bool m_everConnected = false;
    bool m_applyingList = false; // setWorkers() in progress: changes found there are catch-up
    bool m_listedOnce = false;   // the first list fills the table; it is not a state change
    int m_attempt = 0;
    QString m_lastError;
    // Restarting an agent that died (setRestartAgentIfDied).
    bool m_reviveEnabled = true;
    QString m_serviceManager;       // from the last hello
    QStringList m_agentArguments;   // the last agent's command line (hello), to start it alike
    QTimer *m_revive = nullptr;
    int m_reviveAttempt = 0;
    bool m_reviving = false; // started again by the timer: said in the status bar once it answers
    QElapsedTimer m_connectedFor;
};

} // namespace hsu::desktop
