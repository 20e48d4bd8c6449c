#pragma once

// Reloads the config while the agent runs. The file is loaded and checked in full first: with
// any error nothing changes (the running workers and their config stay) and every error goes out
// as "FILE:LINE:COL: message". A valid file is compared with what runs (config::diffConfigs) and
// only the difference is applied:
//   removed    stopped, then torn down: sampling and cgroup, FIFOs (its log files stay), the Worker
//   restarted  the same, then set up anew from the new spec and started
//   added      set up (logs, cgroups, limits) and started, each once its dependencies allow
//   live       the new spec in place (WorkerSet::applyLive: the Worker's spec, limits written to
//              its cgroup, log targets and filters in its pipeline): no new process
//   unchanged  untouched: same process, logs, history, counters
// Dependants of a restarted worker are left alone. The reload ends in one config.reloaded event
// (reloaded()) once the stops are done and the starts asked for.
//
// Triggers: SIGHUP, the protocol's config.reload (hsuctl reload), and the file itself
// (ConfigFileWatch): a file renamed into place is read at once; one written in place, by
// truncate-and-write or in two writes, after a short quiet time, so that a save makes one
// reload, and only when the text changed.

#include "agent/core/ConfigControl.h"
#include "shared/config/ConfigDiff.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace hsu::agent {

class Supervisor;
class Worker;
class ConfigFileWatch;
class WorkerSet;

class ConfigReloader final : public QObject, public ConfigControl
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigReloader)
public:
    ConfigReloader(QString configFile, Supervisor &supervisor, WorkerSet &workers, QObject *parent = nullptr);
    ~ConfigReloader() override;

    // Watches the config file from now on (its text now is what runs).
    void watchFile();

    // Reads the file again and applies the difference. Returns the plan (ConfigDiff's JSON, with
    // "trigger"); with `errors` set, nothing changed. A reload asked for while one is under way
    // runs after it (the plan then says "queued").
    QJsonObject reload(const QString &trigger, QStringList *errors) override;
    bool isReloading() const { return m_inFlight != nullptr; }
    // The text of the config that runs (read at watchFile(), then at each reload that applied).
    const QByteArray &runningText() const { return m_runningText; }
    // ConfigControl
    QJsonObject diff(const QString &path, QStringList *errors) override;
    QJsonObject text() const override;
    QJsonObject save(const QByteArray &text, QStringList *errors) override;

Q_SIGNALS:
    // config.reloaded: {"ok": true, the plan's keys, "ms"} or {"ok": false, "errors": [...]}.
    void reloaded(const QJsonObject &result);

private:
    struct InFlight;
    void onWorkerSettled(const QString &id);
    void finish();
    void onFileEvent(bool complete);
    void checkFile();
    // The file at `path` (or `text` as if it were there), loaded and checked in full.
    std::optional<config::Config> load(const QString &path, const QByteArray *text, QStringList *errors) const;

    QString m_configFile;
    Supervisor &m_supervisor;
    WorkerSet &m_workers;
    std::unique_ptr<InFlight> m_inFlight;
    QString m_queuedTrigger; // a reload asked for meanwhile
    ConfigFileWatch *m_watch = nullptr;
    QTimer m_quiet;          // the file's changes settle before it is read
    QByteArray m_runningText; // the file's text that runs
};

} // namespace hsu::agent
