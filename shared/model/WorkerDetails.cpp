#include "WorkerDetails.h"

#include "JsonLists.h"

#include <QJsonArray>
#include <QJsonValue>

namespace hsu::model {

QJsonObject WorkerLaunch::toJson() const
{
    return QJsonObject{
        {QStringLiteral("program"), program},
        {QStringLiteral("args"), QJsonArray::fromStringList(args)},
        {QStringLiteral("environment"), QJsonArray::fromStringList(environment)},
        {QStringLiteral("working_directory"), workingDirectory},
        {QStringLiteral("restart_policy"), restartPolicy},
        {QStringLiteral("max_retries"), maxRetries},
        {QStringLiteral("retry_delay_ms"), retryDelayMs},
        {QStringLiteral("backoff_rate"), backoffRate},
        {QStringLiteral("graceful_timeout_ms"), gracefulTimeoutMs},
        {QStringLiteral("enabled"), enabled},
        {QStringLiteral("depends_on"), QJsonArray::fromStringList(dependsOn)},
        {QStringLiteral("description"), description},
        {QStringLiteral("stdout_file"), stdoutFile},
        {QStringLiteral("stderr_file"), stderrFile},
    };
}

WorkerLaunch WorkerLaunch::fromJson(const QJsonObject &o)
{
    WorkerLaunch l;
    l.program = o.value(QLatin1String("program")).toString();
    l.args = stringsOf(o.value(QLatin1String("args")));
    l.environment = stringsOf(o.value(QLatin1String("environment")));
    l.workingDirectory = o.value(QLatin1String("working_directory")).toString();
    l.restartPolicy = o.value(QLatin1String("restart_policy")).toString();
    l.maxRetries = o.value(QLatin1String("max_retries")).toInt();
    l.retryDelayMs = o.value(QLatin1String("retry_delay_ms")).toInteger();
    l.backoffRate = o.value(QLatin1String("backoff_rate")).toDouble(1);
    l.gracefulTimeoutMs = o.value(QLatin1String("graceful_timeout_ms")).toInteger();
    l.enabled = o.value(QLatin1String("enabled")).toBool(true);
    l.dependsOn = stringsOf(o.value(QLatin1String("depends_on")));
    l.description = o.value(QLatin1String("description")).toString();
    l.stdoutFile = o.value(QLatin1String("stdout_file")).toString();
    l.stderrFile = o.value(QLatin1String("stderr_file")).toString();
    return l;
}

QJsonObject WorkerDetails::toJson() const
{
    QJsonObject o;
    if (launch)
        o.insert(QStringLiteral("spec"), launch->toJson());
    QJsonArray list;
    for (const StateChange &c : history)
        list.append(QJsonObject{{QStringLiteral("time"), c.time.toLocalTime().toString(Qt::ISODateWithMs)},
                                {QStringLiteral("from"), c.from},
                                {QStringLiteral("to"), c.to},
                                {QStringLiteral("reason"), c.reason}});
    o.insert(QStringLiteral("history"), list);
    o.insert(QStringLiteral("log_files"), QJsonObject{{QStringLiteral("stdout"), QJsonArray::fromStringList(stdoutFiles)},
                                                      {QStringLiteral("stderr"), QJsonArray::fromStringList(stderrFiles)}});
    return o;
}

WorkerDetails WorkerDetails::fromJson(const QJsonObject &o)
{
    WorkerDetails d;
    if (const QJsonValue spec = o.value(QLatin1String("spec")); spec.isObject())
        d.launch = WorkerLaunch::fromJson(spec.toObject());
    for (const QJsonValue &v : o.value(QLatin1String("history")).toArray()) {
        const QJsonObject c = v.toObject();
        d.history.append(StateChange{QDateTime::fromString(c.value(QLatin1String("time")).toString(), Qt::ISODateWithMs),
                                     c.value(QLatin1String("from")).toString(), c.value(QLatin1String("to")).toString(),
                                     c.value(QLatin1String("reason")).toString()});
    }
    const QJsonObject files = o.value(QLatin1String("log_files")).toObject();
    d.stdoutFiles = stringsOf(files.value(QLatin1String("stdout")));
    d.stderrFiles = stringsOf(files.value(QLatin1String("stderr")));
    return d;
}

} // namespace hsu::model
