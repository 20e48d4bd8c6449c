#include "AgentMetrics.h"

#include "ConfigReloader.h"
#include "agent/core/Supervisor.h"
#include "agent/core/Worker.h"
#include "agent/health/HealthMonitor.h"
#include "agent/metrics/MetricsText.h"
#include "agent/monitor/ResourceMonitor.h"

#include <QJsonObject>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcMetrics)

namespace hsu::agent {

AgentMetrics::AgentMetrics(std::optional<QString> commandLine, QObject *parent)
    : QObject(parent)
    , m_server([this] { return text(); })
    , m_commandLine(std::move(commandLine))
{
}

AgentMetrics::~AgentMetrics() = default;

QByteArray AgentMetrics::text() const
{
    return metrics::renderText(m_store.snapshot(), metrics::currentAgentFacts());
}

void AgentMetrics::follow(Supervisor &supervisor, monitor::ResourceMonitor &monitor, health::HealthMonitor &health,
                          ConfigReloader &reloader)
{
    monitor.setMetrics(&m_store);
    connect(&supervisor, &Supervisor::workerStateChanged, this, [this, &supervisor](const model::WorkerStatus &status) {
        const Worker *w = supervisor.workerObject(status.id);
        if (!w)
            return;
        const auto &byCause = w->restartsByCause();
        m_store.setStatus(status, {byCause[0], byCause[1], byCause[2], byCause[3]});
    });
    connect(&health, &health::HealthMonitor::checkFinished, this,
            [this](const QString &id, qint64 latencyMs, bool) { m_store.recordHealthCheck(id, latencyMs); });
    connect(&monitor, &monitor::ResourceMonitor::violation, this, [this](const QJsonObject &event) {
        if (event.value(QLatin1String("kind")).toString() != u"violation")
            return; // warnings and the actions taken are not violations of their own
        m_store.recordViolation(event.value(QLatin1String("worker")).toString(),
                                event.value(QLatin1String("resource")).toString(),
                                event.value(QLatin1String("policy")).toString());
    });
    connect(&reloader, &ConfigReloader::reloaded, this, [this, &supervisor](const QJsonObject &result) {
        const bool ok = result.value(QLatin1String("ok")).toBool();
        m_store.recordReload(ok);
        QString error;
        if (ok && !apply(supervisor.runningConfig().master.metrics, &error))
            qCWarning(lcMetrics).noquote() << error;
    });
}

bool AgentMetrics::apply(const config::MetricsEndpoint &endpoint, QString *error)
{
    QString wanted;
    if (m_commandLine)
        wanted = *m_commandLine == u"off" ? QString() : *m_commandLine;
    else if (endpoint.enabled)
        wanted = endpoint.listen;
    if (wanted == m_wanted && (wanted.isEmpty() || m_server.isListening()))
        return true;
    m_server.close();
    m_wanted.clear();
    if (wanted.isEmpty()) {
        qCInfo(lcMetrics) << "metrics endpoint off";
        return true;
    }
    const std::optional<metrics::ListenAddress> address = metrics::ListenAddress::parse(wanted, error);
    if (!address || !m_server.listen(*address, error))
        return false;
    m_wanted = wanted;
    return true;
}

QString AgentMetrics::serving() const
{
    return m_server.isListening() ? m_server.address().toString() : QString();
}

} // namespace hsu::agent
