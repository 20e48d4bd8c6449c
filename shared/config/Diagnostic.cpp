#include "shared/config/Diagnostic.h"

namespace hsu::config {

QString Diagnostic::toString() const
{
    const QString where = QStringLiteral("%1:%2:%3: ").arg(file).arg(line).arg(column);
    if (severity == Severity::Warning)
        return where + QStringLiteral("warning: ") + message;
    return where + message;
}

QJsonObject Diagnostic::toJson() const
{
    return QJsonObject{
        {QStringLiteral("severity"), severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning")},
        {QStringLiteral("file"), file},
        {QStringLiteral("line"), line},
        {QStringLiteral("column"), column},
        {QStringLiteral("message"), message},
    };
}

} // namespace hsu::config
