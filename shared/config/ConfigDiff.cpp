#include "shared/config/ConfigDiff.h"

#include "shared/config/LogSettings.h"

#include <QJsonArray>
#include <QSet>

namespace hsu::config {

WorkerDiff diffWorker(const WorkerSpec &a, const WorkerSpec &b)
{
    WorkerDiff d;
    const auto note = [](QStringList &keys, bool differs, const char *key) {
        if (differs)
            keys << QLatin1String(key);
    };
    // What the process is made from: only a new process can take it.
    const auto restartIf = [&](bool differs, const char *key) { note(d.restartKeys, differs, key); };
    restartIf(a.type != b.type, "type");
    restartIf(a.enabled != b.enabled, "enabled");
    restartIf(a.execution != b.execution, "execution");
    // Limits and logs: as the file says; diffConfigs asks the agent which it can change in place.
    restartIf(a.limits != b.limits, "limits");
    restartIf(a.logCollection != b.logCollection, "log_collection");
    restartIf(a.discovery != b.discovery, "discovery");
    restartIf(a.unmanagedControl != b.unmanagedControl, "control");
    // What the agent applies to the running process.
    const auto liveIf = [&](bool differs, const char *key) { note(d.liveKeys, differs, key); };
    liveIf(a.name != b.name || a.description != b.description, "metadata");
    liveIf(a.profileType != b.profileType, "worker_profile_type");
    liveIf(a.dependsOn != b.dependsOn, "depends_on");
    liveIf(a.restartPolicy != b.restartPolicy, "restart_policy");
    liveIf(a.restart != b.restart, "context_aware_restart");
    liveIf(a.gracefulTimeout != b.gracefulTimeout, "graceful_timeout");
    liveIf(a.healthCheck != b.healthCheck, "health_check");
    liveIf(a.processFile != b.processFile, "process_file");
    return d;
}

namespace {

void moveKey(WorkerDiff &d, const QString &key, bool live)
{
    d.restartKeys.removeAll(key);
    d.liveKeys.removeAll(key);
    (live ? d.liveKeys : d.restartKeys) << key;
}

// Refines the file's view of the two keys with what the agent can do in place.
void refineInPlace(WorkerDiff &d, const Config &running, const WorkerSpec &a, const Config &next,
                   const WorkerSpec &b, const InPlace &inPlace)
{
    const QString limitsKey = QStringLiteral("limits");
    if (inPlace.limits && d.restartKeys.contains(limitsKey))
        moveKey(d, limitsKey, inPlace.limits(a, b));
    if (!inPlace.logs)
        return;
    const QString logsKey = QStringLiteral("log_collection");
    // The top-level block changes what the worker's own block inherits: compare the merged result.
    if (a.logCollection == b.logCollection && running.logCollection == next.logCollection)
        return;
    const ResolvedWorkerLog from = resolveWorkerLog(running, a, inPlace.logDir);
    const ResolvedWorkerLog to = resolveWorkerLog(next, b, inPlace.logDir);
    if (from == to) {
        d.restartKeys.removeAll(logsKey);
        return;
    }
    const bool sameCapture = from.enabled == to.enabled && from.captureStdout == to.captureStdout
        && from.captureStderr == to.captureStderr;
    moveKey(d, logsKey, sameCapture);
}

} // namespace

ConfigDiff diffConfigs(const Config &running, const Config &next, const InPlace &inPlace)
{
    ConfigDiff diff;
    QSet<QString> nextIds;
    for (const WorkerSpec &w : next.workers)
        nextIds.insert(w.id);
    for (const WorkerSpec &w : running.workers)
        if (!nextIds.contains(w.id))
            diff.removed << w.id;
    for (const WorkerSpec &w : next.workers) {
        const WorkerSpec *old = running.worker(w.id);
        if (!old) {
            diff.added << w.id;
            continue;
        }
        WorkerDiff d = diffWorker(*old, w);
        refineInPlace(d, running, *old, next, w, inPlace);
        if (!d.restartKeys.isEmpty())
            diff.restarted << w.id;
        else if (!d.liveKeys.isEmpty())
            diff.live << w.id;
        else
            diff.unchanged << w.id;
        if (!d.restartKeys.isEmpty() || !d.liveKeys.isEmpty())
            diff.changedKeys.insert(w.id, d.restartKeys + d.liveKeys);
    }
    if (running.master != next.master)
        diff.global << QStringLiteral("master");
    if (running.logCollection != next.logCollection)
        diff.global << QStringLiteral("log_collection");
    return diff;
}

QJsonObject ConfigDiff::toJson() const
{
    QJsonObject keys;
    for (auto it = changedKeys.begin(); it != changedKeys.end(); ++it)
        keys.insert(it.key(), QJsonArray::fromStringList(it.value()));
    return QJsonObject{
        {QStringLiteral("added"), QJsonArray::fromStringList(added)},
        {QStringLiteral("removed"), QJsonArray::fromStringList(removed)},
        {QStringLiteral("restarted"), QJsonArray::fromStringList(restarted)},
        {QStringLiteral("live"), QJsonArray::fromStringList(live)},
        {QStringLiteral("unchanged"), unchanged.size()},
        {QStringLiteral("changed_keys"), keys},
        {QStringLiteral("global"), QJsonArray::fromStringList(global)},
        {QStringLiteral("summary"), summary()},
    };
}

QString ConfigDiff::summary() const
{
    QStringList parts;
    const auto add = [&parts](qsizetype n, const QString &what) {
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(what);
    };
    add(added.size(), QStringLiteral("added"));
    add(removed.size(), QStringLiteral("removed"));
    add(restarted.size(), QStringLiteral("restarted"));
    add(live.size(), QStringLiteral("changed live"));
    parts << QStringLiteral("%1 unchanged").arg(unchanged.size());
    return parts.join(QLatin1String(", "));
}

} // namespace hsu::config
