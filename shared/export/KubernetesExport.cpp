#include "KubernetesExport.h"

#include "ExportCommon.h"
#include "YamlText.h"

#include "shared/config/Names.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace hsu::exporter {

using config::DependencyCondition;
using config::RestartPolicy;
using config::WorkerSpec;

namespace {

constexpr char kWaitImage[] = "busybox:1.36";

bool runsForever(const WorkerSpec &w)
{
    return w.restartPolicy == RestartPolicy::Always || w.restartPolicy == RestartPolicy::UnlessStopped;
}

bool hasProbe(const WorkerSpec &w)
{
    if (w.type == config::WorkerType::Integrated)
        return w.checksHealth();
    return w.healthCheck.isRun() && w.healthCheck.type != config::HealthCheckType::Process;
}

// Only a check with a port gets a Service: that is what dependants wait on.
int servicePort(const WorkerSpec &w)
{
    return hasProbe(w) ? checkAddress(w).port : 0;
}

QJsonObject selectorLabels(const WorkerSpec &w)
{
    return {{QStringLiteral("app.kubernetes.io/name"), dnsLabel(w.id)},
            {QStringLiteral("app.kubernetes.io/part-of"), QStringLiteral("hsu-master")}};
}

QJsonObject metadata(const WorkerSpec &w)
{
    // The id is an annotation: label values may not hold every id HSU allows (64 characters, "_").
    return {{QStringLiteral("name"), dnsLabel(w.id)},
            {QStringLiteral("labels"), selectorLabels(w)},
            {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("hsu-master/worker-id"), w.id},
                                                        {QStringLiteral("hsu-master/config-digest"), workerDigest(w)}}}};
}

QJsonObject probeAction(const WorkerSpec &w)
{
    const config::HealthCheckSpec &h = w.healthCheck;
    const CheckAddress a = checkAddress(w);
    if (w.type == config::WorkerType::Integrated || h.type == config::HealthCheckType::Tcp)
        return {{QStringLiteral("tcpSocket"), QJsonObject{{QStringLiteral("port"), a.port}}}};
    if (h.type == config::HealthCheckType::Http) {
        QJsonArray headers;
        for (auto it = h.httpHeaders.begin(); it != h.httpHeaders.end(); ++it)
            headers.append(QJsonObject{{QStringLiteral("name"), it.key()}, {QStringLiteral("value"), it.value()}});
        QJsonObject get{{QStringLiteral("path"), a.path},
                        {QStringLiteral("port"), a.port},
                        {QStringLiteral("scheme"), a.scheme.toUpper()}};
        if (!headers.isEmpty())
            get.insert(QStringLiteral("httpHeaders"), headers);
        return {{QStringLiteral("httpGet"), get}};
    }
    if (h.type == config::HealthCheckType::Grpc) {
        QJsonObject grpc{{QStringLiteral("port"), a.port}};
        if (!h.grpcService.isEmpty())
            grpc.insert(QStringLiteral("service"), h.grpcService);
        return {{QStringLiteral("grpc"), grpc}};
    }
    return {{QStringLiteral("exec"),
             QJsonObject{{QStringLiteral("command"), QJsonArray::fromStringList(QStringList{h.execCommand} + h.execArgs)}}}};
}

QJsonObject probe(const WorkerSpec &w)
{
    const config::HealthRunOptions &o = w.healthCheck.runOptions;
    QJsonObject p = probeAction(w);
    p.insert(QStringLiteral("initialDelaySeconds"), secondsAtLeast(o.initialDelay, 0));
    p.insert(QStringLiteral("periodSeconds"), secondsAtLeast(o.interval, 1));
    p.insert(QStringLiteral("timeoutSeconds"), secondsAtLeast(o.timeout, 1));
    p.insert(QStringLiteral("failureThreshold"), std::max(1, o.retries));
    return p;
}

QJsonObject limits(const config::LimitsSpec &l)
{
    QJsonObject r;
    if (const double cores = cpuCores(l); cores > 0)
        r.insert(QStringLiteral("cpu"), QStringLiteral("%1m").arg(std::max(1L, std::lround(cores * 1000))));
    if (l.memory.maxRss > 0)
        r.insert(QStringLiteral("memory"), QStringLiteral("%1Mi").arg(memoryMiB(l.memory.maxRss)));
    return r;
}

class ManifestWriter final
{
public:
    ManifestWriter(const config::Config &config, const Options &options, QStringList *notes)
        : m_config(config), m_options(options), m_notes(notes),
          m_image(options.image.isEmpty() ? QString::fromLatin1(kPlaceholderImage) : options.image),
          m_awaitedHealthy(dependedOnWith(config, DependencyCondition::Healthy))
    {
    }

    File manifest(const WorkerSpec &w)
    {
        QStringList mine;
        noteCommonLosses(w, &mine);
        noteKubernetesLosses(w, &mine);
        QString text = QStringLiteral("# HSU Master worker \"%1\", exported by `hsuctl export --to kubernetes`.\n"
                                      "# hsu-master/config-digest: %2\n").arg(w.id, workerDigest(w));
        const QJsonObject pod = podSpec(w, &mine);
        if (!mine.isEmpty()) {
            text += QStringLiteral("# Not exported (Kubernetes has no counterpart):\n");
            for (const QString &n : std::as_const(mine))
                text += QStringLiteral("#   ") + QString(n).replace(u'\n', u' ') + u'\n';
        }
        text += QString::fromUtf8(yamlText(runsForever(w) ? deployment(w, pod) : job(w, pod)));
        if (const int port = servicePort(w))
            text += QStringLiteral("---\n") + QString::fromUtf8(yamlText(service(w, port)));
        m_notes->append(mine);
        return {dnsLabel(w.id) + QStringLiteral(".yaml"), text.toUtf8()};
    }

private:
    QJsonObject container(const WorkerSpec &w, const QString &name, QStringList *notes) const
    {
        const Program p = programOf(w, m_config, m_options, notes);
        QJsonObject c{{QStringLiteral("name"), name},
                      {QStringLiteral("image"), m_image},
                      {QStringLiteral("command"), QJsonArray{p.path}}};
        if (!p.args.isEmpty())
            c.insert(QStringLiteral("args"), QJsonArray::fromStringList(p.args));
        if (!p.workingDirectory.isEmpty())
            c.insert(QStringLiteral("workingDir"), p.workingDirectory);
        QJsonArray env;
        for (const auto &[k, v] : p.environment)
            env.append(QJsonObject{{QStringLiteral("name"), k}, {QStringLiteral("value"), v}});
        if (!env.isEmpty())
            c.insert(QStringLiteral("env"), env);
        if (const QJsonObject l = limits(w.limits); !l.isEmpty())
            c.insert(QStringLiteral("resources"), QJsonObject{{QStringLiteral("limits"), l}});
        return c;
    }

    QJsonObject podSpec(const WorkerSpec &w, QStringList *notes) const
    {
        QJsonObject c = container(w, dnsLabel(w.id), notes);
        if (hasProbe(w)) {
            c.insert(QStringLiteral("livenessProbe"), probe(w));
            if (m_awaitedHealthy.contains(w.id)) // the Service sends traffic (and dependants) only when ready
                c.insert(QStringLiteral("readinessProbe"), probe(w));
        }
        if (const int port = servicePort(w))
            c.insert(QStringLiteral("ports"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("health")},
                                                                     {QStringLiteral("containerPort"), port}}});
        QJsonObject spec{{QStringLiteral("containers"), QJsonArray{c}},
                         {QStringLiteral("terminationGracePeriodSeconds"), secondsAtLeast(w.gracefulTimeout, 0)}};
        if (const QJsonArray init = initContainers(w, notes); !init.isEmpty())
            spec.insert(QStringLiteral("initContainers"), init);
        return spec;
    }

    // healthy: wait until the dependency's Service answers (it has ready endpoints only once its
    // readiness probe passes). completed: no pod can see another finish without API rights, so the
    // dependency's program runs here, first, as an init container (which must succeed).
    QJsonArray initContainers(const WorkerSpec &w, QStringList *notes) const
    {
        QJsonArray init;
        for (const config::Dependency &d : w.dependsOn) {
            const WorkerSpec *dep = m_config.worker(d.id);
            const auto note = [&](const QString &what) {
                notes->append(QStringLiteral("%1: depends_on %2 %3: %4").arg(w.id, d.id, config::enumName(d.condition), what));
            };
            if (!dep || !exportsAsProgram(*dep)) {
                note(QStringLiteral("an unmanaged worker is not exported; nothing to wait for"));
            } else if (d.condition == DependencyCondition::Started) {
                note(QStringLiteral("Kubernetes starts the pods together"));
            } else if (d.condition == DependencyCondition::Healthy) {
                if (const int port = servicePort(*dep))
                    init.append(waitFor(*dep, port));
                else
                    note(QStringLiteral("its health check has no port, so no Service to wait for"));
            } else if (runsForever(*dep)) {
                note(QStringLiteral("it restarts always, so it never completes: not awaited"));
            } else {
                QStringList ignored; // the dependency's own file carries its notes
                QJsonObject c = container(*dep, QStringLiteral("run-") + dnsLabel(dep->id), &ignored);
                init.append(c);
                note(QStringLiteral("its program runs first in this pod, as an init container that must succeed"));
            }
        }
        return init;
    }

    QJsonObject waitFor(const WorkerSpec &dep, int port) const
    {
        const QString host = dnsLabel(dep.id);
        const QString script = QStringLiteral("until nc -z -w 2 %1 %2; do echo waiting for %1; sleep 2; done").arg(host).arg(port);
        return {{QStringLiteral("name"), QStringLiteral("wait-") + host},
                {QStringLiteral("image"), QString::fromLatin1(kWaitImage)},
                {QStringLiteral("command"), QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"), script}}};
    }

    QJsonObject deployment(const WorkerSpec &w, QJsonObject pod) const
    {
        pod.insert(QStringLiteral("restartPolicy"), QStringLiteral("Always"));
        return {{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                {QStringLiteral("kind"), QStringLiteral("Deployment")},
                {QStringLiteral("metadata"), metadata(w)},
                {QStringLiteral("spec"),
                 QJsonObject{{QStringLiteral("replicas"), w.enabled ? 1 : 0},
                             {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), selectorLabels(w)}}},
                             {QStringLiteral("template"), podTemplate(w, pod)}}}};
    }

    QJsonObject job(const WorkerSpec &w, QJsonObject pod) const
    {
        const bool never = w.restartPolicy == RestartPolicy::Never;
        pod.insert(QStringLiteral("restartPolicy"), never ? QStringLiteral("Never") : QStringLiteral("OnFailure"));
        QJsonObject spec{{QStringLiteral("backoffLimit"), restartPlan(w).attempts}, {QStringLiteral("template"), podTemplate(w, pod)}};
        if (!w.enabled)
            spec.insert(QStringLiteral("suspend"), true);
        return {{QStringLiteral("apiVersion"), QStringLiteral("batch/v1")},
                {QStringLiteral("kind"), QStringLiteral("Job")},
                {QStringLiteral("metadata"), metadata(w)},
                {QStringLiteral("spec"), spec}};
    }

    static QJsonObject podTemplate(const WorkerSpec &w, const QJsonObject &pod)
    {
        // The digest on the pods too: a changed worker rolls its pods, an unchanged one does not.
        QJsonObject meta{{QStringLiteral("labels"), selectorLabels(w)},
                         {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("hsu-master/config-digest"), workerDigest(w)}}}};
        return {{QStringLiteral("metadata"), meta}, {QStringLiteral("spec"), pod}};
    }

    static QJsonObject service(const WorkerSpec &w, int port)
    {
        return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("kind"), QStringLiteral("Service")},
                {QStringLiteral("metadata"), metadata(w)},
                {QStringLiteral("spec"),
                 QJsonObject{{QStringLiteral("selector"), selectorLabels(w)},
                             {QStringLiteral("ports"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("health")},
                                                                              {QStringLiteral("port"), port},
                                                                              {QStringLiteral("targetPort"), port}}}}}}};
    }

    static void noteKubernetesLosses(const WorkerSpec &w, QStringList *notes)
    {
        const auto note = [&](const QString &what) { notes->append(w.id + QStringLiteral(": ") + what); };
        if (w.restartPolicy != RestartPolicy::Never)
            note(QStringLiteral("retry_delay / max_retries window: Kubernetes restarts with its own back-off (10 s doubling)"));
        if (w.limits.priority || w.limits.cpuShares > 0 || w.limits.io.weight > 0)
            note(QStringLiteral("limits priority / cpu_shares / io.weight: not exported"));
        if (w.limits.memory.maxSwap > 0 || w.limits.process.maxProcesses > 0 || w.limits.process.maxFileDescriptors > 0)
            note(QStringLiteral("limits max_swap / max_processes / max_file_descriptors: not exported"));
        if (w.healthCheck.isRun() && w.healthCheck.type == config::HealthCheckType::Http && w.healthCheck.httpMethod != u"GET")
            note(QStringLiteral("health_check.http.method %1: probes use GET").arg(w.healthCheck.httpMethod));
        if (w.type == config::WorkerType::Integrated && w.checksHealth())
            note(QStringLiteral("the gRPC Ping health check: a tcpSocket probe on its port instead"));
        if (!w.enabled)
            note(QStringLiteral("enabled: false: exported with replicas 0 (Deployment) or suspend (Job)"));
    }

    const config::Config &m_config;
    const Options &m_options;
    QStringList *m_notes;
    QString m_image;
    QStringList m_awaitedHealthy;
};

} // namespace

Result exportKubernetes(const config::Config &config, const Options &options)
{
    Result r;
    noteConfigLosses(config, &r.notes);
    noteUnmanaged(config, &r.notes);
    if (options.image.isEmpty())
        r.warnings << QStringLiteral("no --image given: the manifests name %1; build an image that holds the programs "
                                     "(at the paths shown) and export again with --image IMAGE")
                          .arg(QString::fromLatin1(kPlaceholderImage));
    ManifestWriter writer(config, options, &r.notes);
    for (const WorkerSpec &w : config.workers)
        if (exportsAsProgram(w))
            r.files.push_back(writer.manifest(w));
    return r;
}

} // namespace hsu::exporter
