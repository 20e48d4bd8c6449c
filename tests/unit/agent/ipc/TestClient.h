#pragma once

// A bare protocol client for tests: writes raw bytes, collects whatever frames come back.

#include "shared/protocol/FrameCodec.h"
#include "shared/protocol/Protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QTest>

namespace hsu::test {

class TestClient
{
public:
    TestClient()
    {
        QObject::connect(&socket, &QLocalSocket::readyRead, [this] {
            decoder.feed(socket.readAll());
            for (auto r = decoder.next(); r.status != protocol::FrameDecoder::Status::Incomplete; r = decoder.next())
                frames.append(r.status == protocol::FrameDecoder::Status::Frame ? r.object : QJsonObject());
        });
    }

    bool connectTo(const QString &path)
    {
        socket.connectToServer(path);
        return socket.waitForConnected(2000);
    }

    void sendRaw(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }

    void send(const QJsonObject &o) { sendRaw(protocol::encodeFrame(o)); }

    void request(int id, const QString &method, const QJsonObject &params = {})
    {
        QJsonObject o{{QStringLiteral("id"), id}, {QStringLiteral("method"), method}};
        if (!params.isEmpty())
            o.insert(QStringLiteral("params"), params);
        send(o);
    }

    // Waits for the next frame and takes it; an empty object when none came in time.
    QJsonObject take(int timeoutMs = 5000)
    {
        if (!QTest::qWaitFor([this] { return !frames.isEmpty(); }, timeoutMs))
            return {};
        return frames.takeFirst();
    }

    // Sends a request and returns its response (events that arrive meanwhile stay queued).
    QJsonObject call(int id, const QString &method, const QJsonObject &params = {}, int timeoutMs = 5000)
    {
        request(id, method, params);
        QJsonObject found;
        (void)QTest::qWaitFor([&] {
            for (qsizetype i = 0; i < frames.size(); ++i) {
                if (frames.at(i).value(QStringLiteral("id")) == QJsonValue(id)) {
                    found = frames.takeAt(i);
                    return true;
                }
            }
            return false;
        }, timeoutMs);
        return found;
    }

    QJsonObject hello(int id = 1)
    {
        return call(id, QStringLiteral("hello"),
                    QJsonObject{{QStringLiteral("protocol"), protocol::versionString()},
                                {QStringLiteral("client"), QStringLiteral("test")}});
    }

    bool waitDisconnected(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return socket.state() == QLocalSocket::UnconnectedState; }, timeoutMs);
    }

    static QString errorCode(const QJsonObject &response)
    {
        return response.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }

    protocol::FrameDecoder decoder;
    QList<QJsonObject> frames;
    QLocalSocket socket; // last: destroyed first, before what its slot uses
};

} // namespace hsu::test
