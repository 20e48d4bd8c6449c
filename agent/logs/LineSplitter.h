#pragma once

// Turns one pipe's byte stream into lines. It runs for every byte a worker writes (millions of lines
// a second), so the common case — whole lines inside one read chunk — is a memchr and a callback
// with a view into the caller's buffer: nothing is copied and nothing is allocated. Only the tail of a
// chunk that ends mid-line is copied, into a buffer whose capacity is reused.

#include "LogLine.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>

namespace hsu::agent::logs {

class LineSplitter final
{
public:
    // maxLine caps one emitted piece; longer lines come out in pieces flagged `continued`, so a worker
    // printing without newlines cannot make us hold an unbounded buffer.
    explicit LineSplitter(qsizetype maxLine = 64 * 1024);

    // Calls onLine(const LineRef &) for every complete line in `chunk` (and for cap-sized pieces of
    // an over-long line); keeps the unfinished tail for the next call.
    template<typename F>
    void feed(QByteArrayView chunk, F &&onLine);

    // The stream ended (worker exit): emits the held partial line, if any, as a last line.
    template<typename F>
    void flush(F &&onLine);

    qsizetype pendingBytes() const { return m_pending.size(); }
    qsizetype maxLine() const { return m_maxLine; }

private:
    // Where to end a piece of at most m_maxLine bytes taken from the front of `text` so that a
    // UTF-8 sequence is not cut in two (backs off up to 3 bytes; invalid bytes are cut anywhere).
    qsizetype pieceLength(QByteArrayView text) const
    {
        qsizetype cut = m_maxLine;
        if (cut >= text.size())
            return text.size();
        const auto isCont = [&](qsizetype i) { return (quint8(text[i]) & 0xC0) == 0x80; };
        if (!isCont(cut))
            return cut; // the next piece starts on a character boundary already
        qsizetype lead = cut;
        for (int back = 0; back < 3 && lead > 0 && isCont(lead); ++back)
            --lead;
        // A lead byte (11xxxxxx) whose sequence runs past the cut: end the piece before it.
        if (lead > 0 && (quint8(text[lead]) & 0xC0) == 0xC0)
            return lead;
        return cut;
    }

    // A whole line (its '\n' seen, "\r" already stripped): pieces of the cap, the last not continued.
    template<typename F>
    void emitLine(QByteArrayView line, F &onLine) const
    {
        while (line.size() > m_maxLine) {
            const qsizetype n = pieceLength(line);
            onLine(LineRef{line.first(n), true});
            line = line.sliced(n);
        }
        onLine(LineRef{line, false});
    }

    // An unfinished line: emits cap-sized continued pieces while more than a cap is held, and
    // returns how many bytes were consumed. One byte more than the cap is held back when it is '\r',
    // since a following '\n' makes it part of the line ending, not of the text.
    template<typename F>
    qsizetype emitFullPieces(QByteArrayView text, F &onLine) const
    {
        qsizetype used = 0;
        for (;;) {
            const QByteArrayView rest = text.sliced(used);
            const bool more = rest.size() > m_maxLine + 1
                || (rest.size() == m_maxLine + 1 && rest.back() != '\r');
            if (!more)
                return used;
            const qsizetype n = pieceLength(rest);
            onLine(LineRef{rest.first(n), true});
            used += n;
        }
    }

    static QByteArrayView withoutCr(QByteArrayView line)
    {
        return (!line.isEmpty() && line.back() == '\r') ? line.chopped(1) : line;
    }

    QByteArray m_pending; // the unfinished line carried between chunks
    qsizetype m_maxLine;
};

template<typename F>
void LineSplitter::feed(QByteArrayView chunk, F &&onLine)
{
    const char *p = chunk.data();
    const char *const end = p + chunk.size();
    while (p < end) {
        const auto *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        if (!nl)
            break;
        if (m_pending.isEmpty()) {
            emitLine(withoutCr(QByteArrayView(p, nl - p)), onLine);
        } else {
            m_pending.append(p, nl - p);
            emitLine(withoutCr(QByteArrayView(m_pending)), onLine);
            m_pending.resize(0); // keeps the capacity for the next partial line
        }
        p = nl + 1;
    }
    if (p == end)
        return;
    // The chunk ends mid-line.
    if (m_pending.isEmpty()) {
        const QByteArrayView tail(p, end - p);
        const qsizetype used = emitFullPieces(tail, onLine);
        m_pending.append(tail.data() + used, tail.size() - used);
    } else {
        m_pending.append(p, end - p);
        const qsizetype used = emitFullPieces(QByteArrayView(m_pending), onLine);
        if (used > 0)
            m_pending.remove(0, used);
    }
}

template<typename F>
void LineSplitter::flush(F &&onLine)
{
    if (m_pending.isEmpty())
        return;
    // No '\n' came, so a trailing '\r' is text, not a line ending.
    emitLine(QByteArrayView(m_pending), onLine);
    m_pending.resize(0);
}

} // namespace hsu::agent::logs
