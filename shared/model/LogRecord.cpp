#include "LogRecord.h"

namespace hsu::model {

QJsonObject LogRecord::encode(const QString &worker, bool isStderr, qint64 seq, qint64 timestampMs, QByteArrayView bytes,
                              bool continued)
{
    QJsonObject o{
        {QStringLiteral("worker"), worker},
        {QStringLiteral("stream"), isStderr ? QStringLiteral("stderr") : QStringLiteral("stdout")},
        {QStringLiteral("seq"), seq},
        {QStringLiteral("ts"), timestampMs},
        {QStringLiteral("text"), QString::fromUtf8(bytes)},
    };
    if (continued)
        o.insert(QStringLiteral("continued"), true);
    if (!bytes.isValidUtf8())
        o.insert(QStringLiteral("raw_b64"), QString::fromLatin1(bytes.toByteArray().toBase64()));
    return o;
}

QJsonObject LogRecord::toJson() const
{
    const QByteArray bytes = raw.isEmpty() ? text.toUtf8() : raw;
    return encode(worker, isStderr, seq, timestampMs, bytes, continued);
}

std::optional<LogRecord> LogRecord::fromJson(const QJsonObject &o)
{
    LogRecord r;
    r.worker = o.value(QLatin1String("worker")).toString();
    const QString stream = o.value(QLatin1String("stream")).toString();
    if (r.worker.isEmpty() || (stream != QLatin1String("stdout") && stream != QLatin1String("stderr")))
        return std::nullopt;
    r.isStderr = stream == QLatin1String("stderr");
    r.seq = o.value(QLatin1String("seq")).toInteger();
    r.timestampMs = o.value(QLatin1String("ts")).toInteger();
    // A line is bytes: a text that no bytes decode to (a lone surrogate, "\udfff" in the JSON)
    // reads as what its UTF-8 reads back as, so the record writes back as it read (tests/fuzz).
    r.text = QString::fromUtf8(o.value(QLatin1String("text")).toString().toUtf8());
    r.continued = o.value(QLatin1String("continued")).toBool();
    // When the exact bytes came, they are the line: "text" is their decode (invalid bytes as
    // U+FFFD), and they are kept only when they are not UTF-8, as encode() sends them. A record
    // whose "text" disagreed with them, or with UTF-8 in raw_b64, read as a value that wrote back
    // differently (found by tests/fuzz/fuzz_model).
    if (const QJsonValue b64 = o.value(QLatin1String("raw_b64")); b64.isString()) {
        const QByteArray raw = QByteArray::fromBase64(b64.toString().toLatin1());
        r.text = QString::fromUtf8(raw);
        if (!QByteArrayView(raw).isValidUtf8())
            r.raw = raw;
    }
    return r;
}

} // namespace hsu::model
