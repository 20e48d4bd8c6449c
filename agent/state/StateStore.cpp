#include "StateStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QUrl>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

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
    return m_workersDir + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(id)) + QStringLiteral(".rec");
}

namespace {
// A slot: "HSUR", format version, sequence number, payload length, the payload's checksum (the
// first 8 bytes of its SHA-1), then the payload (the record's JSON).
struct SlotHeader
{
    char magic[4];
    quint32 version;
    quint64 sequence;
    quint32 length;
    char checksum[8];
};
static_assert(sizeof(SlotHeader) == 32);

QByteArray checksumOf(QByteArrayView payload)
{
    return QCryptographicHash::hash(payload, QCryptographicHash::Sha1).left(8);
}

// Later than any sequence number an earlier agent wrote: nanoseconds of the wall clock, then +1.
std::atomic<quint64> g_sequence{quint64(QDateTime::currentMSecsSinceEpoch()) * 1000000};

// The valid payload of a slot and its sequence number, or nothing.
std::optional<std::pair<quint64, QByteArray>> readSlot(const QByteArray &file, int slot)
{
    const qsizetype at = qsizetype(slot) * StateStore::kSlotBytes;
    if (file.size() < at + qsizetype(sizeof(SlotHeader)))
        return std::nullopt;
    SlotHeader h;
    std::memcpy(&h, file.constData() + at, sizeof h);
    if (std::memcmp(h.magic, "HSUR", 4) != 0 || h.version != kVersion
        || h.length > StateStore::kSlotBytes - sizeof(SlotHeader) || file.size() < at + qsizetype(sizeof h + h.length))
        return std::nullopt;
    const QByteArray payload = file.mid(at + sizeof h, h.length);
    if (checksumOf(payload) != QByteArrayView(h.checksum, 8))
        return std::nullopt;
    return std::pair{h.sequence, payload};
}
} // namespace

QHash<QString, WorkerRecord> StateStore::load() const
{
    QHash<QString, WorkerRecord> records;
    const QDir dir(m_workersDir);
    const QStringList files = dir.entryList({QStringLiteral("*.rec")}, QDir::Files | QDir::NoSymLinks);
    for (const QString &name : files) {
        const QString path = dir.filePath(name);
        QFile f(path);
        std::optional<WorkerRecord> r;
        int slot = -1;
        if (f.open(QIODevice::ReadOnly) && f.size() <= 2 * kSlotBytes) {
            const QByteArray bytes = f.readAll();
            const auto a = readSlot(bytes, 0);
            const auto b = readSlot(bytes, 1);
            slot = a && (!b || a->first > b->first) ? 0 : b ? 1 : -1;
            if (slot >= 0)
                r = WorkerRecord::fromJson(QJsonDocument::fromJson(slot == 0 ? a->second : b->second).object());
        }
        if (!r || recordPath(r->id) != path) {
            qCWarning(lcState).noquote() << "ignoring and removing the unreadable state record" << path;
            QFile::remove(path);
            continue;
        }
        m_validSlot.insert(r->id, slot);
        records.insert(r->id, *r);
    }
    return records;
}

bool StateStore::write(const WorkerRecord &record, QString *error)
{
    const QByteArray payload = QJsonDocument(record.toJson()).toJson(QJsonDocument::Compact);
    if (payload.size() > qsizetype(kSlotBytes - sizeof(SlotHeader))) {
        if (error)
            *error = QStringLiteral("the state record of %1 is too long (%2 bytes)").arg(record.id).arg(payload.size());
        return false;
    }
    const QByteArray path = QFile::encodeName(recordPath(record.id));
    int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 && errno == ENOENT && QDir().mkpath(m_workersDir))
        fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(QFile::decodeName(path), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // The slot that does not hold the newest record: a write cut short leaves that one intact.
    const int slot = 1 - m_validSlot.value(record.id, 1);
    SlotHeader h;
    std::memcpy(h.magic, "HSUR", 4);
    h.version = kVersion;
    h.sequence = ++g_sequence;
    h.length = quint32(payload.size());
    std::memcpy(h.checksum, checksumOf(payload).constData(), 8);
    QByteArray block(kSlotBytes, '\0');
    std::memcpy(block.data(), &h, sizeof h);
    std::memcpy(block.data() + sizeof h, payload.constData(), size_t(payload.size()));
    const ssize_t n = ::pwrite(fd, block.constData(), size_t(block.size()), off_t(slot) * kSlotBytes);
    const int savedErrno = errno;
    ::close(fd);
    if (n != block.size()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(QFile::decodeName(path),
                                                                QString::fromLocal8Bit(std::strerror(n < 0 ? savedErrno : EIO)));
        return false;
    }
    m_validSlot.insert(record.id, slot);
    return true;
}

void StateStore::remove(const QString &id)
{
    m_validSlot.remove(id);
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
