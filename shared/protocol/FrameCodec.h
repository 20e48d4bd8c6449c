#pragma once

// NDJSON framing: one compact JSON object per line, "\n" terminated ("\r\n" accepted), at most
// kMaxFrameSize bytes a line. A JSON text in compact form never holds a raw newline, so a line is
// exactly one message.

#include "Protocol.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <deque>

namespace hsu::protocol {

// The frame for `object`: compact JSON plus "\n".
QByteArray encodeFrame(const QJsonObject &object);
// Would encodeFrame(object) fit the limit on the other side?
inline bool fitsFrame(const QByteArray &frame, qsizetype maxFrameSize = kMaxFrameSize)
{
    return frame.size() - 1 <= maxFrameSize;
}

// Fed bytes as they arrive, gives back whole frames. Memory stays bounded by the largest chunk
// fed plus maxFrameSize: a line that grows past the limit is reported once and then skipped up to
// its newline without being kept.
class FrameDecoder final
{
public:
    enum class Status {
        Incomplete, // nothing whole yet: wait for more bytes
        Frame,      // `object` holds the next message
        Invalid,    // a whole line that is not a JSON object (`error` says why)
        TooLarge,   // a line longer than the limit (reported as soon as it passes the limit)
    };
    struct Result
    {
        Status status = Status::Incomplete;
        QJsonObject object;
        QString error;
    };

    explicit FrameDecoder(qsizetype maxFrameSize = kMaxFrameSize);

    void feed(QByteArrayView bytes);
    // The next result in arrival order; Incomplete once everything fed has been handed out.
    Result next();

    qsizetype maxFrameSize() const { return m_maxFrameSize; }
    // Bytes of the unfinished line kept for the next feed().
    qsizetype pendingBytes() const { return m_partial.size(); }
    // True while the rest of an oversized line is being skipped.
    bool isDiscarding() const { return m_discarding; }
    void reset();

private:
    struct Line
    {
        QByteArray bytes;
        bool tooLarge = false;
    };

    void completeLine(QByteArray line);
    bool partialExceedsLimit() const;

    qsizetype m_maxFrameSize;
    QByteArray m_partial;
    bool m_discarding = false;
    std::deque<Line> m_lines;
};

} // namespace hsu::protocol
