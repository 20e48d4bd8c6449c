#include "AgentProbe.h"

#include "shared/protocol/Envelope.h"
#include "shared/protocol/FrameCodec.h"
#include "shared/protocol/Protocol.h"

#include "LocalConnection.h"

#include <QEventLoop>
#include <QTimer>

#include <cerrno>

namespace hsu::agent {

namespace p = protocol;

ProbeResult probeAgent(const QString &path, int timeoutMs)
{
    ProbeResult result;
    QString reason;
    const int fd = LocalConnection::connectTo(path, timeoutMs, &reason);
    if (fd < 0) {
        switch (errno) {
        case ENOENT:
            result.kind = ProbeResult::Kind::Nothing;
            break;
        case ECONNREFUSED: // also what a file that is not a socket gives: the caller checks the type
            result.kind = ProbeResult::Kind::Stale;
            break;
        default:
            result.kind = ProbeResult::Kind::Error;
            result.message = reason;
            break;
        }
        return result;
    }
    LocalConnection socket(fd);

    result.kind = ProbeResult::Kind::Answered;
    const p::Request hello{QJsonValue(1), QString(p::method::Hello),
                           QJsonObject{{QStringLiteral("protocol"), p::versionString()},
                                       {QStringLiteral("client"), QStringLiteral("hsu-agent (probe)")}}};
    socket.write(p::encodeFrame(hello.toJson()));

    // An event loop rather than a blocking poll(): an agent in this very thread (tests) must answer too.
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    p::FrameDecoder decoder;
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &LocalConnection::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &LocalConnection::readyRead, &loop, [&] {
        decoder.feed(socket.readAll());
        for (auto r = decoder.next(); r.status != p::FrameDecoder::Status::Incomplete; r = decoder.next()) {
            if (r.status != p::FrameDecoder::Status::Frame)
                continue;
            const auto response = p::parseResponse(r.object);
            if (response.ok() && !response.value->isError())
                result.pid = response.value->result.toObject().value(QLatin1String("pid")).toInteger();
            loop.quit();
            return;
        }
    });
    timer.start(timeoutMs);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    socket.abort();
    return result;
}

} // namespace hsu::agent
