#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace hsu::config {

// One finding of the loader, printed as "FILE:LINE:COL: message" (line and column 1-based).
struct Diagnostic
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString file;
    int line = 0;
    int column = 0;
    QString message;

    QString toString() const; // "file:line:col: message" ("warning: " before the message for warnings)
    // {severity: "error"|"warning", file, line, column, message}: config.validate and hsuctl --json.
    QJsonObject toJson() const;
    bool operator==(const Diagnostic &) const = default;
};

} // namespace hsu::config
