#include "Dispatcher.h"

#include "shared/config/Paths.h"
#include "shared/config/YamlLoader.h"

#include <QJsonArray>

namespace hsu::agent {

namespace {

QJsonObject toJson(const config::Diagnostic &d)
{
    return QJsonObject{
        {QStringLiteral("severity"),
         d.severity == config::Diagnostic::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning")},
        {QStringLiteral("file"), d.file},
        {QStringLiteral("line"), d.line},
        {QStringLiteral("column"), d.column},
        {QStringLiteral("message"), d.message},
    };
}

QJsonObject validateWithLoader(const QString &path)
{
    const config::LoadResult loaded = config::YamlLoader::loadFile(path);
    QList<config::Diagnostic> all = loaded.diagnostics;
    // Programs missing on this machine: only a warning (configs travel), but worth telling.
    if (loaded.config)
        all += config::checkExecutables(*loaded.config, path);
    QJsonArray diagnostics;
    for (const config::Diagnostic &d : all)
        diagnostics.append(toJson(d));
    return QJsonObject{{QStringLiteral("valid"), loaded.ok()}, {QStringLiteral("diagnostics"), diagnostics}};
}

} // namespace

ConfigValidator builtInConfigValidator()
{
    return validateWithLoader;
}

} // namespace hsu::agent
