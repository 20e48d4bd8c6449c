#include "StateStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QUrl>

Q_LOGGING_CATEGORY(lcState, "hsu.agent.state")

namespace hsu::agent::state {

namespace {
constexpr int kVersion = 1;

bool writeAtomically(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile f(path);
    // No fsync: the record must survive the agent, not the machine (after a reboot no process is
    // left to adopt), and a sync per restart would cost a crash loop milliseconds.
    f.setDirectWriteFallback(false);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QString isoMs(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
} // namespace

QJsonObject WorkerRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("id"), id},
        {QStringLiteral("pid"), pid},
        {QStringLiteral("start_time"), QString::number(startTime)},
        {QStringLiteral("started_at"), isoMs(startedAt)},
        {QStringLiteral("cgroups"), QJsonArray::fromStringList(cgroups)},
        {QStringLiteral("stdout_fifo"), stdoutFifo},
        {QStringLiteral("stderr_fifo"), stderrFifo},
        {QStringLiteral("restarts"), restarts},
        {QStringLiteral("state"), state},
        {QStringLiteral("config_digest"), configDigest},
        {QStringLiteral("integrated_port"), int(integratedPort)},
        {QStringLiteral("agent_pid"), agentPid},
    };
}

std::optional<WorkerRecord> WorkerRecord::fromJson(const QJsonObject &o)
{
    if (o.value(QLatin1String("version")).toInt() != kVersion)
        return std::nullopt;
    WorkerRecord r;
    r.id = o.value(QLatin1String("id")).toString();
    r.pid = o.value(QLatin1String("pid")).toInteger();
    bool ok = false;
    r.startTime = o.value(QLatin1String("start_time")).toString().toULongLong(&ok);
    if (r.id.isEmpty() || r.pid <= 0 || !ok)
        return std::nullopt;
    r.startedAt = QDateTime::fromString(o.value(QLatin1String("started_at")).toString(), Qt::ISODateWithMs);
    for (const QJsonValue &v : o.value(QLatin1String("cgroups")).toArray())
        r.cgroups.append(v.toString());
    r.stdoutFifo = o.value(QLatin1String("stdout_fifo")).toString();
    r.stderrFifo = o.value(QLatin1String("stderr_fifo")).toString();
    r.restarts = o.value(QLatin1String("restarts")).toInt();
    r.state = o.value(QLatin1String("state")).toString();
    r.configDigest = o.value(QLatin1String("config_digest")).toString();
    r.integratedPort = quint16(o.value(QLatin1String("integrated_port")).toInt());
    r.agentPid = o.value(QLatin1String("agent_pid")).toInteger();
    return r;
}

StateStore::StateStore(QString stateDir)
    : m_dir(std::move(stateDir))
    , m_workersDir(QDir(m_dir).filePath(QStringLiteral("workers")))
{
}

QString StateStore::recordPath(const QString &id) const
{
    // Ids are checked by the loader, but a file name must never climb out of the folder.
    return m_workersDir + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(id)) + QStringLiteral(".json");
}

QHash<QString, WorkerRecord> StateStore::load() const
{
    QHash<QString, WorkerRecord> records;
    const QDir dir(m_workersDir);
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::NoSymLinks);
    for (const QString &name : files) {
        const QString path = dir.filePath(name);
        QFile f(path);
        std::optional<WorkerRecord> r;
        if (f.open(QIODevice::ReadOnly) && f.size() < 64 * 1024)
            r = WorkerRecord::fromJson(QJsonDocument::fromJson(f.readAll()).object());
        if (!r || recordPath(r->id) != path) {
            qCWarning(lcState).noquote() << "ignoring and removing the unreadable state record" << path;
            QFile::remove(path);
            continue;
        }
        records.insert(r->id, *r);
    }
    return records;
}

bool StateStore::write(const WorkerRecord &record, QString *error)
{
    if (!QDir().mkpath(m_workersDir)) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(m_workersDir);
        return false;
    }
    return writeAtomically(recordPath(record.id), QJsonDocument(record.toJson()).toJson(QJsonDocument::Compact), error);
}

void StateStore::remove(const QString &id)
{
    QFile::remove(recordPath(id));
}

QString StateStore::digestOf(const QByteArray &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

bool StateStore::writeRunningConfig(const QByteArray &text, const QString &path, QString *error)
{
    const QJsonObject meta{{QStringLiteral("path"), path}, {QStringLiteral("digest"), digestOf(text)}};
    // The text first: a digest that names a text not written yet must never be read.
    return writeAtomically(QDir(m_dir).filePath(QStringLiteral("running.yaml")), text, error)
        && writeAtomically(QDir(m_dir).filePath(QStringLiteral("running.json")), QJsonDocument(meta).toJson(), error);
}

std::optional<StateStore::RunningConfig> StateStore::runningConfig() const
{
    QFile meta(QDir(m_dir).filePath(QStringLiteral("running.json")));
    QFile text(QDir(m_dir).filePath(QStringLiteral("running.yaml")));
    if (!meta.open(QIODevice::ReadOnly) || !text.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(meta.readAll()).object();
    RunningConfig rc;
    rc.text = text.readAll();
    rc.path = o.value(QLatin1String("path")).toString();
    rc.digest = digestOf(rc.text);
    if (rc.digest != o.value(QLatin1String("digest")).toString())
        return std::nullopt; // torn between the two writes: not to be trusted
    return rc;
}

} // namespace hsu::agent::state
