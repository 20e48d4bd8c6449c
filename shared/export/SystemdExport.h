#pragma once

#include "Export.h"

#include <QString>

namespace hsu::exporter {

// A user unit "hsu-<id>.service" per worker and "hsu-workers.target" that starts them.
Result exportSystemd(const config::Config &config, const Options &options);

// One word of an ExecStart= line, quoted as systemd unquotes it (systemd.service "Command lines"):
// C escapes inside double quotes, "%%" for a literal %, and "$$" for a literal $ (`dollar`).
QString systemdWord(const QString &word, bool dollar = true);

} // namespace hsu::exporter
