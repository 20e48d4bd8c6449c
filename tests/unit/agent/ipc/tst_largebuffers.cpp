// returnLargeBuffersToTheSystem on this machine's real C library, measured by the kernel's count
// of the process's resident memory: a 16 MiB request buffer freed while a small allocation sits
// above it must leave the process (docs/chaos.md, defect 3).

#include "agent/ipc/LargeBuffers.h"

#include <QFile>
#include <QTest>

#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HSU_SANITIZER_ALLOCATOR 1 // the sanitizer's allocator, not glibc's, serves malloc
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HSU_SANITIZER_ALLOCATOR 1
#endif
#endif

namespace {

constexpr std::size_t MiB = 1024 * 1024;

// Resident anonymous memory (RssAnon): the heap and mmapped blocks, not the program's files.
qint64 rssAnonBytes()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("RssAnon:"))
            return line.mid(8).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

// A request's buffer: allocated, written through (so it is resident), and a small allocation made
// while it is held, as the rest of the agent does meanwhile.
struct Held
{
    char *big = nullptr;
    char *pin = nullptr;
    Held()
    {
        big = static_cast<char *>(std::malloc(16 * MiB));
        if (big)
            std::memset(big, 'a', 16 * MiB);
        pin = static_cast<char *>(std::malloc(64));
        if (pin)
            std::memset(pin, 'p', 64);
    }
};

} // namespace

class TestLargeBuffers final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void freedFrameLeavesTheProcess()
    {
#if !defined(__GLIBC__)
        QSKIP("the threshold is glibc's");
#endif
#if defined(HSU_SANITIZER_ALLOCATOR)
        QSKIP("under a sanitizer its own allocator serves malloc (and holds freed blocks in quarantine)");
#endif
        QVERIFY(rssAnonBytes() > 0);
        QVERIFY(hsu::agent::returnLargeBuffersToTheSystem());
        // A first frame, freed: without a fixed threshold glibc now takes 16 MiB as its new one.
        std::free(Held().big);
        std::vector<char *> pins;
        qint64 kept = 0;
        for (int round = 0; round < 4; ++round) {
            Held h;
            QVERIFY(h.big && h.pin);
            pins.push_back(h.pin);
            const qint64 held = rssAnonBytes();
            std::free(h.big);
            const qint64 after = rssAnonBytes();
            kept = std::max(kept, after - (held - qint64(16 * MiB)));
            // Most of the 16 MiB is gone the moment it is freed (a page or two of slack).
            QVERIFY2(held - after >= qint64(15 * MiB),
                     qPrintable(QStringLiteral("round %1: %2 KiB resident while held, %3 KiB after the free")
                                    .arg(round).arg(held / 1024).arg(after / 1024)));
        }
        for (char *p : pins)
            std::free(p);
        qInfo("at most %lld KiB of a freed 16 MiB frame stayed resident", kept / 1024);
    }

    // A slow client's queue: many responses below the mmap threshold, so heap blocks; freed
    // behind a later small allocation they stay resident until releaseFreeMemory().
    void releaseFreeMemoryReturnsTheHeapsHoles()
    {
#if !defined(__GLIBC__)
        QSKIP("malloc_trim is glibc's");
#endif
#if defined(HSU_SANITIZER_ALLOCATOR)
        QSKIP("under a sanitizer its own allocator serves malloc (and holds freed blocks in quarantine)");
#endif
        QVERIFY(hsu::agent::returnLargeBuffersToTheSystem()); // as the agent runs
        constexpr std::size_t block = 100 * 1024;
        // Each response is followed by a small allocation that outlives it (an event's JSON, a
        // timer): the freed blocks are holes the heap's top cannot take back.
        std::vector<char *> queue;
        std::vector<char *> pins;
        for (std::size_t i = 0; i < 320; ++i) { // 32 MiB in all
            char *b = static_cast<char *>(std::malloc(block));
            char *pin = static_cast<char *>(std::malloc(64));
            QVERIFY(b && pin);
            std::memset(b, 'q', block);
            std::memset(pin, 'p', 64);
            queue.push_back(b);
            pins.push_back(pin);
        }
        const qint64 held = rssAnonBytes();
        for (char *b : queue)
            std::free(b);
        const qint64 freed = rssAnonBytes();
        const std::uint64_t before = hsu::agent::freeMemoryReleases();
        hsu::agent::releaseFreeMemory();
        const qint64 released = rssAnonBytes();
        for (char *p : pins)
            std::free(p);
        qInfo("32 MiB of 100 KiB blocks: %lld KiB resident while held, %lld KiB after the frees, %lld KiB after "
              "releaseFreeMemory", held / 1024, freed / 1024, released / 1024);
        QCOMPARE(hsu::agent::freeMemoryReleases(), before + 1);
        QVERIFY2(held - released >= qint64(28 * MiB), "the freed blocks stayed resident");
    }

    void refusesWhatMalloptCannotTake()
    {
#if !defined(__GLIBC__)
        QSKIP("the threshold is glibc's");
#endif
#if defined(HSU_SANITIZER_ALLOCATOR)
        QSKIP("under a sanitizer its own allocator answers mallopt (ASan's refuses every setting)");
#endif
        QVERIFY(!hsu::agent::returnLargeBuffersToTheSystem(std::size_t(1) << 40));
        QVERIFY(hsu::agent::returnLargeBuffersToTheSystem());
    }
};

QTEST_GUILESS_MAIN(TestLargeBuffers)
#include "tst_largebuffers.moc"
