#pragma once

// What each platform's autostart mechanism provides; Autostart picks one per OS (one file each).

#include "app/autostart/Autostart.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace hsu::autostart::detail {

class Backend
{
public:
    virtual ~Backend() = default;
    virtual bool enable(const QStringList &command, QString *error) = 0;
    virtual bool disable(QString *error) = 0;
    virtual Status status() const = 0;
};

// Writes `contents` to `path` atomically (readers never see half a file), creating its folder.
bool writeFileAtomically(const QString &path, const QByteArray &contents, QString *error);

// Removes `path`; a file that is already gone is success.
bool removeFile(const QString &path, QString *error);

inline void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace hsu::autostart::detail
