#pragma once

// A JSON array of strings as a QStringList (anything else in it reads as ""), for the payload
// types in shared/model.

#include <QJsonArray>
#include <QJsonValue>
#include <QStringList>

namespace hsu::model {

inline QStringList stringsOf(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}

} // namespace hsu::model
