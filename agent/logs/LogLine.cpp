#include "LogLine.h"

#include "shared/model/LogRecord.h"

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
    return model::LogRecord::encode(line.workerId, line.stream == Stream::Stderr, line.seq, line.timestampMs, line.text,
                                    line.continued);
}

} // namespace hsu::agent::logs
