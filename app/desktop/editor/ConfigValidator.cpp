#include "ConfigValidator.h"

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
    m_thread.start(QThread::LowPriority);
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

quint64 ConfigValidator::validate(const QByteArray &text, const QString &fileName)
{
    QMutexLocker lock(&m_mutex);
    m_pendingText = text;
    m_pendingFile = fileName;
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
    {
        QMutexLocker lock(&m_mutex);
        m_scheduled = false;
        v->text = std::exchange(m_pendingText, QByteArray());
        v->generation = m_pendingGeneration;
        file = m_pendingFile;
    }
    v->result = check(v->text, file);
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
