#include "FrameCodec.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace hsu::protocol {

QByteArray encodeFrame(const QJsonObject &object)
{
    QByteArray frame = QJsonDocument(object).toJson(QJsonDocument::Compact);
    frame.append('\n');
    return frame;
}

FrameDecoder::FrameDecoder(qsizetype maxFrameSize)
    : m_maxFrameSize(maxFrameSize)
{
}

void FrameDecoder::reset()
{
    m_partial.clear();
    m_discarding = false;
    m_lines.clear();
}

void FrameDecoder::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        const qsizetype nl = bytes.indexOf('\n');
        if (m_discarding) {
            if (nl < 0)
                return; // still inside the oversized line: drop it all
            m_discarding = false;
            bytes = bytes.sliced(nl + 1);
            continue;
        }
        if (nl < 0) {
            // Keep no more than the limit (+1 for a possible "\r") plus one byte to notice the overflow.
            const qsizetype room = m_maxFrameSize + 2 - m_partial.size();
            m_partial.append(bytes.first(std::min(room, bytes.size())));
            if (partialExceedsLimit()) {
                m_partial.clear();
                m_partial.squeeze();
                m_discarding = true;
                m_lines.push_back({QByteArray(), true});
            }
            return;
        }
        if (m_partial.size() + nl > m_maxFrameSize + 1) {
            // Too long whatever its last byte is; do not assemble it.
            m_partial.clear();
            m_partial.squeeze();
            m_lines.push_back({QByteArray(), true});
        } else {
            QByteArray line = std::move(m_partial);
            m_partial = QByteArray();
            line.append(bytes.first(nl));
            completeLine(std::move(line));
        }
        bytes = bytes.sliced(nl + 1);
    }
}

bool FrameDecoder::partialExceedsLimit() const
{
    // A trailing "\r" may still be the first half of "\r\n", which does not count.
    const qsizetype n = m_partial.size();
    if (n <= m_maxFrameSize)
        return false;
    return !(n == m_maxFrameSize + 1 && m_partial.endsWith('\r'));
}

void FrameDecoder::completeLine(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.size() > m_maxFrameSize) {
        m_lines.push_back({QByteArray(), true});
        return;
    }
    // Blank lines carry nothing (a person typing into the socket presses Enter): skip them.
    if (line.trimmed().isEmpty())
        return;
    m_lines.push_back({std::move(line), false});
}

FrameDecoder::Result FrameDecoder::next()
{
    Result r;
    if (m_lines.empty())
        return r;
    Line line = std::move(m_lines.front());
    m_lines.pop_front();
    if (line.tooLarge) {
        r.status = Status::TooLarge;
        r.error = QStringLiteral("frame longer than %1 bytes").arg(m_maxFrameSize);
        return r;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line.bytes, &pe);
    if (pe.error != QJsonParseError::NoError) {
        r.status = Status::Invalid;
        r.error = QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset);
        return r;
    }
    if (!doc.isObject()) {
        r.status = Status::Invalid;
        r.error = QStringLiteral("not a JSON object");
        return r;
    }
    r.status = Status::Frame;
    r.object = doc.object();
    return r;
}

} // namespace hsu::protocol
