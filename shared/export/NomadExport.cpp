#include "NomadExport.h"

#include "ExportCommon.h"

#include "shared/config/Names.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace hsu::exporter {

using config::DependencyCondition;
using config::RestartPolicy;
using config::WorkerSpec;

namespace {

bool waitsToFinish(DependencyCondition c)
{
    return c == DependencyCondition::Completed || c == DependencyCondition::CompletedSuccessfully;
}

bool restartsAlways(const WorkerSpec &w)
{
    return w.restartPolicy == RestartPolicy::Always || w.restartPolicy == RestartPolicy::UnlessStopped;
}

// Workers joined by completed dependencies share a group (Nomad's prestart hooks order tasks only
// within one); every other worker is a group of its own. Groups come in config order.
std::vector<std::vector<const WorkerSpec *>> groupsOf(const config::Config &config)
{
    QList<const WorkerSpec *> workers;
    for (const WorkerSpec &w : config.workers)
        if (exportsAsProgram(w))
            workers << &w;
    QMap<QString, int> groupOf; // id -> representative index (tiny union-find over config order)
    for (int i = 0; i < workers.size(); ++i)
        groupOf[workers[i]->id] = i;
    const auto find = [&](int i) {
        while (groupOf[workers[i]->id] != i)
            i = groupOf[workers[i]->id];
        return i;
    };
    for (const WorkerSpec *w : std::as_const(workers))
        for (const config::Dependency &d : w->dependsOn)
            if (waitsToFinish(d.condition) && groupOf.contains(d.id)) {
                const int a = find(groupOf[w->id]), b = find(groupOf[d.id]);
                groupOf[workers[std::max(a, b)]->id] = std::min(a, b);
            }
    std::vector<std::vector<const WorkerSpec *>> groups;
    QMap<int, size_t> slot;
    for (int i = 0; i < workers.size(); ++i) {
        const int root = find(i);
        if (!slot.contains(root)) {
            slot[root] = groups.size();
            groups.emplace_back();
        }
        groups[slot[root]].push_back(workers[i]);
    }
    return groups;
}

QJsonObject restartPolicyJson(const WorkerSpec &w)
{
    const RestartPlan plan = restartPlan(w);
    // delay: after the attempts, wait out the interval and go on (always); fail: give up, as the
    // agent marks a worker failed.
    return {{QStringLiteral("Attempts"), plan.attempts},
            {QStringLiteral("Interval"), double(nanoseconds(plan.window))},
            {QStringLiteral("Delay"), double(nanoseconds(plan.attempts > 0 ? plan.delay : std::chrono::milliseconds(0)))},
            {QStringLiteral("Mode"), restartsAlways(w) ? QStringLiteral("delay") : QStringLiteral("fail")}};
}

QString portLabel(const QString &id)
{
    return QStringLiteral("hsu_") + QString(id).replace(u'-', u'_');
}

QJsonObject headerJson(const QMap<QString, QString> &headers)
{
    QJsonObject o;
    for (auto it = headers.begin(); it != headers.end(); ++it)
        o.insert(it.key(), QJsonArray{it.value()});
    return o;
}

// The check's own fields by type; integrated workers answer a TCP connect on their port (their
// Ping is not the standard gRPC health service Nomad's grpc check calls).
QJsonObject checkJson(const WorkerSpec &w)
{
    const config::HealthCheckSpec &h = w.healthCheck;
    const CheckAddress addr = checkAddress(w);
    QJsonObject c{{QStringLiteral("Name"), QStringLiteral("hsu-%1-health").arg(dnsLabel(w.id))},
                  {QStringLiteral("Interval"), double(nanoseconds(h.runOptions.interval))},
                  {QStringLiteral("Timeout"), double(nanoseconds(h.runOptions.timeout))},
                  {QStringLiteral("CheckRestart"),
                   QJsonObject{{QStringLiteral("Limit"), std::max(1, h.runOptions.retries)},
                               {QStringLiteral("Grace"), double(nanoseconds(h.runOptions.initialDelay))},
                               {QStringLiteral("IgnoreWarnings"), false}}}};
    if (w.type == config::WorkerType::Integrated) {
        c.insert(QStringLiteral("Type"), QStringLiteral("tcp"));
        return c;
    }
    switch (h.type) {
    case config::HealthCheckType::Http:
        c.insert(QStringLiteral("Type"), QStringLiteral("http"));
        c.insert(QStringLiteral("Path"), addr.path);
        c.insert(QStringLiteral("Protocol"), addr.scheme);
        c.insert(QStringLiteral("Method"), h.httpMethod);
        if (!h.httpHeaders.isEmpty())
            c.insert(QStringLiteral("Header"), headerJson(h.httpHeaders));
        break;
    case config::HealthCheckType::Grpc:
        c.insert(QStringLiteral("Type"), QStringLiteral("grpc"));
        if (!h.grpcService.isEmpty())
            c.insert(QStringLiteral("GRPCService"), h.grpcService);
        break;
    case config::HealthCheckType::Tcp:
        c.insert(QStringLiteral("Type"), QStringLiteral("tcp"));
        break;
    default: // exec
        c.insert(QStringLiteral("Type"), QStringLiteral("script"));
        c.insert(QStringLiteral("Command"), h.execCommand);
        c.insert(QStringLiteral("Args"), QJsonArray::fromStringList(h.execArgs));
        break;
    }
    return c;
}

bool hasCheck(const WorkerSpec &w)
{
    if (w.type == config::WorkerType::Integrated)
        return w.checksHealth();
    return w.healthCheck.isRun() && w.healthCheck.type != config::HealthCheckType::Process;
}

class JobWriter final
{
public:
    JobWriter(const config::Config &config, const Options &options, bool serviceJob, QStringList *notes)
        : m_config(config), m_options(options), m_notes(notes), m_serviceJob(serviceJob)
    {
    }

    QJsonObject group(const std::vector<const WorkerSpec *> &members)
    {
        QStringList prestart; // members others in the group wait for: they run before the rest
        for (const WorkerSpec *w : members)
            for (const config::Dependency &d : w->dependsOn)
                if (waitsToFinish(d.condition))
                    prestart << d.id;
        const WorkerSpec *main = members.front();
        for (const WorkerSpec *w : members)
            if (!prestart.contains(w->id)) {
                main = w;
                break;
            }
        QJsonArray tasks, ports;
        bool anyEnabled = false;
        for (const WorkerSpec *w : members) {
            tasks.append(task(*w, prestart.contains(w->id)));
            anyEnabled = anyEnabled || w->enabled;
            if (checkAddress(*w).port > 0 && hasCheck(*w))
                ports.append(QJsonObject{{QStringLiteral("Label"), portLabel(w->id)},
                                         {QStringLiteral("Value"), checkAddress(*w).port}});
        }
        QJsonObject g{{QStringLiteral("Name"), main->id},
                      {QStringLiteral("Count"), anyEnabled ? 1 : 0}, // enabled: false keeps the group, stopped
                      {QStringLiteral("RestartPolicy"), restartPolicyJson(*main)},
                      {QStringLiteral("Tasks"), tasks}};
        // Checks reach the programs on the node's address: reserve their ports so they are known.
        if (!ports.isEmpty())
            g.insert(QStringLiteral("Networks"), QJsonArray{QJsonObject{{QStringLiteral("ReservedPorts"), ports}}});
        return g;
    }

private:
    QJsonObject task(const WorkerSpec &w, bool isPrestart)
    {
        QStringList mine;
        noteCommonLosses(w, &mine);
        noteNomadLosses(w, isPrestart, &mine);
        const Program p = programOf(w, m_config, m_options, &mine);
        QJsonObject env;
        for (const auto &[k, v] : p.environment)
            env.insert(k, v);
        QJsonObject t{{QStringLiteral("Name"), w.id},
                      {QStringLiteral("Driver"), QStringLiteral("raw_exec")},
                      {QStringLiteral("Config"), driverConfig(p)},
                      {QStringLiteral("RestartPolicy"), restartPolicyJson(w)},
                      {QStringLiteral("KillTimeout"), double(nanoseconds(w.gracefulTimeout))},
                      {QStringLiteral("Meta"), QJsonObject{{QStringLiteral("hsu_worker_id"), w.id},
                                                           {QStringLiteral("hsu_config_digest"), workerDigest(w)}}}};
        if (!env.isEmpty())
            t.insert(QStringLiteral("Env"), env);
        if (const QJsonObject r = resources(w.limits); !r.isEmpty())
            t.insert(QStringLiteral("Resources"), r);
        if (isPrestart) // runs to its end before the group's other tasks start
            t.insert(QStringLiteral("Lifecycle"), QJsonObject{{QStringLiteral("Hook"), QStringLiteral("prestart")},
                                                              {QStringLiteral("Sidecar"), false}});
        if (hasCheck(w)) {
            QJsonObject service{{QStringLiteral("Name"), QStringLiteral("hsu-%1").arg(dnsLabel(w.id))},
                                {QStringLiteral("Checks"), QJsonArray{checkJson(w)}}};
            if (checkAddress(w).port > 0)
                service.insert(QStringLiteral("PortLabel"), portLabel(w.id));
            t.insert(QStringLiteral("Services"), QJsonArray{service});
        }
        m_notes->append(mine);
        return t;
    }

    // raw_exec has no working-directory option (it starts tasks in the allocation's folder), so a
    // shell changes into the worker's folder first and then execs the program: the arguments pass
    // as positional parameters, never through the shell's parser.
    static QJsonObject driverConfig(const Program &p)
    {
        if (p.workingDirectory.isEmpty())
            return {{QStringLiteral("command"), p.path}, {QStringLiteral("args"), QJsonArray::fromStringList(p.args)}};
        const QStringList args = QStringList{QStringLiteral("-c"), QStringLiteral("cd \"$1\" && shift && exec \"$@\""),
                                             QStringLiteral("hsu-cd"), p.workingDirectory, p.path}
                                 + p.args;
        return {{QStringLiteral("command"), QStringLiteral("/bin/sh")}, {QStringLiteral("args"), QJsonArray::fromStringList(args)}};
    }

    QJsonObject resources(const config::LimitsSpec &l) const
    {
        QJsonObject r;
        if (const double cores = cpuCores(l); cores > 0)
            r.insert(QStringLiteral("CPU"), std::max(1, int(std::lround(cores * m_options.mhzPerCore))));
        if (l.memory.maxRss > 0)
            r.insert(QStringLiteral("MemoryMB"), qint64(memoryMiB(l.memory.maxRss)));
        return r;
    }

    void noteNomadLosses(const WorkerSpec &w, bool isPrestart, QStringList *notes) const
    {
        const auto note = [&](const QString &what) { notes->append(w.id + QStringLiteral(": ") + what); };
        for (const config::Dependency &d : w.dependsOn) {
            if (!waitsToFinish(d.condition))
                note(QStringLiteral("depends_on %1 %2: Nomad starts task groups together, without order")
                         .arg(d.id, config::enumName(d.condition)));
            else if (isPrestart)
                note(QStringLiteral("depends_on %1: both run as prestart tasks, side by side").arg(d.id));
            else if (d.condition == DependencyCondition::Completed)
                note(QStringLiteral("depends_on %1 completed: a prestart task that fails holds the group back "
                                    "(as completed_successfully)").arg(d.id));
        }
        if (w.limits.priority)
            note(QStringLiteral("limits.priority (nice): not exported"));
        if (w.limits.cpuShares > 0 || w.limits.io.weight > 0)
            note(QStringLiteral("limits cpu_shares / io.weight: not exported"));
        if (w.limits.memory.maxSwap > 0 || w.limits.process.maxProcesses > 0 || w.limits.process.maxFileDescriptors > 0)
            note(QStringLiteral("limits max_swap / max_processes / max_file_descriptors: not exported"));
        if (!restartsAlways(w) && m_serviceJob)
            note(QStringLiteral("restart_policy %1: in a service job Nomad restarts a task whatever its exit code")
                     .arg(config::enumName(w.restartPolicy)));
        if (w.type == config::WorkerType::Integrated && w.checksHealth())
            note(QStringLiteral("the gRPC Ping health check: a tcp check on its port instead"));
    }

    const config::Config &m_config;
    const Options &m_options;
    QStringList *m_notes;
    bool m_serviceJob; // any worker restarts always: the job is a service, and batch-like workers say so
};

QString jobId(const config::Config &config)
{
    const QString base = QFileInfo(config.sourceFile).completeBaseName();
    return QStringLiteral("hsu-") + dnsLabel(base.isEmpty() ? QStringLiteral("workers") : base);
}

} // namespace

Result exportNomad(const config::Config &config, const Options &options)
{
    Result r;
    noteConfigLosses(config, &r.notes);
    noteUnmanaged(config, &r.notes);
    bool serviceJob = false;
    for (const WorkerSpec &w : config.workers)
        serviceJob = serviceJob || (exportsAsProgram(w) && restartsAlways(w));
    JobWriter writer(config, options, serviceJob, &r.notes);
    QJsonArray groups;
    QJsonObject meta{{QStringLiteral("hsu_source"), QFileInfo(config.sourceFile).fileName()},
                     {QStringLiteral("hsu_mhz_per_core"), QString::number(options.mhzPerCore)}};
    for (const auto &members : groupsOf(config)) {
        groups.append(writer.group(members));
        for (const WorkerSpec *w : members)
            meta.insert(QStringLiteral("hsu_digest_") + w->id, workerDigest(*w));
    }
    // JSON has no comments: what could not be exported travels in the job's Meta (and the notes file).
    if (!r.notes.isEmpty())
        meta.insert(QStringLiteral("hsu_not_exported"), r.notes.join(u'\n'));
    const QString id = jobId(config);
    const QJsonObject job{{QStringLiteral("ID"), id},
                          {QStringLiteral("Name"), id},
                          {QStringLiteral("Type"), serviceJob ? QStringLiteral("service") : QStringLiteral("batch")},
                          {QStringLiteral("Datacenters"), QJsonArray{QStringLiteral("*")}},
                          {QStringLiteral("TaskGroups"), groups},
                          {QStringLiteral("Meta"), meta}};
    r.files.push_back({id + QStringLiteral(".nomad.json"),
                       QJsonDocument(QJsonObject{{QStringLiteral("Job"), job}}).toJson(QJsonDocument::Indented)});
    return r;
}

} // namespace hsu::exporter
