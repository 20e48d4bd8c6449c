#include "LogLine.h"

namespace hsu::agent::logs {

QLatin1String streamName(Stream stream)
{
    return stream == Stream::Stderr ? QLatin1String("stderr") : QLatin1String("stdout");
}

std::optional<Stream> streamFromName(QStringView name)
{
    if (name == QLatin1String("stdout"))
        return Stream::Stdout;
    if (name == QLatin1String("stderr"))
        return Stream::Stderr;
    return std::nullopt;
}

QJsonObject toJson(const LogLine &line)
{
    QJsonObject o{
        {QStringLiteral("worker"), line.workerId},
        {QStringLiteral("stream"), QString(streamName(line.stream))},
        {QStringLiteral("seq"), line.seq},
        {QStringLiteral("ts"), line.timestampMs},
        {QStringLiteral("text"), QString::fromUtf8(line.text)},
    };
    if (line.continued)
        o.insert(QStringLiteral("continued"), true);
    if (!QByteArrayView(line.text).isValidUtf8())
        o.insert(QStringLiteral("raw_b64"), QString::fromLatin1(line.text.toBase64()));
    return o;
}

} // namespace hsu::agent::logs
