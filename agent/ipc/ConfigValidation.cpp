#include "Dispatcher.h"

#include "shared/config/YamlLoader.h"

#include <QJsonArray>

namespace hsu::agent {

namespace {

QJsonObject validateWithLoader(const QString &path)
{
    const config::LoadResult loaded = config::YamlLoader::validateFile(path);
    QJsonArray diagnostics;
    for (const config::Diagnostic &d : loaded.diagnostics)
        diagnostics.append(d.toJson());
    return QJsonObject{{QStringLiteral("valid"), loaded.ok()}, {QStringLiteral("diagnostics"), diagnostics}};
}

} // namespace

ConfigValidator builtInConfigValidator()
{
    return validateWithLoader;
}

} // namespace hsu::agent
