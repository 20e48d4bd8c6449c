#include "shared/config/KnownKeys.h"

#include <QMutex>
#include <QMutexLocker>

namespace hsu::config {

namespace {

// Loads may run on any thread (the agent reloads on its own); the registry is one for the process.
QMutex &registryMutex()
{
    static QMutex mutex;
    return mutex;
}

QMap<QString, QString> &registry()
{
    static QMap<QString, QString> keys;
    return keys;
}

} // namespace

void KnownKeys::record(const QString &path, const char *procmanSpelling)
{
    const QMutexLocker lock(&registryMutex());
    QString &spelling = registry()[path];
    // A two-spelling key is also asked for by its HSU name alone (when neither is written): that
    // must not forget the other spelling.
    if (procmanSpelling)
        spelling = QString::fromLatin1(procmanSpelling);
}

QMap<QString, QString> KnownKeys::recorded()
{
    const QMutexLocker lock(&registryMutex());
    return registry();
}

void KnownKeys::clear()
{
    const QMutexLocker lock(&registryMutex());
    registry().clear();
}

} // namespace hsu::config
