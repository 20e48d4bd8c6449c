#include "CtlResources.h"

#include "shared/client/AgentClient.h"
#include "shared/model/HealthReport.h"
#include "shared/model/ResourceReport.h"
#include "shared/model/ResourceSample.h"
#include "shared/protocol/Protocol.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTimer>

namespace hsu::ctl {

namespace p = protocol;

namespace {

constexpr int kRequestTimeoutMs = 30000;

QString bytes(double b)
{
    return QLocale::c().formattedDataSize(qint64(b), 1, QLocale::DataSizeTraditionalFormat);
}

int failed(QTextStream &err, const client::Reply &r)
{
    err << "hsuctl: " << (r.errorMessage.isEmpty() ? r.errorCode : r.errorMessage) << '\n';
    return ExitFailed;
}

// The latest sample of every running worker, from resources.get (the agent's last round).
QJsonObject snapshot(client::AgentClient &agent, const QJsonArray &workers)
{
    QJsonObject samples;
    for (const QJsonValue &v : workers) {
        const QString id = v.toObject().value(QLatin1String("id")).toString();
        const client::Reply r = agent.callAndWait(QString(p::method::ResourcesGet),
                                                  QJsonObject{{QStringLiteral("id"), id},
                                                              {QStringLiteral("since"), QDateTime::currentMSecsSinceEpoch()}},
                                                  kRequestTimeoutMs);
        // Read through the type the agent writes it with.
        const std::optional<model::ResourceReport> report = model::ResourceReport::fromJson(r.result.toObject());
        if (report && report->now)
            samples.insert(id, report->now->toJson());
    }
    return samples;
}

} // namespace

QString formatTopTable(const QJsonArray &workers, const QJsonObject &samples)
{
    QStringList rows;
    rows << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                .arg(QStringLiteral("ID"), -16)
                .arg(QStringLiteral("STATE"), -10)
                .arg(QStringLiteral("CPU%"), 7)
                .arg(QStringLiteral("RSS"), 10)
                .arg(QStringLiteral("READ/s"), 10)
                .arg(QStringLiteral("WRITE/s"), 10)
                .arg(QStringLiteral("FDS"), 5)
                .arg(QStringLiteral("THR"), 5)
                .arg(QStringLiteral("PROCS"), 5);
    for (const QJsonValue &v : workers) {
        const QJsonObject w = v.toObject();
        const QString id = w.value(QLatin1String("id")).toString();
        const auto s = model::ResourceSample::fromJson(samples.value(id).toObject());
        const QString dash = QStringLiteral("-");
        rows << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                    .arg(id, -16)
                    .arg(w.value(QLatin1String("state")).toString(), -10)
                    .arg(s ? QString::number(s->cpuPercent, 'f', 1) : dash, 7)
                    .arg(s ? bytes(double(s->rssBytes)) : dash, 10)
                    .arg(s ? bytes(s->readBytesPerSec) : dash, 10)
                    .arg(s ? bytes(s->writeBytesPerSec) : dash, 10)
                    .arg(s ? QString::number(s->openFds) : dash, 5)
                    .arg(s ? QString::number(s->threads) : dash, 5)
                    .arg(s ? QString::number(s->processes) : dash, 5);
    }
    return rows.join(u'\n') + u'\n';
}

int top(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    const client::Reply list = agent.callAndWait(QString(p::method::WorkersList), {}, kRequestTimeoutMs);
    if (!list.ok())
        return failed(err, list);
    QJsonArray workers = list.result.toObject().value(QLatin1String("workers")).toArray();
    QJsonObject samples = snapshot(agent, workers);
    if (a.json) {
        QJsonArray rows;
        for (const QJsonValue &v : std::as_const(workers)) {
            const QString id = v.toObject().value(QLatin1String("id")).toString();
            rows.append(QJsonObject{{QStringLiteral("id"), id},
                                    {QStringLiteral("state"), v.toObject().value(QLatin1String("state"))},
                                    {QStringLiteral("sample"), samples.value(id)}});
        }
        out << QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    out << formatTopTable(workers, samples) << Qt::flush;
    if (a.once)
        return ExitOk;
    // Live: the agent pushes a batch per sampling round; the screen is redrawn every --interval.
    client::Reply sub = agent.callAndWait(QString(p::method::ResourcesSubscribe), {}, kRequestTimeoutMs);
    if (!sub.ok())
        return failed(err, sub);
    QObject::connect(&agent, &client::AgentClient::eventReceived, &agent,
                     [&](const QString &name, const QJsonValue &data) {
                         if (name == p::event::WorkerState) {
                             const QJsonObject st = data.toObject();
                             for (qsizetype i = 0; i < workers.size(); ++i)
                                 if (workers[i].toObject().value(QLatin1String("id")) == st.value(QLatin1String("id")))
                                     workers[i] = st;
                         } else if (name == p::event::ResourcesSamples) {
                             const QJsonObject got = data.toObject().value(QLatin1String("samples")).toObject();
                             for (auto it = got.begin(); it != got.end(); ++it)
                                 samples.insert(it.key(), it.value());
                         }
                     });
    agent.subscribe({QString(p::event::WorkerState)});
    QEventLoop loop;
    QObject::connect(&agent, &client::AgentClient::disconnected, &loop, [&] { loop.exit(ExitFailed); });
    int shown = 1;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        out << "\x1b[H\x1b[2J" << formatTopTable(workers, samples) << Qt::flush; // home, clear
        if (a.count > 0 && ++shown >= a.count)
            loop.exit(ExitOk);
    });
    timer.start(int(a.interval * 1000));
    return loop.exec();
}

int doctor(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    const client::Reply r = agent.callAndWait(QString(p::method::AgentDoctor), {}, kRequestTimeoutMs);
    if (!r.ok())
        return failed(err, r);
    const std::optional<model::DoctorReport> d = model::DoctorReport::fromJson(r.result.toObject());
    if (!d) {
        err << "hsuctl: the agent's agent.doctor answer is not a doctor report\n";
        return ExitFailed;
    }
    if (a.json) {
        out << QString::fromUtf8(QJsonDocument(d->toJson()).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    out << "Backends: " << d->backends.join(QLatin1String(", ")) << '\n';
    for (const QString &c : d->cgroups)
        out << "  " << c << '\n';
    for (const QString &c : d->problems)
        out << "  problem: " << c << '\n';
    for (auto it = d->workers.cbegin(); it != d->workers.cend(); ++it) {
        out << '\n' << it.key() << (it->freezer ? " (pause: cgroup freezer)" : " (pause: SIGSTOP)") << '\n';
        if (it->limits.isEmpty())
            out << "  no limits configured\n";
        for (const model::EnforcedLimit &l : it->limits) {
            out << QStringLiteral("  %1 %2 %3 \u2014 %4\n")
                       .arg(l.limit, -30)
                       .arg(l.value, -10)
                       .arg(l.kernel ? QStringLiteral("kernel: ") + l.mechanism : l.mechanism)
                       .arg(l.reason);
        }
    }
    return ExitOk;
}

QString formatHealthReport(const model::HealthReport &h)
{
    QString text;
    QTextStream out(&text);
    if (h.kind.isEmpty()) {
        out << h.id << ": no health check the agent runs\n";
        return text;
    }
    out << h.id << ": " << (h.health.isEmpty() ? QStringLiteral("unknown") : h.health);
    if (!h.reason.isEmpty())
        out << " \u2014 " << h.reason;
    out << '\n';
    out << "check: " << h.kind << ' ' << h.target << (h.enabled ? "" : " (disabled)") << '\n';
    out << QStringLiteral("every %1 ms, timeout %2 ms, unhealthy after %3 failure%4 in a row, first after %5 ms\n")
               .arg(h.intervalMs)
               .arg(h.timeoutMs)
               .arg(h.retries)
               .arg(h.retries == 1 ? QString() : QStringLiteral("s"))
               .arg(h.initialDelayMs);
    out << QStringLiteral("%1 checks, %2 failed\n").arg(h.checks).arg(h.failures);
    if (h.results.isEmpty()) {
        out << "no result yet\n";
        return text;
    }
    out << '\n' << QStringLiteral("%1 %2 %3 %4").arg(QStringLiteral("TIME"), -12).arg(QStringLiteral("RESULT"), -7)
                       .arg(QStringLiteral("LATENCY"), 8).arg(QStringLiteral("VERDICT"), -10)
        << "  REASON\n";
    for (const model::HealthResult &r : h.results) {
        out << QStringLiteral("%1 %2 %3 %4")
                   .arg(r.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")), -12)
                   .arg(r.ok ? QStringLiteral("ok") : QStringLiteral("fail"), -7)
                   .arg(QStringLiteral("%1 ms").arg(r.latencyMs), 8)
                   .arg(r.verdict, -10)
            << "  " << r.reason << '\n';
    }
    return text;
}

int health(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    const client::Reply r = agent.callAndWait(QString(p::method::HealthGet), QJsonObject{{QStringLiteral("id"), a.ids.value(0)}},
                                              kRequestTimeoutMs);
    if (!r.ok())
        return failed(err, r);
    // Read through the one type the agent wrote it with: what does not parse is an error here too.
    const std::optional<model::HealthReport> report = model::HealthReport::fromJson(r.result.toObject());
    if (!report) {
        err << "hsuctl: the agent's health.get answer is not a health report\n";
        return ExitFailed;
    }
    if (a.json)
        out << QString::fromUtf8(QJsonDocument(report->toJson()).toJson(QJsonDocument::Indented));
    else
        out << formatHealthReport(*report);
    return ExitOk;
}

int metrics(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    const client::Reply r = agent.callAndWait(QString(p::method::MetricsGet), {}, kRequestTimeoutMs);
    if (!r.ok())
        return failed(err, r);
    const QJsonObject result = r.result.toObject();
    if (a.json)
        out << QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Indented));
    else
        out << result.value(QLatin1String("text")).toString(); // exactly what a scrape gets
    return ExitOk;
}

} // namespace hsu::ctl
