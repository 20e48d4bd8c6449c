#include "ConfigReloader.h"

#include "ConfigFileWatch.h"
#include "WorkerSet.h"
#include "agent/core/Supervisor.h"
#include "agent/ipc/PathTrust.h"
#include "shared/config/YamlLoader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSaveFile>

#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcReload, "hsu.agent.reload")

namespace hsu::agent {

namespace {
// An editor's save is done within this: a rename, or truncate and write, or two writes. A file
// caught half written is at worst refused, and its next write reloads it.
constexpr int kQuietMs = 30;

QByteArray readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A temporary file in the same folder, flushed to disk, renamed over the config (QSaveFile), then
// the folder flushed: a crash leaves the old file or the new one, never a mix. The old one stays
// as FILE.bak, a second name for its inode made before the rename (no copy to tear).
bool writeAtomically(const QString &configPath, const QByteArray &text, QString *why)
{
    // A config that is a symbolic link is saved where it points (the link stays), with the
    // backup beside that file: a hard link to the link itself would follow it to the new text.
    const QFileInfo info(configPath);
    const QString path = info.isSymLink() && !info.canonicalFilePath().isEmpty() ? info.canonicalFilePath() : configPath;
    const QString backup = path + QStringLiteral(".bak");
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
        *why = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        f.cancelWriting();
        return false;
    }
    if (QFile::exists(path)) {
        QFile::remove(backup);
        if (::link(QFile::encodeName(path).constData(), QFile::encodeName(backup).constData()) != 0
            && !QFile::copy(path, backup))
            qCWarning(lcReload).noquote() << "cannot keep" << backup << "(saving anyway)";
    }
    if (!f.commit()) {
        *why = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    const int dir = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return true;
}
} // namespace

struct ConfigReloader::InFlight
{
    QElapsedTimer timer;
    QString trigger;
    config::Config next;
    config::ConfigDiff diff;
    QSet<QString> waiting;  // stopping before they are torn down
    bool stopping = true;   // the stops are being asked for: finish() waits for the loop
    double loadMs = 0;      // reading and checking the file
    std::vector<QMetaObject::Connection> connections;
};

ConfigReloader::ConfigReloader(QString configFile, Supervisor &supervisor, WorkerSet &workers, QObject *parent)
    : QObject(parent)
    , m_configFile(std::move(configFile))
    , m_supervisor(supervisor)
    , m_workers(workers)
{
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(kQuietMs);
    connect(&m_quiet, &QTimer::timeout, this, &ConfigReloader::checkFile);
}

ConfigReloader::~ConfigReloader()
{
    if (m_inFlight)
        for (const QMetaObject::Connection &c : m_inFlight->connections)
            disconnect(c);
}

void ConfigReloader::watchFile()
{
    m_runningText = readText(m_configFile);
    m_watch = new ConfigFileWatch(m_configFile, this);
    connect(m_watch, &ConfigFileWatch::changed, this, &ConfigReloader::onFileEvent);
    m_watch->start();
}

void ConfigReloader::onFileEvent(bool complete)
{
    // A file renamed into place is whole: read it now. Anything else (written in place, in
    // several writes) settles first; the wait is re-armed by each change.
    if (complete) {
        m_quiet.stop();
        checkFile();
        return;
    }
    m_quiet.start();
}

void ConfigReloader::checkFile()
{
    const QByteArray text = readText(m_configFile);
    if (text.isEmpty() || text == m_runningText)
        return; // half written (the next event comes), or only the folder changed
    QStringList errors;
    reload(QStringLiteral("file changed"), &errors);
}

QJsonObject ConfigReloader::reload(const QString &trigger, QStringList *errors)
{
    if (m_inFlight) {
        m_queuedTrigger = trigger;
        return QJsonObject{{QStringLiteral("queued"), true},
                           {QStringLiteral("trigger"), trigger},
                           {QStringLiteral("summary"), QStringLiteral("a reload is under way; this one follows it")}};
    }
    if (m_supervisor.isShuttingDown()) {
        *errors << QStringLiteral("the agent is shutting down");
        return {};
    }
    QElapsedTimer timer;
    timer.start();
    const QByteArray text = readText(m_configFile);
    // As at start (AgentApp): a file others may have written is not run, whatever it says.
    const ConfigVerdict verdict = checkConfigFile(m_configFile);
    if (verdict.trust == Trust::Warn)
        qCWarning(lcReload).noquote() << verdict.message;
    std::optional<config::Config> loaded;
    if (verdict.trust == Trust::Refuse)
        *errors << verdict.message;
    else
        loaded = load(m_configFile, &text, errors);
    if (!loaded) {
        m_runningText = text; // not again until it changes
        qCWarning(lcReload).noquote() << QStringLiteral("reload (%1): the config has errors; nothing changed:").arg(trigger);
        for (const QString &e : std::as_const(*errors))
            qCWarning(lcReload).noquote() << " " << e;
        Q_EMIT reloaded(QJsonObject{{QStringLiteral("ok"), false},
                                    {QStringLiteral("trigger"), trigger},
                                    {QStringLiteral("errors"), QJsonArray::fromStringList(*errors)}});
        return {};
    }
    m_runningText = text;
    m_inFlight = std::make_unique<InFlight>();
    InFlight &f = *m_inFlight;
    f.timer = timer;
    f.loadMs = double(timer.nsecsElapsed()) / 1e6;
    f.trigger = trigger;
    f.next = *loaded;
    f.diff = config::diffConfigs(m_supervisor.runningConfig(), f.next, m_workers.inPlace());
    QJsonObject plan = f.diff.toJson();
    plan.insert(QStringLiteral("trigger"), trigger);
    qCInfo(lcReload).noquote() << QStringLiteral("reload (%1): %2").arg(trigger, f.diff.summary());

    m_supervisor.setTopLevel(f.next);
    for (const QString &id : std::as_const(f.diff.live))
        m_workers.applyLive(f.next, id, f.diff.changedKeys.value(id));
    // What goes away or is replaced stops first (its port, its files); then everything new starts.
    for (const QString &id : f.diff.removed + f.diff.restarted) {
        Worker *w = m_supervisor.workerObject(id);
        if (!w || w->isSettled())
            continue;
        f.waiting.insert(id);
        f.connections.push_back(connect(w, &Worker::settled, this, [this, id] { onWorkerSettled(id); }));
        if (w->isUnmanaged())
            w->stopForShutdown(); // let go of, never stopped: it is not the agent's
        else
            m_supervisor.stop(id);
    }
    f.stopping = false;
    if (f.waiting.isEmpty())
        finish();
    return plan;
}

std::optional<config::Config> ConfigReloader::load(const QString &path, const QByteArray *text, QStringList *errors) const
{
    const config::LoadResult loaded = text ? config::YamlLoader::loadData(*text, path) : config::YamlLoader::loadFile(path);
    for (const config::Diagnostic &d : loaded.diagnostics)
        if (d.severity == config::Diagnostic::Severity::Error)
            *errors << d.toString();
    if (!loaded.ok() && errors->isEmpty())
        *errors << QStringLiteral("%1: cannot be loaded").arg(path);
    if (!errors->isEmpty())
        return std::nullopt;
    return *loaded.config;
}

QJsonObject ConfigReloader::diff(const QString &path, QStringList *errors)
{
    const QString file = path.isEmpty() ? m_configFile : path;
    const std::optional<config::Config> next = load(file, nullptr, errors);
    if (!next)
        return {};
    QJsonObject plan = config::diffConfigs(m_supervisor.runningConfig(), *next, m_workers.inPlace()).toJson();
    plan.insert(QStringLiteral("path"), file);
    return plan;
}

QJsonObject ConfigReloader::text() const
{
    return QJsonObject{{QStringLiteral("path"), m_configFile},
                       {QStringLiteral("text"), QString::fromUtf8(readText(m_configFile))}};
}

QJsonObject ConfigReloader::save(const QByteArray &text, QStringList *errors)
{
    if (!load(m_configFile, &text, errors))
        return {};
    QString why;
    if (!writeAtomically(m_configFile, text, &why)) {
        *errors << why;
        return {};
    }
    // The reload reads what was written; the watcher's event that follows finds it running.
    return reload(QStringLiteral("config.save"), errors);
}

void ConfigReloader::onWorkerSettled(const QString &id)
{
    if (!m_inFlight || !m_inFlight->waiting.remove(id))
        return;
    if (m_inFlight->waiting.isEmpty() && !m_inFlight->stopping)
        finish();
}

void ConfigReloader::finish()
{
    // Not from inside a Worker's signal: the worker may be deleted here.
    QMetaObject::invokeMethod(this, [this] {
        if (!m_inFlight)
            return;
        InFlight &f = *m_inFlight;
        for (const QMetaObject::Connection &c : f.connections)
            disconnect(c);
        for (const QString &id : f.diff.removed + f.diff.restarted)
            m_workers.tearDown(id);
        // In the new file's order, so that dependencies start as written.
        QStringList fresh;
        std::vector<config::WorkerSpec> specs;
        for (const config::WorkerSpec &w : f.next.workers)
            if (f.diff.added.contains(w.id) || f.diff.restarted.contains(w.id)) {
                fresh << w.id;
                specs.push_back(w);
            }
        m_workers.setUp(f.next, std::move(specs));
        m_supervisor.startWorkers(fresh);
        QJsonObject result = f.diff.toJson();
        result.insert(QStringLiteral("ok"), true);
        result.insert(QStringLiteral("trigger"), f.trigger);
        result.insert(QStringLiteral("ms"), double(f.timer.nsecsElapsed()) / 1e6);
        result.insert(QStringLiteral("load_ms"), f.loadMs);
        qCInfo(lcReload).noquote() << "reloaded:" << f.diff.summary() << QStringLiteral("(%1 ms)").arg(f.timer.elapsed());
        m_inFlight.reset();
        Q_EMIT reloaded(result);
        if (const QString again = std::exchange(m_queuedTrigger, QString()); !again.isEmpty()) {
            QStringList errors;
            reload(again, &errors);
        }
    }, Qt::QueuedConnection);
}

} // namespace hsu::agent
