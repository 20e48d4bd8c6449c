#include "ConfigValidator.h"

#include "shared/config/ConfigDiff.h"
#include "shared/config/Paths.h"

#include <QPointer>

namespace hsu::desktop::editor {

ConfigValidator::ConfigValidator(QObject *parent)
    : QObject(parent)
{
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("hsu-config-check"));
    // Normal priority: the check is what the person typing waits for.
    m_thread.start();
}

ConfigValidator::~ConfigValidator()
{
    m_thread.quit();
    m_thread.wait();
}

config::LoadResult ConfigValidator::check(const QByteArray &text, const QString &fileName)
{
    config::LoadResult result = config::YamlLoader::loadData(text, fileName);
    // As `hsuctl validate`: a program missing here is a warning (configs travel between machines).
    if (result.ok())
        result.diagnostics += config::checkExecutables(*result.config, fileName);
    return result;
}

namespace {

QList<WorkerRow> rowsFor(const config::Config &now, const config::Config *base)
{
    QList<WorkerRow> rows;
    config::ConfigDiff diff;
    if (base)
        diff = config::diffConfigs(*base, now);
    rows.reserve(qsizetype(now.workers.size()) + diff.removed.size());
    for (const config::WorkerSpec &w : now.workers) {
        WorkerRow r{w.id, w.name, WorkerRow::Change::None};
        if (!base)
            r.change = WorkerRow::Change::None;
        else if (diff.added.contains(w.id))
            r.change = WorkerRow::Change::New;
        else if (diff.restarted.contains(w.id))
            r.change = WorkerRow::Change::Restarts;
        else if (diff.live.contains(w.id))
            r.change = WorkerRow::Change::Live;
        rows << r;
    }
    for (const QString &id : std::as_const(diff.removed)) {
        const config::WorkerSpec *was = base->worker(id);
        rows << WorkerRow{id, was ? was->name : QString(), WorkerRow::Change::Removed};
    }
    return rows;
}

} // namespace

quint64 ConfigValidator::validate(const QByteArray &text, const QString &fileName, std::shared_ptr<const config::Config> base)
{
    QMutexLocker lock(&m_mutex);
    m_pendingText = text;
    m_pendingFile = fileName;
    m_pendingBase = std::move(base);
    m_pendingGeneration = ++m_generation;
    if (!m_scheduled) {
        m_scheduled = true;
        QMetaObject::invokeMethod(m_context, [this] { runPending(); }, Qt::QueuedConnection);
    }
    return m_generation;
}

void ConfigValidator::runPending()
{
    auto v = std::make_shared<Validation>();
    QString file;
    std::shared_ptr<const config::Config> base;
    {
        QMutexLocker lock(&m_mutex);
        m_scheduled = false;
        v->text = std::exchange(m_pendingText, QByteArray());
        v->generation = m_pendingGeneration;
        file = m_pendingFile;
        base = std::exchange(m_pendingBase, nullptr);
    }
    v->result = check(v->text, file);
    if (v->result.ok()) {
        v->rows = rowsFor(*v->result.config, base.get());
        v->items = config::allWorkerItemLines(v->text, *v->result.config);
    }
    QPointer<ConfigValidator> self(this);
    QMetaObject::invokeMethod(this, [self, v] {
        if (!self)
            return;
        // A newer text is waiting: its result follows, this one is already stale.
        if (v->generation != self->m_generation)
            return;
        Q_EMIT self->validated(v);
    }, Qt::QueuedConnection);
}

} // namespace hsu::desktop::editor
