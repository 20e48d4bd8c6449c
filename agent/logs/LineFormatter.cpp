#include "LineFormatter.h"

#include <QDateTime>
#include <QJsonDocument>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>

namespace hsu::agent::logs {

namespace {

void appendNumber(QByteArray &out, qint64 n)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr - buf);
}

// `utf8` must be valid UTF-8: it is copied as is, only JSON's specials and controls escaped.
void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    const char *run = utf8.data(); // copy unescaped stretches in one go
    const char *const end = run + utf8.size();
    for (const char *p = run; p < end; ++p) {
        const auto c = quint8(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"': out.append("\\\"", 2); break;
        case '\\': out.append("\\\\", 2); break;
        case '\n': out.append("\\n", 2); break;
        case '\r': out.append("\\r", 2); break;
        case '\t': out.append("\\t", 2); break;
        case '\b': out.append("\\b", 2); break;
        case '\f': out.append("\\f", 2); break;
        default: {
            const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out.append(esc, 6);
        }
        }
    }
    out.append(run, end - run);
    out.append('"');
}

void appendJsonKey(QByteArray &out, const char *key)
{
    out.append(",\"", 2);
    out.append(key);
    out.append("\":", 2);
}

constexpr QByteArrayView continuedMarker(" [continued]");

} // namespace

LineFormatter::Format LineFormatter::formatFromName(QStringView name)
{
    if (name.compare(QLatin1String("enhanced_plain"), Qt::CaseInsensitive) == 0)
        return Format::EnhancedPlain;
    if (name.compare(QLatin1String("json"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("structured_json"), Qt::CaseInsensitive) == 0)
        return Format::Json;
    return Format::Plain;
}

LineFormatter::LineFormatter(Format format, const hsu::config::LogMetadata &metadata, bool metadataEnabled,
                             QString workerId, QString hostname, QString masterId, QString prefix)
    : m_format(format)
    , m_addSequence(metadataEnabled && metadata.addSequence)
    , m_addLineNumber(metadataEnabled && metadata.addLineNumber)
    , m_addHostname(metadataEnabled && metadata.addHostname)
    , m_addMasterId(metadataEnabled && metadata.addMasterId)
    , m_workerIdUtf8(workerId.toUtf8())
    , m_hostnameUtf8(hostname.toUtf8())
    , m_masterIdUtf8(masterId.toUtf8())
    , m_cachedSecond(std::numeric_limits<qint64>::min())
{
    prefix.replace(QLatin1String("{worker_id}"), workerId);
    if (!prefix.isEmpty())
        m_prefix = prefix.toUtf8() + ' ';
    for (Stream s : {Stream::Stdout, Stream::Stderr}) {
        QByteArray &m = m_middle[size_t(s)];
        if (m_addHostname)
            m += '[' + m_hostnameUtf8 + ']';
        if (m_addMasterId)
            m += "[master:" + m_masterIdUtf8 + ']';
        m += '[' + m_workerIdUtf8 + "][" + QByteArray(streamName(s).data(), streamName(s).size()) + ']';
    }
}

const LineFormatter::TimeText &LineFormatter::timeFor(qint64 timestampMs) const
{
    const qint64 second = timestampMs >= 0 ? timestampMs / 1000 : -((-timestampMs + 999) / 1000);
    if (second == m_cachedSecond)
        return m_cachedTime;
    // Once per second of log time: local time and its offset (which may change at DST).
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(second);
    const QDate d = dt.date();
    const QTime t = dt.time();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", qBound(0, d.year(), 9999), d.month(),
                  d.day(), t.hour(), t.minute(), t.second());
    std::copy_n(buf, 19, m_cachedTime.main.begin());
    const int off = dt.offsetFromUtc();
    const int absMin = (off < 0 ? -off : off) / 60;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", off < 0 ? '-' : '+', absMin / 60, absMin % 60);
    std::copy_n(buf, 6, m_cachedTime.offset.begin());
    m_cachedSecond = second;
    return m_cachedTime;
}

void LineFormatter::append(QByteArray &out, const LineRef &line, Stream stream, qint64 lineNumber,
                           qint64 sequence, qint64 timestampMs, const QJsonObject *structured) const
{
    switch (m_format) {
    case Format::Plain:
        appendPlain(out, line);
        return;
    case Format::EnhancedPlain:
        appendEnhanced(out, line, stream, lineNumber, sequence, timestampMs);
        return;
    case Format::Json:
        appendJson(out, line, stream, lineNumber, sequence, timestampMs, structured);
        return;
    }
}

void LineFormatter::appendPlain(QByteArray &out, const LineRef &line) const
{
    out.append(m_prefix);
    out.append(line.text);
    if (line.continued)
        out.append(continuedMarker);
    out.append('\n');
}

void LineFormatter::appendEnhanced(QByteArray &out, const LineRef &line, Stream stream, qint64 lineNumber,
                                   qint64 sequence, qint64 timestampMs) const
{
    const TimeText &t = timeFor(timestampMs);
    out.append(m_prefix);
    out.append('[');
    out.append(t.main.data(), 19);
    out.append(t.offset.data(), 6);
    out.append(']');
    out.append(m_middle[size_t(stream)]);
    if (m_addSequence) {
        out.append("[#", 2);
        appendNumber(out, sequence);
        out.append(']');
    }
    if (m_addLineNumber) {
        out.append("[L", 2);
        appendNumber(out, lineNumber);
        out.append(']');
    }
    out.append(' ');
    out.append(line.text);
    if (line.continued)
        out.append(continuedMarker);
    out.append('\n');
}

// Written by hand rather than through QJsonObject so the keys keep a reading order (timestamp first)
// instead of QJsonObject's alphabetical one. The prefix does not apply: it would break the JSON.
void LineFormatter::appendJson(QByteArray &out, const LineRef &line, Stream stream, qint64 lineNumber,
                               qint64 sequence, qint64 timestampMs, const QJsonObject *structured) const
{
    const TimeText &t = timeFor(timestampMs);
    const int millis = int(((timestampMs % 1000) + 1000) % 1000);
    char ms[5] = {'.', char('0' + millis / 100), char('0' + millis / 10 % 10), char('0' + millis % 10), 0};
    out.append("{\"timestamp\":\"", 14);
    out.append(t.main.data(), 19);
    out.append(ms, 4);
    out.append(t.offset.data(), 6);
    out.append('"');
    appendJsonKey(out, "worker_id");
    appendJsonString(out, m_workerIdUtf8);
    appendJsonKey(out, "stream");
    out.append('"').append(streamName(stream).data(), streamName(stream).size()).append('"');
    if (m_addHostname) {
        appendJsonKey(out, "hostname");
        appendJsonString(out, m_hostnameUtf8);
    }
    if (m_addMasterId) {
        appendJsonKey(out, "master_id");
        appendJsonString(out, m_masterIdUtf8);
    }
    if (m_addSequence) {
        appendJsonKey(out, "sequence");
        appendNumber(out, sequence);
    }
    if (m_addLineNumber) {
        appendJsonKey(out, "line_number");
        appendNumber(out, lineNumber);
    }
    appendJsonKey(out, "line");
    const bool valid = line.text.isValidUtf8();
    if (valid)
        appendJsonString(out, line.text);
    else
        appendJsonString(out, QString::fromUtf8(line.text).toUtf8()); // U+FFFD for each bad sequence
    if (line.continued)
        out.append(",\"continued\":true", 17);
    if (!valid) {
        appendJsonKey(out, "raw_b64");
        out.append('"').append(line.text.toByteArray().toBase64()).append('"');
    }
    if (structured) {
        appendJsonKey(out, "fields");
        out.append(QJsonDocument(*structured).toJson(QJsonDocument::Compact));
    }
    out.append("}\n", 2);
}

} // namespace hsu::agent::logs
