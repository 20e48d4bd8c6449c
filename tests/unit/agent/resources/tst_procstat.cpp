#include "agent/resources/ProcStat.h"

#include <QFile>
#include <QTest>

#include <limits>

#include <sys/prctl.h>
#include <unistd.h>

using namespace hsu::agent::resources;

class TestProcStat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ownStatWithAHostileName();
    void malformed_data();
    void malformed();
    void extremeNumbers();
};

// The real kernel line for this very process, after renaming it to something with spaces and
// parentheses (what a worker can do with prctl or by its executable's name).
void TestProcStat::ownStatWithAHostileName()
{
    char old[17] = {};
    ::prctl(PR_GET_NAME, old);
    ::prctl(PR_SET_NAME, ") x) (y 1 2 3");
    QFile f(QStringLiteral("/proc/self/stat"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray line = f.readAll();
    ::prctl(PR_SET_NAME, old);
    QVERIFY(line.contains(") x) (y 1 2 3)"));

    const std::optional<ProcStat> st = parseProcStat(line.constData(), size_t(line.size()));
    QVERIFY(st);
    QCOMPARE(st->state, 'R'); // it is reading its own stat
    QCOMPARE(st->ppid, qint64(::getppid()));
    QVERIFY(st->threads >= 1);
    QVERIFY(st->rssPages > 0);
    QVERIFY(st->vsizeBytes >= quint64(st->rssPages) * quint64(::sysconf(_SC_PAGESIZE)));
    QVERIFY(st->startTicks > 0);
}

void TestProcStat::malformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no paren") << QByteArray("1 init S 0 1 1 0 -1");
    QTest::newRow("cut short") << QByteArray("1 (init) S 0 1 1 0 -1 4194560 100 200 0 0 5 6");
    QTest::newRow("letters") << QByteArray("1 (init) S x 1 1 0 -1 4194560 100 200 0 0 5 6 0 0 20 0 1 0 9 100 20");
    QTest::newRow("paren at end") << QByteArray("1 (init)");
}

void TestProcStat::malformed()
{
    QFETCH(QByteArray, line);
    QVERIFY(!parseProcStat(line.constData(), size_t(line.size())));
}

// Numbers at the ends of the range read without undefined behaviour: "-9223372036854775808" was
// negated as a signed number (tests/fuzz/regressions/fuzz_proc/stat-int64-min).
void TestProcStat::extremeNumbers()
{
    const QByteArray head = "1234 (w) S 1 1234 1234 0 -1 4194560 500 0 0 0 12 7 0 0 20 0 3 0 98765 ";
    QByteArray line = head + "18446744073709551615 -9223372036854775808";
    std::optional<ProcStat> st = parseProcStat(line.constData(), size_t(line.size()));
    QVERIFY(st);
    QCOMPARE(st->vsizeBytes, std::numeric_limits<quint64>::max());
    QCOMPARE(st->rssPages, std::numeric_limits<qint64>::min());
    line = head + "4096 -1";
    st = parseProcStat(line.constData(), size_t(line.size()));
    QVERIFY(st);
    QCOMPARE(st->rssPages, qint64(-1));
}

QTEST_GUILESS_MAIN(TestProcStat)
#include "tst_procstat.moc"
