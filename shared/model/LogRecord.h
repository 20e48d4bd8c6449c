#pragma once

// One worker output line as logs.tail and the logs.lines event carry it: one value type for the
// agent (which encodes its ring's lines with encode()), hsuctl (`hsuctl logs`) and the GUI (the
// Logs views), so all three read the same keys.
// {"worker","stream","seq","ts","text"[,"continued":true][,"raw_b64"]}: workers may write any
// bytes; JSON carries only Unicode, so bytes that are not valid UTF-8 travel twice: "text" is the
// lossy decode a person can read, "raw_b64" the exact bytes.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace hsu::model {

struct LogRecord
{
    QString worker;
    bool isStderr = false;
    qint64 seq = 0;         // per worker + stream, from 1
    qint64 timestampMs = 0; // ms since the epoch, when the agent read it
    QString text;           // as a person reads it (invalid UTF-8 as U+FFFD)
    QByteArray raw;         // the exact bytes when they are not UTF-8; empty otherwise
    bool continued = false; // cut at the line cap; the next line of the same stream goes on

    QJsonObject toJson() const;
    static std::optional<LogRecord> fromJson(const QJsonObject &o);
    // The agent's encoder: straight from its own line's fields, without a copy in between.
    static QJsonObject encode(const QString &worker, bool isStderr, qint64 seq, qint64 timestampMs,
                              QByteArrayView bytes, bool continued);
    bool operator==(const LogRecord &) const = default;
};

} // namespace hsu::model
