#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace hsu::exporter {

// A JSON object as block-style YAML: keys in QJsonObject's (sorted, hence deterministic) order,
// every string double-quoted with JSON escapes (valid YAML), so that no value ever reads back as
// a number, a boolean or null ("1", "on", "~").
QByteArray yamlText(const QJsonObject &object);

} // namespace hsu::exporter
