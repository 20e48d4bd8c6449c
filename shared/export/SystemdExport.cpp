#include "SystemdExport.h"

#include "ExportCommon.h"

#include "shared/config/Names.h"

#include <QFileInfo>

#include <cmath>

namespace hsu::exporter {

using config::DependencyCondition;
using config::RestartPolicy;
using config::WorkerSpec;

QString systemdWord(const QString &word, bool dollar)
{
    static const QString plain = QStringLiteral("/_.,:=+@-");
    bool quote = word.isEmpty();
    QString body;
    for (const QChar c : word) {
        const ushort u = c.unicode();
        if (c == u'%') {
            body += QStringLiteral("%%"); // a specifier otherwise
        } else if (c == u'$' && dollar) {
            body += QStringLiteral("$$"); // an environment variable otherwise
        } else if (c == u'\\' || c == u'"') {
            body += u'\\' + QString(c);
            quote = true;
        } else if (c == u'\n') {
            body += QStringLiteral("\\n");
            quote = true;
        } else if (c == u'\t') {
            body += QStringLiteral("\\t");
            quote = true;
        } else if (u < 0x20 || u == 0x7f) {
            body += QStringLiteral("\\x%1").arg(u, 2, 16, QChar(u'0'));
            quote = true;
        } else {
            body += c;
            if (!c.isLetterOrNumber() && !plain.contains(c) && c != u'$')
                quote = true; // spaces, quotes, ';' and the rest: one word only in quotes
        }
    }
    return quote ? u'"' + body + u'"' : body;
}

namespace {

QString unitName(const QString &id)
{
    return QStringLiteral("hsu-%1.service").arg(id);
}

// "5s" or "1500ms": systemd's time spans, exact to the millisecond.
QString timeSpan(std::chrono::milliseconds d)
{
    return d.count() % 1000 == 0 ? QStringLiteral("%1s").arg(d.count() / 1000) : QStringLiteral("%1ms").arg(d.count());
}

QString noSpecifiers(QString text)
{
    return text.replace(u'%', QStringLiteral("%%"));
}

QString restartValue(RestartPolicy p)
{
    switch (p) {
    case RestartPolicy::Never: return QStringLiteral("no");
    case RestartPolicy::OnFailure: return QStringLiteral("on-failure");
    // systemd never restarts a unit the user stopped: that is unless-stopped, and HSU's always too.
    case RestartPolicy::Always:
    case RestartPolicy::UnlessStopped: return QStringLiteral("always");
    }
    return QStringLiteral("no");
}

bool restartsAlways(const WorkerSpec &w)
{
    return w.restartPolicy == RestartPolicy::Always || w.restartPolicy == RestartPolicy::UnlessStopped;
}

class UnitWriter final
{
public:
    UnitWriter(const config::Config &config, const Options &options, QStringList *notes)
        : m_config(config), m_options(options), m_notes(notes),
          m_awaitedToFinish(dependedOnWith(config, DependencyCondition::Completed)
                            + dependedOnWith(config, DependencyCondition::CompletedSuccessfully))
    {
    }

    File unit(const WorkerSpec &w)
    {
        QStringList mine;
        noteCommonLosses(w, &mine);
        noteSystemdLosses(w, &mine);
        const Program program = programOf(w, m_config, m_options, &mine);
        QString text = header(w, mine);
        text += unitSection(w, &mine);
        text += serviceSection(w, program);
        text += QStringLiteral("\n[Install]\nWantedBy=hsu-workers.target\n");
        m_notes->append(mine);
        return {unitName(w.id), text.toUtf8()};
    }

private:
    QString header(const WorkerSpec &w, const QStringList &notes) const
    {
        QString t = QStringLiteral("# HSU Master worker \"%1\", exported by `hsuctl export --to systemd`.\n"
                                   "# hsu-master/worker-id: %1\n# hsu-master/config-digest: %2\n")
                        .arg(w.id, workerDigest(w));
        if (!notes.isEmpty()) {
            t += QStringLiteral("# Not exported (systemd has no counterpart):\n");
            for (const QString &n : notes)
                t += QStringLiteral("#   ") + QString(n).replace(u'\n', u' ') + u'\n';
        }
        return t;
    }

    QString unitSection(const WorkerSpec &w, QStringList *notes) const
    {
        const QString label = w.name.isEmpty() ? w.id : w.name;
        QString t = QStringLiteral("[Unit]\nDescription=%1 (HSU Master worker %2)\nPartOf=hsu-workers.target\n")
                        .arg(noSpecifiers(label).replace(u'\n', u' '), w.id);
        QStringList wants, required, after;
        for (const config::Dependency &d : w.dependsOn) {
            const WorkerSpec *dep = m_config.worker(d.id);
            if (!dep || !exportsAsProgram(*dep)) {
                notes->append(QStringLiteral("%1: depends_on %2: an unmanaged worker has no unit to wait for").arg(w.id, d.id));
                continue;
            }
            after << unitName(d.id);
            // Requires: the dependant stops with its dependency, and a failed start fails it.
            const bool hard = d.condition == DependencyCondition::Healthy
                              || d.condition == DependencyCondition::CompletedSuccessfully;
            (hard ? required : wants) << unitName(d.id);
            if (d.condition == DependencyCondition::Healthy)
                notes->append(QStringLiteral("%1: depends_on %2 healthy: systemd waits until it has started, not until healthy")
                                  .arg(w.id, d.id));
        }
        if (!wants.isEmpty())
            t += QStringLiteral("Wants=%1\n").arg(wants.join(u' '));
        if (!required.isEmpty())
            t += QStringLiteral("Requires=%1\n").arg(required.join(u' '));
        if (!after.isEmpty())
            t += QStringLiteral("After=%1\n").arg(after.join(u' '));
        const RestartPlan plan = restartPlan(w);
        if (plan.attempts > 0) // a start and its restarts, counted over the window
            t += QStringLiteral("StartLimitIntervalSec=%1\nStartLimitBurst=%2\n").arg(timeSpan(plan.window)).arg(plan.attempts + 1);
        return t;
    }

    QString serviceSection(const WorkerSpec &w, const Program &p) const
    {
        // A dependant that waits for this worker to complete needs systemd to wait for its exit:
        // oneshot (which cannot restart always: then dependants wait for its start only).
        const bool oneshot = m_awaitedToFinish.contains(w.id) && !restartsAlways(w);
        QString t = QStringLiteral("\n[Service]\nType=%1\n").arg(oneshot ? QStringLiteral("oneshot") : QStringLiteral("exec"));
        if (oneshot)
            t += QStringLiteral("TimeoutStartSec=infinity\n");
        QStringList words{systemdWord(p.path)};
        for (const QString &a : p.args)
            words << systemdWord(a);
        t += QStringLiteral("ExecStart=%1\n").arg(words.join(u' '));
        if (!p.workingDirectory.isEmpty())
            t += QStringLiteral("WorkingDirectory=%1\n").arg(noSpecifiers(p.workingDirectory));
        for (const auto &[k, v] : p.environment)
            t += QStringLiteral("Environment=%1\n").arg(systemdWord(k + u'=' + v, false));
        const RestartPlan plan = restartPlan(w);
        t += QStringLiteral("Restart=%1\n").arg(restartValue(w.restartPolicy));
        if (plan.attempts > 0)
            t += QStringLiteral("RestartSec=%1\n").arg(timeSpan(plan.delay));
        t += QStringLiteral("TimeoutStopSec=%1\n").arg(timeSpan(w.gracefulTimeout));
        t += limitLines(w.limits);
        return t;
    }

    static QString limitLines(const config::LimitsSpec &l)
    {
        QString t;
        if (l.priority)
            t += QStringLiteral("Nice=%1\n").arg(*l.priority);
        if (l.memory.maxRss > 0)
            t += QStringLiteral("MemoryMax=%1\n").arg(l.memory.maxRss);
        if (l.memory.maxSwap > 0)
            t += QStringLiteral("MemorySwapMax=%1\n").arg(l.memory.maxSwap);
        if (const double cores = cpuCores(l); cores > 0) // CPUQuota counts one core as 100%
            t += QStringLiteral("CPUQuota=%1%\n").arg(std::lround(cores * 100));
        if (l.cpuShares > 0) // cgroup v1 shares (1024 = normal) to v2 weight (100 = normal)
            t += QStringLiteral("CPUWeight=%1\n").arg(std::clamp(l.cpuShares * 100 / 1024, 1, 10000));
        if (l.io.weight > 0)
            t += QStringLiteral("IOWeight=%1\n").arg(std::clamp(l.io.weight, 1, 10000));
        if (l.process.maxProcesses > 0)
            t += QStringLiteral("TasksMax=%1\n").arg(l.process.maxProcesses);
        if (l.process.maxFileDescriptors > 0)
            t += QStringLiteral("LimitNOFILE=%1\n").arg(l.process.maxFileDescriptors);
        return t;
    }

    void noteSystemdLosses(const WorkerSpec &w, QStringList *notes) const
    {
        if (w.type == config::WorkerType::Integrated && w.checksHealth())
            notes->append(QStringLiteral("%1: the gRPC Ping health check: systemd does not check health").arg(w.id));
        else if (w.healthCheck.isRun() && w.healthCheck.type != config::HealthCheckType::Process)
            notes->append(QStringLiteral("%1: health_check %2: systemd does not check health")
                              .arg(w.id, config::enumName(w.healthCheck.type)));
        if (m_awaitedToFinish.contains(w.id) && restartsAlways(w))
            notes->append(QStringLiteral("%1: others wait for it to complete, but it restarts always: they wait for its "
                                         "start only").arg(w.id));
        if (!w.enabled)
            notes->append(QStringLiteral("%1: enabled: false: its unit is written but hsu-workers.target does not start it")
                              .arg(w.id));
    }

    const config::Config &m_config;
    const Options &m_options;
    QStringList *m_notes;
    QStringList m_awaitedToFinish;
};

File target(const config::Config &config, const QStringList &globalNotes)
{
    QStringList wants;
    for (const WorkerSpec &w : config.workers)
        if (exportsAsProgram(w) && w.enabled)
            wants << unitName(w.id);
    QString t = QStringLiteral("# The HSU Master workers of %1, exported by `hsuctl export --to systemd`.\n"
                               "# Start them all: systemctl --user start hsu-workers.target\n")
                    .arg(QFileInfo(config.sourceFile).fileName());
    for (const QString &n : globalNotes)
        t += QStringLiteral("# Not exported: ") + n + u'\n';
    t += QStringLiteral("[Unit]\nDescription=HSU Master workers (%1)\n").arg(noSpecifiers(QFileInfo(config.sourceFile).fileName()));
    if (!wants.isEmpty())
        t += QStringLiteral("Wants=%1\n").arg(wants.join(u' '));
    t += QStringLiteral("\n[Install]\nWantedBy=default.target\n");
    return {QStringLiteral("hsu-workers.target"), t.toUtf8()};
}

} // namespace

Result exportSystemd(const config::Config &config, const Options &options)
{
    Result r;
    QStringList global;
    noteConfigLosses(config, &global);
    noteUnmanaged(config, &global);
    UnitWriter writer(config, options, &r.notes);
    for (const WorkerSpec &w : config.workers)
        if (exportsAsProgram(w))
            r.files.push_back(writer.unit(w));
    r.files.push_back(target(config, global));
    r.notes << global;
    return r;
}

} // namespace hsu::exporter
