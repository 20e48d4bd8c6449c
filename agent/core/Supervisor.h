#pragma once

#include "Worker.h"
#include "WorkerControl.h"
#include "shared/config/WorkerSpec.h"

#include <QHash>
#include <QSet>
#include <QObject>
#include <QProcessEnvironment>
#include <QTimer>

#include <functional>
#include <vector>

namespace hsu::agent {

// Where the agent keeps things, from its command line.
struct AgentPaths
{
    QString configFile; // the file the config came from (relative program paths resolve beside it)
    QString logDir;
    QString stateDir;
};

// Owns every Worker, starts them in dependency order, and is what IPC clients talk to.
class Supervisor final : public QObject, public WorkerControl
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Supervisor)
public:
    Supervisor(config::Config config, AgentPaths paths, QObject *parent = nullptr);
    ~Supervisor() override;

    // Starts every enabled worker, each once its dependencies allow.
    void startAll();

    // The worker set while the agent runs (a reload). A new worker, set up by the caller (its
    // logs, cgroups) before startWorkers(); null if the id is taken.
    Worker *addWorker(config::WorkerSpec spec);
    // Asked for an integrated worker's port at its set-up (0: pick a free one): the one its
    // re-adopted process listens on (Adoption::recordedPort).
    void setPortSource(std::function<quint16(const QString &id)> source) { m_portSource = std::move(source); }
    // Deletes a worker that has settled (no process, no stop under way), after the caller tore
    // down its logs and cgroups.
    void removeWorker(const QString &id);
    // Starts these workers, each once its dependencies allow.
    void startWorkers(const QStringList &ids);
    // What runs: the config's top level with every worker's spec, in order.
    config::Config runningConfig() const;
    // A reload's master and log_collection sections.
    void setTopLevel(const config::Config &config);

    // WorkerControl
    QList<model::WorkerStatus> workers() const override;
    QJsonArray workersJson() const override;
    QByteArray workersListJson() const override;
    std::optional<model::WorkerStatus> worker(const QString &id) const override;
    ControlResult start(const QString &id) override;
    ControlResult stop(const QString &id) override;
    ControlResult restart(const QString &id) override;
    ControlResult pause(const QString &id) override;
    ControlResult resume(const QString &id) override;
    ControlResult signal(const QString &id, int sig) override;
    void shutdown() override;
    QString configPath() const override { return m_paths.configFile; }
    QJsonObject workerDetails(const QString &id) const override;

    // The config without its workers (each Worker holds its own spec).
    const config::Config &config() const { return m_config; }
    // Routes a worker's stdout / stderr to these fds (see LaunchSpec) from its next start on.
    // `*Path`: the FIFO behind the fd, which the child then opens by name (see LaunchSpec).
    void setOutputFds(const QString &id, int stdoutFd, int stderrFd, const QString &stdoutPath = {},
                      const QString &stderrPath = {});
    // The Worker itself, for the resource monitor (limits, tree, violation actions); null if unknown.
    Worker *workerObject(const QString &id) const { return find(id); }
    const std::vector<Worker *> &workerObjects() const { return m_workers; }
    bool isShuttingDown() const { return m_shuttingDown; }

    // How one worker's process is started: resolved program (as `hsuctl validate` resolves it, the
    // worker's own PATH first), merged environment, folders.
    static LaunchSpec launchSpecFor(const config::WorkerSpec &spec, const AgentPaths &paths,
                                    const ChildEnvironment &base,
                                    const QProcessEnvironment &agentEnvironment = QProcessEnvironment::systemEnvironment());

Q_SIGNALS:
    void workerStateChanged(const hsu::model::WorkerStatus &status);
    // A worker's process exited (its pipes can be read to the end now).
    void workerProcessEnded(const QString &id);
    // Every worker has stopped after shutdown() (or the force timeout killed what was left).
    void shutdownFinished();

private:
    Worker *find(const QString &id) const;
    // start and restart: the checks both share, then the worker's own operation.
    ControlResult launchRequest(const QString &id, ControlResult (Worker::*op)());
    // "waiting for db: healthy" for the first dependency that does not allow the start yet; "" when all do.
    QString unmetDependency(const Worker &w) const;
    void startPending();
    void onWorkerChanged(const model::WorkerStatus &status);
    void checkShutdownDone();
    // Shutdown in reverse dependency order: a worker is stopped once every worker that depends on
    // it has settled (the force timeout still ends whatever hangs).
    bool dependantsSettled(const Worker *w) const;
    void stopForShutdownIfFree(Worker *w);
    void onWorkerSettled(Worker *w);

    config::Config m_config;
    AgentPaths m_paths;
    std::function<quint16(const QString &)> m_portSource;
    ChildEnvironment m_baseEnvironment;     // the agent's own, encoded once for every worker
    QProcessEnvironment m_agentEnvironment; // its PATH finds bare program names
    std::vector<Worker *> m_workers; // config order; children of this object
    QHash<QString, Worker *> m_byId;
    QList<Worker *> m_pending;       // waiting for their dependencies
    bool m_startingPending = false;  // startPending() is on the stack
    bool m_pendingAgain = false;     // a state changed meanwhile: one more pass
    bool m_shuttingDown = false;
    bool m_shutdownDone = false;
    QHash<QString, QList<Worker *>> m_dependants; // at shutdown: id -> the workers that depend on it
    QSet<Worker *> m_shutdownAsked;               // stopForShutdown() called
    QTimer m_forceTimer;
};

} // namespace hsu::agent
