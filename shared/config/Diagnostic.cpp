#include "shared/config/Diagnostic.h"

namespace hsu::config {

QString Diagnostic::toString() const
{
    const QString where = QStringLiteral("%1:%2:%3: ").arg(file).arg(line).arg(column);
    if (severity == Severity::Warning)
        return where + QStringLiteral("warning: ") + message;
    return where + message;
}

} // namespace hsu::config
