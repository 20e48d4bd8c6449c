// The agent's side of the socket: bytes as they arrive (cut at points the input chooses) go into
// FrameDecoder; each frame goes through parseRequest and then the Dispatcher, with a session that
// lives for the whole input so that a hello early on lets the later requests reach their methods.
//
// Input: byte 0 = how many chunk-length bytes follow (0..31), byte 1 = frame limit choice, then the
// chunk lengths, then the stream.

#include "FuzzInput.h"

#include "agent/ipc/Dispatcher.h"
#include "shared/protocol/Envelope.h"
#include "shared/protocol/FrameCodec.h"
#include "tests/unit/agent/ipc/FakeWorkerControl.h"

using namespace hsu;

namespace {

agent::Dispatcher::Options dispatcherOptions()
{
    agent::Dispatcher::Options o;
    o.agentVersion = QStringLiteral("0.0.0-fuzz");
    o.pid = 1;
    // The real validator reads whatever path a request names; the file system is not the subject.
    o.configValidator = [](const QString &) {
        return QJsonObject{{QStringLiteral("valid"), true}, {QStringLiteral("diagnostics"), QJsonArray()}};
    };
    return o;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::ensureApplication(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size)
{
    fuzz::Input in(data, size);
    const int cuts = in.takeByte() % 32;
    // A small limit exercises the oversized-line path without megabyte inputs.
    const quint8 limitChoice = in.takeByte();
    const qsizetype limit = limitChoice < 128 ? protocol::kMaxFrameSize : qsizetype(limitChoice - 127);
    const QByteArrayView lengths = in.take(cuts);

    protocol::FrameDecoder decoder(limit);
    test::FakeWorkerControl control;
    agent::Dispatcher dispatcher(control, dispatcherOptions());
    agent::SessionState session;
    for (const QByteArrayView chunk : fuzz::Input::chunks(in.rest(), lengths)) {
        decoder.feed(chunk);
        for (;;) {
            protocol::FrameDecoder::Result r = decoder.next();
            if (r.status == protocol::FrameDecoder::Status::Incomplete)
                break;
            if (r.status != protocol::FrameDecoder::Status::Frame) {
                HSU_FUZZ_CHECK(r.object.isEmpty());
                continue;
            }
            // A frame re-encodes to one line that decodes to the same object.
            const QByteArray again = protocol::encodeFrame(r.object);
            protocol::FrameDecoder echo;
            echo.feed(again);
            const protocol::FrameDecoder::Result back = echo.next();
            HSU_FUZZ_CHECK(back.status == protocol::FrameDecoder::Status::Frame && back.object == r.object);
            // Every object also goes through the client's parsers: responses and events come the
            // other way, but they read the same kind of untrusted line.
            (void)protocol::parseResponse(r.object);
            (void)protocol::parseEvent(r.object);
            const protocol::Parsed<protocol::Request> req = protocol::parseRequest(r.object);
            if (!req.ok()) {
                HSU_FUZZ_CHECK(!req.error.code.isEmpty());
                continue;
            }
            HSU_FUZZ_CHECK(protocol::isValidId(req.value->id));
            const agent::Dispatcher::Outcome out = dispatcher.dispatch(session, *req.value);
            HSU_FUZZ_CHECK(out.response.id == req.value->id);
            (void)out.response.encodeFrame();
        }
        // The decoder keeps at most one unfinished line, never more than the limit plus a chunk.
        HSU_FUZZ_CHECK(decoder.pendingBytes() <= limit + chunk.size() + 1);
    }
    return 0;
}
