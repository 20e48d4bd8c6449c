#pragma once

// One worker output line in the two shapes the agent needs: LineRef, a view into the reader's buffer
// that costs nothing on the hot path, and LogLine, an owned copy for the ring and the protocol.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>
#include <QStringView>

#include <optional>

namespace hsu::agent::logs {

enum class Stream : quint8 { Stdout, Stderr };

QLatin1String streamName(Stream stream); // "stdout" / "stderr"
std::optional<Stream> streamFromName(QStringView name);

// A view into a read buffer, valid only during the callback that receives it.
struct LineRef
{
    QByteArrayView text;    // raw bytes, without the trailing '\n' or "\r\n"
    bool continued = false; // the line was longer than the cap and goes on in the next LineRef
};

// An owned copy (ring, protocol).
struct LogLine
{
    QString workerId;
    Stream stream = Stream::Stdout;
    qint64 seq = 0;         // per worker+stream line number, from 1
    qint64 timestampMs = 0; // ms since the epoch, when read
    QByteArray text;
    bool continued = false;
};

// Protocol form: model::LogRecord (shared/model/LogRecord.h), the one type hsuctl and the GUI read.
QJsonObject toJson(const LogLine &line);

} // namespace hsu::agent::logs
