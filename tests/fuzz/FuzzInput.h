#pragma once

// What every fuzz target shares: reading choices off the front of libFuzzer's input, a check that
// aborts (so that libFuzzer records the input) even where Q_ASSERT is compiled out, and a
// QCoreApplication made once for the code that wants one.

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace hsu::fuzz {

// A property the code promises (a round trip, a bound) that the input broke.
#define HSU_FUZZ_CHECK(cond)                                                                     \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);         \
            std::abort();                                                                        \
        }                                                                                        \
    } while (0)

// The input as a stream of choices followed by the payload: takeByte() and friends eat from the
// front; rest() is what remains. Choices read past the end are 0, so every input is usable.
class Input final
{
public:
    Input(const uint8_t *data, std::size_t size)
        : m_data(reinterpret_cast<const char *>(data))
        , m_size(qsizetype(size))
    {
    }

    quint8 takeByte() { return m_pos < m_size ? quint8(m_data[m_pos++]) : 0; }
    bool takeBool() { return takeByte() & 1; }
    quint16 takeU16() { return quint16(takeByte() | (takeByte() << 8)); }

    QByteArrayView rest() const { return QByteArrayView(m_data + m_pos, m_size - m_pos); }
    // Up to `n` bytes of the payload, consumed.
    QByteArrayView take(qsizetype n)
    {
        const qsizetype k = qMin(n, m_size - m_pos);
        const QByteArrayView v(m_data + m_pos, k);
        m_pos += k;
        return v;
    }

    // `payload` cut into pieces whose lengths come from `count` choice bytes (1..256 each; the
    // last piece is whatever is left), the way a socket or pipe hands bytes over at random points.
    static QList<QByteArrayView> chunks(QByteArrayView payload, QByteArrayView lengths)
    {
        QList<QByteArrayView> out;
        qsizetype pos = 0;
        for (const char c : lengths) {
            if (pos >= payload.size())
                break;
            const qsizetype n = qMin(qsizetype(quint8(c)) + 1, payload.size() - pos);
            out.append(payload.sliced(pos, n));
            pos += n;
        }
        if (pos < payload.size())
            out.append(payload.sliced(pos));
        return out;
    }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
};

// Made once and kept for the process' life (reachable, so LeakSanitizer does not count it).
inline void ensureApplication(int *argc, char ***argv)
{
    static QCoreApplication *app = nullptr;
    if (!app && !QCoreApplication::instance())
        app = new QCoreApplication(*argc, *argv);
}

} // namespace hsu::fuzz
