#pragma once

#include "WorkerSpec.h"

#include <QByteArray>
#include <QString>

namespace hsu::config {

// Saves the HSU Master dialect; YamlLoader::loadData(YamlWriter::toYaml(c)) == c.
class YamlWriter final
{
public:
    static QByteArray toYaml(const Config &config);
    // Atomic (QSaveFile). Returns false and sets *error on failure.
    static bool save(const Config &config, const QString &path, QString *error);
};

} // namespace hsu::config
