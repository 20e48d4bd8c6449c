#include "AgentProbe.h"

#include "shared/protocol/Envelope.h"
#include "shared/protocol/FrameCodec.h"
#include "shared/protocol/Protocol.h"

#include <QEventLoop>
#include <QLocalSocket>
#include <QTimer>

namespace hsu::agent {

namespace p = protocol;

ProbeResult probeAgent(const QString &path, int timeoutMs)
{
    ProbeResult result;
    QLocalSocket socket;
    socket.connectToServer(path);
    if (!socket.waitForConnected(timeoutMs)) {
        switch (socket.error()) {
        case QLocalSocket::ServerNotFoundError:
            result.kind = ProbeResult::Kind::Nothing;
            break;
        case QLocalSocket::ConnectionRefusedError:
            result.kind = ProbeResult::Kind::Stale;
            break;
        default:
            result.kind = ProbeResult::Kind::Error;
            result.message = socket.errorString();
            break;
        }
        return result;
    }

    result.kind = ProbeResult::Kind::Answered;
    const p::Request hello{QJsonValue(1), QString(p::method::Hello),
                           QJsonObject{{QStringLiteral("protocol"), p::versionString()},
                                       {QStringLiteral("client"), QStringLiteral("hsu-agent (probe)")}}};
    socket.write(p::encodeFrame(hello.toJson()));

    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    p::FrameDecoder decoder;
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QLocalSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QLocalSocket::readyRead, &loop, [&] {
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
