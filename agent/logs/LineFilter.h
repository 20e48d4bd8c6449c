#pragma once

// A worker's log_collection.filters applied to each line before it is stored or written. Built once
// per worker from the config; when nothing is configured it says so (isPassThrough) so the collector
// skips it and the hot path never decodes a line to QString.

#include "LogLine.h"
#include "shared/config/WorkerSpec.h"

#include <QByteArrayView>
#include <QList>
#include <QRegularExpression>
#include <QStringList>

#include <optional>

namespace hsu::agent::logs {

class LineFilter final
{
public:
    LineFilter() = default; // accepts everything

    // Invalid patterns are reported in `errors` (may be null) and left out; the rest still apply.
    static LineFilter create(const hsu::config::LogFilters &filters, bool parseStructured,
                             QStringList *errors);

    bool isPassThrough() const
    {
        return m_exclude.isEmpty() && m_include.isEmpty() && !m_minLevel;
    }

    // exclude: any match rejects; include (when given): one must match; level: a line whose level is
    // detected and below the filter is rejected, a line with no detectable level is kept.
    bool accepts(QByteArrayView line) const;

    // The level a line announces: a leading word (DEBUG, [INFO], "warning:", after an optional
    // timestamp), logfmt level=…, or, with parseStructured, a JSON object's level/lvl/severity/log.level.
    static std::optional<hsu::config::LogLevel> detectLevel(QByteArrayView line, bool parseStructured);

    // "debug", "TRACE", "Warning", "err", "fatal"… (case-insensitive); nullopt when not a level name.
    static std::optional<hsu::config::LogLevel> levelFromName(QByteArrayView name);

private:
    QList<QRegularExpression> m_exclude;
    QList<QRegularExpression> m_include;
    std::optional<hsu::config::LogLevel> m_minLevel;
    bool m_parseStructured = false;
};

} // namespace hsu::agent::logs
