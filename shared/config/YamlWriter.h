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
    // One worker as a block sequence item ("- id: ..." at column `indent`), every line ending in
    // '\n': what the GUI's form writes in place of the item it edits.
    static QByteArray workerItem(const WorkerSpec &worker, int indent = 2);
    // Atomic (QSaveFile). Returns false and sets *error on failure.
    static bool save(const Config &config, const QString &path, QString *error);
};

} // namespace hsu::config
