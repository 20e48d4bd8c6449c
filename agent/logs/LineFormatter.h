#pragma once

// Renders one line for one output target (plain, enhanced_plain, json). Everything that does not
// change per line — the prefix with {worker_id} expanded, the bracketed metadata, the time text of
// the current second — is rendered once and copied, because this runs for every line of every worker
// and formatting a QDateTime per line would cost more than the rest of the pipeline together.
//
// Not thread-safe (the time cache is mutable): one formatter per target, used by one thread.

#include "LogLine.h"
#include "shared/config/WorkerSpec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <array>

namespace hsu::agent::logs {

class LineFormatter final
{
public:
    enum class Format : quint8 { Plain, EnhancedPlain, Json };

    // "plain", "enhanced_plain", "json" / "structured_json"; empty or unknown → Plain.
    static Format formatFromName(QStringView name);

    LineFormatter(Format format, const hsu::config::LogMetadata &metadata, bool metadataEnabled,
                  QString workerId, QString hostname, QString masterId, QString prefix);

    // Appends the formatted line, '\n' included, to `out`. lineNumber counts per worker+stream,
    // sequence across the agent. `structured` (json only) is the line's parsed JSON object.
    void append(QByteArray &out, const LineRef &line, Stream stream, qint64 lineNumber,
                qint64 sequence, qint64 timestampMs, const QJsonObject *structured = nullptr) const;

    Format format() const { return m_format; }

private:
    struct TimeText
    {
        std::array<char, 20> main{}; // "2025-08-02T17:38:02" (19 chars)
        std::array<char, 6> offset{}; // "+03:00"
    };
    const TimeText &timeFor(qint64 timestampMs) const;

    void appendPlain(QByteArray &out, const LineRef &line) const;
    void appendEnhanced(QByteArray &out, const LineRef &line, Stream stream, qint64 lineNumber,
                        qint64 sequence, qint64 timestampMs) const;
    void appendJson(QByteArray &out, const LineRef &line, Stream stream, qint64 lineNumber,
                    qint64 sequence, qint64 timestampMs, const QJsonObject *structured) const;

    Format m_format;
    bool m_addSequence = false;
    bool m_addLineNumber = false;
    bool m_addHostname = false;
    bool m_addMasterId = false;
    QByteArray m_prefix;                 // "<prefix> " or empty
    std::array<QByteArray, 2> m_middle;  // per stream: "[host][master:id][worker][stdout]"
    QByteArray m_workerIdUtf8;
    QByteArray m_hostnameUtf8;
    QByteArray m_masterIdUtf8;

    mutable qint64 m_cachedSecond;
    mutable TimeText m_cachedTime;
};

} // namespace hsu::agent::logs
